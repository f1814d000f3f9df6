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
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Max, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.awards.models import Award
from thidua.core.models import AuditChainHead
from thidua.cycles.models import PHASE_ORDER, Cycle, Phase, ScorerMode
from thidua.drafting.models import Comment, CommentWindow, DocumentKind, DocumentVersion
from thidua.meetings.models import Attendance
from thidua.orgs.models import Membership, Organisation
from thidua.scoring.models import (
    PublishedRanking,
    ScorerAssignment,
    ScoreSheet,
    SheetKind,
    SheetStatus,
)
from thidua.signing.models import Signature
from thidua.voting.models import BallotSession, SessionStatus, VoterRecord


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
    newest_year = Cycle.objects.filter(block=OuterRef("block")).order_by("-year").values("year")[:1]
    # Only the newest year of each block is read: the page costs the same after ten years.
    return list(
        Cycle.objects.filter(block__is_active=True, year=Subquery(newest_year))
        .select_related("block__province", "head_unit", "policy")
        .order_by("block__province__name", "block__name")
    )


def blocks_without_cycle(cycles: list[Cycle]) -> list[str]:
    """Active blocks that have no cycle at all yet (one query)."""
    from thidua.orgs.models import Block

    return list(
        Block.objects.filter(is_active=True)
        .exclude(pk__in=[c.block_id for c in cycles])
        .order_by("name")
        .values_list("name", flat=True)
    )


def _members(cycles: list[Cycle]) -> dict[int, list[Organisation]]:
    wanted = {(c.block_id, c.year): c.pk for c in cycles}
    rows = (
        Membership.objects.filter(
            block_id__in={b for b, _y in wanted}, year__in={y for _b, y in wanted}
        )
        .select_related("organisation")
        .order_by("order", "organisation__name")
    )
    members: dict[int, list[Organisation]] = defaultdict(list)
    for m in rows:
        cycle_id = wanted.get((m.block_id, m.year))
        if cycle_id is not None:
            members[cycle_id].append(m.organisation)
    return members


def _names(units: list[Organisation], done: set[int]) -> list[str]:
    return [u.name for u in units if u.pk not in done]


def _at_least(cycle: Cycle, phase: str) -> bool:
    return PHASE_ORDER.index(cycle.phase) >= PHASE_ORDER.index(phase)


def _signing(rows: dict[int, CycleProgress]) -> None:
    """Units that have not signed the covenant version open for signatures."""
    versions = DocumentVersion.objects.filter(
        document__cycle_id__in=rows, document__kind=DocumentKind.COVENANT
    ).values("pk", "document__cycle_id", "number", "frozen_at")
    latest: dict[int, Any] = {}
    for v in versions:
        seen = latest.get(v["document__cycle_id"])
        if seen is None or v["number"] > seen["number"]:
            latest[v["document__cycle_id"]] = v
    open_versions = {v["pk"]: cid for cid, v in latest.items() if v["frozen_at"] is not None}
    signed: dict[int, set[int]] = defaultdict(set)
    for version_id, unit_id in Signature.objects.filter(version_id__in=open_versions).values_list(
        "version_id", "unit_id"
    ):
        signed[open_versions[version_id]].add(unit_id)
    for cycle_id in open_versions.values():
        row = rows[cycle_id]
        row.signed = Missing(_names(row.members, signed[cycle_id]), len(row.members))


def _commenting(rows: dict[int, CycleProgress], now: dt.datetime) -> None:
    """Open comment windows: units without a comment; past deadlines while still drafting."""
    windows = list(
        CommentWindow.objects.filter(
            version__document__cycle_id__in=rows, closed_at__isnull=True
        ).select_related("version__document")
    )
    commented: dict[int, set[int]] = defaultdict(set)
    for window_id, unit_id in Comment.objects.filter(window__in=windows).values_list(
        "window_id", "unit_id"
    ):
        commented[window_id].add(unit_id)
    by_cycle: dict[int, set[int]] = defaultdict(set)
    open_cycles: set[int] = set()
    for window in windows:
        row = rows[window.version.document.cycle_id]
        if window.deadline > now:
            open_cycles.add(row.cycle.pk)
            by_cycle[row.cycle.pk] |= commented[window.pk]
        elif row.cycle.phase == Phase.DRAFTING:
            row.overdue.append(
                Overdue(
                    what=_("Comments on “%(title)s”") % {"title": window.version.title},
                    deadline=window.deadline,
                    missing=_names(row.members, commented[window.pk]),
                )
            )
    for cycle_id in open_cycles:
        row = rows[cycle_id]
        row.commented = Missing(_names(row.members, by_cycle[cycle_id]), len(row.members))


def _scoring(rows: dict[int, CycleProgress]) -> None:
    """Self-assessments not submitted; scorer units with cross-score sheets still to submit."""
    active = [
        r
        for r in rows.values()
        if _at_least(r.cycle, Phase.SELF_ASSESSMENT)
        and not _at_least(r.cycle, Phase.RESULTS_PUBLISHED)
    ]
    if not active:
        return
    sheets = ScoreSheet.objects.filter(
        cycle_id__in=[r.cycle.pk for r in active], status=SheetStatus.SUBMITTED
    ).values_list("cycle_id", "kind", "unit_id", "scorer_id")
    self_done: dict[int, set[int]] = defaultdict(set)
    cross_done: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for cycle_id, kind, unit_id, scorer_id in sheets:
        if kind == SheetKind.SELF:
            self_done[cycle_id].add(unit_id)
        elif kind == SheetKind.CROSS:
            cross_done[cycle_id][scorer_id] += 1
    assigned: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    assigned_cycles = [
        r.cycle.pk for r in active if r.cycle.policy.scorer_mode == ScorerMode.ASSIGNED
    ]
    for cycle_id, scorer_id in ScorerAssignment.objects.filter(
        cycle_id__in=assigned_cycles
    ).values_list("cycle_id", "scorer_id"):
        assigned[cycle_id][scorer_id] += 1
    for row in active:
        cid, units = row.cycle.pk, row.members
        row.self_assessed = Missing(_names(units, self_done[cid]), len(units))
        if row.cycle.phase != Phase.CROSS_SCORING:
            continue
        mode = row.cycle.policy.scorer_mode
        if mode == ScorerMode.ASSIGNED:
            expected = dict(assigned[cid])
        elif mode == ScorerMode.HEAD:
            expected = {row.cycle.head_unit_id: len(units) - 1}
        else:
            expected = {u.pk: len(units) - 1 for u in units}
        done = {u for u, n in expected.items() if cross_done[cid][u] >= n}
        scorers = [u for u in units if u.pk in expected]
        row.scored = Missing(_names(scorers, done), len(scorers))


