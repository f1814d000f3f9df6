"""Forms of the Board's legal-basis pages. They check the shape of the input; the services check
the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.core.forms import StyledForm
from thidua.legal import wording
from thidua.legal.models import CitingDocument, InstrumentKind, Scope
from thidua.orgs.models import Block, Province

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BlockChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Block) -> str:
        return f"{obj.name} — {obj.province.name}"


class InstrumentForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=InstrumentKind.choices)
    number = forms.CharField(
        label=_("Number and symbol"),
        max_length=60,
        required=False,
        help_text=_("E.g. “152/2025/NĐ-CP”. May stay empty for a block's own regulation."),
    )
    issuer = forms.CharField(
        label=_("Issuing body"),
        max_length=200,
        required=False,
        help_text=_("As the citation names it, e.g. “Chính phủ”, “Bộ trưởng Bộ Nội vụ”."),
    )
    signed_on = forms.DateField(label=_("Date signed"), required=False, widget=DATE_WIDGET)
    title = forms.CharField(
        label=_("Title (trích yếu)"),
        max_length=400,
        help_text=_(
            "For a law, its name (“Luật Thi đua, khen thưởng”); otherwise what it is about, "
            "as it follows the issuer in a citation."
        ),
    )
    valid_from = forms.DateField(label=_("Valid from"), widget=DATE_WIDGET)
    valid_to = forms.DateField(
        label=_("Valid to"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("The last day it applies. Empty while it is in force."),
    )
    scope = forms.ChoiceField(label=_("Applies to"), choices=Scope.choices)
    province = forms.ModelChoiceField(
        label=_("Province"),
        queryset=Province.objects.order_by("name"),
        required=False,
        help_text=_("Only when it applies to one province."),
    )
    block = BlockChoice(
        label=_("Block"),
        queryset=Block.objects.select_related("province").order_by("province__name", "name"),
        required=False,
        help_text=_("Only when it applies to one block."),
    )
    cited_in = forms.MultipleChoiceField(
        label=_("Cited in"),
        choices=CitingDocument.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    order = forms.IntegerField(
        label=_("Order in the list"),
        min_value=0,
        max_value=32000,
        initial=100,
        help_text=_("Lower numbers come first: laws, then decrees, circulars, the province's."),
    )
    wording = forms.CharField(
        label=_("Wording of the citation"),
        max_length=600,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "What follows “Căn cứ” in documents. Empty: composed from the kind, number, date, "
            "issuer and title."
        ),
    )
    verified = forms.BooleanField(
        label=_("Checked against the official text"),
        required=False,
        help_text=_("Unchecked instruments are listed as “to check”."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class EndForm(StyledForm):
    valid_to = forms.DateField(
        label=_("Last day it applies"),
        widget=DATE_WIDGET,
        help_text=_("Documents dated after this day no longer cite it."),
    )
    reason = forms.CharField(
        label=_("Why it ends"),
        max_length=300,
        help_text=_("E.g. “Bãi bỏ bởi Điều 59 Nghị định số 152/2025/NĐ-CP”."),
    )


class DocumentFormForm(StyledForm):
    """A form's number and wording: one field per piece the document uses."""

    reference = forms.CharField(label=_("Form number"), max_length=200)
    verified = forms.BooleanField(label=_("Checked against the official text"), required=False)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        placeholders = ", ".join(f"{{{p}}}" for p in wording.PLACEHOLDERS)
        for key, label in wording.KEYS[kind]:
            self.fields[f"text_{key}"] = forms.CharField(
                label=label,
                max_length=600,
                required=False,
                help_text=_("Empty: “%(default)s”. Placeholders: %(placeholders)s.")
                % {"default": wording.DEFAULTS[kind][key], "placeholders": placeholders},
            )
        # StyledForm styled the fields built before; style the new ones the same way.
        for name, field in self.fields.items():
            if name.startswith("text_"):
                field.widget.attrs["class"] = "form-control"

    def texts(self) -> dict[str, str]:
        return {
            name.removeprefix("text_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("text_")
        }
