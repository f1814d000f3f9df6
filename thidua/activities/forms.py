from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thidua.activities.models import Activity, ActivityKind
from thidua.core.forms import StyledForm
from thidua.orgs.models import Organisation
from thidua.scoring.models import CriteriaNode


class Checkboxes(forms.CheckboxSelectMultiple):
    """Bootstrap's form-check layout: the box, then its label, one per line."""

    template_name = "activities/widgets/checkboxes.html"
    option_template_name = "activities/widgets/checkbox_option.html"


class UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.name


class UnitsChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.name


class ActivityForm(StyledForm):
    kind = forms.ChoiceField(label=pgettext_lazy("activity", "Kind"), choices=ActivityKind.choices)
    title = forms.CharField(
        label=_("Title or theme"),
        max_length=300,
        help_text=_("For example “Vì người nghèo – Không để ai bỏ lại phía sau”."),
    )
    host_unit = UnitChoice(label=_("Host unit"), queryset=Organisation.objects.none())
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    place = forms.CharField(label=_("Place"), max_length=300)
    report = forms.CharField(
        label=_("Short report"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What was done, what was agreed, who spoke."),
    )
    participants = UnitsChoice(
        label=_("Units that took part"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=Checkboxes,
    )

    def __init__(self, *args: Any, units: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = [u.pk for u in units]
        queryset = Organisation.objects.filter(pk__in=ids)
        self.model_choice_field("host_unit").queryset = queryset
        self.model_choice_field("participants").queryset = queryset

    @staticmethod
    def initial_for(activity: Activity) -> dict[str, Any]:
        return {
            "kind": activity.kind,
            "title": activity.title,
            "host_unit": activity.host_unit_id,
            "date": activity.date,
            "place": activity.place,
            "report": activity.report,
            "participants": list(
                activity.participations.filter(present=True).values_list(
                    "organisation_id", flat=True
                )
            ),
        }

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {k: data[k] for k in ("kind", "title", "host_unit", "date", "place", "report")}


class PhotoForm(StyledForm):
    image = forms.FileField(
        label=_("Photo (JPEG or PNG)"),
        help_text=_("Its location and camera details are removed and it is resized for the web."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png"}),
    )
    caption = forms.CharField(
        label=_("Caption"),
        max_length=300,
        help_text=_("Who and what the photo shows; read aloud to people who cannot see it."),
    )


class NodeChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} {obj.title}"


class FeedForm(StyledForm):
    node = NodeChoice(
        label=_("Criteria item (count × points)"),
        queryset=CriteriaNode.objects.none(),
        empty_label=None,
    )

    def __init__(self, *args: Any, items: list[CriteriaNode], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.model_choice_field("node").queryset = CriteriaNode.objects.filter(
            pk__in=[n.pk for n in items]
        )
