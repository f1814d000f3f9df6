"""The Board's dashboard: every active block's current cycle at a glance, and the figures of
past years (scores and awards by year and by block).

Everything is read in a fixed number of queries whatever the number of blocks: each query
covers all the current cycles at once and the rows are sorted out in Python.

Each block's progress row is cached on its own, under the versions of that block and of the
province (names, memberships; thidua/core/versions.py): after a write in one block only that
block's row is computed again, and a row whose comment window closes expires at that deadline.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from thidua.awards import selectors as awards
from thidua.core import versions
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
    signed: Missing = NOT_OPEN
    commented: Missing = NOT_OPEN
    self_assessed: Missing = NOT_OPEN
    scored: Missing = NOT_OPEN
    voted: Missing = NOT_OPEN
    overdue: list[Overdue] = field(default_factory=list)
    #: When the row changes without anybody writing (an open comment window's deadline), if ever.
    changes_at: dt.datetime | None = None
    #: The row's cache key (what it shows changes → the key changes); empty when not cached.
    key: str = ""

    @property
    def behind(self) -> bool:
        """Behind schedule: a deadline has passed with work still missing."""
        return bool(self.overdue)

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


Members = dict[int, list["Organisation"]]


def _signing(rows: dict[int, CycleProgress], members: Members) -> None:
    """Units that have not signed the covenant version open for signatures."""
    for cycle_id, signed in signing.covenant_signers(rows).items():
        units = members.get(cycle_id, [])
        rows[cycle_id].signed = Missing(_names(units, signed), len(units))


def _commenting(rows: dict[int, CycleProgress], members: Members, now: dt.datetime) -> None:
    """Open comment windows: units without a comment; past deadlines while still drafting."""
    by_cycle: dict[int, set[int]] = defaultdict(set)
    open_cycles: set[int] = set()
    for window in drafting.open_comment_windows([r.cycle for r in rows.values()], now):
        row = rows[window.cycle_id]
        units = members.get(window.cycle_id, [])
        if window.is_open(now):
            open_cycles.add(window.cycle_id)
            by_cycle[window.cycle_id] |= window.commented
            # The window closes at its deadline: the row changes then, with nobody writing.
            if row.changes_at is None or window.deadline < row.changes_at:
                row.changes_at = window.deadline
        elif window.overdue:
            row.overdue.append(
                Overdue(
                    what=_("Comments on “%(title)s”") % {"title": window.title},
                    deadline=window.deadline,
                    missing=_names(units, window.commented),
                )
            )
    for cycle_id in open_cycles:
        units = members.get(cycle_id, [])
        rows[cycle_id].commented = Missing(_names(units, by_cycle[cycle_id]), len(units))


def _scoring(rows: dict[int, CycleProgress], members: Members) -> None:
    """Self-assessments not submitted; scorer units with cross-score sheets still to submit."""
    ids = {cid: [u.pk for u in members.get(cid, [])] for cid in rows}
    for cycle_id, state in scoring.scoring_progress([r.cycle for r in rows.values()], ids).items():
        row, units = rows[cycle_id], members.get(cycle_id, [])
        row.self_assessed = Missing(_names(units, state.self_done), len(units))
        if state.scorers is not None:
            expected = set(state.scorers)
            scorers = [u for u in units if u.pk in expected]
            row.scored = Missing(_names(scorers, state.scorers_done), len(scorers))


def _voting(rows: dict[int, CycleProgress], members: Members) -> None:
    """Open ballot sessions: units present at the meeting that have not voted yet."""
    for cycle_id, state in voting.open_voting(rows).items():
        eligible = [u for u in members.get(cycle_id, []) if u.pk in state.voters]
        rows[cycle_id].voted = Missing(
            [u.name for u in eligible if u.pk in state.waiting], len(eligible)
        )


#: How long a block's progress row stays cached when no deadline comes first; any write in the
#: block (or a change of names) gives it a new key at once, so this only bounds memory.
PROGRESS_TTL = 6 * 3600


def progress(now: dt.datetime | None = None) -> list[CycleProgress]:
    """Every active block's current cycle with who has not yet done each open step.

    Each block's row is kept in the cache under the versions of its block and of the province
    (plus the cycle's phase and the language): a write in one block recomputes that block's row
    only, and the rows missing from the cache are computed together in a fixed number of
    queries. A row with an open comment window expires at its deadline, when the window turns
    "overdue". Given `now`, everything is computed afresh for that moment."""
    current = current_cycles()
    if now is not None:
        return _progress(now, current)
    now = timezone.now()
    keys = _keys(current)
    found = cache.get_many(list(keys.values()))
    rows: dict[int, CycleProgress] = {}
    stale: list[Cycle] = []
    for cycle in current:
        entry: CycleProgress | None = found.get(keys[cycle.pk])
        if entry is None or (entry.changes_at is not None and entry.changes_at <= now):
            stale.append(cycle)
        else:
            entry.cycle = cycle  # the cycle as just read, with its block and head unit
            rows[cycle.pk] = entry
    if stale:
        for row in _progress(now, stale):
            rows[row.cycle.pk] = row
            _store(keys[row.cycle.pk], row, now)
    for cycle in current:
        rows[cycle.pk].key = keys[cycle.pk]
    return [rows[c.pk] for c in current]


def _keys(current: list[Cycle]) -> dict[int, str]:
    """Each cycle's cache key: its block's version, the province's, its phase, the language
    (one query for all the versions)."""
    scopes = {c.pk: versions.block(c.block_id) for c in current}
    found = versions.versions([versions.PROVINCE, *scopes.values()])
    common = f"{translation.get_language()}:{found[versions.PROVINCE]}"
    return {
        c.pk: f"board:progress:{common}:{c.pk}:{c.phase}:{found[scopes[c.pk]]}" for c in current
    }


def _store(key: str, row: CycleProgress, now: dt.datetime) -> None:
    """Keep a row without its cycle (read afresh on every page), until its next deadline."""
    ttl = PROGRESS_TTL
    if row.changes_at is not None:
        ttl = max(1, min(ttl, int((row.changes_at - now).total_seconds()) + 1))
    kept = CycleProgress(
        cycle=None,  # type: ignore[arg-type]
        signed=row.signed,
        commented=row.commented,
        self_assessed=row.self_assessed,
        scored=row.scored,
        voted=row.voted,
        overdue=row.overdue,
        changes_at=row.changes_at,
    )
    cache.set(key, kept, ttl)


def _progress(now: dt.datetime, current: Iterable[Cycle]) -> list[CycleProgress]:
    """The rows of these cycles, computed together (a fixed number of queries for any number)."""
    current = list(current)
    members = orgs.members_of({(c.block_id, c.year): c.pk for c in current})
    rows = {c.pk: CycleProgress(cycle=c) for c in current}
    if rows:
        _signing(rows, members)
        _commenting(rows, members, now)
        _scoring(rows, members)
        _voting(rows, members)
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
