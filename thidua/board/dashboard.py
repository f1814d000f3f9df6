"""The Board's dashboard: every active block's current cycle at a glance, and the figures of
past years (scores and awards by year and by block).

Everything is read in a fixed number of queries whatever the number of blocks: each query
covers all the current cycles at once and the rows are sorted out in Python.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.awards import selectors as awards
from thidua.core.models import AuditChainHead
from thidua.cycles import selectors as cycles
from thidua.drafting import selectors as drafting
from thidua.orgs import selectors as orgs
from thidua.scoring.selectors import board as scoring
from thidua.signing import selectors as signing
from thidua.voting import selectors as voting

if TYPE_CHECKING:
    from thidua.cycles.models import Cycle
    from thidua.orgs.models import Organisation


@dataclass(frozen=True)
class Missing:
    """Who has not yet done one step: `units` (names) or None when the step is not open."""

    units: list[str] | None
    total: int = 0

    @property
    def open(self) -> bool:
        return self.units is not None

    @property
    def count(self) -> int:
        return len(self.units or [])


NOT_OPEN = Missing(None)


@dataclass(frozen=True)
class Overdue:
    what: str
    deadline: dt.datetime
    missing: list[str]


@dataclass
class CycleProgress:
    cycle: Cycle
    members: list[Organisation]
    signed: Missing = NOT_OPEN
    commented: Missing = NOT_OPEN
    self_assessed: Missing = NOT_OPEN
    scored: Missing = NOT_OPEN
    voted: Missing = NOT_OPEN
    overdue: list[Overdue] = field(default_factory=list)

    def steps(self) -> list[tuple[str, str, Missing]]:
        """(key, label, missing) in the order of the year's work, for the table's columns."""
        return [(key, label, getattr(self, key)) for key, label in step_labels()]


def step_labels() -> list[tuple[str, str]]:
    return [
        ("signed", _("Not signed")),
        ("commented", _("Not commented")),
        ("self_assessed", _("Not self-assessed")),
        ("scored", _("Not cross-scored")),
        ("voted", _("Not voted")),
    ]


def current_cycles() -> list[Cycle]:
    """The newest cycle of every active block (one query)."""
    return cycles.current_cycles()


def blocks_without_cycle(current: list[Cycle]) -> list[str]:
    """Active blocks that have no cycle at all yet (one query)."""
    return orgs.active_block_names_except(c.block_id for c in current)


def _names(units: list[Organisation], done: set[int]) -> list[str]:
    return [u.name for u in units if u.pk not in done]


def _signing(rows: dict[int, CycleProgress]) -> None:
    """Units that have not signed the covenant version open for signatures."""
    for cycle_id, signed in signing.covenant_signers(rows).items():
        row = rows[cycle_id]
        row.signed = Missing(_names(row.members, signed), len(row.members))


def _commenting(rows: dict[int, CycleProgress], now: dt.datetime) -> None:
    """Open comment windows: units without a comment; past deadlines while still drafting."""
    by_cycle: dict[int, set[int]] = defaultdict(set)
    open_cycles: set[int] = set()
    for window in drafting.open_comment_windows([r.cycle for r in rows.values()], now):
        row = rows[window.cycle_id]
        if window.is_open(now):
            open_cycles.add(window.cycle_id)
            by_cycle[window.cycle_id] |= window.commented
        elif window.overdue:
            row.overdue.append(
                Overdue(
                    what=_("Comments on “%(title)s”") % {"title": window.title},
                    deadline=window.deadline,
                    missing=_names(row.members, window.commented),
                )
            )
    for cycle_id in open_cycles:
        row = rows[cycle_id]
        row.commented = Missing(_names(row.members, by_cycle[cycle_id]), len(row.members))


def _scoring(rows: dict[int, CycleProgress]) -> None:
    """Self-assessments not submitted; scorer units with cross-score sheets still to submit."""
    members = {cid: [u.pk for u in row.members] for cid, row in rows.items()}
    for cycle_id, state in scoring.scoring_progress(
        [r.cycle for r in rows.values()], members
    ).items():
        row = rows[cycle_id]
        row.self_assessed = Missing(_names(row.members, state.self_done), len(row.members))
        if state.scorers is not None:
            expected = set(state.scorers)
            scorers = [u for u in row.members if u.pk in expected]
            row.scored = Missing(_names(scorers, state.scorers_done), len(scorers))


def _voting(rows: dict[int, CycleProgress]) -> None:
    """Open ballot sessions: units present at the meeting that have not voted yet."""
    for cycle_id, state in voting.open_voting(rows).items():
        row = rows[cycle_id]
        eligible = [u for u in row.members if u.pk in state.voters]
        row.voted = Missing([u.name for u in eligible if u.pk in state.waiting], len(eligible))


def progress(now: dt.datetime | None = None) -> list[CycleProgress]:
    """Every active block's current cycle with who has not yet done each open step.

    Kept in the cache under the audit chain's head and the minute: any write (a signature, a
    comment, a vote…) gives a new key, and "overdue" is at most a minute late."""
    if now is not None:
        return _progress(now)
    key = f"board:progress:{version()}"
    rows: list[CycleProgress] | None = cache.get(key)
    if rows is None:
        rows = _progress(timezone.now())
        cache.set(key, rows, 120)
    return rows


def version() -> str:
    """The audit chain's head and the minute: changes with any write, and every minute (for
    "overdue"). The dashboard's cached data and rendered tables are keyed on it."""
    # The sum of every chain's head: it moves with a write in any block (a read, never a lock).
    head = AuditChainHead.objects.aggregate(n=Sum("seq"))["n"] or 0
    return f"{head}:{timezone.now():%Y%m%d%H%M}"


