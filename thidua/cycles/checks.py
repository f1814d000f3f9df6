"""What is unfinished in a cycle's current phase, contributed by the apps that own the work.

Moving a cycle to its next phase cannot be undone. Before it, the head (or the Board) sees every
app's checklist for the current phase: drafting says which comment windows are still open and
which comments have no answer, signing which units have not signed… Each app registers a
function `(cycle) -> Checklist` from its `contributions.py` (thidua/core/contributions.py); the
function looks at `cycle.phase` itself and returns an empty checklist when the phase is not its
business. The cycle page's "What's next" panel and `services.advance_phase` read the same list.
The functions only read, with a bounded number of queries whatever the data size.
"""

from __future__ import annotations

from collections.abc import Callable

from thidua.core.checklist import Checklist
from thidua.core.contributions import Hub
from thidua.cycles.models import Cycle

PhaseCheck = Callable[[Cycle], Checklist]

phase_checks: Hub[PhaseCheck] = Hub("phase checks")


def phase_checklist(cycle: Cycle) -> Checklist:
    """Every app's blockers and warnings for leaving the cycle's current phase."""
    return Checklist.merged(check(cycle) for check in phase_checks)
