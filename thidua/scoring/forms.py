"""Forms of the scoring pages: a criteria item, and the per-item fields of a score sheet."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thidua.core.forms import StyledForm
from thidua.scoring.models import CriteriaNode, Formula, NodeKind
from thidua.scoring.services import LineInput, NodeInput, target_field, value_field


class NodeForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=NodeKind.choices)
    code = forms.CharField(label=_("Code"), max_length=20, help_text=_("For example I, 1 or 1.2."))
    title = forms.CharField(label=pgettext_lazy("criterion", "Title"), max_length=500)
    max_points = forms.DecimalField(
        label=_("Maximum points"),
        required=False,
        max_digits=8,
        decimal_places=2,
        help_text=_("Not for groups: a group's maximum is the sum of its items."),
    )
    formula = forms.ChoiceField(
        label=_("Formula (quantitative items)"),
        choices=[("", "—"), *Formula.choices],
        required=False,
    )
    target = forms.DecimalField(
        label=_("Common target (quantitative items)"),
        required=False,
        max_digits=14,
        decimal_places=2,
        help_text=_("Leave empty when each unit registers its own target."),
    )
    unit_label = forms.CharField(label=_("Unit of measure"), max_length=50, required=False)
    points_per_unit = forms.DecimalField(
        label=_("Points per counted unit (count items)"),
        required=False,
        max_digits=8,
        decimal_places=2,
    )
    cap = forms.DecimalField(
        label=_("Cap (count, bonus and penalty items)"),
        required=False,
        max_digits=8,
        decimal_places=2,
    )
    guidance = forms.CharField(
        label=_("Guidance"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    required_evidence = forms.CharField(
        label=_("Required evidence"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def node_input(self) -> NodeInput:
        d = self.cleaned_data
        return NodeInput(
            kind=d["kind"],
            code=d["code"],
            title=d["title"],
            guidance=d["guidance"],
            required_evidence=d["required_evidence"],
            max_points=d["max_points"],
            formula=d["formula"],
            target=d["target"],
            unit_label=d["unit_label"],
            points_per_unit=d["points_per_unit"],
            cap=d["cap"],
        )


class ReasonForm(StyledForm):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


def _text(data: Any, name: str) -> str:
    """A posted text without NUL characters (PostgreSQL refuses them in a text column)."""
    return str(data.get(name, "")).replace("\x00", "")


def entries_from_post(
    data: Any, nodes: list[CriteriaNode], *, with_target: bool
) -> dict[int, LineInput]:
    """The sheet's per-item inputs, as typed (the service parses and checks them)."""
    entries: dict[int, LineInput] = {}
    for node in nodes:
        entries[node.pk] = LineInput(
            value=_text(data, value_field(node.pk)),
            target=_text(data, target_field(node.pk)) if with_target else "",
            explanation=_text(data, f"explanation_{node.pk}"),
            note=_text(data, f"note_{node.pk}"),
        )
    return entries


def uploads_from_files(files: Any, nodes: list[CriteriaNode]) -> dict[int, list[Any]]:
    return {
        node.pk: files.getlist(f"evidence_{node.pk}")
        for node in nodes
        if files.getlist(f"evidence_{node.pk}")
    }


class ImportForm(StyledForm):
    file = forms.FileField(
        label=_("Excel file (XLSX)"),
        help_text=_(
            "The layout of the exported table: one row per group or item, groups above their items."
        ),
    )
