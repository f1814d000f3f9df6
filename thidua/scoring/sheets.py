"""Rows of a score sheet page: the criteria tree with each item's inputs, values and history."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from thidua.scoring import selectors, services
from thidua.scoring.models import (
    CriteriaNode,
    CriteriaTable,
    Evidence,
    NodeKind,
    ScoreChange,
    ScoreLine,
    ScoreSheet,
)


@dataclass
class Row:
    node: CriteriaNode
    depth: int
    value: Any = ""
    target: Any = ""
    explanation: str = ""
    note: str = ""
    self_value: Decimal | None = None
    self_target: Decimal | None = None
    self_explanation: str = ""
    evidence: list[Evidence] = field(default_factory=list)
    history: list[ScoreChange] = field(default_factory=list)
    error: str = ""
    error_field: str = ""  # the input the error is about: value, target or evidence

    @property
    def is_group(self) -> bool:
        return self.node.kind == NodeKind.GROUP

    def _shown(self, value: Any) -> str:
        if value in (None, ""):
            return "—"
        try:
            number = Decimal(str(value))
        except InvalidOperation:  # what was typed and refused, shown back as typed
            return str(value)
        if not number.is_finite() or not -10 < number.adjusted() < 15:  # no million-digit text
            return str(value)
        if self.node.kind == NodeKind.PASS_FAIL:
            return str(_("Met") if number == 1 else _("Not met"))
        return format(number.normalize(), "f")

    @property
    def value_shown(self) -> str:
        return self._shown(self.value)

    @property
    def self_value_shown(self) -> str:
        return self._shown(self.self_value)

    @property
    def value_name(self) -> str:
        return services.value_field(self.node.pk)

    @property
    def target_name(self) -> str:
        return services.target_field(self.node.pk)

    @property
    def evidence_name(self) -> str:
        return f"evidence_{self.node.pk}"

    @property
    def indent(self) -> str:
        return ("", "ps-3", "ps-5", "ps-5")[min(self.depth, 3)]


def _lines(sheet: ScoreSheet | None) -> dict[int, ScoreLine]:
    if sheet is None:
        return {}
    # Unordered: the model's ordering goes through the sheet's own, which joins five tables.
    return {line.node_id: line for line in sheet.lines.order_by()}


def sheet_rows(
    table: CriteriaTable | None,
    sheet: ScoreSheet | None,
    *,
    self_sheet: ScoreSheet | None = None,
    posted: Any = None,
) -> list[Row]:
    """One row per node. `posted` (a QueryDict) refills the inputs after a refused save."""
    if table is None:
        return []
    lines = _lines(sheet)
    own = _lines(self_sheet)
    evidence_of: dict[int, list[Evidence]] = defaultdict(list)
    source = self_sheet or sheet
    if source is not None:
        for ev in (
            Evidence.objects.filter(line__sheet=source)
            .select_related("line")
            .order_by("uploaded_at", "pk")
        ):
            evidence_of[ev.line.node_id].append(ev)
    history_of: dict[int, list[ScoreChange]] = defaultdict(list)
    if sheet is not None:
        for change in (
            ScoreChange.objects.filter(line__sheet=sheet)
            .select_related("line", "changed_by")
            .order_by("-changed_at", "-pk")
        ):
            history_of[change.line.node_id].append(change)
    rows = []
    for depth, node in selectors.tree_rows(table):
        line = lines.get(node.pk)
        row = Row(node=node, depth=depth)
        if line is not None:
            row.value = "" if line.value is None else format(line.value.normalize(), "f")
            row.target = "" if line.target is None else format(line.target.normalize(), "f")
            row.explanation, row.note = line.explanation, line.note
        if posted is not None:
            row.value = posted.get(row.value_name, row.value)
            row.target = posted.get(row.target_name, row.target)
            row.explanation = posted.get(f"explanation_{node.pk}", row.explanation)
            row.note = posted.get(f"note_{node.pk}", row.note)
        mine = own.get(node.pk)
        if mine is not None:
            row.self_value, row.self_target = mine.value, mine.target
            row.self_explanation = mine.explanation
        row.evidence = evidence_of.get(node.pk, [])
        row.history = history_of.get(node.pk, [])
        rows.append(row)
    return rows
