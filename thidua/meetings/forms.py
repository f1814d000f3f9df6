from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thidua.core.forms import StyledForm
from thidua.cycles.models import AwardType
from thidua.meetings.models import Meeting, MeetingKind
from thidua.orgs.models import Organisation

LINES_HELP = _("One per line.")


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class Checkboxes(forms.CheckboxSelectMultiple):
    """Bootstrap's form-check layout: the box, then its label, one per line."""

    template_name = "meetings/widgets/checkboxes.html"
    option_template_name = "meetings/widgets/checkbox_option.html"


class VersionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title} — v{obj.number}"


class MeetingForm(StyledForm):
    kind = forms.ChoiceField(label=pgettext_lazy("meeting", "Kind"), choices=MeetingKind.choices)
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    start_time = forms.TimeField(
        label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end_time = forms.TimeField(
        label=_("End time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    place = forms.CharField(label=_("Place"), max_length=300)
    chair_name = forms.CharField(
        label=_("Chair"),
        max_length=150,
        help_text=_("Type a name or pick one of the block's people."),
        widget=forms.TextInput(attrs={"list": "meetings-people", "autocomplete": "off"}),
    )
    chair_position = forms.CharField(label=_("Chair's position"), max_length=200, required=False)
    chair_unit = forms.CharField(
        label=_("Chair's unit"),
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"list": "meetings-units", "autocomplete": "off"}),
    )
    secretary_name = forms.CharField(
        label=_("Secretary"),
        max_length=150,
        help_text=_("Type a name or pick one of the block's people."),
        widget=forms.TextInput(attrs={"list": "meetings-people", "autocomplete": "off"}),
    )
    secretary_position = forms.CharField(
        label=_("Secretary's position"), max_length=200, required=False
    )
    secretary_unit = forms.CharField(
        label=_("Secretary's unit"),
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"list": "meetings-units", "autocomplete": "off"}),
    )
    agenda = forms.CharField(
        label=_("Agenda"), help_text=LINES_HELP, widget=forms.Textarea(attrs={"rows": 4})
    )
    guests = forms.CharField(
        label=_("Guests"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    discussion = forms.CharField(
        label=_("Items discussed"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    conclusions = forms.CharField(
        label=_("Conclusions"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    documents = VersionChoiceField(
        label=_("Documents adopted"),
        queryset=None,
        required=False,
        widget=Checkboxes,
    )

    def __init__(self, *args: Any, documents: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.model_choice_field("documents").queryset = documents
        if not documents.exists():
            self.fields["documents"].help_text = _(
                "The cycle has no drafted document yet; you can add them later."
            )

    @classmethod
    def initial_for(cls, meeting: Meeting) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(meeting, name) for name in cls.base_fields if name != "documents"
        }
        initial["agenda"] = "\n".join(meeting.agenda)
        initial["documents"] = list(meeting.documents.values_list("pk", flat=True))
        return initial

    def values(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if k != "documents"}
        data["agenda"] = lines(data["agenda"])
        return data


class AttendanceForm(StyledForm):
    """One checkbox and one delegates field per member unit."""

    def __init__(self, *args: Any, rows: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units: list[tuple[Organisation, str, str]] = []
        for row in rows:
            org = row.organisation
            present, delegates = f"present_{org.pk}", f"delegates_{org.pk}"
            self.fields[present] = forms.BooleanField(
                label=_("%(unit)s present") % {"unit": org.name},
                required=False,
                initial=bool(row.present),
            )
            self.fields[delegates] = forms.CharField(
                label=_("Delegates of %(unit)s") % {"unit": org.name},
                required=False,
                max_length=500,
                initial=row.delegates,
            )
            self.units.append((org, present, delegates))

    def rows(self) -> list[tuple[int, bool, str]]:
        return [
            (org.pk, self.cleaned_data[present], self.cleaned_data[delegates])
            for org, present, delegates in self.units
        ]

    def bound_rows(self) -> list[tuple[Organisation, Any, Any]]:
        return [(org, self[p], self[d]) for org, p, d in self.units]


class SpeakerForm(StyledForm):
    name = forms.CharField(
        label=_("Speaker"),
        max_length=150,
        widget=forms.TextInput(attrs={"list": "meetings-people", "autocomplete": "off"}),
    )
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    unit = forms.CharField(
        label=_("Unit"),
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"list": "meetings-units", "autocomplete": "off"}),
    )
    summary = forms.CharField(label=_("What was said"), widget=forms.Textarea(attrs={"rows": 3}))


class RegistrationForm(StyledForm):
    awards = forms.ModelMultipleChoiceField(
        label=_("Titles aimed at"),
        queryset=AwardType.objects.none(),
        required=False,
        widget=Checkboxes,
    )
    commitments = forms.CharField(
        label=_("Commitments"),
        help_text=LINES_HELP,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args: Any, awards: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.model_choice_field("awards").queryset = awards
