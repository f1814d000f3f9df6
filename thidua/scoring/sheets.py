"""Rows of a score sheet page: the criteria tree with each item's inputs, values and history."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.cycles.models import Cycle
from thidua.lib.numbers import localizer
from thidua.scoring import selectors, services
from thidua.scoring.models import (
    CriteriaNode,
    Evidence,
    Formula,
    NodeKind,
    ScoreChange,
    ScoreLine,
    ScoreSheet,
)

#: The hidden label of a value input, by the node's kind (read by screen readers).
_VALUE_LABELS = {
    NodeKind.PASS_FAIL: gettext_lazy("Met or not met:"),
    NodeKind.QUANTITATIVE: gettext_lazy("Actual value:"),
    NodeKind.COUNT: gettext_lazy("Number counted:"),
    "": gettext_lazy("Points:"),
}
_INDENTS = ("", "ps-3", "ps-5", "ps-5")


@dataclass(frozen=True)
class _Words:
    """The words of the rows in the active language, translated once per page, not per row."""

    value_labels: dict[str, str]
    formulas: dict[str, str]
    per_unit: str
    met: str
    not_met: str

    @classmethod
    def translated(cls) -> _Words:
        return cls(
            value_labels={kind: str(label) for kind, label in _VALUE_LABELS.items()},
            formulas={value: str(label) for value, label in Formula.choices},
            per_unit=_("%(p)s per unit"),
            met=_("Met"),
            not_met=_("Not met"),
        )


@dataclass
class Row:
    """One node of the sheet with everything its row shows prepared as plain text: the page
    loops over these without includes or lookups through the node (issue 16)."""

    node: CriteriaNode
    depth: int
    value: Any = ""
    target: Any = ""
    explanation: str = ""
    note: str = ""
    self_value: Decimal | None = None
    self_target: Decimal | None = None
    self_explanation: str = ""
    evidence: list[EvidenceFile] = field(default_factory=list)
    history: list[Change] = field(default_factory=list)
    error: str = ""
    error_field: str = ""  # the input the error is about: value, target or evidence
    # Prepared from the node once (see `prepare`).
    pk: int = 0
    code: str = ""
    title: str = ""
    kind: str = ""
    is_group: bool = False
    is_pass_fail: bool = False
    is_quantitative: bool = False
    indent: str = ""
    max_points: str = ""
    limit: str = ""  # the maximum as the sheet shows it: "−2" for a penalty, "+1" for a bonus
    limit_note: str = ""  # points per counted unit, or the formula
    unit_label: str = ""
    required_evidence: str = ""
    value_label: str = ""
    value_name: str = ""
    target_name: str = ""
    evidence_name: str = ""
    note_name: str = ""
    explanation_name: str = ""
    item: str = ""  # "code title", for the hidden labels of the inputs
    target_placeholder: str = ""
    target_shown: str = ""
    value_shown: str = ""
    self_value_shown: str = ""
    self_target_shown: str = ""

    @property
    def value_invalid(self) -> bool:
        return self.error_field == self.value_name

    @property
    def target_invalid(self) -> bool:
        return self.error_field == self.target_name

    @property
    def evidence_invalid(self) -> bool:
        return self.error_field == self.evidence_name

    def _shown(self, value: Any, words: _Words, localize: Callable[[object], str]) -> str:
        if value in (None, ""):
            return "—"
        try:
            number = Decimal(str(value))
        except InvalidOperation:  # what was typed and refused, shown back as typed
            return str(value)
        if not number.is_finite() or not -10 < number.adjusted() < 15:  # no million-digit text
            return str(value)
        if self.kind == NodeKind.PASS_FAIL:
            return words.met if number == 1 else words.not_met
        return localize(number.normalize())  # 26,5 in Vietnamese, as the page's other figures

    def prepare(self, localize: Callable[[object], str], words: _Words) -> None:
        """Fill the shown fields from the node and the values (after any refill); `localize`
        writes a number as the page would."""
        node = self.node
        self.pk, self.code, self.title, self.kind = node.pk, node.code, node.title, node.kind
        self.is_group = node.kind == NodeKind.GROUP
        self.is_pass_fail = node.kind == NodeKind.PASS_FAIL
        self.is_quantitative = node.kind == NodeKind.QUANTITATIVE
        self.indent = _INDENTS[min(self.depth, 3)]
        self.max_points = localize(node.max_points)
        sign = {NodeKind.PENALTY.value: "−", NodeKind.BONUS.value: "+"}.get(node.kind, "")
        self.limit = sign + self.max_points
        if node.kind == NodeKind.COUNT:
            self.limit_note = words.per_unit % {"p": localize(node.points_per_unit)}
        elif node.kind == NodeKind.QUANTITATIVE:
            # As get_formula_display would, without building the choices again for each row.
            self.limit_note = words.formulas.get(node.formula, node.formula)
        self.unit_label, self.required_evidence = node.unit_label, node.required_evidence
        self.value_label = words.value_labels.get(node.kind, words.value_labels[""])
        self.value_name = services.value_field(node.pk)
        self.target_name = services.target_field(node.pk)
        self.evidence_name = f"evidence_{node.pk}"
        self.note_name, self.explanation_name = f"note_{node.pk}", f"explanation_{node.pk}"
        self.item = f"{node.code} {node.title}"
        common = "" if node.target is None else localize(node.target.normalize())
        self.target_placeholder = common
        # The unit's registered target, else the common one, written as the page's other
        # figures ("1500,5" in Vietnamese), never as stored or typed ("1500.50").
        typed = self.target not in (None, "")
        self.target_shown = self._shown(self.target, words, localize) if typed else common or "—"
        self.value_shown = self._shown(self.value, words, localize)
        self.self_value_shown = self._shown(self.self_value, words, localize)
        self.self_target_shown = (
            "" if not self.self_target else self._shown(self.self_target, words, localize)
        )


@dataclass(frozen=True)
class _Line:
    value: Decimal | None
    target: Decimal | None
    explanation: str
    note: str


@dataclass(frozen=True)
class EvidenceFile:
    """An evidence file as its row lists it (a link to the file, its name and size)."""

    pk: int
    original_name: str
    size: int


@dataclass(frozen=True)
class Change:
    """A change of a submitted line, as its row's history shows it."""

    old_value: Decimal | None
    new_value: Decimal | None
    changed_by_name: str
    changed_at: datetime
    reason: str


