"""Forms of the proposal workflow; the rules live in services."""

from __future__ import annotations

from html import escape
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thidua.awards.models import Nominee, ProposalStatus
from thidua.awards.selectors import Eligible
from thidua.core.forms import StyledForm

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BuildForm(StyledForm):
    """Which of the units that passed the ballot go into the dossier (all by default)."""

    organisations = forms.TypedMultipleChoiceField(
        label=_("Nominees"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Units that passed the secret ballot for this title, within the quota."),
    )

    def __init__(self, *args: Any, eligible: list[Eligible], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.choice_field("organisations")
        field.choices = [(e.organisation_id, e.name) for e in eligible]
        field.initial = [e.organisation_id for e in eligible]


class ProposalForm(StyledForm):
    number = forms.CharField(label=_("Number and symbol"), max_length=60)
    place = forms.CharField(label=pgettext_lazy("decision", "Place"), max_length=100)
    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    signer_name = forms.CharField(label=_("Signer (head of the block)"), max_length=150)
    signer_position = forms.CharField(label=_("Signer's position"), max_length=200, required=False)
    summary = forms.CharField(
        label=_("Results of the block's year"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Section I of the tờ trình. One paragraph per line."),
    )


class ReportForm(StyledForm):
    """The achievement report (Form 02), section by section."""

    situation = forms.CharField(
        label=_("I. Characteristics and situation of the unit"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    achievements = forms.CharField(
        label=_("II. Achievements"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Required: results against the targets, models and initiatives."),
    )
    movement = forms.CharField(
        label=_("III. The emulation movement"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    awards = forms.CharField(
        label=_("IV. Other awards received"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "The awards recorded in the unit's history (listed above) are printed in section IV "
            "by themselves; add here only awards the history does not hold."
        ),
    )
    proposal = forms.CharField(
        label=_("V. Proposal"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    signer_name = forms.CharField(
        label=_("Signed for the unit by"),
        max_length=150,
        required=False,
        help_text=_(
            "The head of the unit, as printed under the signature. Until it is entered the "
            "report says the name is missing."
        ),
    )
    signer_position = forms.CharField(
        label=_("Signer's position"),
        max_length=200,
        required=False,
        help_text=_("E.g. “Chủ tịch Hội Người mù tỉnh”."),
    )


class UploadForm(StyledForm):
    file = forms.FileField(
        label=_("Achievement report file"),
        help_text=_("A PDF or DOCX file of at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx"}),
    )


class ReturnForm(StyledForm):
    reason = forms.CharField(
        label=_("Reason for returning the dossier"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The head unit sees this reason, fixes the dossier and submits it again."),
    )


class DecisionForm(StyledForm):
    number = forms.CharField(label=_("Decision number"), max_length=60)
    date = forms.DateField(label=_("Date of the decision"), widget=DATE_WIDGET)
    signer_name = forms.CharField(label=_("Signed by"), max_length=150)
    signer_position = forms.CharField(label=_("Signer's position"), max_length=200, required=False)

    def __init__(self, *args: Any, nominees: list[Nominee], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.nominees = nominees
        choices = [("yes", _("Granted")), ("no", _("Not granted"))]
        for n in nominees:
            self.fields[f"granted_{n.pk}"] = forms.ChoiceField(
                label=_("Outcome for %(unit)s") % {"unit": n.name},
                choices=choices,
                initial="yes",
                widget=forms.RadioSelect,
            )
            self.fields[f"reason_{n.pk}"] = forms.CharField(
                label=_("Reason if not granted: %(unit)s") % {"unit": n.name},
                required=False,
                max_length=500,
            )

    def nominee_fields(self) -> list[tuple[Nominee, Any, Any]]:
        return [(n, self[f"granted_{n.pk}"], self[f"reason_{n.pk}"]) for n in self.nominees]

    def outcomes(self) -> dict[int, tuple[bool, str]]:
        return {
            n.pk: (
                self.cleaned_data[f"granted_{n.pk}"] == "yes",
                self.cleaned_data.get(f"reason_{n.pk}", ""),
            )
            for n in self.nominees
        }


class PlainSelect(forms.Select):
    """A single-choice list printed in Python: the queue's filters list every block, and
    Django's own widget renders a template for each option."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        chosen = {str(v) for v in self.format_value(value)}
        options = "".join(
            f'<option value="{escape(str(key))}"{" selected" if str(key) in chosen else ""}>'
            f"{escape(str(label))}</option>"
            for key, label in self.choices
        )
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            mark_safe(options),  # noqa: S308 — every key and label is escaped above
        )


class QueueFilterForm(StyledForm):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    status = forms.ChoiceField(label=_("Status"), required=False)
    block = forms.TypedChoiceField(label=_("Block"), coerce=int, required=False, empty_value=None)

    def __init__(
        self, *args: Any, years: list[int], blocks: list[tuple[int, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.choice_field("year").choices = [("", _("All years")), *[(y, y) for y in years]]
        self.choice_field("status").choices = [
            ("", _("All statuses")),
            *[(v, label) for v, label in ProposalStatus.choices if v != ProposalStatus.DRAFT],
        ]
        self.choice_field("block").choices = [("", _("All blocks")), *blocks]
        for name in ("year", "status", "block"):
            self.fields[name].widget.__class__ = PlainSelect
