"""Who may write, publish and moderate news posts, and what the public may read.

- Board officers write, publish and moderate any post, province-wide (no block) or a block's.
- The people (representatives and leaders) of the head unit of a block's open cycle write,
  publish and moderate that block's posts.
- Everyone else, signed in or not, reads published posts and approved comments only: a draft
  or unpublished post answers 404 as if it did not exist.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from thidua.cycles.access import UNIT_ROLES
from thidua.cycles.models import Cycle, Phase
from thidua.news.models import Comment, Photo, Post, PostStatus
from thidua.orgs.models import Block


def authored_block_ids(user: Any) -> set[int]:
    """Blocks whose posts the person writes as one of the head unit's people."""
    if (
        not user.is_authenticated
        or not user.is_active
        or user.organisation_id is None
        or user.role not in UNIT_ROLES
    ):
        return set()
    return set(
        Cycle.objects.filter(head_unit_id=user.organisation_id)
        .exclude(phase=Phase.CLOSED)
        .values_list("block_id", flat=True)
    )


def is_board(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_board)


def is_author(user: Any) -> bool:
    return bool(user.is_authenticated and (user.is_board or authored_block_ids(user)))


def writes_block_news(user: Any, block_id: int) -> bool:
    """Whether the person writes the news of this block (links to drafts from its records)."""
    if not user.is_authenticated:
        return False
    return bool(user.is_board or block_id in authored_block_ids(user))


def writable_blocks(user: Any) -> QuerySet[Block]:
    if user.is_authenticated and user.is_board:
        return Block.objects.filter(is_active=True).select_related("province")
    return Block.objects.filter(pk__in=authored_block_ids(user)).select_related("province")


def can_edit(user: Any, post: Post) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_board:
        return True
    return post.block_id is not None and post.block_id in authored_block_ids(user)


def editable_posts(user: Any) -> QuerySet[Post]:
    posts = Post.objects.all()
    if user.is_authenticated and user.is_board:
        return posts
    return posts.filter(block_id__in=authored_block_ids(user))


def require_author(user: Any) -> None:
    if not is_author(user):
        raise PermissionDenied


def get_post_to_edit(user: Any, pk: int) -> Post:
    """The post if the person may edit it; 404 otherwise (drafts must not be discovered)."""
    post = Post.objects.select_related("block", "author").filter(pk=pk).first()
    if post is None or not can_edit(user, post):
        raise Http404
    return post


def get_photo_to_edit(user: Any, pk: int) -> Photo:
    photo = Photo.objects.select_related("post").filter(pk=pk).first()
    if photo is None or not can_edit(user, photo.post):
        raise Http404
    return photo


def moderated_comments(user: Any) -> QuerySet[Comment]:
    """Comments on the posts the person moderates (the same people who edit them)."""
    return Comment.objects.filter(post__in=editable_posts(user))


def get_comment_to_moderate(user: Any, pk: int) -> Comment:
    comment = Comment.objects.select_related("post").filter(pk=pk).first()
    if comment is None or not can_edit(user, comment.post):
        raise Http404
    return comment


# --- the public portal -----------------------------------------------------------------------


def public_posts() -> QuerySet[Post]:
    return Post.objects.filter(status=PostStatus.PUBLISHED, published_at__isnull=False)


def get_public_post(slug: str) -> Post:
    post = public_posts().select_related("block").filter(slug=slug).first()
    if post is None:
        raise Http404
    return post


def get_photo_to_view(user: Any, pk: int) -> Photo:
    """A published post's photo for anyone; a draft's photo for the people who edit it."""
    photo = Photo.objects.select_related("post").filter(pk=pk).first()
    if photo is None:
        raise Http404
    if not (photo.post.is_published or can_edit(user, photo.post)):
        raise Http404
    return photo