def _lines(*sheets: ScoreSheet | None) -> dict[int, dict[int, _Line]]:
    """The lines of each sheet (by sheet id, then node id), read in one query."""
    ids = [sheet.pk for sheet in sheets if sheet is not None]
    by_sheet: dict[int, dict[int, _Line]] = {pk: {} for pk in ids}
    if not ids:
        return by_sheet
    # Unordered: the model's ordering goes through the sheet's own, which joins five tables.
    # Plain values: the page needs four fields, not model objects.
    fields = ("sheet_id", "node_id", "value", "target", "explanation", "note")
    for sheet_id, node_id, *rest in (
        ScoreLine.objects.filter(sheet_id__in=ids).order_by().values_list(*fields)
    ):
        by_sheet[sheet_id][node_id] = _Line(*rest)
    return by_sheet


def _evidence(sheet: ScoreSheet) -> dict[int, list[EvidenceFile]]:
    evidence_of: dict[int, list[EvidenceFile]] = defaultdict(list)
    for node_id, pk, name, size in (
        Evidence.objects.filter(line__sheet=sheet)
        .order_by("uploaded_at", "pk")
        .values_list("line__node_id", "pk", "original_name", "size")
    ):
        evidence_of[node_id].append(EvidenceFile(pk, name, size))
    return evidence_of


def _history(sheet: ScoreSheet) -> dict[int, list[Change]]:
    history_of: dict[int, list[Change]] = defaultdict(list)
    fields = ("old_value", "new_value", "changed_by__full_name", "changed_at", "reason")
    for node_id, *rest in (
        ScoreChange.objects.filter(line__sheet=sheet)
        .order_by("-changed_at", "-pk")
        .values_list("line__node_id", *fields)
    ):
        history_of[node_id].append(Change(*rest))
    return history_of


def sheet_rows(
    cycle: Cycle,
    sheet: ScoreSheet | None,
    *,
    self_sheet: ScoreSheet | None = None,
    posted: Any = None,
) -> list[Row]:
    """One row per node of the cycle's criteria table (none without one). `posted` (a QueryDict)
    refills the inputs after a refused save."""
    tree = selectors.cycle_tree_rows(cycle)
    if not tree:
        return []
    lines_of = _lines(sheet, self_sheet)
    lines = lines_of.get(sheet.pk, {}) if sheet else {}
    own = lines_of.get(self_sheet.pk, {}) if self_sheet else {}
    # Evidence and history hang on lines: a sheet without lines has neither.
    source = self_sheet or sheet
    evidence_of = _evidence(source) if source is not None and lines_of[source.pk] else {}
    history_of = _history(sheet) if sheet is not None and lines else {}
    text, words = localizer(), _Words.translated()
    rows = []
    for depth, node in tree:
        line = lines.get(node.pk)
        row = Row(node=node, depth=depth)
        if line is not None:
            row.value = "" if line.value is None else format(line.value.normalize(), "f")
            row.target = "" if line.target is None else format(line.target.normalize(), "f")
            row.explanation, row.note = line.explanation, line.note
        if posted is not None:
            row.value = posted.get(services.value_field(node.pk), row.value)
            row.target = posted.get(services.target_field(node.pk), row.target)
            row.explanation = posted.get(f"explanation_{node.pk}", row.explanation)
            row.note = posted.get(f"note_{node.pk}", row.note)
        mine = own.get(node.pk)
        if mine is not None:
            row.self_value, row.self_target = mine.value, mine.target
            row.self_explanation = mine.explanation
        row.evidence = evidence_of.get(node.pk, [])
        row.history = history_of.get(node.pk, [])
        row.prepare(text, words)
        rows.append(row)
    return rows
