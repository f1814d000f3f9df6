"""The public portal's page cache: fast for visitors, never stale after a write, and every
visitor still gets a CSRF token of their own."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from thidua.core.page_cache import PLACEHOLDER
from thidua.news.tests.helpers import make_post
from thidua.testing import signin

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')


def _get(client: Client, url: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_a_visitor_gets_the_page_from_the_cache_with_one_query(cast):
    make_post(cast, publish=True, title="Hội Người mù tập huấn chữ nổi")
    url = reverse("news:post_list")
    _, cold = _get(Client(), url)
    again, warm = _get(Client(), url)
    assert warm == 1 < cold
    assert "Hội Người mù tập huấn chữ nổi" in again


def test_any_write_shows_at_once_on_the_cached_page(cast):
    url = reverse("news:post_list")
    make_post(cast, publish=True, title="Bài thứ nhất")
    assert "Bài thứ hai" not in _get(Client(), url)[0]
    make_post(cast, publish=True, title="Bài thứ hai")
    assert "Bài thứ hai" in _get(Client(), url)[0]


def test_each_visitor_gets_a_working_csrf_token_of_their_own(cast):
    url = reverse("news:post_list")
    _get(Client(), url)  # fills the cache
    tokens = []
    for _ in range(2):
        visitor = Client(enforce_csrf_checks=True)
        page = visitor.get(url).content.decode()
        assert PLACEHOLDER not in page
        token = TOKEN.search(page).group(1)
        tokens.append(token)
        response = visitor.post(
            reverse("set_language"),
            {"language": "en", "next": url, "csrfmiddlewaretoken": token},
        )
        assert response.status_code == 302
    assert tokens[0] != tokens[1]


def test_signed_in_people_and_other_languages_get_their_own_page(client, cast):
    url = reverse("news:post_list")
    _get(Client(), url)
    english = Client()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert 'lang="en"' in _get(english, url)[0]
    signin(client, cast.member_rep)
    page, _ = _get(client, url)
    # The signed-in header (a link back to the workspace) is never served from the visitors' copy.
    assert 'class="btn btn-sm btn-outline-light" href="/"' in page
    assert 'btn-outline-light" href="/"' not in _get(Client(), url)[0]


def test_a_cached_article_gives_each_visitor_a_fresh_comment_token(cast):
    from thidua.news.forms import token_age

    post = make_post(cast, publish=True, title="Khối thi đua 8 ký kết giao ước")
    url = reverse("news:article", args=[post.slug])
    _get(Client(), url)  # fills the cache
    page, queries = _get(Client(), url)
    assert queries == 1
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    assert token_age(token) is not None and token_age(token) < 5
    assert "__thidua_fresh_" not in page
