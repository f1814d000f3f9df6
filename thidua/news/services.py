"""Every write about news posts, their photos and readers' comments: one transaction, an audit
event, and notifications once the transaction commits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from thidua.accounts.models import User
from thidua.core import audit
from thidua.core.errors import DomainError
from thidua.core.types import Actor
from thidua.drafting.sanitize import clean_html
from thidua.lib.images import WebImage
from thidua.lib.text import fold, nfc, search_keys
from thidua.news.models import Comment, CommentStatus, Photo, Post, PostStatus
from thidua.notifications.services import notify
from thidua.orgs.models import Block

SLUG_MAX = 100


@dataclass(frozen=True)
class PostValues:
    title: str
    lead: str
    body: str
    byline: str = ""
    tags: str = ""
    featured: bool = False
    dont_miss: bool = False


def unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    """An ASCII address from the title without diacritics ("Khối thi đua 8" -> "khoi-thi-dua-8")."""
    base = slugify(fold(title))[:SLUG_MAX].strip("-") or "tin"
    others = Post.objects.filter(slug__startswith=base)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    taken = set(others.values_list("slug", flat=True))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base[: SLUG_MAX - 6]}-{n}"
    return slug


def clean_tags(tags: str) -> str:
    seen: list[str] = []
    for tag in nfc(tags).split(","):
        tag = tag.strip()
        if tag and tag.casefold() not in {t.casefold() for t in seen}:
            seen.append(tag)
    return ", ".join(seen)


def apply_values(post: Post, values: PostValues) -> None:
    post.title = nfc(values.title)
    post.lead = nfc(values.lead)
    post.body = clean_html(values.body)
    post.byline = nfc(values.byline)
    post.tags = clean_tags(values.tags)
    post.featured = values.featured
    post.dont_miss = values.dont_miss
    post.search_exact, post.search_folded = search_keys(
        post.title, post.lead, post.tags, post.byline
    )
    post.search_exact, post.search_folded = post.search_exact[:2000], post.search_folded[:2000]


def _state(post: Post) -> dict[str, Any]:
    return {
        "title": post.title,
        "slug": post.slug,
        "lead": post.lead,
        "body": post.body,
        "byline": post.byline,
        "tags": post.tags,
        "block": post.block_id,
        "featured": post.featured,
        "dont_miss": post.dont_miss,
        "status": post.status,
        "related": sorted(post.related.values_list("pk", flat=True)) if post.pk else [],
    }


def _check(values: PostValues) -> None:
    if not nfc(values.title):
        raise DomainError(_("A post needs a title."), field="title")
    if not clean_html(values.body):
        raise DomainError(_("A post needs a body."), field="body")


def _check_related(post: Post, related: Iterable[Post]) -> list[Post]:
    chosen = [p for p in related if p.pk != post.pk]
    if any(p.status != PostStatus.PUBLISHED for p in chosen):
        raise DomainError(_("Only published posts can be related."), field="related")
    return chosen


def create_post(
    *,
    actor: User,
    values: PostValues,
    block: Block | None,
    related: Iterable[Post] = (),
    source: str = "",
) -> Post:
    with transaction.atomic():
        _check(values)
        if block is None and not actor.is_board:
            raise DomainError(_("Only the Board writes province-wide posts."), field="block")
        post = Post(block=block, author=actor, source=source)
        apply_values(post, values)
        post.slug = unique_slug(post.title)
        post.save()
        post.related.set(_check_related(post, related))
        audit.record(actor=actor, action="news.post.create", obj=post, after=_state(post))
    return post


def update_post(
    *,
    actor: User,
    post: Post,
    values: PostValues,
    block: Block | None,
    related: Iterable[Post] = (),
) -> Post:
    with transaction.atomic():
        post = Post.objects.select_for_update().get(pk=post.pk)
        _check(values)
        if block is None and not actor.is_board:
            raise DomainError(_("Only the Board writes province-wide posts."), field="block")
        before = _state(post)
        apply_values(post, values)
        post.block = block
        if post.status == PostStatus.DRAFT:
            # The address follows the title until the post is first published.
            post.slug = unique_slug(post.title, exclude_pk=post.pk)
        post.save()
        post.related.set(_check_related(post, related))
        audit.record(
            actor=actor, action="news.post.update", obj=post, before=before, after=_state(post)
        )
    return post


def add_photo(*, actor: User | None, post: Post, image: WebImage, caption: str) -> Photo:
    caption = nfc(caption)
    if not caption:
        raise DomainError(
            _("Every photo needs a caption (it is read out to blind readers)."), field="caption"
        )
    with transaction.atomic():
        order = Photo.all_objects.filter(post=post).count() + 1
        photo = Photo(
            post=post,
            content_type=image.content_type,
            width=image.width,
            height=image.height,
            caption=caption,
            order=order,
            added_by=actor if getattr(actor, "pk", None) else None,
        )
        name = f"{post.slug[:60]}-{order}.{image.extension}"
        photo.image.save(name, ContentFile(image.content), save=False)
        photo.save()
        audit.record(
            actor=actor,
            action="news.photo.add",
            obj=post,
            after={"photo": photo.pk, "caption": caption, "size": [image.width, image.height]},
        )
    return photo


def remove_photo(*, actor: User | None, photo: Photo) -> None:
    with transaction.atomic():
        post = photo.post
        audit.record(
            actor=actor,
            action="news.photo.remove",
            obj=post,
            before={"photo": photo.pk, "caption": photo.caption},
        )
        # Nothing is deleted: the photo stays on record, the post no longer shows it.
        photo.removed_at = timezone.now()
        photo.removed_by = actor
        photo.save(update_fields=["removed_at", "removed_by"])


def publish_post(*, actor: Actor, post: Post, at: dt.datetime | None = None) -> Post:
    """Only a signed-in person publishes: a prepared draft is never published on its own."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise DomainError(_("A person must publish the post."))
    with transaction.atomic():
        post = Post.objects.select_for_update().get(pk=post.pk)
        if post.status == PostStatus.PUBLISHED:
            raise DomainError(_("The post is already published."))
        if not post.lead or not post.body:
            raise DomainError(_("Write the lead and the body before publishing."))
        before = {"status": post.status}
        post.status = PostStatus.PUBLISHED
        if post.published_at is None:
            post.published_at = at or timezone.now()
        post.save(update_fields=["status", "published_at", "updated_at"])
        audit.record(
            actor=actor,
            action="news.post.publish",
            obj=post,
            before=before,
            after={"status": post.status, "published_at": post.published_at.isoformat()},
        )
    return post


