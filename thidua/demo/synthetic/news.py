"""News posts of the synthetic province: about 2,000 published posts of the blocks (five a year
per block at full scale) and a few province-wide posts of the Board, one or two photos each,
related posts, readers' comments (approved, rejected and some awaiting moderation), and a few
drafts that never reach the portal.

Texts are built from parts (a topic per event of the block's year, the block, the year, the
head unit and its leader); fields derived from them (search keys, cleaned body and tags, the
address) come from the news services' own helpers; the topics are in `news_topics`. The photos
are a handful of drawings (`news_pictures`), each written once to the media folder: every photo
row points at one of those files.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from thidua.accounts.models import User
from thidua.cycles.models import Cycle
from thidua.demo.synthetic import audit, names, news_pictures, orgs
from thidua.demo.synthetic.base import Context, at, bulk, through
from thidua.demo.synthetic.cycles import reached
from thidua.demo.synthetic.news_topics import (
    BOARD_TOPICS,
    CAPTIONS,
    DRAFT_TOPICS,
    READER_COMMENTS,
    TOPICS,
    Topic,
)
from thidua.news import services
from thidua.news.models import Comment, CommentStatus, Photo, Post, PostStatus
from thidua.news.services import PostValues

MARK = audit.SYNTHETIC_MARK
FULL_SCALE_POSTS = 2000
MAX_PER_CYCLE = 5
DRAFT_BLOCKS = 3  # block drafts in the current year (plus one of the Board)
COMMENT_SHARE = 0.35
NOTE = f"<p><em>({MARK}: tin và ảnh minh hoạ được tạo tự động cho việc đo hiệu năng.)</em></p>"


def per_cycle(ctx: Context) -> int:
    """Five posts per block and year at full scale, fewer in larger provinces (about 2,000 in
    all), never more than five for one block in one year."""
    cfg = ctx.config
    return max(1, min(MAX_PER_CYCLE, round(FULL_SCALE_POSTS / (cfg.blocks * cfg.years))))


@dataclass
class Spec:
    topic: Topic
    block_name: str
    block_id: int | None
    author: User
    when: dt.datetime | None
    status: str
    values: PostValues
    cycle: Cycle | None = None


def build(ctx: Context) -> None:
    events: list[dict[str, Any]] = []
    with ctx.step("news posts, photos and related posts") as n:
        pictures = news_pictures.prepare_all()
        specs = _block_posts(ctx) + _board_posts(ctx)
        specs.sort(key=lambda s: (s.when, s.block_name, s.topic.key))
        specs += _drafts(ctx)
        drafted = at(dt.date(ctx.config.last_year, 12, 1), 9)
        posts = bulk(Post, _posts(specs, drafted), n)
        photos: list[Photo] = []
        for post, spec in zip(posts, specs, strict=True):
            rng = ctx.rng("news-photos", post.slug)
            count = 1 if spec.status != PostStatus.PUBLISHED else rng.choice([1, 1, 2])
            for order in range(1, count + 1):
                picture = pictures[
                    spec.topic.picture if order == 1 else rng.choice(sorted(pictures))
                ]
                caption = rng.choice(CAPTIONS[picture.kind])
                photos.append(
                    Photo(
                        post=post,
                        image=picture.name,
                        content_type=picture.image.content_type,
                        width=picture.image.width,
                        height=picture.image.height,
                        caption=f"{caption} ({MARK}: ảnh vẽ).",
                        order=order,
                        added_by=spec.author,
                    )
                )
        bulk(Photo, photos, n)
        pairs = _related(ctx, posts, specs)
        through(Post.related, pairs, n, "from_post", "to_post")
        published = sum(1 for s in specs if s.status == PostStatus.PUBLISHED)
        audit.append(
            events,
            actor=ctx.actor,
            action="news.post.bulk_create",
            object_type="news.post",
            object_label=f"{published} tin đã đăng",
            when=at(dt.date(ctx.config.last_year, 12, 1), 18),
            after={
                "published": published,
                "drafts": len(posts) - published,
                "photos": len(photos),
                "related": len(pairs),
                "note": MARK,
            },
        )
        audit.flush(events)
    with ctx.step("readers' comments") as n:
        comments = bulk(Comment, _comments(ctx, posts, specs), n)
        audit.append(
            events,
            actor=ctx.actor,
            action="news.comment.bulk_create",
            object_type="news.comment",
            object_label=f"{len(comments)} ý kiến bạn đọc",
            when=at(dt.date(ctx.config.last_year, 12, 1), 18, 5),
            after={
                "comments": len(comments),
                "approved": sum(1 for c in comments if c.status == CommentStatus.APPROVED),
                "pending": sum(1 for c in comments if c.status == CommentStatus.PENDING),
                "note": MARK,
            },
        )
        audit.flush(events)


# --- posts -----------------------------------------------------------------------------------


def _fill(template: str, **parts: Any) -> str:
    return template.format(**parts)


def _day(year: int, topic: Topic, rng: random.Random) -> dt.datetime:
    offset, month, first, last = topic.when
    day = dt.date(year + offset, month, rng.randint(first, last))
    return at(day, rng.randint(8, 17), rng.choice([0, 10, 15, 20, 30, 40, 45, 50]))


def _values(ctx: Context, topic: Topic, rng: random.Random, **parts: Any) -> PostValues:
    body = "".join(f"<p>{_fill(p, **parts)}</p>" for p in topic.body) + NOTE
    return PostValues(
        title=_fill(topic.title, **parts),
        lead=_fill(topic.lead, **parts),
        body=body,
        byline=parts.get("byline", ""),
        tags=f"{parts['block']}, {topic.tag}, {parts['year']}",
        featured=topic.milestone and rng.random() < 0.15,
        dont_miss=not topic.milestone and rng.random() < 0.08,
    )


def _block_posts(ctx: Context) -> list[Spec]:
    count = per_cycle(ctx)
    specs = []
    for cycle in ctx.cycles:
        rng = ctx.rng("news", cycle.block.name, cycle.year)
        available = [t for t in TOPICS if reached(cycle, t.phase)]
        chosen = rng.sample(available, min(count, len(available)))
        head = ctx.people[cycle.head_unit_id]
        for topic in chosen:
            when = _day(cycle.year, topic, rng)
            parts = {
                "block": cycle.block.name,
                "year": cycle.year,
                "head": ctx.name_on(cycle.head_unit_id, when.date()),
                "chair": head.leader.full_name,
                "day": f"{when.day}/{when.month}/{when.year}",
                "count": len(ctx.members(cycle)),
                "byline": f"{head.representative.full_name} ({MARK})",
            }
            specs.append(
                Spec(
                    topic=topic,
                    block_name=cycle.block.name,
                    block_id=cycle.block_id,
                    author=head.representative,
                    when=when,
                    status=PostStatus.PUBLISHED,
                    values=_values(ctx, topic, rng, **parts),
                    cycle=cycle,
                )
            )
    return specs


def _board_posts(ctx: Context) -> list[Spec]:
    specs = []
    for year in ctx.config.year_list:
        rng = ctx.rng("news-board", year)
        for k, topic in enumerate(BOARD_TOPICS):
            when = _day(year, topic, rng)
            author = ctx.board[k % len(ctx.board)]
            parts = {"block": "Ban Thi đua – Khen thưởng tỉnh", "year": year}
            specs.append(
                Spec(
                    topic=topic,
                    block_name="",
                    block_id=None,
                    author=author,
                    when=when,
                    status=PostStatus.PUBLISHED,
                    values=_values(ctx, topic, rng, byline=f"{author.full_name} ({MARK})", **parts),
                )
            )
    return specs


def _drafts(ctx: Context) -> list[Spec]:
    """Posts being written: never published, never on the portal."""
    year = ctx.config.last_year
    rng = ctx.rng("news-drafts")
    current = [c for c in ctx.cycles if c.year == year][:DRAFT_BLOCKS]
    block_topic, board_topic = DRAFT_TOPICS
    specs = [
        Spec(
            topic=block_topic,
            block_name=c.block.name,
            block_id=c.block_id,
            author=ctx.people[c.head_unit_id].representative,
            when=None,
            status=PostStatus.DRAFT,
            values=_values(ctx, block_topic, rng, block=c.block.name, year=year),
            cycle=c,
        )
        for c in current
    ]
    specs.append(
        Spec(
            topic=board_topic,
            block_name="",
            block_id=None,
            author=ctx.actor,
            when=None,
            status=PostStatus.DRAFT,
            values=_values(
                ctx, board_topic, rng, block="Ban Thi đua – Khen thưởng tỉnh", year=year
            ),
        )
    )
    return specs


def _posts(specs: list[Spec], draft_time: dt.datetime) -> list[Post]:
    out: list[Post] = []
    taken: set[str] = set()
    for spec in specs:
        post = Post(
            block_id=spec.block_id,
            author=spec.author,
            status=spec.status,
            published_at=spec.when,
            created_at=(spec.when - dt.timedelta(hours=2)) if spec.when else draft_time,
            updated_at=spec.when or draft_time,
        )
        # The news services' own rules: cleaned text and tags, search keys, the address.
        services.apply_values(post, spec.values)
        post.slug = services.unique_slug(post.title)
        k = 1
        while post.slug in taken:  # titles cut to the same address (never at full scale)
            k += 1
            post.slug = services.unique_slug(f"{post.title} {k}")
        taken.add(post.slug)
        out.append(post)
    return out


def _related(ctx: Context, posts: list[Post], specs: list[Spec]) -> list[tuple[int, int]]:
    """Each published post points at up to two earlier published posts of its block (the
    Board's at its previous post)."""
    pairs: list[tuple[int, int]] = []
    earlier: dict[int | None, list[int]] = {}
    for post, spec in zip(posts, specs, strict=True):
        if spec.status != PostStatus.PUBLISHED:
            continue
        previous = earlier.setdefault(spec.block_id, [])
        if previous:
            rng = ctx.rng("news-related", post.slug)
            count = 1 if spec.block_id is None else rng.choice([0, 1, 2, 2])
            pairs.extend((post.pk, other) for other in previous[-count:] if count)
        previous.append(post.pk)
    return pairs


# --- comments --------------------------------------------------------------------------------


def _comments(ctx: Context, posts: list[Post], specs: list[Spec]) -> list[Comment]:
    """Readers' comments on about a third of the published posts: mostly approved by the
    author, some rejected; the last one on a current-year post still awaits moderation (and
    the first current-year post always has one of each)."""
    out: list[Comment] = []
    last_year = ctx.config.last_year
    first_current = True
    reader = 0
    for post, spec in zip(posts, specs, strict=True):
        if spec.status != PostStatus.PUBLISHED or spec.when is None:
            continue
        rng = ctx.rng("news-comments", post.slug)
        current = spec.when.year == last_year and spec.block_id is not None
        if current and first_current:
            count, first_current = 2, False
        elif rng.random() < COMMENT_SHARE:
            count = rng.randint(1, 3)
        else:
            continue
        for k in range(count):
            reader += 1
            sent = spec.when + dt.timedelta(hours=3 + 5 * k, minutes=rng.randint(0, 59))
            if current and k == count - 1:
                status = CommentStatus.PENDING
            else:
                status = CommentStatus.REJECTED if rng.random() < 0.08 else CommentStatus.APPROVED
            moderated = status != CommentStatus.PENDING
            out.append(
                Comment(
                    post=post,
                    name=f"{names.person(rng)} ({MARK})",
                    email=f"ban.doc.{reader}@{orgs.EMAIL_DOMAIN}",
                    text=rng.choice(READER_COMMENTS),
                    status=status,
                    created_at=sent,
                    moderated_by=spec.author if moderated else None,
                    moderated_at=sent + dt.timedelta(hours=20) if moderated else None,
                )
            )
    return out
