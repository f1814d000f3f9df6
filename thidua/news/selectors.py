"""Reads for the public portal and the authors' pages. Every public read starts from
`access.public_posts()` or from published results only; query counts do not grow with data."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict

from django.core.paginator import Page
from django.db.models import Count, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import ngettext

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


def newest_posts() -> QuerySet[Post]:
    return public_posts().order_by("-published_at", "-pk")


@dataclass(frozen=True)
class PostCard:
    """A post as the portal's lists show it, every text ready to print."""

    url: str
    title: str
    lead: str  # at most 40 words
    iso: str  # publication time, ISO 8601 in the local time zone
    day: str  # dd/mm/yyyy
    block: str
    comments: str  # "3 reader comments", or "" when there is none
    photo_url: str = ""
    photo_width: int | None = None
    photo_height: int | None = None


#: What a card reads of a post (the body and the search texts are long and not shown).
CARD_FIELDS = ("pk", "title", "slug", "lead", "published_at", "block__name")


def card_rows(posts: QuerySet[Post]) -> QuerySet[Any]:
    """What a card shows of these posts, as plain values, for `post_cards`."""
    return posts.values(*CARD_FIELDS)


def _urls(name: str, sample: int | str) -> Callable[[int | str], str]:
    """Addresses of one URL pattern with one argument, reversed once: `reverse` takes longer than
    the rest of a list's line (the argument must not occur elsewhere in the address)."""
    pattern = reverse(name, args=[sample])
    return lambda value: pattern.replace(str(sample), str(value))


def post_cards(rows: Iterable[dict[str, Any]]) -> list[PostCard]:
    """The cards of these posts (`card_rows`), in this order, with their number of approved
    comments and the first photo of each (two plain queries: a count per post in the posts'
    query would be compiled and run as a correlated subquery, which costs more than the page)."""
    rows = list(rows)
    ids = [row["pk"] for row in rows]
    comments = dict(
        Comment.objects.filter(post__in=ids, status=CommentStatus.APPROVED)
        .order_by()
        .values_list("post")
        .annotate(n=Count("pk"))
    )
    first: dict[int, tuple[int, int | None, int | None]] = {}
    for pk, post_id, width, height in (
        Photo.objects.filter(post__in=ids)
        .order_by("-order", "-pk")
        .values_list("pk", "post_id", "width", "height")
    ):
        first[post_id] = (pk, width, height)  # the last one kept is the first in the posts' order
    article, photo_url = _urls("news:article", "slug-0123456789"), _urls("news:photo", 1234567)
    cards = []
    for row in rows:
        published = row["published_at"]
        local = timezone.localtime(published) if published else None
        n = comments.get(row["pk"], 0)
        cover = first.get(row["pk"])
        cards.append(
            PostCard(
                url=article(row["slug"]),
                title=row["title"],
                lead=Truncator(row["lead"]).words(40, truncate=" …"),
                iso=local.isoformat() if local else "",
                day=local.strftime("%d/%m/%Y") if local else "",
                block=row["block__name"] or "",
                comments=ngettext("%(n)s reader comment", "%(n)s reader comments", n) % {"n": n}
                if n
                else "",
                photo_url=photo_url(cover[0]) if cover else "",
                photo_width=cover[1] if cover else None,
                photo_height=cover[2] if cover else None,
            )
        )
    return cards


def page_cards(posts: QuerySet[Post], page: Page[Any]) -> list[PostCard]:
    """The cards of one page of these posts (`page` counts `posts` alone, without the cards'
    join)."""
    if not page.paginator.count:
        return []
    return post_cards(card_rows(posts)[page.start_index() - 1 : page.end_index()])


@dataclass(frozen=True)
class SideLine:
    """A post in a side list: its title and day."""

    pk: int
    url: str
    title: str
    day: str  # dd/mm/yyyy


def side_lines(posts: QuerySet[Post], limit: int = SIDE) -> list[SideLine]:
    """The first `limit` of these posts as side-list lines (one query)."""
    article = _urls("news:article", "slug-0123456789")
    return [
        SideLine(pk, article(slug), title, timezone.localtime(published).strftime("%d/%m/%Y"))
        for pk, title, slug, published in posts.values_list("pk", "title", "slug", "published_at")[
            :limit
        ]
    ]


def featured_lines() -> list[SideLine]:
    return side_lines(newest_posts().filter(featured=True))


def dont_miss_lines(*, exclude: int | None = None) -> list[SideLine]:
    posts = newest_posts().filter(dont_miss=True)
    if exclude is not None:
        posts = posts.exclude(pk=exclude)
    return side_lines(posts)


@dataclass(frozen=True)
class BlockLine:
    url: str
    name: str
    meta: str  # "15 members · 2025"


def home() -> dict[str, Any]:
    """The portal's home: featured and latest posts as cards, the posts not to miss, and the
    active blocks with their number of members (six small queries, texts prepared here)."""
    newest = newest_posts()
    lead = list(card_rows(newest.filter(featured=True))[:SIDE])
    shown = {row["pk"] for row in lead}
    latest = [row for row in card_rows(newest)[: LATEST + SIDE] if row["pk"] not in shown]
    cards = post_cards(lead + latest[:LATEST])
    return {
        "featured": cards[: len(lead)],
        "latest": cards[len(lead) :],
        "dont_miss": dont_miss_lines(),
        "blocks": block_lines(),
    }


def block_lines() -> list[BlockLine]:
    """Active blocks with the number of members of their latest year on record (one query: two
    correlated subqueries per block read the (block, year) index; grouping every membership by
    block and year costs more)."""
    latest = Membership.objects.filter(block=OuterRef("pk")).order_by("-year").values("year")[:1]
    members = (
        Membership.objects.filter(block=OuterRef("pk"), year=OuterRef("year"))
        .order_by()
        .values("block")
        .annotate(n=Count("pk"))
        .values("n")
    )
    blocks = (
        Block.objects.filter(is_active=True)
        .order_by("name")
        .annotate(year=Subquery(latest))
        .annotate(n=Coalesce(Subquery(members), 0))
        .values_list("pk", "name", "year", "n")
    )
    url = _urls("news:block_detail", 1234567)
    said: dict[int, str] = {}  # the same few numbers recur: each is translated once
    lines = []
    for pk, name, year, n in blocks:
        if n not in said:
            said[n] = ngettext("%(n)s member", "%(n)s members", n) % {"n": n}
        meta = said[n]
        lines.append(BlockLine(url(pk), name, f"{meta} · {year}" if year else meta))
    return lines


def related_cards(post: Post, limit: int = 4) -> list[PostCard]:
    """The author's choice first, then recent published posts of the same block."""
    others = newest_posts().exclude(pk=post.pk)
    rows = list(card_rows(others.filter(pk__in=post.related.values("pk")))[:limit])
    if len(rows) < limit and post.block_id is not None:
        more = others.filter(block_id=post.block_id).exclude(pk__in=[row["pk"] for row in rows])
        rows += list(card_rows(more)[: limit - len(rows)])
    return post_cards(rows)


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
        return newest_posts().none()
    return _match(newest_posts(), q)


def search_organisations(q: str, limit: int = 30) -> list[Organisation]:
    if not q.strip():
        return []
    return list(_match(Organisation.objects.all(), q).order_by("name")[:limit])
