"""News posts (tin hoạt động) of the blocks and the Board, their photos and readers' comments.

A post is written as a draft, published by a person (never automatically), and may be
unpublished later; only published posts reach the public portal. Readers' comments are held
until a moderator of the post's block approves them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PostStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("news", "Draft")
    PUBLISHED = "published", _("Published")
    UNPUBLISHED = "unpublished", _("Unpublished")


class Post(models.Model):
    title = models.CharField(pgettext_lazy("news", "title"), max_length=250)
    slug = models.SlugField(_("address"), max_length=120, unique=True)
    lead = models.TextField(_("lead"), max_length=1000)
    # Sanitised HTML (thidua.drafting.sanitize.clean_html), safe to render as is.
    body = models.TextField(_("body"))
    byline = models.CharField(_("byline"), max_length=150, blank=True)
    tags = models.CharField(
        _("tags"), max_length=300, blank=True, help_text=_("Separated by commas.")
    )
    # None: a province-wide post of the Board.
    block = models.ForeignKey(
        "orgs.Block",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="posts",
        verbose_name=_("block"),
    )
    related = models.ManyToManyField(
        "self", symmetrical=False, blank=True, verbose_name=_("related posts")
    )
    featured = models.BooleanField(_("featured"), default=False)
    dont_miss = models.BooleanField(_("don't miss"), default=False)
    status = models.CharField(
        _("status"), max_length=12, choices=PostStatus.choices, default=PostStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # Where a draft prepared from facts came from ("meeting:12"), for the record.
    source = models.CharField(_("prepared from"), max_length=60, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("news", "author"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    search_exact = models.CharField(max_length=2000, blank=True, editable=False)
    search_folded = models.CharField(max_length=2000, blank=True, editable=False)

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("news post")
        verbose_name_plural = _("news posts")
        indexes = [models.Index(fields=["status", "-published_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == PostStatus.PUBLISHED

    @property
    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.tags.split(",") if t.strip()]


class ShownPhotos(models.Manager["Photo"]):
    """Photos still on their post; removed ones are kept for the record, never shown."""

    def get_queryset(self) -> models.QuerySet[Photo]:
        return super().get_queryset().filter(removed_at__isnull=True)


class Photo(models.Model):
    """A web-ready copy of an uploaded photo (re-encoded: no EXIF, no GPS position)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("photo"), upload_to="news/%Y/")
    content_type = models.CharField(max_length=40)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    caption = models.CharField(_("caption"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    all_objects = models.Manager()
    # The default manager, which post.photos uses too.
    objects = ShownPhotos()

    class Meta:
        default_manager_name = "objects"
        ordering = ["post", "order", "pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return self.caption


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting moderation")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class Comment(models.Model):
    """A reader's comment. The e-mail address is for the moderators only, never shown."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    name = models.CharField(pgettext_lazy("person", "name"), max_length=100)
    email = models.EmailField(_("e-mail"))
    text = models.TextField(pgettext_lazy("news", "comment"), max_length=3000)
    status = models.CharField(
        _("status"), max_length=10, choices=CommentStatus.choices, default=CommentStatus.PENDING
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)

    class Meta:
        ordering = ["post", "created_at", "pk"]
        verbose_name = pgettext_lazy("news", "comment")
        verbose_name_plural = pgettext_lazy("news", "comments")
        indexes = [models.Index(fields=["post", "status"])]

    def __str__(self) -> str:
        return f"{self.name} — {self.post}"
