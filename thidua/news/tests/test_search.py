"""Search across news and organisations, with and without diacritics."""

from __future__ import annotations

from django.urls import reverse

from thidua.news.tests.helpers import make_post


def _search(client, q):
    return client.get(reverse("news:search"), {"q": q}).content.decode()


def test_without_diacritics_the_search_finds_names_written_with_them(client, cast):
    page = _search(client, "hoi nguoi mu")
    assert "Hội Người mù tỉnh" in page


def test_with_diacritics_the_search_matches_them(client, cast):
    assert "Hội Người mù tỉnh" in _search(client, "Hội Người mù")
    assert "Hội Người mù tỉnh" not in _search(client, "Hồi Người mù")


def test_news_are_found_by_title_and_lead_ignoring_diacritics(client, cast):
    post = make_post(cast, publish=True, title="Khối thi đua 8 tọa đàm về an sinh xã hội")
    assert post.title in _search(client, "toa dam an sinh")
    assert post.title in _search(client, "tọa đàm")
    assert post.title in _search(client, "ky ket giao uoc")  # from the lead
    assert post.title not in _search(client, "bầu cử")


def test_an_empty_search_lists_nothing(client, cast):
    make_post(cast, publish=True)
    page = _search(client, "")
    assert "Hội Người mù tỉnh" not in page
