"""Reads of the award history: an organisation's awards over the years, following succession
links back through renames, merges and splits (a merged association keeps the history of the
associations it came from)."""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page
from django.db.models import Count, Max, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from thidua.awards.models import Award, Nominee, Proposal, ProposalEvent, ProposalStatus
from thidua.cycles.models import AwardType, Cycle
from thidua.cycles.selectors import policy_quotas
from thidua.orgs.models import Membership, Organisation, Succession
from thidua.scoring.models import PublishedRanking

#: Successions are short chains in practice; the bound keeps a cycle in bad data harmless.
MAX_GENERATIONS = 20


def lineage(org: Organisation) -> list[int]:
    """The organisation's id and those of all its predecessors, nearest first (one query per
    generation)."""
    seen: list[int] = [org.pk]
    frontier = {org.pk}
    for _ in range(MAX_GENERATIONS):
        previous = set(
            Succession.predecessors.through.objects.filter(
                succession__successors__in=frontier
            ).values_list("organisation_id", flat=True)
        ) - set(seen)
        if not previous:
            break
        seen.extend(sorted(previous))
        frontier = previous
    return seen


@dataclass(frozen=True)
class HistoryRow:
    year: int
    title: str
    name: str  # the name when awarded
    via_predecessor: bool  # awarded to an organisation this one succeeded
    decision_number: str
    decision_date: str
    # The name it was awarded under, when that differs from the organisation's name today.
    awarded_as: str = ""
    decided_by: str = ""  # who decides the title, e.g. "Chủ tịch UBND tỉnh"
    decision_day: dt.date | None = None


def award_history(org: Organisation) -> list[HistoryRow]:
    """Every award of the organisation and its predecessors, newest year first."""
    ids = lineage(org)
    awards = (
        Award.objects.filter(organisation_id__in=ids)
        .select_related("award_type", "decision")
        .order_by("-year", "award_type__order", "name")
    )
    return [
        HistoryRow(
            year=a.year,
            title=a.award_type.name,
            name=a.name,
            via_predecessor=a.organisation_id != org.pk,
            decision_number=a.decision.number if a.decision else "",
            decision_date=a.decision.date.strftime("%d/%m/%Y") if a.decision else "",
            awarded_as=a.name if a.name != org.name else "",
            decided_by=a.award_type.decided_by,
            decision_day=a.decision.date if a.decision else None,
        )
        for a in awards
    ]


# --- what a dossier may hold -----------------------------------------------------------------


@dataclass(frozen=True)
class Eligible:
    """A unit that passed the ballot on a title, with its place in the published ranking."""

    organisation_id: int
    name: str  # the organisation's name now
    rank: int | None
    score: str
    agree: int | None
    members: int | None  # member units the ballot counted against


def published_entries(cycle: Cycle) -> dict[int, dict[str, Any]] | None:
    """The published ranking's entries by unit id, or None when nothing is published."""
    published = PublishedRanking.objects.filter(cycle=cycle).only("entries").first()
    if published is None:
        return None
    return {int(e["unit"]): e for e in published.entries}


def passed_candidates(cycle: Cycle, award_type: AwardType) -> list[Eligible]:
    """The units that passed a closed ballot on the title (run-offs included), in rank order."""
    from thidua.voting.models import Candidate

    candidates = (
        Candidate.objects.filter(
            session__cycle=cycle,
            session__kind="award",
            session__status="closed",
            session__award_type=award_type,
            passed=True,
        )
        .select_related("organisation", "session")
        .order_by("rank", "session__round", "order", "pk")
    )
    entries = published_entries(cycle) or {}
    seen: dict[int, Eligible] = {}
    for c in candidates:
        if c.organisation_id in seen:
            continue
        entry = entries.get(c.organisation_id, {})
        seen[c.organisation_id] = Eligible(
            organisation_id=c.organisation_id,
            name=c.organisation.name,
            rank=entry.get("rank", c.rank),
            score=str(entry.get("final") or ""),
            agree=c.agree,
            members=c.session.member_count,
        )
    return list(seen.values())


def quota_for(cycle: Cycle, award_type: AwardType) -> int:
    for line in policy_quotas(cycle.policy, cycle.block.province_id):
        if line.award.pk == award_type.pk:
            return int(line.quota)
    return 0


@dataclass(frozen=True)
class TitleRow:
    award_type: AwardType
    quota: int
    eligible: list[Eligible]
    proposal: Proposal | None


def cycle_titles(cycle: Cycle) -> list[TitleRow]:
    """Each title of the province with the cycle's quota, its passed candidates and dossier."""
    proposals = {p.award_type_id: p for p in Proposal.objects.filter(cycle=cycle)}
    quotas = {
        line.award.pk: line.quota for line in policy_quotas(cycle.policy, cycle.block.province_id)
    }
    types = AwardType.objects.filter(province_id=cycle.block.province_id).order_by("order", "name")
    return [
        TitleRow(t, int(quotas.get(t.pk, 0)), passed_candidates(cycle, t), proposals.get(t.pk))
        for t in types
    ]


