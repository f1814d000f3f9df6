"""The workspace's page cache: a person's page comes from the cache while nothing they could see
has changed, is rebuilt at once after any write, never goes to anybody else, and still shows
their messages, notifications and a CSRF token of their own."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from thidua.core import page_cache
from thidua.cycles import services as cycles
from thidua.notifications.services import mark_read, notify
from thidua.testing import signin

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'"X-CSRFToken": "([A-Za-z0-9]+)"')


def _untokened(page: str) -> str:
    return page_cache._TOKENS.sub("", page)


def _get(client: Client, url: str, **headers: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def _cycle_url(cast) -> str:  # type: ignore[no-untyped-def]
    return reverse("cycles:cycle_detail", args=[cast.cycle.pk])


def test_the_second_view_comes_from_the_cache_with_a_handful_of_queries(client, cast):
    signin(client, cast.member_rep)
    url = _cycle_url(cast)
    first, cold = _get(client, url)
    again, warm = _get(client, url)
    # Session, person, second factor, versions, notifications: whatever the page shows.
    assert warm <= 5 < cold
    assert _untokened(again) == _untokened(first)


def _head_line(page: str) -> str:
    return re.search(r"<dd[^>]*>([^<]*)", page.split("Đơn vị trưởng khối", 1)[1]).group(1).strip()


def test_any_write_shows_at_once(client, cast):
    signin(client, cast.member_rep)
    url = _cycle_url(cast)
    assert _head_line(_get(client, url)[0]) == cast.head_org.name
    cycles.set_cycle_units(
        actor=cast.board, cycle=cast.cycle, head_unit=cast.member_org, deputy_unit=cast.head_org
    )
    page, queries = _get(client, url)
    assert queries > 5  # rebuilt
    assert _head_line(page) == cast.member_org.name


def test_each_person_gets_their_own_page(cast):
    url = _cycle_url(cast)
    advance = reverse("cycles:cycle_advance", args=[cast.cycle.pk])
    board_page, _ = _get(signin(Client(), cast.board), url)
    assert advance in board_page
    member_page, queries = _get(signin(Client(), cast.member_rep), url)
    assert queries > 5  # built for the member, not taken from the Board officer's copy
    assert advance not in member_page
    assert cast.member_rep.get_full_name() in member_page or cast.member_rep.username in member_page


def test_a_new_notification_and_reading_it_show_at_once(client, cast):
    signin(client, cast.member_rep)
    url = _cycle_url(cast)
    badge = '<span class="badge text-bg-warning">1<'
    before, _ = _get(client, url)
    assert badge not in before
    # Notifications are not records of the cycle: they write no audit event.
    notify(recipients=[cast.member_rep], kind="test", subject="Nhắc việc", email=False)
    assert badge in _get(client, url)[0]
    mark_read(user=cast.member_rep)
    assert badge not in _get(client, url)[0]


def _queue_message(client: Client, text: str) -> None:
    """A message left for the next page, as a form's view leaves one before redirecting."""
    storage = CookieStorage(RequestFactory().get("/"))
    storage.add(messages.SUCCESS, text)
    response = HttpResponse()
    storage.update(response)
    client.cookies.update(response.cookies)


def test_a_waiting_message_is_shown_on_a_cached_page(client, cast):
    signin(client, cast.member_rep)
    url = _cycle_url(cast)
    _get(client, url)
    _get(client, url)  # from the cache
    _queue_message(client, "Đã lưu ý kiến góp ý.")
    shown, _ = _get(client, url)
    assert "Đã lưu ý kiến góp ý." in shown
    again, queries = _get(client, url)
    assert queries <= 5 and "Đã lưu ý kiến góp ý." not in again


def test_the_cached_page_carries_the_persons_own_working_csrf_token(cast):
    url = _cycle_url(cast)
    first = signin(Client(enforce_csrf_checks=True), cast.member_rep)
    _get(first, url)
    second = signin(Client(enforce_csrf_checks=True), cast.member_rep)  # another browser
    page, queries = _get(second, url)
    assert queries <= 5
    assert page_cache.PLACEHOLDER not in page
    token = TOKEN.search(page).group(1)
    response = second.post(
        reverse("set_language"), {"language": "en", "next": url}, headers={"X-CSRFToken": token}
    )
    assert response.status_code == 302


def test_htmx_fragments_and_other_methods_are_never_cached(client, cast):
    signin(client, cast.member_rep)
    url = _cycle_url(cast)
    _get(client, url)
    _, queries = _get(client, url, HX_Request="true")
    assert queries > 5


def test_a_fresh_confirmation_is_in_the_key_and_the_minute_is_not(client, cast, monkeypatch):
    signin(client, cast.member_rep)
    request = client.get(_cycle_url(cast)).wsgi_request
    scopes = page_cache._person_scopes(request, page_cache.Scopes)
    key = page_cache._person_key(request, scopes)
    request.session["accounts_authenticated_at"] = timezone.now().timestamp()
    confirmed = page_cache._person_key(request, scopes)
    later = timezone.now() + dt.timedelta(minutes=1)
    monkeypatch.setattr(page_cache.timezone, "now", lambda: later)
    assert page_cache._person_key(request, scopes) == confirmed != key


def test_the_setting_turns_it_off(client, cast, settings):
    settings.PERSON_PAGE_CACHE = False
    signin(client, cast.member_rep)
    url = _cycle_url(cast)
    _get(client, url)
    assert _get(client, url)[1] > 5
