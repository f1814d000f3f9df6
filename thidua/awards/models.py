"""Proposals to the Board (hồ sơ đề nghị khen thưởng), its decisions and the award history.

A proposal is one title of one cycle: draft → submitted → returned (with a reason) / accepted →
decided. Its nominees come from the ballots that passed (``voting``); a decision grants or refuses
each nominee, and every grant becomes an ``Award`` in the organisation's history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ProposalStatus(models.TextChoices):
    # With a context: other apps translate "Draft" or "Accepted" differently (a comment
    # "accepted" is not a dossier "accepted"), and the first catalogue found would win.
    DRAFT = "draft", pgettext_lazy("proposal", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("proposal", "Submitted")
    RETURNED = "returned", pgettext_lazy("proposal", "Returned")
    ACCEPTED = "accepted", pgettext_lazy("proposal", "Accepted")
    DECIDED = "decided", pgettext_lazy("proposal", "Decided")


class Proposal(models.Model):
    cycle = models.ForeignKey(
        "cycles.Cycle", on_delete=models.PROTECT, related_name="proposals", verbose_name=_("cycle")
    )
    award_type = models.ForeignKey(
        "cycles.AwardType", on_delete=models.PROTECT, related_name="+", verbose_name=_("title")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT
    )
    # The tờ trình's number and symbol (…/TTr-KTĐ8), place and date, and signer.
    number = models.CharField(_("number and symbol"), max_length=60, blank=True)
    place = models.CharField(pgettext_lazy("decision", "place"), max_length=100, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    signer_name = models.CharField(_("signer"), max_length=150, blank=True)
    signer_position = models.CharField(_("signer's position"), max_length=200, blank=True)
    # Free text of the tờ trình: results of the block's year and the grounds of the proposal.
    summary = models.TextField(_("results of the year"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    class Meta:
        ordering = ["cycle", "award_type__order", "pk"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "award_type"], name="one_proposal_per_title"),
        ]

    def __str__(self) -> str:
        return f"{self.award_type} — {self.cycle}"


class Nominee(models.Model):
    """A unit proposed for the title, with its achievement report (báo cáo thành tích, Form 02):
    written in the product (``report`` sections) or uploaded (``report_file``)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="nominees")
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    # The organisation's name when proposed (issued records keep the names of their time).
    name = models.CharField(pgettext_lazy("entity", "name"), max_length=255)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    score = models.CharField(_("final score"), max_length=20, blank=True)
    agree = models.PositiveSmallIntegerField(_("agree votes"), null=True, blank=True)
    report = models.JSONField(_("achievement report"), default=dict, blank=True)
    report_file = models.FileField(
        _("achievement report (file)"), upload_to="awards/reports/%Y/", blank=True
    )
    report_updated_at = models.DateTimeField(_("report updated"), null=True, blank=True)
    report_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Set by the decision: granted or not, and why not.
    granted = models.BooleanField(_("granted"), null=True, blank=True)
    refusal_reason = models.CharField(_("reason not granted"), max_length=500, blank=True)

    class Meta:
        ordering = ["proposal", "order", "pk"]
        verbose_name = _("nominee")
        verbose_name_plural = _("nominees")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "organisation"], name="one_nomination_per_proposal"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} — {self.proposal}"

    @property
    def score_display(self) -> str:
        """The final score as Vietnamese write it (decimal comma)."""
        return self.score.replace(".", ",")


class ProposalEvent(models.Model):
    """The proposal's history as its people see it: submitted, returned (why), accepted, decided."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", pgettext_lazy("proposal", "Submitted")
        RETURNED = "returned", pgettext_lazy("proposal", "Returned")
        ACCEPTED = "accepted", pgettext_lazy("proposal", "Accepted")
        DECIDED = "decided", pgettext_lazy("proposal", "Decision recorded")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    reason = models.TextField(_("reason"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["proposal", "at", "pk"]
        verbose_name = _("proposal event")
        verbose_name_plural = _("proposal events")

    def __str__(self) -> str:
        return f"{self.get_action_display()} — {self.proposal}"


class Decision(models.Model):
    """The decision (quyết định khen thưởng) on one accepted proposal."""

    proposal = models.OneToOneField(
        Proposal, on_delete=models.PROTECT, related_name="decision", verbose_name=_("proposal")
    )
    number = models.CharField(_("number and symbol"), max_length=60)
    date = models.DateField(_("date"))
    signer_name = models.CharField(_("signer"), max_length=150)
    signer_position = models.CharField(_("signer's position"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return f"{self.number} ({self.date:%d/%m/%Y})"


class Award(models.Model):
    """One title granted to one organisation for one year: its award history."""

    organisation = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.PROTECT,
        related_name="awards",
        verbose_name=_("organisation"),
    )
    award_type = models.ForeignKey(
        "cycles.AwardType", on_delete=models.PROTECT, related_name="+", verbose_name=_("title")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    # The organisation's name when the award was issued.
    name = models.CharField(_("name when awarded"), max_length=255)
    decision = models.ForeignKey(
        Decision,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="awards",
        verbose_name=_("decision"),
    )
    cycle = models.ForeignKey(
        "cycles.Cycle",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="awards",
        verbose_name=_("cycle"),
    )

    class Meta:
        ordering = ["-year", "award_type__order", "name"]
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "award_type", "year"], name="one_award_per_title_year"
            ),
        ]
        indexes = [models.Index(fields=["year", "award_type"])]

    def __str__(self) -> str:
        return f"{self.award_type} {self.year} — {self.name}"