@dataclass(frozen=True)
class ProposalLine:
    pk: int
    title: str
    status_label: str


def cycle_proposals(cycle: Cycle) -> list[ProposalLine]:
    """The cycle's dossiers with their title and status, for the cycle page (one query of
    plain values)."""
    labels = dict(ProposalStatus.choices)
    rows = (
        Proposal.objects.filter(cycle=cycle)
        .order_by("award_type__order", "pk")
        .values_list("pk", "award_type__name", "status")
    )
    return [ProposalLine(pk, title, str(labels.get(status, status))) for pk, title, status in rows]


def member_count(cycle: Cycle) -> int:
    return Membership.objects.filter(block_id=cycle.block_id, year=cycle.year).count()


def block_member_ids(cycle: Cycle) -> list[int]:
    return list(
        Membership.objects.filter(block_id=cycle.block_id, year=cycle.year).values_list(
            "organisation_id", flat=True
        )
    )


# --- a dossier -------------------------------------------------------------------------------


def _voting_documents() -> Any:
    """The voting app's documents module, or None where it does not exist (yet)."""
    try:
        module = importlib.import_module("thidua.voting.documents")
    except ImportError:
        return None
    if not (hasattr(module, "minutes_docx") and hasattr(module, "minutes_pdf")):
        return None
    return module


def minutes_available() -> bool:
    """Whether the voting app provides the evaluation minutes (it may not be merged yet)."""
    return _voting_documents() is not None


def minutes_files(cycle: Cycle) -> dict[str, bytes]:
    """The minutes of the evaluation meeting with its vote results, from the voting app; empty
    when that app cannot produce them (the dossier then says so)."""
    documents = _voting_documents()
    if documents is None:
        return {}
    try:
        return {
            "bien-ban-binh-xet.docx": documents.minutes_docx(cycle),
            "bien-ban-binh-xet.pdf": documents.minutes_pdf(cycle),
        }
    except Exception:
        return {}


@dataclass(frozen=True)
class VoteLine:
    name: str
    round: int
    agree: int | None
    members: int
    passed: bool | None


def vote_lines(proposal: Proposal) -> list[VoteLine]:
    """Every candidate of the closed ballots on the proposal's title, with its agree votes."""
    from thidua.voting.models import Candidate

    rows = (
        Candidate.objects.filter(
            session__cycle_id=proposal.cycle_id,
            session__kind="award",
            session__status="closed",
            session__award_type_id=proposal.award_type_id,
        )
        .select_related("organisation", "session")
        .order_by("session__round", "order", "pk")
    )
    return [
        VoteLine(c.organisation.name, c.session.round, c.agree, c.session.member_count, c.passed)
        for c in rows
    ]


def vote_bases(proposal: Proposal) -> dict[int, int]:
    """For each nominee unit, the number of votes its share is counted against: the base of
    the closed ballot it passed on the proposal's title (all members or those present), as the
    minutes count it."""
    from thidua.voting.models import Candidate
    from thidua.voting.selectors import base_count

    candidates = (
        Candidate.objects.filter(
            session__cycle_id=proposal.cycle_id,
            session__kind="award",
            session__status="closed",
            session__award_type_id=proposal.award_type_id,
            passed=True,
        )
        .select_related("session")
        .order_by("session__round", "pk")
    )
    bases: dict[int, int] = {}
    for c in candidates:
        bases.setdefault(c.organisation_id, base_count(c.session))
    return bases


def evaluation_day(cycle: Cycle) -> dt.date | None:
    """The day of the cycle's evaluation meeting (its latest year-end review), if recorded."""
    from thidua.meetings.models import Meeting, MeetingKind

    return (
        Meeting.objects.filter(cycle=cycle, kind=MeetingKind.YEAR_END)
        .order_by("-date", "-pk")
        .values_list("date", flat=True)
        .first()
    )


def has_report(nominee: Nominee) -> bool:
    return bool(nominee.report_file) or bool(str(nominee.report.get("achievements", "")).strip())


def nominees_of(proposal: Proposal) -> list[Nominee]:
    return list(proposal.nominees.select_related("organisation").order_by("order", "pk"))


def events_of(proposal: Proposal) -> list[ProposalEvent]:
    return list(proposal.events.select_related("actor").order_by("at", "pk"))


# --- the Board's queue -----------------------------------------------------------------------


@dataclass(frozen=True)
class QueueFilters:
    year: int | None = None
    status: str = ""
    block: int | None = None


def queue(filters: QueueFilters) -> QuerySet[Proposal]:
    """Dossiers sent to the Board (drafts never appear), newest first: what the pager counts."""
    rows = Proposal.objects.exclude(status=ProposalStatus.DRAFT).order_by(
        "-cycle__year", "-submitted_at", "pk"
    )
    if filters.year:
        rows = rows.filter(cycle__year=filters.year)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.block:
        rows = rows.filter(cycle__block_id=filters.block)
    return rows


