import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpResponse
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from thidua.accounts import reauth
from thidua.core.models import AuditEvent
from thidua.testing import PASSWORD, signin

REAUTH = reverse("accounts:reauth")


@pytest.fixture
def clock(monkeypatch):
    """A clock the test moves by hand."""

    class Clock:
        now = 1_800_000_000.0

    monkeypatch.setattr(reauth, "_now", lambda: Clock.now)
    return Clock


@reauth.require_recent_auth
def sign_the_covenant(request, pk):
    return HttpResponse(f"signed {pk}")


def _request(rf, user, method="get", path="/cycles/7/sign/?v=2", **headers):
    request = getattr(rf, method)(path, headers=headers)
    request.user = user
    request.session = SessionStore()
    return request


def test_a_fresh_confirmation_lets_the_view_run(rf, cast, clock):
    request = _request(rf, cast.member_leader)
    reauth.mark_authenticated(request)
    clock.now += 299
    assert reauth.is_recently_authenticated(request)
    assert sign_the_covenant(request, pk=7).content == b"signed 7"


def test_the_confirmation_expires_after_five_minutes(rf, cast, clock):
    request = _request(rf, cast.member_leader)
    reauth.mark_authenticated(request)
    clock.now += 301
    assert not reauth.is_recently_authenticated(request)
    response = sign_the_covenant(request, pk=7)
    assert response.status_code == 302
    assert response["Location"] == f"{REAUTH}?next=%2Fcycles%2F7%2Fsign%2F%3Fv%3D2"


def test_without_any_confirmation_a_get_is_sent_to_confirm_and_back(rf, cast):
    response = sign_the_covenant(_request(rf, cast.member_leader), pk=7)
    assert response["Location"].startswith(REAUTH + "?next=%2Fcycles%2F7%2Fsign%2F")


def test_a_stale_post_returns_to_the_referring_page_of_this_site(rf, cast):
    request = _request(
        rf, cast.member_leader, "post", Referer="http://testserver/cycles/7/?tab=covenant"
    )
    response = sign_the_covenant(request, pk=7)
    assert response["Location"] == f"{REAUTH}?next=%2Fcycles%2F7%2F%3Ftab%3Dcovenant"


@pytest.mark.parametrize(
    "referer",
    [
        "https://evil.example/cycles/7/",
        "http://evil.example/",
        "http://testserver//evil.example/",
        "",
    ],
)
def test_a_stale_post_from_elsewhere_returns_to_the_home_page(rf, cast, referer):
    request = _request(rf, cast.member_leader, "post", Referer=referer)
    response = sign_the_covenant(request, pk=7)
    assert response["Location"] == f"{REAUTH}?next=%2F"


def test_htmx_requests_are_sent_to_confirm_by_header(rf, cast):
    request = _request(rf, cast.member_leader)
    request.htmx = True
    response = sign_the_covenant(request, pk=7)
    assert response["HX-Redirect"].startswith(REAUTH)


def test_anonymous_visitors_are_sent_to_sign_in(rf, db):
    request = _request(rf, AnonymousUser())
    response = sign_the_covenant(request, pk=7)
    assert response["Location"].startswith(reverse("accounts:login"))


def test_signing_in_with_the_password_counts_as_a_fresh_confirmation(client, cast):
    client.post(reverse("accounts:login"), {"username": "member_rep", "password": PASSWORD})
    stamp = client.session[reauth.SESSION_KEY]
    assert isinstance(stamp, float)


def test_the_confirm_page_accepts_the_password_and_goes_back(client, cast):
    signin(client, cast.member_leader)
    assert reauth.SESSION_KEY not in client.session
    page = client.get(REAUTH, {"next": "/cycles/"})
    assert page.status_code == 200
    body = page.content.decode()
    assert 'autocomplete="current-password"' in body and 'autocomplete="one-time-code"' in body
    response = client.post(
        REAUTH, {"method": "password", "pw-password": PASSWORD, "next": "/cycles/"}
    )
    assert response["Location"] == "/cycles/"
    assert reauth.SESSION_KEY in client.session
    assert AuditEvent.objects.get(action="auth.reauth").after == {"method": "password"}


def test_the_confirm_page_refuses_a_wrong_password(client, cast):
    signin(client, cast.member_leader)
    client.cookies["django_language"] = "en"
    response = client.post(REAUTH, {"method": "password", "pw-password": "nope-nope-nope"})
    assert response.status_code == 200
    assert "This password is not correct." in response.content.decode()
    assert reauth.SESSION_KEY not in client.session


def test_the_confirm_page_accepts_a_totp_code(client, cast):
    signin(client, cast.member_leader)
    device = TOTPDevice.objects.get(user=cast.member_leader)
    response = client.post(
        REAUTH, {"method": "code", "otp-code": f"{totp(device.bin_key):06d}", "next": "/cycles/"}
    )
    assert response["Location"] == "/cycles/"
    assert AuditEvent.objects.get(action="auth.reauth").after == {"method": "totp"}


def test_without_an_authenticator_only_the_password_is_offered(client, cast):
    signin(client, cast.member_leader, verified=False)
    TOTPDevice.objects.filter(user=cast.member_leader).delete()
    body = client.get(REAUTH).content.decode()
    assert 'autocomplete="one-time-code"' not in body
    response = client.post(REAUTH, {"method": "code", "otp-code": "123456"})
    assert response.status_code == 200
    assert reauth.SESSION_KEY not in client.session


@pytest.mark.parametrize("evil", ["https://evil.example/", "//evil.example", "/\\evil.example"])
def test_the_confirm_page_never_sends_people_to_another_site(client, cast, evil):
    signin(client, cast.member_leader)
    response = client.post(REAUTH, {"method": "password", "pw-password": PASSWORD, "next": evil})
    assert response["Location"] == reverse("board:home")
    assert evil not in client.get(REAUTH, {"next": evil}).content.decode()


def test_guessing_the_password_on_the_confirm_page_locks_the_account(client, cast):
    signin(client, cast.member_leader)
    for _ in range(5):
        response = client.post(REAUTH, {"method": "password", "pw-password": "wrong-guess"})
    assert response.status_code == 429
    response = client.post(REAUTH, {"method": "password", "pw-password": PASSWORD})
    assert response.status_code == 429
