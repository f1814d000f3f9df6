"""Criteria tables, score sheets, evidence and the trail of changes (SPEC §3, phases 5–6).

Shape of the data
-----------------
- ``CriteriaTable``: one per cycle. ``frozen_at`` is set by the first self-assessment write
  (``services.freeze_table``); once set, or once the cycle reaches self-assessment, the tree is
  read-only.
- ``CriteriaNode``: a tree (``parent`` null at the top), ordered by ``order`` among siblings.
  ``kind`` GROUP nodes hold children and their maximum is the sum of their children (kept in
  ``max_points`` by the services after every change). Leaves have one of the scored kinds:

  ============  =======================================  ===========================================
  kind          what a ScoreLine.value holds              score
  ============  =======================================  ===========================================
  qualitative   the score itself                          0..max_points
  pass_fail     1 (met) or 0 (not met)                    max_points or 0
  quantitative  the actual value achieved                 ``formula``: proportional (capped at max)
                                                          or banded (see compute.banded_score)
                                                          against the unit's target
  count         the number of things counted              value × points_per_unit, capped at
                                                          ``cap`` (= max_points when empty)
  bonus         bonus points                              0..cap, added on top of the table total
  penalty       penalty points (entered positive)         0..cap, subtracted
  ============  =======================================  ===========================================

  ``CriteriaNode.compute_kind`` gives the kind name used by ``compute`` (the formula for a
  quantitative item). Bonus and penalty items count neither in the table's total nor in their
  group's sum; their ``cap`` is their maximum.

- Targets of quantitative items are per unit. The unit registers its target in its
  self-assessment: ``ScoreLine.target`` on the *self* sheet. When left empty the node's common
  ``target`` applies. ``effective target = self line target or node target``; a target of zero is
  refused. Cross-scorers check the actual value; they never change the target.
- ``ScoreSheet``: one per (cycle, scored unit, scorer unit, kind). ``kind`` SELF has no scorer
  (the unit about itself), CROSS has a scorer unit other than the scored one (database check and
  service check), HEAD is the head unit's consolidated sheet (scorer = head unit). ``version``
  increases on every save: forms carry it and a stale save is refused (optimistic concurrency).
- ``ScoreLine``: one per (sheet, leaf node). ``Evidence`` files hang on self-assessment lines.
- ``ScoreChange``: every change of a line after its sheet was submitted (old, new, who, when,
  mandatory reason). Reopening a sheet is audited too.
- ``ScorerAssignment``: who scores whom in the "assigned" scorer mode.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CriteriaTable(models.Model):
    cycle = models.OneToOneField(
        "cycles.Cycle",
        on_delete=models.CASCADE,
        related_name="criteria_table",
        verbose_name=_("cycle"),
    )
    frozen_at = models.DateTimeField(_("frozen at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("criteria table")
        verbose_name_plural = _("criteria tables")

    def __str__(self) -> str:
        return f"{_('Criteria table')} {self.cycle}"

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None


class NodeKind(models.TextChoices):
    GROUP = "group", _("Group")
    QUALITATIVE = "qualitative", _("Qualitative (0 to maximum)")
    PASS_FAIL = "pass_fail", _("Pass / fail")
    QUANTITATIVE = "quantitative", _("Quantitative (actual against target)")
    COUNT = "count", _("Count × points")
    BONUS = "bonus", _("Bonus points")
    PENALTY = "penalty", _("Penalty points")


class Formula(models.TextChoices):
    PROPORTIONAL = "proportional", _("Proportional, capped at the maximum")
    BANDED = "banded", _("Banded (half at target, maximum for the block's best)")


#: Kinds whose points are outside the table's total.
EXTRA_KINDS = (NodeKind.BONUS, NodeKind.PENALTY)


class CriteriaNode(models.Model):
    table = models.ForeignKey(
        CriteriaTable, on_delete=models.CASCADE, related_name="nodes", verbose_name=_("table")
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
        verbose_name=_("parent group"),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    code = models.CharField(_("code"), max_length=20, help_text=_("For example I, 1 or 1.2."))
    title = models.CharField(pgettext_lazy("criterion", "title"), max_length=500)
    guidance = models.TextField(_("guidance"), blank=True)
    required_evidence = models.TextField(_("required evidence"), blank=True)
    kind = models.CharField(_("kind"), max_length=14, choices=NodeKind.choices)
    max_points = models.DecimalField(
        _("maximum points"), max_digits=8, decimal_places=2, default=Decimal(0)
    )
    formula = models.CharField(
        _("formula"), max_length=14, choices=Formula.choices, blank=True, default=""
    )
    target = models.DecimalField(
        _("common target"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Used when a unit registers no target of its own."),
    )
    unit_label = models.CharField(_("unit of measure"), max_length=50, blank=True)
    points_per_unit = models.DecimalField(
        _("points per unit"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    cap = models.DecimalField(_("cap"), max_digits=8, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["table", "parent_id", "order", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_points__gte=0), name="criteria_max_not_negative"
            ),
            models.CheckConstraint(condition=~models.Q(target=0), name="criteria_target_not_zero"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def is_group(self) -> bool:
        return self.kind == NodeKind.GROUP

    @property
    def is_extra(self) -> bool:
        """Bonus or penalty: outside the table's total."""
        return self.kind in EXTRA_KINDS

    @property
    def limit(self) -> Decimal:
        """The most a value may score: the cap for bonus/penalty/count, else the maximum."""
        if self.kind in (*EXTRA_KINDS, NodeKind.COUNT) and self.cap is not None:
            return self.cap
        return self.max_points

    @property
    def compute_kind(self) -> str:
        """The kind name of ``compute`` (the formula for quantitative items)."""
        if self.kind == NodeKind.QUANTITATIVE:
            return self.formula or Formula.PROPORTIONAL
        return str(self.kind)