def _progress(now: dt.datetime) -> list[CycleProgress]:
    current = current_cycles()
    members = orgs.members_of({(c.block_id, c.year): c.pk for c in current})
    rows = {c.pk: CycleProgress(cycle=c, members=members.get(c.pk, [])) for c in current}
    if rows:
        _signing(rows)
        _commenting(rows, now)
        _scoring(rows)
        _voting(rows)
    return list(rows.values())


# --- figures by year and by block --------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    """A table with one row per block and one column per year (None: no figure)."""

    years: list[int]
    rows: list[tuple[str, list[Any]]]

    def chart(self) -> dict[str, Any]:
        return {
            "labels": [str(y) for y in self.years],
            "datasets": [
                {"label": name, "data": [None if v is None else float(v) for v in values]}
                for name, values in self.rows
            ],
        }


def _decimal(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return None


#: How long the charts' figures stay cached; a new publication, correction or award changes the
#: key at once, so this only bounds memory.
FIGURES_TTL = 3600


def _cached(name: str, stamp: Any, compute: Callable[[], Series]) -> Series:
    """The figures computed once per change of `stamp` (a cheap aggregate of what they read): the
    charts read every published ranking of the province, which takes far longer than a page."""
    key = f"board:{name}:" + hashlib.sha256(repr(stamp).encode()).hexdigest()[:32]
    series: Series | None = cache.get(key)
    if series is None:
        series = compute()
        cache.set(key, series, FIGURES_TTL)
    return series


def scores_by_year() -> Series:
    """The mean final score of each block's published ranking, per year (cached until a ranking
    is published or corrected)."""
    return _cached("scores", scoring.rankings_stamp(), _scores_by_year)


def _scores_by_year() -> Series:
    table: dict[str, dict[int, Decimal]] = defaultdict(dict)
    years: set[int] = set()
    for block, year, entries in scoring.published_entries():
        finals = [d for e in entries if (d := _decimal(e.get("final"))) is not None]
        if finals:
            mean = sum(finals, Decimal(0)) / len(finals)
            table[block][year] = mean.quantize(Decimal("0.01"))
            years.add(year)
    ordered = sorted(years)
    return Series(ordered, [(b, [v.get(y) for y in ordered]) for b, v in table.items()])


def awards_by_year() -> Series:
    """How many awards the member units of each block received, per year (cached until an award
    is recorded: awards are never changed or deleted)."""
    return _cached("awards", awards.awards_stamp(), _awards_by_year)


def _awards_by_year() -> Series:
    """An award recorded without its cycle (history typed in from paper) counts for the block
    the organisation belonged to that year."""
    rows = awards.award_rows()
    blocks = orgs.block_names_of({(org, year) for org, year, block in rows if block is None})
    table: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    years: set[int] = set()
    for org, year, block in rows:
        name = block or blocks.get((org, year))
        if name is None:
            continue
        table[name][year] += 1
        years.add(year)
    ordered = sorted(years)
    return Series(ordered, [(b, [table[b].get(y, 0) for y in ordered]) for b in sorted(table)])


# --- XLSX ------------------------------------------------------------------------------------

TABLES = ("progress", "scores", "awards")


def _cell(missing: Missing) -> str:
    if not missing.open:
        return "—"
    if not missing.units:
        return _("all done")
    return f"{missing.count}/{missing.total}: " + "; ".join(missing.units)


def workbook(table: str) -> bytes:
    """One of the dashboard's tables as an Excel file."""
    from thidua.reports import xlsx

    today = timezone.localdate().strftime("%d/%m/%Y")
    if table == "progress":
        rows = progress()
        header = [_("Block"), _("Year"), _("Phase"), _("Head unit")]
        header += [label for _k, label in step_labels()]
        header += [_("Overdue")]
        data = [
            [
                r.cycle.block.name,
                r.cycle.year,
                r.cycle.get_phase_display(),
                r.cycle.head_unit.name,
                *[_cell(m) for _k, _l, m in r.steps()],
                "; ".join(
                    f"{o.what} ({timezone.localtime(o.deadline):%d/%m/%Y})" for o in r.overdue
                ),
            ]
            for r in rows
        ]
        title, heading = _("Progress"), _("Progress of the current cycles on %(day)s")
    else:
        series = scores_by_year() if table == "scores" else awards_by_year()
        header = [_("Block"), *[str(y) for y in series.years]]
        data = [[name, *values] for name, values in series.rows]
        if table == "scores":
            title, heading = _("Scores"), _("Mean final score of each block, by year (%(day)s)")
        else:
            title, heading = (
                _("Awards"),
                _("Awards received by each block's units, by year (%(day)s)"),
            )
    return xlsx.single_table(title, header, data, heading=heading % {"day": today})
