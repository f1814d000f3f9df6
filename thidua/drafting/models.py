"""The block's documents (regulation, plan, covenant…), their versions and clause-by-clause
comments with the head's answers.

A version is immutable once saved: its articles live in `content` (a JSON list) and its SHA-256
is computed over the canonical form of that content, so a signature or a comment always points
to exactly the text it concerns.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DocumentKind(models.TextChoices):
    REGULATION = "regulation", _("Regulation (QC)")
    PLAN = "plan", _("Plan (KH)")
    COVENANT = "covenant", _("Emulation covenant")
    REGISTRATION = "registration", _("Emulation registration")
    MINUTES = "minutes", _("Minutes (BB)")
    PROPOSAL = "proposal", _("Proposal (TTr)")
    REPORT = "report", _("Achievement report (BC)")
    DECISION = "decision", _("Decision (QĐ)")


class Document(models.Model):
    cycle = models.ForeignKey(
        "cycles.Cycle", on_delete=models.PROTECT, related_name="documents", verbose_name=_("cycle")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    title = models.CharField(pgettext_lazy("document", "title"), max_length=300)
    # The year of the cycle whose text this document was started from: its years and dates
    # that look stale are marked for review (stale_years.py).
    copied_from_year = models.PositiveSmallIntegerField(
        _("copied from the year"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["cycle", "kind"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "kind"],
                name="one_document_per_kind_per_cycle",
                condition=models.Q(kind__in=["regulation", "plan", "covenant"]),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class DocumentVersion(models.Model):
    """One saved state of a document. `content` is a list of articles:
    [{"key": "a1", "number": "Điều 1", "heading": "...", "body": "<p>…</p>"}, …]
    (body: sanitised HTML limited to what Word keeps: p, ul/ol/li, strong/em, table)."""

    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, related_name="versions", verbose_name=_("document")
    )
    number = models.PositiveIntegerField(pgettext_lazy("revision", "version"))
    title = models.CharField(pgettext_lazy("document", "title"), max_length=300)
    preamble = models.TextField(_("preamble"), blank=True)
    content = models.JSONField(_("articles"), default=list)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    note = models.CharField(_("what changed"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)
    # Frozen for signing: no further version may replace it until its signing ends.
    frozen_at = models.DateTimeField(_("frozen for signing"), null=True, blank=True)

    class Meta:
        ordering = ["document", "-number"]
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="unique_version_number"),
        ]

    def __str__(self) -> str:
        return f"{self.document} — v{self.number}"


class StaleYearReview(models.Model):
    """The head checked a year or date that looked stale in a copied text and kept it. Keyed by
    the mark (stale_years.Mark.key), so the review holds for the next versions while the words
    around the year stay the same."""

    document = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        related_name="stale_year_reviews",
        verbose_name=_("document"),
    )
    key = models.CharField(_("mark"), max_length=80)
    text = models.CharField(_("year or date"), max_length=80)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), auto_now_add=True)

    class Meta:
        ordering = ["document", "reviewed_at"]
        verbose_name = _("review of a stale year")
        verbose_name_plural = _("reviews of stale years")
        constraints = [
            models.UniqueConstraint(fields=["document", "key"], name="one_review_per_stale_year"),
        ]

    def __str__(self) -> str:
        return f"{self.document} — {self.text}"


class CommentWindow(models.Model):
    """The head asks the members for comments on one version until a deadline."""

    version = models.ForeignKey(
        DocumentVersion,
        on_delete=models.PROTECT,
        related_name="comment_windows",
        verbose_name=pgettext_lazy("revision", "version"),
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("opened by"),
    )
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    deadline = models.DateTimeField(_("deadline"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    # The cycle's phase when the window was last opened, closed or reopened: a closed window may
    # be reopened only while the cycle is still in that phase ("" for windows before this field).
    phase = models.CharField(_("phase"), max_length=20, blank=True)

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("comment window")
        verbose_name_plural = _("comment windows")

    def __str__(self) -> str:
        return f"{self.version} → {self.deadline:%d/%m/%Y}"


class AnswerStatus(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    PARTLY = "partly", _("Partly accepted")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")


class Comment(models.Model):
    """A member unit's comment on one article (or, with an empty key, the whole document)."""

    window = models.ForeignKey(
        CommentWindow,
        on_delete=models.PROTECT,
        related_name="comments",
        verbose_name=_("comment window"),
    )
    article_key = models.CharField(_("article"), max_length=40, blank=True)
    unit = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.PROTECT,
        related_name="comments",
        verbose_name=_("unit"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="comments",
        verbose_name=_("author"),
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    answer_status = models.CharField(
        _("answer"), max_length=14, choices=AnswerStatus.choices, blank=True
    )
    answer_reason = models.TextField(_("reason"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    # The version that took the answer into account, once the head issues it.
    resolved_in = models.ForeignKey(
        DocumentVersion,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="resolved_comments",
        verbose_name=_("resolved in"),
    )

    class Meta:
        ordering = ["window", "created_at"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return f"{self.unit}: {self.text[:40]}"
