"""Hook for the news posts of the synthetic province (not built yet).

The news app's models are written by another piece of work and are not in this tree. When they
land, `build` must add about 2,000 published posts spread over the blocks and years (title, lead,
body, author = a unit's representative, fixed publication dates inside each cycle's year, related
posts) with one or two photos each (captions; images prepared once by `thidua.lib.images` and
the same bytes reused, so that seeding stays fast), plus one summary audit event per bulk step
(see `thidua.demo.synthetic.audit`).
"""

from __future__ import annotations

from thidua.demo.synthetic.base import Context


def build(ctx: Context) -> None:
    """Does nothing yet (see the module docstring)."""
