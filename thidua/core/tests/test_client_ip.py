"""The client's address behind a trusted proxy (TRUSTED_PROXIES), REMOTE_ADDR otherwise: one
helper for the comment rate limit, the signature record and the sign-in lockout's record."""

from __future__ import annotations

import time

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

from thidua.core.http import client_ip, parse_networks
from thidua.news import portal_views
from thidua.news.forms import make_token
from thidua.news.models import Comment
from thidua.news.tests.helpers import make_post

PROXY = "10.0.0.5"


def _ip(remote: str, forwarded: str | None = None) -> str | None:
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client_ip(RequestFactory().get("/", REMOTE_ADDR=remote, **extra))


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert _ip("203.0.113.7", "198.51.100.1") == "203.0.113.7"
    assert _ip(PROXY, "198.51.100.1") == PROXY


def test_behind_a_trusted_proxy_the_client_is_the_right_most_untrusted_address(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24", "::1"]
    assert _ip(PROXY, "198.51.100.1") == "198.51.100.1"
    # The client wrote its own header: whatever it put there stays left of its real address.
    assert _ip(PROXY, "1.2.3.4, 198.51.100.1") == "198.51.100.1"
    assert _ip(PROXY, "not-an-address, 198.51.100.1") == "198.51.100.1"
    # Two trusted proxies in a row (e.g. a load balancer, then nginx).
    assert _ip(PROXY, "198.51.100.1, 10.0.0.9") == "198.51.100.1"
    assert _ip("::1", "2001:db8::7") == "2001:db8::7"


def test_a_sender_that_is_not_a_trusted_proxy_cannot_choose_its_address(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    assert _ip("203.0.113.7", "198.51.100.1") == "203.0.113.7"


def test_a_trusted_proxy_without_a_header_or_with_garbage_is_the_client_itself(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    assert _ip(PROXY) == PROXY
    assert _ip(PROXY, "garbage") == PROXY
    assert _ip(PROXY, "") == PROXY
    assert _ip("::ffff:203.0.113.7") == "203.0.113.7"
    assert _ip("") is None


def test_a_bad_trusted_proxy_is_named():
    assert [str(n) for n in parse_networks(["10.0.0.1", "10.0.0.0/8", "::1"])] == [
        "10.0.0.1/32",
        "10.0.0.0/8",
        "::1/128",
    ]
    with pytest.raises(ValueError, match="nginx"):
        parse_networks(["nginx"])


def _comment(client, post, forwarded: str, n: int):
    cache_token = make_token(time.time() - 30)
    return client.post(
        reverse("news:comment", args=[post.slug]),
        {
            "name": "Bạn Đọc",
            "email": "ban.doc@example.org",
            "text": f"Ý kiến số {n}",
            "website": "",
            "token": cache_token,
        },
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_behind_a_trusted_proxy_two_readers_have_separate_comment_limits(client, cast, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    cache.clear()
    post = make_post(cast, publish=True)
    for n in range(portal_views.COMMENT_LIMIT):
        assert _comment(client, post, "198.51.100.1", n).status_code == 302
    assert _comment(client, post, "198.51.100.1", 99).status_code == 200
    # Another reader behind the same nginx is not held back by the first one.
    assert _comment(client, post, "198.51.100.2", 100).status_code == 302
    assert Comment.objects.count() == portal_views.COMMENT_LIMIT + 1


def test_an_untrusted_senders_forwarded_header_does_not_reset_its_limit(client, cast, settings):
    settings.TRUSTED_PROXIES = []
    cache.clear()
    post = make_post(cast, publish=True)
    for n in range(portal_views.COMMENT_LIMIT):
        assert _comment(client, post, f"198.51.100.{n}", n).status_code == 302
    assert _comment(client, post, "198.51.100.200", 99).status_code == 200


def test_a_failed_sign_in_is_recorded_with_the_real_clients_address(client, cast, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    client.post(
        reverse("accounts:login"),
        {"username": "member_rep", "password": "wrong"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.1",
    )
    assert AccessAttempt.objects.get().ip_address == "198.51.100.1"
