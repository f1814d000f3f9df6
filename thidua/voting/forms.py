"""Forms of the ballot pages. The ballot itself is built per session: a fieldset per candidate
with "Agree"/"Disagree" radio buttons, or one list of checkboxes to choose at most `seats`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.core.forms import StyledForm
from thidua.voting import selectors
from thidua.voting.services import COMMITTEE_SIZE, PaperCount

AGREE_CHOICES = [(selectors.AGREE, _("Agree")), (selectors.DISAGREE, _("Disagree"))]


class PrepareForm(StyledForm):
    """Candidates of one ballot (a title, or the election of next year's head or deputy)."""

    nominees = forms.MultipleChoiceField(
        label=_("Candidates"), widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choice_field("nominees").choices = choices

    def nominee_ids(self) -> list[int]:
        return [int(v) for v in self.cleaned_data["nominees"]]


class BallotForm(StyledForm):
    def __init__(self, *args: Any, summary: selectors.SessionSummary, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style = summary.style
        self.rows = summary.rows
        if self.style == "approve":
            for row in summary.rows:
                self.fields[f"c{row.candidate.pk}"] = forms.ChoiceField(
                    label=row.name,
                    choices=AGREE_CHOICES,
                    widget=forms.RadioSelect,
                    error_messages={"required": _("Choose “Agree” or “Disagree”.")},
                )
        else:
            self.fields["chosen"] = forms.MultipleChoiceField(
                label=_("Choose at most %(n)s") % {"n": summary.session.seats},
                choices=[(str(r.candidate.pk), r.name) for r in summary.rows],
                widget=forms.CheckboxSelectMultiple,
                required=False,
            )

    def approve_fields(self) -> list[Any]:
        return (
            [self[f"c{row.candidate.pk}"] for row in self.rows] if self.style == "approve" else []
        )

    def choices(self) -> dict[int, str]:
        data = self.cleaned_data
        if self.style == "approve":
            return {r.candidate.pk: data[f"c{r.candidate.pk}"] for r in self.rows}
        chosen = {int(v) for v in data["chosen"]}
        return {
            r.candidate.pk: selectors.AGREE if r.candidate.pk in chosen else selectors.DISAGREE
            for r in self.rows
        }

    def review(self) -> list[tuple[str, str]]:
        """(candidate's name, "agree" | "disagree") in ballot order, for the confirmation step."""
        choices = self.choices()
        return [(r.name, choices[r.candidate.pk]) for r in self.rows]

    def carried(self) -> list[tuple[str, str]]:
        """The choices as hidden fields of the confirmation step: (field name, value)."""
        data = self.cleaned_data
        if self.style == "approve":
            return [(f"c{r.candidate.pk}", data[f"c{r.candidate.pk}"]) for r in self.rows]
        return [("chosen", value) for value in data["chosen"]]


class ReceiptForm(StyledForm):
    code = forms.CharField(
        label=_("Your receipt code"),
        max_length=20,
        help_text=_(
            "As shown before you cast your ballot, e.g. ABCDE-23456 (dashes and case do not "
            "matter)."
        ),
    )


class PaperForm(StyledForm):
    issued = forms.IntegerField(label=_("Ballots issued"), min_value=0)
    returned = forms.IntegerField(label=_("Ballots returned"), min_value=0)
    valid = forms.IntegerField(label=_("Valid ballots"), min_value=0)
    invalid = forms.IntegerField(label=_("Invalid ballots"), min_value=0)

    def __init__(self, *args: Any, summary: selectors.SessionSummary, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = summary.rows
        for row in summary.rows:
            self.fields[f"agree_{row.candidate.pk}"] = forms.IntegerField(
                label=_("Agree votes for %(unit)s") % {"unit": row.name}, min_value=0
            )
        for i in range(1, COMMITTEE_SIZE + 1):
            self.fields[f"committee_{i}_name"] = forms.CharField(
                label=_("Counting committee member %(i)s: name") % {"i": i}, max_length=150
            )
            self.fields[f"committee_{i}_position"] = forms.CharField(
                label=_("Counting committee member %(i)s: position") % {"i": i},
                max_length=200,
                required=False,
            )
            self.fields[f"committee_{i}_unit"] = forms.CharField(
                label=_("Counting committee member %(i)s: unit") % {"i": i},
                max_length=255,
                required=False,
            )

    def count(self) -> PaperCount:
        data = self.cleaned_data
        return PaperCount(
            issued=data["issued"],
            returned=data["returned"],
            valid=data["valid"],
            invalid=data["invalid"],
            agree={r.candidate.pk: data[f"agree_{r.candidate.pk}"] for r in self.rows},
            committee=[
                {
                    "name": data[f"committee_{i}_name"],
                    "position": data[f"committee_{i}_position"],
                    "unit": data[f"committee_{i}_unit"],
                }
                for i in range(1, COMMITTEE_SIZE + 1)
            ],
        )