@dataclass(frozen=True)
class QueueRow:
    """One dossier of the Board's queue, ready to print (no lookups left for the template)."""

    pk: int
    url: str
    year: int
    block: str
    title: str
    nominees: int
    granted: str  # the number granted once decided, else "—"
    status: str
    submitted: str  # dd/mm/yyyy in the local time zone, else "—"


QUEUE_FIELDS = (
    "pk",
    "cycle__year",
    "cycle__block__name",
    "award_type__name",
    "status",
    "submitted_at",
)


def queue_rows(filters: QueueFilters, *, page: Page[Any]) -> list[QueueRow]:
    """The rows of one page of the queue, with labels and dates formatted once. The nominees of
    the page's dossiers are counted in a query of their own: a count per dossier as a correlated
    subquery costs more to compile than that query and the rows' together."""
    if not page.paginator.count:
        return []
    values = list(queue(filters).values(*QUEUE_FIELDS)[page.start_index() - 1 : page.end_index()])
    counts = {
        proposal: (n, granted)
        for proposal, n, granted in Nominee.objects.filter(proposal__in=[v["pk"] for v in values])
        .order_by()
        .values_list("proposal")
        .annotate(n=Count("pk"), granted=Count("pk", filter=Q(granted=True)))
    }
    labels = {value: str(label) for value, label in ProposalStatus.choices}  # translated once
    # One `reverse` for the page: it costs more than the rest of a row (the sample number occurs
    # nowhere else in the address).
    sample = reverse("awards:proposal_detail", args=[1234567])
    rows = []
    for v in values:
        submitted = v["submitted_at"]
        nominees, granted = counts.get(v["pk"], (0, 0))
        rows.append(
            QueueRow(
                pk=v["pk"],
                url=sample.replace("1234567", str(v["pk"])),
                year=v["cycle__year"],
                block=v["cycle__block__name"],
                title=v["award_type__name"],
                nominees=nominees,
                granted=str(granted) if v["status"] == ProposalStatus.DECIDED else "—",
                status=labels.get(v["status"], v["status"]),
                submitted=timezone.localtime(submitted).strftime("%d/%m/%Y") if submitted else "—",
            )
        )
    return rows


def queue_years() -> list[int]:
    return sorted(
        set(Proposal.objects.order_by().values_list("cycle__year", flat=True).distinct()),
        reverse=True,
    )


# --- the Board's summary of a year -----------------------------------------------------------


@dataclass(frozen=True)
class SummaryLine:
    label: str
    proposed: int
    granted: int
    pending: int  # proposed, no decision yet


@dataclass(frozen=True)
class YearSummary:
    year: int
    by_title: list[SummaryLine]
    by_block: list[SummaryLine]
    total: SummaryLine


def _line(label: str, rows: list[dict[str, Any]]) -> SummaryLine:
    return SummaryLine(
        label=label,
        proposed=sum(r["n_proposed"] for r in rows),
        granted=sum(r["n_granted"] for r in rows),
        pending=sum(r["n_pending"] for r in rows),
    )


def year_summary(year: int) -> YearSummary:
    """Proposed vs granted for a year, per title and per block (submitted dossiers only)."""
    rows = list(
        Nominee.objects.filter(proposal__cycle__year=year)
        .exclude(proposal__status=ProposalStatus.DRAFT)
        .values(
            "proposal__award_type__name",
            "proposal__award_type__order",
            "proposal__cycle__block__name",
        )
        .order_by()
        .annotate(
            n_proposed=Count("pk"),
            n_granted=Count("pk", filter=Q(granted=True)),
            n_pending=Count("pk", filter=Q(granted__isnull=True)),
        )
    )
    titles: dict[tuple[int, str], list[dict[str, Any]]] = {}
    blocks: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        key = (r["proposal__award_type__order"], r["proposal__award_type__name"])
        titles.setdefault(key, []).append(r)
        blocks.setdefault(r["proposal__cycle__block__name"], []).append(r)
    return YearSummary(
        year=year,
        by_title=[_line(name, titles[(o, name)]) for o, name in sorted(titles)],
        by_block=[_line(name, blocks[name]) for name in sorted(blocks)],
        total=_line("", rows),
    )


# --- for the Board's dashboard (thidua/board) -------------------------------------------------


def awards_stamp() -> list[tuple[str, Any]]:
    """Changes when an award is recorded (awards are never changed or deleted; one query)."""
    return sorted(Award.objects.aggregate(n=Count("pk"), last=Max("pk")).items())


def award_rows() -> list[tuple[int, int, str | None]]:
    """Every award as (organisation id, year, its cycle's block name or None), one query."""
    return list(Award.objects.values_list("organisation_id", "year", "cycle__block__name"))