class SheetKind(models.TextChoices):
    SELF = "self", _("Self-assessment")
    CROSS = "cross", _("Cross-scoring")
    HEAD = "head", _("Head's consolidated sheet")


class SheetStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    REOPENED = "reopened", _("Reopened")


class ScoreSheet(models.Model):
    cycle = models.ForeignKey(
        "cycles.Cycle",
        on_delete=models.CASCADE,
        related_name="score_sheets",
        verbose_name=_("cycle"),
    )
    unit = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.PROTECT,
        related_name="score_sheets_about",
        verbose_name=_("unit scored"),
    )
    scorer = models.ForeignKey(
        "orgs.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="score_sheets_by",
        verbose_name=_("scoring unit"),
    )
    kind = models.CharField(_("kind"), max_length=6, choices=SheetKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=SheetStatus.choices, default=SheetStatus.DRAFT
    )
    version = models.PositiveIntegerField(pgettext_lazy("revision", "version"), default=1)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("submitted by"),
    )

    class Meta:
        ordering = ["cycle", "unit__name", "kind", "scorer__name"]
        verbose_name = _("score sheet")
        verbose_name_plural = _("score sheets")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "unit", "kind"],
                condition=models.Q(kind="self"),
                name="one_self_sheet_per_unit",
            ),
            models.UniqueConstraint(
                fields=["cycle", "unit", "scorer", "kind"],
                condition=~models.Q(kind="self"),
                name="one_sheet_per_scorer_and_unit",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="self", scorer__isnull=True)
                | models.Q(kind__in=["cross", "head"], scorer__isnull=False),
                name="sheet_scorer_matches_kind",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="cross", scorer=models.F("unit")),
                name="cross_sheet_not_own_unit",
            ),
        ]

    def __str__(self) -> str:
        if self.kind == SheetKind.SELF:
            return f"{self.get_kind_display()}: {self.unit}"
        return f"{self.get_kind_display()}: {self.scorer} → {self.unit}"

    @property
    def is_submitted(self) -> bool:
        return self.status == SheetStatus.SUBMITTED


class ScoreLine(models.Model):
    sheet = models.ForeignKey(
        ScoreSheet, on_delete=models.CASCADE, related_name="lines", verbose_name=_("sheet")
    )
    node = models.ForeignKey(
        CriteriaNode, on_delete=models.CASCADE, related_name="lines", verbose_name=_("criterion")
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(
        _("registered target"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    explanation = models.TextField(_("explanation"), blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["sheet", "node__order"]
        verbose_name = _("score line")
        verbose_name_plural = _("score lines")
        constraints = [
            models.UniqueConstraint(fields=["sheet", "node"], name="one_line_per_sheet_node"),
            models.CheckConstraint(condition=~models.Q(target=0), name="line_target_not_zero"),
        ]

    def __str__(self) -> str:
        return f"{self.sheet} / {self.node.code}"


class Evidence(models.Model):
    line = models.ForeignKey(
        ScoreLine, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("line")
    )
    file = models.FileField(_("file"), upload_to="scoring/evidence/%Y/")
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(pgettext_lazy("file", "content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["line", "uploaded_at", "pk"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.original_name


class ScoreChange(models.Model):
    """A change of a line after its sheet was submitted (kept forever, shown as history)."""

    line = models.ForeignKey(
        ScoreLine, on_delete=models.CASCADE, related_name="changes", verbose_name=_("line")
    )
    old_value = models.DecimalField(
        _("old value"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    new_value = models.DecimalField(
        _("new value"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    changed_at = models.DateTimeField(_("when"), auto_now_add=True)
    reason = models.TextField(_("reason"))

    class Meta:
        ordering = ["line", "-changed_at", "-pk"]
        verbose_name = _("score change")
        verbose_name_plural = _("score changes")

    def __str__(self) -> str:
        return f"{self.line}: {self.old_value} → {self.new_value}"


class ScorerAssignment(models.Model):
    """In the "assigned" scorer mode: the scorer unit scores the scored unit."""

    cycle = models.ForeignKey(
        "cycles.Cycle",
        on_delete=models.CASCADE,
        related_name="scorer_assignments",
        verbose_name=_("cycle"),
    )
    scorer = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("scorer")
    )
    scored = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("scored")
    )

    class Meta:
        ordering = ["cycle", "scored__name", "scorer__name"]
        verbose_name = _("scorer assignment")
        verbose_name_plural = _("scorer assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "scorer", "scored"], name="one_assignment_per_pair"
            ),
            models.CheckConstraint(
                condition=~models.Q(scorer=models.F("scored")), name="assignment_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scorer} → {self.scored}"


class PublishedRanking(models.Model):
    """The ranking as the head published it: a locked snapshot (used by ranking_services).

    ``entries`` is a list of dicts, one per unit, in rank order (unit id, name, self score, final
    score, rank, …); ``corrections`` lists the Board's later corrections (who, when, what, why).
    """

    cycle = models.OneToOneField(
        "cycles.Cycle",
        on_delete=models.CASCADE,
        related_name="published_ranking",
        verbose_name=_("cycle"),
    )
    method = models.CharField(_("final score"), max_length=14)
    tie_breaks = models.JSONField(_("tie-break rules, in order"), default=list)
    entries = models.JSONField(_("ranking"), default=list)
    corrections = models.JSONField(_("corrections"), default=list)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("published by"),
    )
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)
    corrected_at = models.DateTimeField(_("corrected at"), null=True, blank=True)

    class Meta:
        verbose_name = _("published ranking")
        verbose_name_plural = _("published rankings")

    def __str__(self) -> str:
        return f"{_('Ranking')} {self.cycle}"
