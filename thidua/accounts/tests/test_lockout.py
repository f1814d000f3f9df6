import datetime as dt

from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse

from thidua.testing import PASSWORD


def _sign_in(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def _fail(client, username, times):
    for _ in range(times):
        response = _sign_in(client, username, "wrong-password")
    return response


def test_the_account_is_locked_after_five_failures_and_the_right_password_is_then_refused(
    client, cast
):
    assert settings.AXES_FAILURE_LIMIT == 5
    assert _fail(client, "member_rep", 4).status_code == 200
    locked = _fail(client, "member_rep", 1)
    assert locked.status_code == 429
    response = _sign_in(client, "member_rep", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_locked_out_page_says_what_happened_and_when_to_try_again(client, cast):
    client.cookies["django_language"] = "en"
    body = _fail(client, "member_rep", 5).content.decode()
    assert '<h1 class="page-title">Sign-in to this account is paused</h1>' in body
    assert "wrong 5 times in a row" in body
    assert "paused for 30 minutes" in body
    assert "You can try again after" in body
    assert reverse("accounts:password_reset") in body


def test_the_locked_out_page_is_in_vietnamese_by_default(client, cast):
    body = _fail(client, "member_rep", 5).content.decode()
    assert '<html lang="vi"' in body
    assert "Bạn có thể thử lại sau" in body


def test_failures_by_username_and_by_e_mail_count_together(client, cast):
    _fail(client, "member_rep", 2)
    _fail(client, "MEMBER_REP@example.org", 2)
    assert _fail(client, "Member_Rep", 1).status_code == 429
    assert _sign_in(client, "member_rep@example.org", PASSWORD).status_code == 429
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {"member_rep"}


def test_one_persons_lockout_does_not_lock_out_a_colleague_at_the_same_address(client, cast):
    _fail(client, "member_rep", 5)
    assert _sign_in(client, "member_leader", PASSWORD).status_code == 302


def test_unknown_accounts_are_throttled_the_same_way(client, cast):
    assert _fail(client, "nobody@example.org", 5).status_code == 429


def test_the_lockout_ends_after_the_cool_off(client, cast):
    _fail(client, "member_rep", 5)
    AccessAttempt.objects.update(attempt_time=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=31))
    assert _sign_in(client, "member_rep", PASSWORD).status_code == 302


def test_a_successful_sign_in_clears_earlier_failures(client, cast):
    _fail(client, "member_rep", 4)
    assert _sign_in(client, "member_rep", PASSWORD).status_code == 302
    client.post(reverse("accounts:logout"))
    assert _fail(client, "member_rep", 4).status_code == 200
