import re
import time
from datetime import UTC, datetime

import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from thidua.accounts.access import two_factor_required
from thidua.accounts.models import Role
from thidua.accounts.views import SETUP_KEY
from thidua.core.models import AuditEvent
from thidua.cycles.models import Phase
from thidua.testing import PASSWORD, make_person, signin


def _code(device, drift=0):
    return f"{totp(device.bin_key, drift=drift):06d}"


def _sign_in(client, username):
    return client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})


@pytest.fixture
def deputy_rep(cast):
    return make_person("deputy_rep", Role.REPRESENTATIVE, cast.deputy_org)


# --- policy ------------------------------------------------------------------------------------


def test_board_officers_and_the_head_and_deputy_units_people_must_use_two_factor(cast, deputy_rep):
    assert two_factor_required(cast.board)
    assert two_factor_required(cast.head_rep)
    assert two_factor_required(deputy_rep)


def test_plain_members_and_outsiders_need_not_use_two_factor(cast):
    assert not two_factor_required(cast.member_rep)
    assert not two_factor_required(cast.member_leader)
    assert not two_factor_required(cast.outsider)


def test_heading_a_closed_cycle_no_longer_requires_two_factor(cast):
    cast.cycle.phase = Phase.CLOSED
    cast.cycle.save()
    assert not two_factor_required(cast.head_rep)


@override_settings(TWO_FACTOR_REQUIRED_ROLES=["leader"])
def test_the_policy_can_name_unit_leaders_instead(cast):
    assert two_factor_required(cast.member_leader)
    assert not two_factor_required(cast.board)
    assert not two_factor_required(cast.head_rep)


@override_settings(TWO_FACTOR_REQUIRED_ROLES=["all"])
def test_the_policy_can_require_it_of_everyone(cast):
    assert all(two_factor_required(u) for u in cast.users().values())


# --- enforcement -------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["board", "head_rep", "deputy_rep"])
def test_people_who_must_use_two_factor_are_sent_to_set_it_up_first(client, cast, deputy_rep, who):
    user = deputy_rep if who == "deputy_rep" else getattr(cast, who)
    signin(client, user, verified=False)
    client.cookies["django_language"] = "en"
    response = client.get(reverse("orgs:my_block") if who != "board" else reverse("board:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor_setup") + "?next=")
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "requires two-factor authentication" in page.content.decode()
    assert page.context["nav_items"] == [], "the menu would only lead back to this page"


def test_a_plain_member_without_two_factor_uses_the_product_freely(client, cast):
    signin(client, cast.member_rep, verified=False)
    assert client.get(reverse("board:home")).status_code == 200


def test_until_set_up_only_the_setup_sign_out_reset_language_and_health_pages_answer(client, cast):
    signin(client, cast.board, verified=False)
    for name in (
        "accounts:two_factor",
        "accounts:two_factor_setup",
        "accounts:password_reset",
        "core:healthz",
    ):
        assert client.get(reverse(name)).status_code == 200, name
    for name in ("accounts:profile", "accounts:password_change", "core:audit", "board:home"):
        assert client.get(reverse(name)).status_code == 302, name
    assert client.post(reverse("set_language"), {"language": "en", "next": "/"}).status_code == 302
    assert client.post(reverse("accounts:logout"))["Location"] == reverse("accounts:login")


