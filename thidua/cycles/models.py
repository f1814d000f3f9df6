"""The yearly cycle of a block, its phase and its policy (the configurable rules of SPEC §4)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AwardType(models.Model):
    """A title a block may propose (data per province, never a constant in code)."""

    class Beneficiary(models.TextChoices):
        COLLECTIVE = "collective", _("Collective")
        INDIVIDUAL = "individual", _("Individual")
        BOTH = "both", _("Collective or individual")

    province = models.ForeignKey(
        "orgs.Province",
        on_delete=models.PROTECT,
        related_name="award_types",
        verbose_name=_("province"),
    )
    code = models.SlugField(_("code"), max_length=30)
    name = models.CharField(pgettext_lazy("entity", "name"), max_length=200)
    beneficiary = models.CharField(
        _("for"), max_length=12, choices=Beneficiary.choices, default=Beneficiary.COLLECTIVE
    )
    decided_by = models.CharField(_("decided by"), max_length=200, blank=True)
    is_flag = models.BooleanField(
        _("leading unit only"),
        default=False,
        help_text=_("The title goes only to the leading unit(s) of the block's ranking."),
    )
    default_quota = models.PositiveSmallIntegerField(_("default quota per block"), default=1)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["province", "order", "name"]
        verbose_name = _("award type")
        verbose_name_plural = _("award types")
        constraints = [
            models.UniqueConstraint(fields=["province", "code"], name="unique_award_code"),
        ]

    def __str__(self) -> str:
        return self.name


class ScoreMethod(models.TextChoices):
    MEAN = "mean", _("Mean of cross-scores")
    TRIMMED_MEAN = "trimmed_mean", _("Trimmed mean (drop highest and lowest scorer)")
    HEAD = "head", _("Head's consolidated score")


class ScorerMode(models.TextChoices):
    ALL_OTHERS = "all_others", _("Every other member unit")
    ASSIGNED = "assigned", _("Assigned scorers")
    HEAD = "head", _("The head unit alone")


class VoteBase(models.TextChoices):
    ALL_MEMBERS = "all", _("All member units")
    PRESENT = "present", _("Member units present")


class TieBreak(models.TextChoices):
    GROUP_ONE = "group_one", _("Higher score on group I")
    BONUS = "bonus", _("More bonus points")
    BALLOT = "ballot", _("Decided by ballot")


DEFAULT_TIE_BREAKS = [TieBreak.GROUP_ONE.value, TieBreak.BONUS.value, TieBreak.BALLOT.value]


def default_tie_breaks() -> list[str]:
    return list(DEFAULT_TIE_BREAKS)


class Policy(models.Model):
    """Rules for a cycle. A province keeps one template (cycle empty); each cycle gets a copy.

    Fractions are kept as integer pairs so that 2/3 stays exactly 2/3.
    """

    province = models.ForeignKey(
        "orgs.Province",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="policies",
        verbose_name=_("province"),
    )
    quorum_numerator = models.PositiveSmallIntegerField(_("quorum numerator"), default=2)
    quorum_denominator = models.PositiveSmallIntegerField(_("quorum denominator"), default=3)
    vote_threshold_numerator = models.PositiveSmallIntegerField(_("threshold numerator"), default=1)
    vote_threshold_denominator = models.PositiveSmallIntegerField(
        _("threshold denominator"), default=2
    )
    vote_threshold_strict = models.BooleanField(
        _("strictly more than the threshold"),
        default=True,
        help_text=_(
            "Checked: more than the fraction (e.g. more than 50%). "
            "Unchecked: at least the fraction (e.g. at least 2/3)."
        ),
    )
    vote_base = models.CharField(
        _("threshold base"), max_length=10, choices=VoteBase.choices, default=VoteBase.ALL_MEMBERS
    )
    allow_written_vote = models.BooleanField(_("absent units may vote in writing"), default=False)
    scorer_mode = models.CharField(
        _("who cross-scores"),
        max_length=12,
        choices=ScorerMode.choices,
        default=ScorerMode.ALL_OTHERS,
    )
    scorers_per_unit = models.PositiveSmallIntegerField(
        _("scorers per unit (assigned mode)"), default=3
    )
    score_method = models.CharField(
        _("final score"), max_length=14, choices=ScoreMethod.choices, default=ScoreMethod.MEAN
    )
    tie_breaks = models.JSONField(_("tie-break rules, in order"), default=default_tie_breaks)
    one_award_per_title_per_year = models.BooleanField(
        _("at most one award per title per year"), default=True
    )

    class Meta:
        verbose_name = _("policy")
        verbose_name_plural = _("policies")

    def __str__(self) -> str:
        return f"{_('Policy')} #{self.pk}"


class PolicyQuota(models.Model):
    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="quotas")
    award_type = models.ForeignKey(
        AwardType, on_delete=models.PROTECT, related_name="+", verbose_name=_("award type")
    )
    quota = models.PositiveSmallIntegerField(_("quota"))

    class Meta:
        ordering = ["award_type__order"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "award_type"], name="one_quota_per_award"),
        ]

    def __str__(self) -> str:
        return f"{self.award_type}: {self.quota}"


class Phase(models.TextChoices):
    """The phases of SPEC §3, in order."""

    PREPARING = "preparing", _("Preparing")
    DRAFTING = "drafting", _("Drafting")
    SIGNING = "signing", _("Signing")
    IN_PROGRESS = "in_progress", _("In progress")
    SELF_ASSESSMENT = "self_assessment", _("Self-assessment")
    CROSS_SCORING = "cross_scoring", _("Cross-scoring")
    RESULTS_PUBLISHED = "results_published", _("Results published")
    EVALUATION = "evaluation", _("Evaluation")
    PROPOSED = "proposed", _("Proposed")
    DECIDED = "decided", _("Decided")
    CLOSED = "closed", _("Closed")


PHASE_ORDER: list[str] = [p.value for p in Phase]


class Cycle(models.Model):
    """One block's emulation year."""

    block = models.ForeignKey(
        "orgs.Block", on_delete=models.PROTECT, related_name="cycles", verbose_name=_("block")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    head_unit = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.PROTECT,
        related_name="cycles_headed",
        verbose_name=_("head unit"),
    )
    deputy_unit = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.PROTECT,
        related_name="cycles_deputised",
        verbose_name=_("deputy unit"),
    )
    phase = models.CharField(
        _("phase"), max_length=20, choices=Phase.choices, default=Phase.PREPARING
    )
    policy = models.OneToOneField(
        Policy, on_delete=models.PROTECT, related_name="cycle", verbose_name=_("policy")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-year", "block__name"]
        verbose_name = _("cycle")
        verbose_name_plural = _("cycles")
        constraints = [
            models.UniqueConstraint(fields=["block", "year"], name="one_cycle_per_block_year"),
            models.CheckConstraint(
                condition=~models.Q(head_unit=models.F("deputy_unit")), name="head_is_not_deputy"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.block} — {self.year}"

    @property
    def phase_index(self) -> int:
        return PHASE_ORDER.index(self.phase)
