"""The block's joint activities (hoạt động chung): seminars, experience exchanges, visits, the
mid-year review — with their host unit, participating units, photos and a short report.

Each unit's participation is counted per cycle (selectors.participation) and may be written into
a count item of the criteria table as the unit's self-assessment value (services.feed_criteria).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityKind(models.TextChoices):
    SEMINAR = "seminar", _("Seminar")
    EXCHANGE = "exchange", _("Experience exchange")
    VISIT = "visit", _("Visit")
    MID_YEAR = "mid_year", _("Mid-year review")
    OTHER = "other", _("Other activity")


class Activity(models.Model):
    cycle = models.ForeignKey(
        "cycles.Cycle", on_delete=models.PROTECT, related_name="activities", verbose_name=_("cycle")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ActivityKind.choices)
    title = models.CharField(
        _("title or theme"),
        max_length=300,
        help_text=_("For example “Vì người nghèo – Không để ai bỏ lại phía sau”."),
    )
    host_unit = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.PROTECT,
        related_name="activities_hosted",
        verbose_name=_("host unit"),
    )
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=300)
    report = models.TextField(_("short report"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["cycle", "date", "pk"]
        verbose_name = _("joint activity")
        verbose_name_plural = _("joint activities")
        indexes = [models.Index(fields=["cycle", "date"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title} ({self.date:%d/%m/%Y})"


class Participation(models.Model):
    """A member unit's place in an activity; `present` says whether it took part."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="participations")
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    present = models.BooleanField(_("took part"), default=True)

    class Meta:
        ordering = ["activity", "organisation__name"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "organisation"], name="one_participation_per_unit"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.activity}"


class Photo(models.Model):
    """A web-ready photo (checked, upright, resized, without metadata) with its caption."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("photo"), upload_to="activities/%Y/")
    content_type = models.CharField(max_length=30)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    caption = models.CharField(_("caption"), max_length=300)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["activity", "uploaded_at", "pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return self.caption