def unpublish_post(*, actor: Actor, post: Post) -> Post:
    with transaction.atomic():
        post = Post.objects.select_for_update().get(pk=post.pk)
        if post.status != PostStatus.PUBLISHED:
            raise DomainError(_("Only a published post can be unpublished."))
        post.status = PostStatus.UNPUBLISHED
        post.save(update_fields=["status", "updated_at"])
        audit.record(
            actor=actor,
            action="news.post.unpublish",
            obj=post,
            before={"status": PostStatus.PUBLISHED},
            after={"status": post.status},
        )
    return post


# --- readers' comments -----------------------------------------------------------------------


def moderators(post: Post) -> list[Any]:
    """The people who moderate the post's comments: its block's head unit people, or the Board
    for a province-wide post."""
    from thidua.accounts.models import Role, User
    from thidua.cycles.access import UNIT_ROLES
    from thidua.cycles.models import Cycle, Phase

    if post.block_id is None:
        return list(User.objects.filter(role=Role.BOARD_OFFICER, is_active=True))
    heads = Cycle.objects.filter(block_id=post.block_id).exclude(phase=Phase.CLOSED)
    return list(
        User.objects.filter(
            organisation_id__in=heads.values("head_unit_id"), role__in=UNIT_ROLES, is_active=True
        )
    )


def submit_comment(*, post: Post, name: str, email: str, text: str) -> Comment:
    """A reader's comment, held until a moderator approves it."""
    if post.status != PostStatus.PUBLISHED:
        raise DomainError(_("Comments are open on published posts only."))
    text = "\n".join(nfc(line) for line in text.splitlines()).strip()
    if not text.strip():
        raise DomainError(_("Write a comment."), field="text")
    with transaction.atomic():
        comment = Comment.objects.create(
            post=post, name=nfc(name), email=email.strip().lower(), text=text
        )
        audit.record(
            actor=None,
            action="news.comment.submit",
            obj=comment,
            after={"post": post.pk, "name": comment.name, "status": comment.status},
        )
        notify(
            recipients=moderators(post),
            kind="news.comment",
            subject=_("A reader's comment awaits moderation: %(title)s") % {"title": post.title},
            url=reverse("news:moderation"),
            email=False,
            dedupe_key=f"news.comment.{post.pk}.{comment.pk}",
        )
    return comment


def moderate_comment(*, actor: User | None, comment: Comment, approve: bool) -> Comment:
    with transaction.atomic():
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        if comment.status != CommentStatus.PENDING:
            raise DomainError(_("This comment has already been moderated."))
        comment.status = CommentStatus.APPROVED if approve else CommentStatus.REJECTED
        comment.moderated_by = actor
        comment.moderated_at = timezone.now()
        comment.save(update_fields=["status", "moderated_by", "moderated_at"])
        audit.record(
            actor=actor,
            action="news.comment.approve" if approve else "news.comment.reject",
            obj=comment,
            before={"status": CommentStatus.PENDING},
            after={"status": comment.status},
        )
    return comment


def draft_from_source(*, actor: User, source_key: str, pk: int) -> Post:
    """A draft post prepared from a record's facts, for the person to edit and publish."""
    from thidua.news.access import can_edit
    from thidua.news.drafts import SOURCES

    source = SOURCES.get(source_key)
    if source is None:
        raise DomainError(_("Unknown source of facts."))
    facts = source.facts(actor, pk)
    if not can_edit(actor, Post(block=facts.block)):
        raise DomainError(_("You do not write this block's news."))
    values = PostValues(title=facts.title, lead=facts.lead, body=facts.body(), tags=facts.tags)
    with transaction.atomic():
        post = create_post(
            actor=actor, values=values, block=facts.block, source=f"{source_key}:{pk}"
        )
        for photo in facts.photos:
            # The record's photos are already web-ready: the bytes are reused as they are.
            image = WebImage(
                content=photo.content,
                content_type=photo.content_type,
                extension=photo.extension,
                width=photo.width,
                height=photo.height,
            )
            add_photo(actor=actor, post=post, image=image, caption=photo.caption)
    return post
