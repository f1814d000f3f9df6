"""The parts of the cycle page that other apps contribute (thidua/core/contributions.py).

The page itself shows what cycles knows (facts, actions, phases, roster, rules); the year's work
belongs to the apps that do it. Each app registers a `Section` from its `contributions.py`:

- `work_links`: items of the list "The year's work" (each template renders its `<li>`);
- `cycle_sections`: sections of their own, below that list.

A section's template is included by the cycle page; it sees the page's `cycle` and what its
`context` function returned, as `section`. A function that returns None leaves the part out
(e.g. for a person who may not open it). The functions only read: the page is cached per
person and per version of the cycle.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from thidua.core.contributions import Hub
from thidua.cycles.models import Cycle

ContextFn = Callable[[Cycle, Any], Mapping[str, Any] | None]


def _no_context(cycle: Cycle, user: Any) -> Mapping[str, Any]:
    return {}


@dataclass(frozen=True)
class Section:
    template: str
    context: ContextFn = _no_context


@dataclass(frozen=True)
class ShownSection:
    """A section as the page renders it, with the data its template reads."""

    template: str
    data: Mapping[str, Any]


work_links: Hub[Section] = Hub("cycle work links")
cycle_sections: Hub[Section] = Hub("cycle sections")


def shown(hub: Hub[Section], *, cycle: Cycle, user: Any) -> list[ShownSection]:
    """The hub's sections in order, without those that have nothing for this person."""
    parts = []
    for section in hub:
        data = section.context(cycle, user)
        if data is not None:
            parts.append(ShownSection(template=section.template, data=data))
    return parts
