"""Reads for the public portal and the authors' pages. Every public read starts from
`access.public_posts()` or from published results only; query counts do not grow with data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import Count, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from thidua.awards.models import Award
from thidua.cycles.models import Cycle
from thidua.lib.text import casefold, fold
from thidua.news.access import public_posts
from thidua.news.models import Comment, CommentStatus, Photo, Post
from thidua.orgs.models import Block, Membership, Organisation
from thidua.scoring.models import PublishedRanking

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

LATEST = 8
SIDE = 5


def with_photos(posts: QuerySet[Post]) -> QuerySet[Post]:
    return posts.select_related("block").prefetch_related(
        Prefetch("photos", queryset=Photo.objects.order_by("order", "pk"))
    )


def portal_posts() -> QuerySet[Post]:
    # A correlated count, evaluated for the posts shown only: a join with GROUP BY would count
    # the comments of every post before the newest few are picked (and again for the pager).
    approved = Coalesce(
        Subquery(
            Comment.objects.filter(post=OuterRef("pk"), status=CommentStatus.APPROVED)
            .order_by()
            .values("post")
            .annotate(n=Count("pk"))
            .values("n")
        ),
        0,
    )
    return (
        with_photos(public_posts())
        .annotate(comment_count=approved)
        .order_by("-published_at", "-pk")
    )


def featured(limit: int = SIDE) -> list[Post]:
    return list(portal_posts().filter(featured=True)[:limit])


def dont_miss(limit: int = SIDE, *, exclude: int | None = None) -> list[Post]:
    posts = portal_posts().filter(dont_miss=True)
    if exclude is not None:
        posts = posts.exclude(pk=exclude)
    return list(posts[:limit])


def home() -> dict[str, Any]:
    lead_posts = featured(SIDE)
    shown = [p.pk for p in lead_posts]
    latest = list(portal_posts().exclude(pk__in=shown)[:LATEST])
    return {
        "featured": lead_posts,
        "latest": latest,
        "dont_miss": dont_miss(),
        "blocks": blocks_with_member_counts(),
    }


def related(post: Post, limit: int = 4) -> list[Post]:
    """The author's choice first, then recent published posts of the same block."""
    chosen = list(
        portal_posts().filter(pk__in=post.related.values("pk")).exclude(pk=post.pk)[:limit]
    )
    if len(chosen) < limit and post.block_id is not None:
        more = (
            portal_posts()
            .filter(block_id=post.block_id)
            .exclude(pk__in=[post.pk, *[p.pk for p in chosen]])
        )
        chosen += list(more[: limit - len(chosen)])
    return chosen


def approved_comments(post: Post) -> list[Comment]:
    return list(post.comments.filter(status=CommentStatus.APPROVED).order_by("created_at"))


def pending_count(comments: QuerySet[Comment]) -> int:
    return comments.filter(status=CommentStatus.PENDING).count()


# --- blocks, results and award history -------------------------------------------------------


@dataclass(frozen=True)
class BlockCard:
    block: Block
    year: int | None
    members: list[Organisation]
    count: int


class _Latest(TypedDict):
    latest: int | None


def _active_blocks() -> list[WithAnnotations[Block, _Latest]]:
    return list(
        Block.objects.filter(is_active=True)
        .select_related("province")
        .annotate(latest=Max("memberships__year"))
        .order_by("name")
    )


def blocks_with_member_counts() -> list[BlockCard]:
    """Active blocks with the number of members of the latest year on record (two queries,
    whatever the number of members: the portal's home lists the counts only)."""
    blocks = _active_blocks()
    counts = {
        (row["block_id"], row["year"]): row["n"]
        for row in Membership.objects.filter(block__in=[b.pk for b in blocks])
        .values("block_id", "year")
        .annotate(n=Count("pk"))
    }
    return [BlockCard(b, b.latest, [], counts.get((b.pk, b.latest), 0)) for b in blocks]


def blocks_with_members() -> list[BlockCard]:
    """Active blocks with their members of the latest year on record (two queries)."""
    blocks = _active_blocks()
    wanted = Q(pk__in=[])
    for block in blocks:
        if block.latest is not None:
            wanted |= Q(block_id=block.pk, year=block.latest)
    members: dict[int, list[Organisation]] = {}
    for membership in Membership.objects.filter(wanted).select_related("organisation"):
        members.setdefault(membership.block_id, []).append(membership.organisation)
    return [
        BlockCard(b, b.latest, members.get(b.pk, []), len(members.get(b.pk, []))) for b in blocks
    ]


@dataclass(frozen=True)
class RankingRow:
    rank: int | None
    name: str
    final: str | None
    unit: int | None


@dataclass(frozen=True)
class YearResults:
    year: int
    members: list[Organisation]
    ranking: list[RankingRow]
    published_at: Any
    awards: list[Award]


def block_years(block: Block) -> list[int]:
    years = set(Membership.objects.filter(block=block).values_list("year", flat=True))
    return sorted(years, reverse=True)


def block_results(block: Block, year: int) -> YearResults:
    """Members of the year, the ranking only if it was published, and the awards granted."""
    members = [
        m.organisation
        for m in Membership.objects.filter(block=block, year=year)
        .select_related("organisation")
        .order_by("order", "organisation__name")
    ]
    cycle = Cycle.objects.filter(block=block, year=year).first()
    published = PublishedRanking.objects.filter(cycle=cycle).first() if cycle is not None else None
    ranking = [
        RankingRow(e.get("rank"), e.get("name", ""), e.get("final"), e.get("unit"))
        for e in (published.entries if published else [])
    ]
    awards = list(
        Award.objects.filter(year=year, organisation__in=[m.pk for m in members])
        .select_related("award_type", "decision")
        .order_by("award_type__order", "name")
    )
    return YearResults(
        year=year,
        members=members,
        ranking=ranking,
        published_at=published.published_at if published else None,
        awards=awards,
    )


def organisation_blocks(org: Organisation) -> list[Membership]:
    return list(
        Membership.objects.filter(organisation=org).select_related("block").order_by("-year")
    )


# --- search ----------------------------------------------------------------------------------


def wants_folded(q: str) -> bool:
    """A query typed without diacritics matches any; one typed with them matches exactly."""
    return fold(q) == casefold(q)


def _match(queryset: QuerySet[Any], q: str) -> QuerySet[Any]:
    folded = wants_folded(q)
    text = fold(q) if folded else casefold(q)
    column = "search_folded" if folded else "search_exact"
    for word in text.split():
        queryset = queryset.filter(**{f"{column}__contains": word})
    return queryset


def search_posts(q: str) -> QuerySet[Post]:
    if not q.strip():
        return portal_posts().none()
    return _match(portal_posts(), q)


def search_organisations(q: str, limit: int = 30) -> list[Organisation]:
    if not q.strip():
        return []
    return list(_match(Organisation.objects.all(), q).order_by("name")[:limit])
