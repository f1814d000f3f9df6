import re

import pytest
from django.urls import reverse

from thidua.core.models import AuditEvent
from thidua.testing import PASSWORD, signin


def _sign_in(client, username, password=PASSWORD, **extra):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password, **extra}
    )


def test_the_sign_in_page_has_labelled_fields_with_autocomplete(client, db):
    body = client.get(reverse("accounts:login")).content.decode()
    assert 'autocomplete="username"' in body
    assert 'autocomplete="current-password"' in body
    assert '<label class="form-label" for="id_username">' in body
    assert reverse("accounts:password_reset") in body


def test_a_member_signs_in_with_the_username_and_lands_on_the_home_page(client, cast):
    response = _sign_in(client, "member_rep")
    assert response.status_code == 302
    assert response["Location"] == reverse("board:home")
    assert client.get(reverse("board:home")).status_code == 200


def test_a_member_signs_in_with_the_e_mail_address_in_any_case(client, cast):
    response = _sign_in(client, "Member_Rep@Example.org")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(cast.member_rep.pk)


def test_a_successful_sign_in_is_audited(client, cast):
    _sign_in(client, "member_rep")
    event = AuditEvent.objects.filter(action="auth.login").latest("seq")
    assert event.actor_id == cast.member_rep.pk
    assert event.after == {"method": "password"}


def _alert(response):
    return re.search(
        r'<div class="alert alert-danger error-summary"[^>]*>(.*?)</div>',
        response.content.decode(),
        re.S,
    ).group(1)


def test_wrong_password_and_unknown_account_get_the_same_generic_message(client, cast):
    client.cookies["django_language"] = "en"
    wrong = _sign_in(client, "member_rep", "not-the-password")
    unknown = _sign_in(client, "nobody@example.org", "not-the-password")
    assert wrong.status_code == unknown.status_code == 200
    assert "do not match an active account" in _alert(wrong)
    assert _alert(wrong) == _alert(unknown)


def test_an_inactive_account_gets_the_same_generic_message(client, cast):
    cast.member_rep.is_active = False
    cast.member_rep.save()
    client.cookies["django_language"] = "en"
    response = _sign_in(client, "member_rep")
    assert response.status_code == 200
    assert "do not match an active account" in response.content.decode()


def test_sign_in_follows_a_local_next_page(client, cast):
    response = _sign_in(client, "member_rep", next="/cycles/?year=2025")
    assert response["Location"] == "/cycles/?year=2025"


@pytest.mark.parametrize(
    "evil",
    [
        "https://evil.example/phish",
        "//evil.example/phish",
        "///evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "http://testserver.evil.example/",
        " https://evil.example",
        "https:evil.example",
        "/\tevil",
    ],
)
def test_sign_in_refuses_to_send_people_to_another_site(client, cast, evil):
    response = _sign_in(client, "member_rep", next=evil)
    assert response.status_code == 302
    assert response["Location"] == reverse("board:home")


def test_sign_out_is_post_only_signs_out_and_is_audited(client, cast):
    signin(client, cast.member_rep)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="auth.logout", actor_id=cast.member_rep.pk).exists()
    # Signed out, the home page is the public portal again.
    assert not client.get(reverse("board:home")).wsgi_request.user.is_authenticated


def test_signing_out_when_not_signed_in_just_goes_to_the_sign_in_page(client, db):
    response = client.post(reverse("accounts:logout"))
    assert response["Location"] == reverse("accounts:login")
    assert not AuditEvent.objects.filter(action="auth.logout").exists()
