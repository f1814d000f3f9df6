"""Forms of the registry pages. They check the shape of the input; the services check the rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from thidua.accounts.models import Role
from thidua.core.forms import StyledForm, StyledFormMixin
from thidua.lib.text import nfc
from thidua.orgs import selectors
from thidua.orgs.models import Organisation, Province


class _WithChoices(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_choices()

    def set_choices(self) -> None:
        """Set the querysets of choice fields (they depend on today's date or the request)."""


class ChoicesForm(StyledFormMixin, _WithChoices):
    """StyledForm whose choice querysets are set in `set_choices`, right after the fields are
    built and before anything reads them."""


class DateInput(forms.DateInput):
    """The browser's date picker; it always sends yyyy-mm-dd."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class Picker(forms.CheckboxSelectMultiple):
    """A list of checkboxes in a fieldset, with a filter box that script adds (orgs/picker.js)."""

    template_name = "orgs/widgets/picker.html"
    option_template_name = "orgs/widgets/picker_option.html"


class OrganisationChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:
        short = f" ({obj.short_name})" if obj.short_name and obj.short_name != obj.name else ""
        return f"{obj.name}{short} — {obj.province.name}"


def _decision_field() -> forms.CharField:
    return forms.CharField(
        label=_("Decision"),
        max_length=200,
        help_text=_(
            "Number and date of the decision, e.g. “Quyết định số 1234/QĐ-UBND ngày 15/08/2025”."
        ),
    )


def _date_field(label: Any, help_text: Any = "") -> forms.DateField:
    return forms.DateField(label=label, widget=DateInput(), help_text=help_text)


# --- provinces -------------------------------------------------------------------------------


class ProvinceForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=100)
    code = forms.CharField(
        label=_("Code"),
        max_length=30,
        required=False,
        help_text=_("Letters, digits and hyphens. Leave empty to make one from the name."),
    )


class ProvinceEditForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=100)
    letterhead_authority = forms.CharField(
        label=_("Authority line on letterheads"),
        max_length=200,
        required=False,
        help_text=_(
            "Printed above a block's name on its documents, e.g. “UBND TỈNH LÂM ĐỒNG”. "
            "Leave empty for “UBND TỈNH” and the province's name."
        ),
    )
    dossier_addressee = forms.CharField(
        label=_("Addressee of award dossiers"),
        max_length=255,
        required=False,
        help_text=_(
            "Who a block's tờ trình is addressed to, e.g. “Chủ tịch Ủy ban nhân dân tỉnh Lâm "
            "Đồng”. Leave empty for the chair of the province's People's Committee."
        ),
    )
    dossier_routing = forms.CharField(
        label=_("Routing of award dossiers"),
        max_length=255,
        required=False,
        help_text=_(
            "The office a dossier goes through, printed under the addressee, e.g. “qua Sở Nội "
            "vụ (Phòng Thi đua, khen thưởng)”. Leave empty when dossiers go directly."
        ),
    )


class ProvinceMergeForm(ChoicesForm):
    predecessors = forms.ModelMultipleChoiceField(
        label=_("Provinces that merge"),
        queryset=Province.objects.none(),
        widget=Picker,
        help_text=_("They end the day before the merger takes effect."),
    )
    into = forms.ModelChoiceField(
        label=_("Merged into"),
        queryset=Province.objects.none(),
        empty_label=_("— choose a province —"),
    )
    date = _date_field(_("Effective date"), _("The first day of the merged province."))
    decision_ref = _decision_field()

    def set_choices(self) -> None:
        current = selectors.current_provinces()
        self.model_choice_field("predecessors").queryset = current
        self.model_choice_field("into").queryset = current


# --- organisations ---------------------------------------------------------------------------


class OrganisationForm(ChoicesForm):
    province = forms.ModelChoiceField(
        label=_("Province"),
        queryset=Province.objects.none(),
        empty_label=_("— choose a province —"),
    )
    name = forms.CharField(label=_("Name"), max_length=255)
    short_name = forms.CharField(label=_("Short name"), max_length=80, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    valid_from = forms.DateField(
        label=_("Founded on"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty if unknown."),
    )
    decision_ref = forms.CharField(label=_("Founding decision"), max_length=200, required=False)

    def set_choices(self) -> None:
        self.model_choice_field("province").queryset = selectors.current_provinces()


class ContactForm(StyledForm):
    short_name = forms.CharField(label=_("Short name"), max_length=80, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    address = forms.CharField(label=_("Address"), max_length=255, required=False)


class RenameForm(StyledForm):
    new_name = forms.CharField(label=_("New name"), max_length=255)
    new_short_name = forms.CharField(label=_("New short name"), max_length=80, required=False)
    date = _date_field(_("Effective date"), _("The first day of the new name."))
    decision_ref = _decision_field()


class MergeForm(ChoicesForm):
    organisations = OrganisationChoice(
        label=_("Organisations that merge"),
        queryset=Organisation.objects.none(),
        widget=Picker,
    )
    into = forms.ModelChoiceField(
        label=_("Into an existing organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("— none: a new organisation —"),
        help_text=_("It goes on under its own name; the others end."),
    )
    new_name = forms.CharField(
        label=_("Or the name of a new organisation"), max_length=255, required=False
    )
    new_short_name = forms.CharField(
        label=_("Short name of the new organisation"), max_length=80, required=False
    )
    province = forms.ModelChoiceField(
        label=_("Province of the new organisation"),
        queryset=Province.objects.none(),
        required=False,
        empty_label=_("— the province of the first one —"),
    )
    date = _date_field(_("Effective date"), _("The merged organisations end the day before."))
    decision_ref = _decision_field()

    def set_choices(self) -> None:
        current = selectors.current_organisations()
        self.model_choice_field("organisations").queryset = current
        self.model_choice_field("into").queryset = current
        self.model_choice_field("province").queryset = selectors.current_provinces()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_new = bool(nfc(data.get("new_name", "")))
        if data.get("into") and has_new:
            self.add_error(
                "new_name", _("Choose an existing organisation or give a new name, not both.")
            )
        elif not data.get("into") and not has_new and "new_name" not in self.errors:
            self.add_error("new_name", _("Choose an existing organisation or give a new name."))
        return data


class SplitForm(StyledForm):
    new_names = forms.CharField(
        label=_("Names of the new organisations"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One name per line, at least two."),
    )
    date = _date_field(_("Effective date"), _("The organisation ends the day before."))
    decision_ref = _decision_field()

    def names(self) -> list[str]:
        return [n for n in (nfc(line) for line in self.cleaned_data["new_names"].splitlines()) if n]


# --- blocks and memberships ------------------------------------------------------------------


class BlockForm(ChoicesForm):
    province = forms.ModelChoiceField(
        label=_("Province"),
        queryset=Province.objects.none(),
        empty_label=_("— choose a province —"),
    )
    name = forms.CharField(
        label=_("Name"), max_length=150, help_text=_("For example: Khối thi đua 8.")
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def set_choices(self) -> None:
        self.model_choice_field("province").queryset = selectors.current_provinces()


class BlockEditForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=150)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    is_active = forms.BooleanField(
        label=_("Active"),
        required=False,
        help_text=_("An inactive block is kept with its history."),
    )


def year_field(**kwargs: Any) -> forms.IntegerField:
    kwargs.setdefault("label", _("Year"))
    return forms.IntegerField(min_value=2000, max_value=2100, **kwargs)


class AddMembersForm(ChoicesForm):
    year = year_field(widget=forms.HiddenInput)
    organisations = OrganisationChoice(
        label=_("Organisations to add"),
        queryset=Organisation.objects.none(),
        widget=Picker,
        help_text=_("They are added in the order of this list, after the current members."),
    )

    def __init__(self, *args: Any, candidates: QuerySet[Organisation], **kwargs: Any) -> None:
        self.candidates = candidates
        super().__init__(*args, **kwargs)

    def set_choices(self) -> None:
        self.model_choice_field("organisations").queryset = self.candidates


class CopyMembersForm(StyledForm):
    from_year = year_field(widget=forms.HiddenInput)
    to_year = year_field(label=_("Into the year"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("from_year") and data.get("from_year") == data.get("to_year"):
            self.add_error("to_year", _("Choose another year than the one copied."))
        return data


class YearForm(StyledForm):
    year = year_field(initial=dt.date.today().year)


# --- people ----------------------------------------------------------------------------------


class PersonForm(ChoicesForm):
    username = forms.CharField(
        label=_("Username"), max_length=150, help_text=_("Used to sign in, with the password.")
    )
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_("The person receives a link there to set a password."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("— none —"),
        help_text=_("Required for a unit representative or leader."),
    )
    position = forms.CharField(
        label=_("Position"),
        max_length=150,
        required=False,
        help_text=_("For example: Chairman, Vice chairman, Office chief."),
    )
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)

    def set_choices(self) -> None:
        self.model_choice_field("organisation").queryset = selectors.current_organisations()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("role")
            and data["role"] != Role.BOARD_OFFICER
            and not data.get("organisation")
            and "organisation" not in self.errors
        ):
            self.add_error("organisation", _("Choose the organisation this person acts for."))
        return data


class PersonEditForm(PersonForm):
    is_active = forms.BooleanField(
        label=_("Active"),
        required=False,
        help_text=_("A deactivated person can no longer sign in; their records are kept."),
    )

    def __init__(self, *args: Any, current: Organisation | None = None, **kwargs: Any) -> None:
        self.current = current
        super().__init__(*args, **kwargs)

    def set_choices(self) -> None:
        del self.fields["username"]
        choices = selectors.current_organisations()
        if self.current is not None:
            # An organisation that has since ended stays choosable for the people it had.
            choices = choices | Organisation.objects.filter(pk=self.current.pk)
        self.model_choice_field("organisation").queryset = choices
