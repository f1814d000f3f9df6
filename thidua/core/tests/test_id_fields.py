"""Choices that name a record by its id refuse what cannot be an id with the field's message, on
both databases (a 26-digit number used to overflow SQLite in an IN list: HTTP 500)."""

from __future__ import annotations

import pytest
from django import forms

from thidua.core.forms import MAX_ID, StyledForm, parse_id, parse_whole
from thidua.orgs.models import Organisation

HOSTILE_IDS = ["9" * 26, str(MAX_ID + 1), "-1", "0", "²", "١٢", "1e3", "0x10", " ", "1.0", "\x00"]


class PickForm(StyledForm):
    one = forms.ModelChoiceField(queryset=Organisation.objects.all(), required=False)
    many = forms.ModelMultipleChoiceField(queryset=Organisation.objects.all(), required=False)


def test_parse_id_takes_only_ascii_digits_within_the_id_range():
    assert parse_id("42") == 42 and parse_id(" 7 ") == 7 and parse_id(str(MAX_ID)) == MAX_ID
    for value in [*HOSTILE_IDS, "", None, "abc"]:
        assert parse_id(value) is None, value
    assert parse_whole("0") == 0 and parse_whole("2025", low=2000, high=2100) == 2025
    assert parse_whole("1999", low=2000, high=2100) is None


@pytest.mark.django_db
@pytest.mark.parametrize("value", HOSTILE_IDS)
def test_a_value_that_cannot_be_an_id_is_an_invalid_choice_not_a_database_error(cast, value):
    single = PickForm({"one": value})
    assert not single.is_valid() and single.errors["one"]
    multiple = PickForm({"many": [str(cast.member_org.pk), value]})
    assert not multiple.is_valid() and multiple.errors["many"]


@pytest.mark.django_db
def test_real_ids_still_choose_records_and_unknown_ones_are_refused(cast):
    form = PickForm({"one": str(cast.member_org.pk), "many": [str(cast.head_org.pk)]})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["one"] == cast.member_org
    assert list(form.cleaned_data["many"]) == [cast.head_org]
    assert not PickForm({"many": ["999999"]}).is_valid()


def test_a_choice_of_records_keyed_on_a_uuid_is_left_to_django():
    from thidua.voting.models import Ballot

    class UuidForm(StyledForm):
        ballot = forms.ModelChoiceField(queryset=Ballot.objects.all(), required=False)

    field = UuidForm().fields["ballot"]
    assert not field._keyed_on_id()
    assert PickForm().fields["one"]._keyed_on_id()