def _voting(rows: dict[int, CycleProgress]) -> None:
    """Open ballot sessions: units present at the meeting that have not voted yet."""
    sessions = list(
        BallotSession.objects.filter(cycle_id__in=rows, status=SessionStatus.OPEN).values(
            "pk", "cycle_id", "meeting_id"
        )
    )
    if not sessions:
        return
    present: dict[int, set[int]] = defaultdict(set)
    for meeting_id, org_id in Attendance.objects.filter(
        meeting_id__in={s["meeting_id"] for s in sessions}, present=True
    ).values_list("meeting_id", "organisation_id"):
        present[meeting_id].add(org_id)
    voted: dict[int, set[int]] = defaultdict(set)
    for session_id, org_id in VoterRecord.objects.filter(
        session_id__in=[s["pk"] for s in sessions]
    ).values_list("session_id", "organisation_id"):
        voted[session_id].add(org_id)
    waiting: dict[int, set[int]] = defaultdict(set)
    voters: dict[int, set[int]] = defaultdict(set)
    for s in sessions:
        voters[s["cycle_id"]] |= present[s["meeting_id"]]
        waiting[s["cycle_id"]] |= present[s["meeting_id"]] - voted[s["pk"]]
    for cycle_id, not_voted in waiting.items():
        row = rows[cycle_id]
        eligible = [u for u in row.members if u.pk in voters[cycle_id]]
        row.voted = Missing([u.name for u in eligible if u.pk in not_voted], len(eligible))


def progress(now: dt.datetime | None = None) -> list[CycleProgress]:
    """Every active block's current cycle with who has not yet done each open step.

    Kept in the cache under the audit chain's head and the minute: any write (a signature, a
    comment, a vote…) gives a new key, and "overdue" is at most a minute late."""
    if now is not None:
        return _progress(now)
    key = f"board:progress:{version()}"
    rows = cache.get(key)
    if rows is None:
        rows = _progress(timezone.now())
        cache.set(key, rows, 120)
    return rows  # type: ignore[no-any-return]


def version() -> str:
    """The audit chain's head and the minute: changes with any write, and every minute (for
    "overdue"). The dashboard's cached data and rendered tables are keyed on it."""
    head = AuditChainHead.objects.filter(pk=1).values_list("seq", flat=True).first() or 0
    return f"{head}:{timezone.now():%Y%m%d%H%M}"


def _progress(now: dt.datetime) -> list[CycleProgress]:
    cycles = current_cycles()
    members = _members(cycles)
    rows = {c.pk: CycleProgress(cycle=c, members=members.get(c.pk, [])) for c in cycles}
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
    series = cache.get(key)
    if series is None:
        series = compute()
        cache.set(key, series, FIGURES_TTL)
    return series  # type: ignore[no-any-return]


def scores_by_year() -> Series:
    """The mean final score of each block's published ranking, per year (cached until a ranking
    is published or corrected)."""
    stamp = PublishedRanking.objects.aggregate(
        n=Count("pk"), published=Max("published_at"), corrected=Max("corrected_at")
    )
    return _cached("scores", sorted(stamp.items()), _scores_by_year)


def _scores_by_year() -> Series:
    rankings = PublishedRanking.objects.select_related("cycle__block").order_by(
        "cycle__block__name", "cycle__year"
    )
    table: dict[str, dict[int, Decimal]] = defaultdict(dict)
    years: set[int] = set()
    for ranking in rankings:
        finals = [d for e in ranking.entries if (d := _decimal(e.get("final"))) is not None]
        if finals:
            mean = sum(finals, Decimal(0)) / len(finals)
            table[ranking.cycle.block.name][ranking.cycle.year] = mean.quantize(Decimal("0.01"))
            years.add(ranking.cycle.year)
    ordered = sorted(years)
    return Series(ordered, [(b, [v.get(y) for y in ordered]) for b, v in table.items()])


def awards_by_year() -> Series:
    """How many awards the member units of each block received, per year (cached until an award
    is recorded: awards are never changed or deleted)."""
    stamp = Award.objects.aggregate(n=Count("pk"), last=Max("pk"))
    return _cached("awards", sorted(stamp.items()), _awards_by_year)


def _awards_by_year() -> Series:
    """An award recorded without its cycle (history typed in from paper) counts for the block
    the organisation belonged to that year."""
    awards = list(Award.objects.values_list("organisation_id", "year", "cycle__block__name"))
    loose = {(org, year) for org, year, block in awards if block is None}
    blocks: dict[tuple[int, int], str] = {}
    if loose:
        for org, year, block_name in Membership.objects.filter(
            organisation_id__in={o for o, _y in loose}, year__in={y for _o, y in loose}
        ).values_list("organisation_id", "year", "block__name"):
            blocks[(org, year)] = block_name
    table: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    years: set[int] = set()
    for org, year, block in awards:
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
