"""News's part of the cycle archive (thidua/core/contributions.py): the year's published posts."""

from __future__ import annotations

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from thidua.core.audit import register_blocks
from thidua.core.audit_log import audit_objects, board_only, describe, objects
from thidua.news import export
from thidua.news.models import Comment, Post
from thidua.reports.archive import ArchivePart, archive_parts

archive_parts.add(
    ArchivePart(apps.get_app_config("news").verbose_name, export.files),
    key="news",
    order=80,
)


# --- the audit log (thidua/core/audit_log.py) ---

audit_objects.add(objects(Post.objects.all(), url=board_only("news:post_detail")), key="news.post")
audit_objects.add(
    objects(
        Comment.objects.select_related("post"),
        name=lambda c: c.name,
        url=board_only("news:post_detail", lambda c: c.post_id),
        values=lambda c: {"post": c.post.title},
    ),
    key="news.comment",
)

describe(
    "news",
    _("News and public comments"),
    {
        "news.post.create": _("%(actor)s wrote the news post %(object)s"),
        "news.post.update": _("%(actor)s changed the news post %(object)s"),
        "news.post.publish": _("%(actor)s published the news post %(object)s"),
        "news.post.unpublish": _("%(actor)s withdrew the news post %(object)s"),
        "news.photo.add": _("%(actor)s added a photo to the news post %(object)s"),
        "news.photo.remove": _("%(actor)s removed a photo from the news post %(object)s"),
        "news.comment.submit": _("%(object)s sent a comment on the news post %(post)s"),
        "news.comment.approve": _("%(actor)s approved the comment of %(object)s on %(post)s"),
        "news.comment.reject": _("%(actor)s rejected the comment of %(object)s on %(post)s"),
    },
    order=85,
)


# The audit chain of the block each of these models is in (thidua/core/audit.py).
register_blocks(
    {
        "news.post": "block",
        "news.comment": "post__block",
        "news.photo": "post__block",
    }
)
