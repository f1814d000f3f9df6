"""Each app's part of the demo of SPEC §6, one module per app, that the loader runs while it walks
a cycle through its phases.

A part holds `PHASE_HOOKS = {phase: function}`; each function receives the loader's DemoContext
while the cycle is in that phase (the 2024 and 2025 cycles pass through all of them; a hook looks
at `context.cycle.year` where the two years differ) and writes through the app's services, like
a person would, moving the story's clock
(`context.clock.at(moment)`) to the moment of each step first. Within a phase the parts run in
the order of PARTS, one explicit list, which is also the order of their moments: a later part
reads what an earlier one wrote (in the signing phase the covenant is signed at the conference,
then the secretary records the meeting, then the news post reports both). The clock refuses to
go back, so a part whose moments come before an earlier part's fails loudly.

The demo is the top layer: it may import every app, and no app imports it.
"""

from __future__ import annotations

from typing import Any

from thidua.demo.phases import (
    activities,
    awards,
    drafting,
    meetings,
    news,
    scoring,
    signing,
    voting,
)

PARTS = [drafting, signing, meetings, scoring, activities, voting, awards, news]


def run(phase: str, context: Any) -> None:
    """Let each part fill the demo while the context's cycle is in `phase`."""
    for part in PARTS:
        hook = part.PHASE_HOOKS.get(phase)
        if hook is not None:
            hook(context)
