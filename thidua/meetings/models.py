"""The block's conferences (launch, mid-year and year-end reviews) with their attendance and
speakers, and each member unit's emulation registration (titles aimed at and commitments)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MeetingKind(models.TextChoices):
    LAUNCH = "launch", _("Launch and covenant-signing conference")
    MID_YEAR = "mid_year", _("Mid-year review")
    YEAR_END = "year_end", _("Year-end review")


class Meeting(models.Model):
    cycle = models.ForeignKey(
        "cycles.Cycle", on_delete=models.PROTECT, related_name="meetings", verbose_name=_("cycle")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=MeetingKind.choices)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"))
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300)
    chair_name = models.CharField(_("chair"), max_length=150)
    chair_position = models.CharField(_("chair's position"), max_length=200, blank=True)
    chair_unit = models.CharField(_("chair's unit"), max_length=255, blank=True)
    secretary_name = models.CharField(_("secretary"), max_length=150)
    secretary_position = models.CharField(_("secretary's position"), max_length=200, blank=True)
    secretary_unit = models.CharField(_("secretary's unit"), max_length=255, blank=True)
    agenda = models.JSONField(_("agenda"), default=list)
    guests = models.TextField(_("guests"), blank=True)
    discussion = models.TextField(_("items discussed"), blank=True)
    conclusions = models.TextField(_("conclusions"), blank=True)
    documents = models.ManyToManyField(
        "drafting.DocumentVersion",
        blank=True,
        related_name="adopted_at",
        verbose_name=_("documents adopted"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["cycle", "date", "start_time"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.date:%d/%m/%Y}"


class Attendance(models.Model):
    """Whether a member unit was present, and who came for it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    present = models.BooleanField(_("present"), default=False)
    delegates = models.CharField(_("delegates"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "organisation"], name="one_attendance_per_unit"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.present}"


class Speaker(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="speakers")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(pgettext_lazy("person", "name"), max_length=150)
    position = models.CharField(_("position"), max_length=200, blank=True)
    unit = models.CharField(_("unit"), max_length=255, blank=True)
    summary = models.TextField(_("what was said"))

    class Meta:
        ordering = ["meeting", "order", "pk"]
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")

    def __str__(self) -> str:
        return self.name


class Registration(models.Model):
    """A member unit's emulation registration for the cycle's year (one per unit)."""

    cycle = models.ForeignKey(
        "cycles.Cycle",
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("cycle"),
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    awards = models.ManyToManyField(
        "cycles.AwardType", blank=True, related_name="+", verbose_name=_("titles aimed at")
    )
    commitments = models.JSONField(_("commitments"), default=list)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["cycle", "organisation__name"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "organisation"], name="one_registration_per_unit"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.cycle}"


class RegistrationClosure(models.Model):
    """The head closed registration for the cycle: units can no longer change theirs."""

    cycle = models.OneToOneField(
        "cycles.Cycle", on_delete=models.CASCADE, related_name="registration_closure"
    )
    closed_at = models.DateTimeField(_("closed"), auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.cycle}: {self.closed_at:%d/%m/%Y}"
