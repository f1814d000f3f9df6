"""The API's reads: each a bounded number of queries whatever the data size, always limited to
the token's provinces, through the apps' own selectors where they compute something."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from thidua.awards import selectors as awards
from thidua.awards.models import Award, Decision, Nominee, Proposal, ProposalEvent, ProposalStatus
from thidua.cycles.models import Cycle
from thidua.news import selectors as news
from thidua.news.models import Post
from thidua.orgs import selectors as orgs
from thidua.orgs.models import Block, Membership, Organisation, OrgName, Province, Succession
from thidua.scoring.models import PublishedRanking
from thidua.voting import selectors as voting
from thidua.voting.models import SessionStatus

# --- the registry ------------------------------------------------------------------------------


def provinces(ids: list[int]) -> QuerySet[Province]:
    return Province.objects.filter(pk__in=ids).order_by("name")


def organisations(ids: list[int], q: str = "") -> QuerySet[Organisation]:
    rows = Organisation.objects.filter(province_id__in=ids).select_related("province")
    if q.strip():
        rows = orgs.search(rows, q, folded=True)
    names = Prefetch("names", queryset=OrgName.objects.order_by("valid_from", "pk"))
    return rows.prefetch_related(names).order_by("name", "pk")


def organisation(ids: list[int], pk: int) -> Organisation | None:
    names = Prefetch("names", queryset=OrgName.objects.order_by("valid_from", "pk"))
    memberships = Prefetch(
        "memberships",
        queryset=Membership.objects.select_related("block").order_by("-year", "block__name"),
    )
    successions = Succession.objects.prefetch_related("predecessors", "successors")
    return (
        Organisation.objects.filter(province_id__in=ids, pk=pk)
        .select_related("province")
        .prefetch_related(
            names,
            memberships,
            Prefetch("successions_out", queryset=successions),
            Prefetch("successions_in", queryset=successions),
        )
        .first()
    )


def blocks(ids: list[int]) -> QuerySet[Block]:
    return Block.objects.filter(province_id__in=ids).select_related("province").order_by("name")


def block(ids: list[int], pk: int) -> Block | None:
    return blocks(ids).filter(pk=pk).first()


def memberships(block: Block, year: int | None) -> QuerySet[Membership]:
    rows = Membership.objects.filter(block=block).select_related("organisation")
    if year is not None:
        rows = rows.filter(year=year)
    return rows.order_by("-year", "order", "organisation__name")


# --- cycles, rankings, ballots -----------------------------------------------------------------


def cycles(ids: list[int], year: int | None = None, block: int | None = None) -> QuerySet[Cycle]:
    rows = Cycle.objects.filter(block__province_id__in=ids)
    if year is not None:
        rows = rows.filter(year=year)
    if block is not None:
        rows = rows.filter(block_id=block)
    return rows.select_related("block__province", "head_unit", "deputy_unit").order_by(
        "-year", "block__name", "pk"
    )


def cycle(ids: list[int], pk: int) -> Cycle | None:
    return cycles(ids).filter(pk=pk).first()


def published_ranking(cycle: Cycle) -> PublishedRanking | None:
    return PublishedRanking.objects.filter(cycle=cycle).first()


def ballot_results(cycle: Cycle) -> list[voting.SessionSummary]:
    """Closed ballots only, with counts: who voted and how is never said (secret ballot)."""
    return [voting.summary(s) for s in voting.sessions(cycle).filter(status=SessionStatus.CLOSED)]


# --- dossiers, decisions, awards ---------------------------------------------------------------

#: A draft is the block's own work; the Board and its systems see a dossier once it is sent.
SENT = [s for s in ProposalStatus.values if s != ProposalStatus.DRAFT]


def dossiers(ids: list[int], status: str = "", year: int | None = None) -> QuerySet[Proposal]:
    rows = Proposal.objects.filter(cycle__block__province_id__in=ids, status__in=SENT)
    if status:
        rows = rows.filter(status=status)
    if year is not None:
        rows = rows.filter(cycle__year=year)
    nominees = Prefetch("nominees", queryset=Nominee.objects.order_by("order", "pk"))
    events = Prefetch("events", queryset=ProposalEvent.objects.order_by("at", "pk"))
    return (
        rows.select_related("cycle__block", "award_type", "decision")
        .prefetch_related(nominees, events)
        .order_by("-submitted_at", "-pk")
    )


def dossier(ids: list[int], pk: int) -> Proposal | None:
    return dossiers(ids).filter(pk=pk).first()


def decisions(ids: list[int], year: int | None = None) -> QuerySet[Decision]:
    rows = Decision.objects.filter(proposal__cycle__block__province_id__in=ids)
    if year is not None:
        rows = rows.filter(proposal__cycle__year=year)
    awarded = Prefetch("awards", queryset=Award.objects.select_related("award_type"))
    return (
        rows.select_related("proposal__cycle__block", "proposal__award_type")
        .prefetch_related(awarded)
        .order_by("-date", "-pk")
    )


def award_history(org: Organisation) -> list[awards.HistoryRow]:
    return awards.award_history(org)


# --- the public portal's data ------------------------------------------------------------------


def public_rankings(year: int | None = None) -> QuerySet[PublishedRanking]:
    rows = PublishedRanking.objects.filter(cycle__block__is_active=True)
    if year is not None:
        rows = rows.filter(cycle__year=year)
    return rows.select_related("cycle__block__province").order_by(
        "-cycle__year", "cycle__block__name"
    )


def public_awards(year: int | None = None) -> QuerySet[Award]:
    rows = Award.objects.filter(Q(decision__isnull=False))
    if year is not None:
        rows = rows.filter(year=year)
    return rows.select_related("award_type", "decision", "organisation").order_by(
        "-year", "award_type__order", "name", "pk"
    )


def public_news() -> QuerySet[Post]:
    return news.portal_posts()