def test_htmx_requests_are_redirected_by_header(client, cast):
    signin(client, cast.board, verified=False)
    response = client.get(reverse("core:audit"), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith(reverse("accounts:two_factor_setup"))


def test_anyone_with_an_authenticator_must_enter_a_code_after_the_password(client, cast):
    TOTPDevice.objects.create(user=cast.member_rep, name="phone", confirmed=True)
    response = _sign_in(client, "member_rep")
    assert response["Location"] == reverse("accounts:two_factor_verify") + "?next=%2F"
    for name in (
        "board:home",
        "accounts:profile",
        "accounts:two_factor",
        "accounts:two_factor_setup",
        "accounts:reauth",
    ):
        blocked = client.get(reverse(name))
        assert blocked.status_code == 302, name
        assert blocked["Location"].startswith(reverse("accounts:two_factor_verify"))
    assert client.post(reverse("accounts:two_factor_disable")).status_code == 302
    assert TOTPDevice.objects.filter(user=cast.member_rep).exists()


def test_the_test_helpers_verified_session_counts_as_verified(client, cast):
    signin(client, cast.board)
    assert client.get(reverse("core:audit")).status_code == 200


# --- the full TOTP flow --------------------------------------------------------------------------


@pytest.fixture
def clock_stopped_at_a_totp_step():
    """Stops the clock just after the next 30-second step begins, so that a code the test
    generates twice is the same code, however slowly the machine runs the steps between."""
    step = (int(time.time()) // 30 + 1) * 30
    with time_machine.travel(datetime.fromtimestamp(step + 1, tz=UTC), tick=False):
        yield


def test_a_head_sets_up_totp_with_a_real_code_then_signs_in_with_it(
    client, cast, clock_stopped_at_a_totp_step
):
    client.cookies["django_language"] = "en"
    assert _sign_in(client, "head_rep")["Location"] == "/"
    to_setup = client.get("/")
    assert to_setup["Location"].startswith(reverse("accounts:two_factor_setup"))

    page = client.get(to_setup["Location"])
    body = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in body and 'role="img"' in body
    assert "<script" not in body.split("<main")[1]
    assert "style=" not in body
    assert 'inputmode="numeric"' in body and 'autocomplete="one-time-code"' in body
    key = client.session[SETUP_KEY]
    device = TOTPDevice(key=key)
    secret = page.context["secret"].replace(" ", "")
    assert secret in body.replace(" ", "")

    wrong = client.post(
        to_setup["Location"], {"code": "000000" if _code(device) != "000000" else "111111"}
    )
    assert wrong.status_code == 200
    assert "does not match" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=cast.head_rep).exists()

    done = client.post(to_setup["Location"], {"code": _code(device)})
    assert done.status_code == 302
    assert done["Location"] == "/"
    assert client.get("/").status_code == 200
    saved = TOTPDevice.objects.get(user=cast.head_rep)
    assert saved.confirmed and saved.key == key
    assert AuditEvent.objects.filter(
        action="auth.two_factor_enable", object_id=str(cast.head_rep.pk)
    ).exists()

    client.post(reverse("accounts:logout"))
    assert _sign_in(client, "head_rep")["Location"].startswith(
        reverse("accounts:two_factor_verify")
    )
    assert client.get("/")["Location"].startswith(reverse("accounts:two_factor_verify"))
    # The code used for set-up cannot be replayed; the next one is accepted.
    replay = client.post(reverse("accounts:two_factor_verify"), {"code": _code(saved), "next": "/"})
    assert replay.status_code == 200
    saved.refresh_from_db()
    saved.throttle_reset()
    verified = client.post(
        reverse("accounts:two_factor_verify"), {"code": _code(saved, drift=1), "next": "/cycles/"}
    )
    assert verified["Location"] == "/cycles/"
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(action="auth.two_factor_verify").exists()


def test_codes_may_be_typed_with_a_space(client, cast):
    device = TOTPDevice.objects.create(user=cast.member_rep, name="phone", confirmed=True)
    _sign_in(client, "member_rep")
    code = _code(device)
    response = client.post(
        reverse("accounts:two_factor_verify"), {"code": f"{code[:3]} {code[3:]}"}
    )
    assert response.status_code == 302


def test_wrong_codes_slow_down_further_tries(client, cast):
    device = TOTPDevice.objects.create(user=cast.member_rep, name="phone", confirmed=True)
    _sign_in(client, "member_rep")
    client.cookies["django_language"] = "en"
    bad = "000000" if _code(device) != "000000" else "111111"
    first = client.post(reverse("accounts:two_factor_verify"), {"code": bad})
    assert "not valid" in first.content.decode()
    second = client.post(reverse("accounts:two_factor_verify"), {"code": _code(device)})
    assert second.status_code == 200
    assert "Too many wrong codes" in second.content.decode()


def test_the_verify_page_escapes_to_home_for_an_outside_next(client, cast):
    device = TOTPDevice.objects.create(user=cast.member_rep, name="phone", confirmed=True)
    _sign_in(client, "member_rep")
    response = client.post(
        reverse("accounts:two_factor_verify"),
        {"code": _code(device), "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("board:home")


# --- status page, replacing and disabling -------------------------------------------------------


def test_the_two_factor_page_shows_status_and_why_it_is_required(client, cast):
    signin(client, cast.head_rep)
    client.cookies["django_language"] = "en"
    body = client.get(reverse("accounts:two_factor")).content.decode()
    assert "Two-factor authentication is on" in body
    assert "head or deputy unit of Khối thi đua 8 — 2025" in body
    assert reverse("accounts:two_factor_disable") not in body


def test_someone_for_whom_it_is_mandatory_cannot_turn_it_off(client, cast):
    signin(client, cast.board)
    client.post(reverse("accounts:reauth"), {"method": "password", "pw-password": PASSWORD})
    response = client.post(reverse("accounts:two_factor_disable"))
    assert response["Location"] == reverse("accounts:two_factor")
    assert TOTPDevice.objects.filter(user=cast.board).exists()
    assert not AuditEvent.objects.filter(action="auth.two_factor_disable").exists()


def test_a_plain_member_turns_it_off_after_confirming_the_password(client, cast):
    signin(client, cast.member_rep)
    stale = client.post(
        reverse("accounts:two_factor_disable"),
        headers={"Referer": "http://testserver/accounts/two-factor/"},
    )
    assert stale["Location"] == reverse("accounts:reauth") + "?next=%2Faccounts%2Ftwo-factor%2F"
    assert TOTPDevice.objects.filter(user=cast.member_rep).exists()
    client.post(reverse("accounts:reauth"), {"method": "password", "pw-password": PASSWORD})
    response = client.post(reverse("accounts:two_factor_disable"))
    assert response["Location"] == reverse("accounts:two_factor")
    assert not TOTPDevice.objects.filter(user=cast.member_rep).exists()
    event = AuditEvent.objects.get(action="auth.two_factor_disable")
    assert event.actor_id == cast.member_rep.pk
    assert client.get(reverse("board:home")).status_code == 200


def test_setting_up_on_a_new_phone_asks_for_the_password_and_replaces_the_old_device(client, cast):
    signin(client, cast.board)
    old = TOTPDevice.objects.get(user=cast.board)
    assert client.get(reverse("accounts:two_factor_setup"))["Location"].startswith(
        reverse("accounts:reauth")
    )
    client.post(reverse("accounts:reauth"), {"method": "password", "pw-password": PASSWORD})
    page = client.get(reverse("accounts:two_factor_setup"))
    assert page.status_code == 200 and page.context["replacing"]
    new = TOTPDevice(key=client.session[SETUP_KEY])
    client.post(reverse("accounts:two_factor_setup"), {"code": _code(new)})
    devices = list(TOTPDevice.objects.filter(user=cast.board))
    assert len(devices) == 1 and devices[0].pk != old.pk
    assert client.get(reverse("core:audit")).status_code == 200


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_setup_page_renders_in_both_languages(client, cast, lang):
    signin(client, cast.member_rep, verified=False)
    TOTPDevice.objects.filter(user=cast.member_rep).delete()
    client.cookies["django_language"] = lang
    body = client.get(reverse("accounts:two_factor_setup")).content.decode()
    assert f'<html lang="{lang}"' in body
    assert re.search(
        r"<code class=\"accounts-secret\" translate=\"no\">[A-Z2-7 ]{32,}</code>", body
    )


def test_a_member_who_chooses_to_set_it_up_returns_to_the_two_factor_page(client, cast):
    signin(client, cast.member_rep, verified=False)
    TOTPDevice.objects.filter(user=cast.member_rep).delete()
    client.get(reverse("accounts:two_factor_setup"))
    device = TOTPDevice(key=client.session[SETUP_KEY])
    response = client.post(reverse("accounts:two_factor_setup"), {"code": _code(device)})
    assert response["Location"] == reverse("accounts:two_factor")
    assert AuditEvent.objects.filter(action="auth.two_factor_enable").count() == 1
