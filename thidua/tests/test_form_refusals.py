"""Refusals the form sweep found silent, each now with a message (issue 17, item 2)."""

from __future__ import annotations

import pytest
from django import forms
from django.urls import reverse

from thidua.core.forms import StyledForm
from thidua.testing import signin
from thidua.voting.tests.builders import flag_session


def _alerts(response) -> str:
    return response.content.decode()


def test_an_empty_post_binds_the_form_and_names_the_missing_file(client, cast):
    signin(client, cast.head_rep)
    client.cookies["django_language"] = "en"
    response = client.post(reverse("scoring:table_import", args=[cast.cycle.pk]), {})
    assert response.status_code == 200
    assert response.context["form"].is_bound
    assert "This field is required." in response.context["form"].errors["file"]
    assert "This field is required." in _alerts(response)


class _WithHidden(StyledForm):
    year = forms.IntegerField(widget=forms.HiddenInput, max_value=2100)
    name = forms.CharField()


def test_a_hidden_fields_error_is_said_for_the_whole_form():
    form = _WithHidden({"year": "9" * 26, "name": "Hội"})
    assert not form.is_valid()
    assert form.errors["year"][0] in form.non_field_errors()
    assert form.errors["year"][0] in str(form)


def test_reauthentication_with_an_altered_choice_says_what_to_do(client, cast):
    signin(client, cast.member_rep)
    client.cookies["django_language"] = "en"
    response = client.post(reverse("accounts:reauth"), {"method": "9" * 26})
    assert response.status_code == 200
    assert "Confirm with your password, or with a code from your app" in _alerts(response)


@pytest.mark.parametrize("target", ["9" * 26, "", "unknown"])
def test_preparing_a_ballot_for_an_unknown_target_says_so(client, cast, target):
    flag_session(cast)
    signin(client, cast.head_rep)
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("voting:prepare", args=[cast.cycle.pk]), {"target": target}, follow=True
    )
    assert response.status_code == 200
    assert "This ballot cannot be prepared any more" in _alerts(response)


def test_a_nul_in_a_search_is_dropped_not_sent_to_the_database(client, cast):
    signin(client, cast.board)
    for name in ("orgs:organisation_list", "orgs:block_list", "orgs:person_list", "core:audit"):
        assert client.get(reverse(name), {"q": "Hội\x00", "action": "\x00"}).status_code == 200
    assert client.get(reverse("news:search"), {"q": "\x00"}).status_code == 200


def test_a_username_longer_than_any_account_is_refused_by_the_form(client, cast):
    client.cookies["django_language"] = "en"
    response = client.post(reverse("accounts:login"), {"username": "x" * 10_000, "password": "x"})
    assert response.status_code == 200
    assert "at most 254 characters" in response.content.decode()
