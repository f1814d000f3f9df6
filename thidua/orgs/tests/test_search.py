"""Search with and without diacritics, filters, paging and sortable columns on the lists."""

from __future__ import annotations

import unicodedata

import pytest
from django.urls import reverse

from thidua.orgs.tests.bulk import bulk_organisations
from thidua.testing import make_org, signin


def names(response):
    return [o.name for o in response.context["page"]]


@pytest.fixture
def board(client, cast):
    return signin(client, cast.board)


def test_hoi_nha_bao_finds_hoi_nha_bao_only_when_diacritics_are_ignored(board, cast):
    url = reverse("orgs:organisation_list")
    assert names(board.get(url, {"q": "hoi nha bao", "fold": "1"})) == ["Hội Nhà báo tỉnh"]
    assert names(board.get(url, {"q": "hoi nha bao"})) == []


def test_a_search_with_diacritics_ignores_case_but_not_marks(board, cast):
    url = reverse("orgs:organisation_list")
    assert names(board.get(url, {"q": "HỘI NHÀ BÁO"})) == ["Hội Nhà báo tỉnh"]
    assert names(board.get(url, {"q": "hồi nhà báo"})) == []


def test_an_nfd_typed_query_finds_nfc_data(board, cast):
    query = unicodedata.normalize("NFD", "Người mù")
    assert query != "Người mù"
    for fold in ("", "1"):
        response = board.get(reverse("orgs:organisation_list"), {"q": query, "fold": fold})
        assert names(response) == ["Hội Người mù tỉnh"]


def test_every_word_must_match_and_short_names_count(board, cast):
    url = reverse("orgs:organisation_list")
    assert names(board.get(url, {"q": "tinh mu", "fold": "1"})) == ["Hội Người mù tỉnh"]
    assert names(board.get(url, {"q": "hội nct"})) == ["Ban Đại diện Hội Người cao tuổi tỉnh"]


def test_dong_y_finds_the_d_with_stroke(board, cast):
    make_org(cast.province, "Hội Đông y tỉnh")
    response = board.get(reverse("orgs:organisation_list"), {"q": "dong y", "fold": "on"})
    assert names(response) == ["Hội Đông y tỉnh"]


def test_filters_by_province_and_status(board, cast):
    from thidua.orgs import services

    other = services.create_province(actor=None, name="Lâm Đồng")
    make_org(other, "Hội Nhà báo tỉnh Lâm Đồng")
    services.split_organisation(
        actor=None,
        org=cast.member_org,
        new_names=["A1", "A2"],
        date=__import__("datetime").date(2025, 10, 1),
        decision_ref="QĐ",
    )
    url = reverse("orgs:organisation_list")
    assert names(board.get(url, {"province": other.pk})) == ["Hội Nhà báo tỉnh Lâm Đồng"]
    assert names(board.get(url, {"status": "ended"})) == ["Hội Người mù tỉnh"]
    assert "Hội Người mù tỉnh" not in names(board.get(url))
    assert "Hội Người mù tỉnh" in names(board.get(url, {"status": "all"}))


def test_the_list_pages_by_25(board, cast):
    bulk_organisations(cast.province, 60)
    url = reverse("orgs:organisation_list")
    first = board.get(url)
    assert len(first.context["page"]) == 25
    assert first.context["page"].paginator.num_pages == 3
    last = board.get(url, {"page": 3})
    assert len(last.context["page"]) == 65 - 50


def test_column_headers_sort_both_ways_and_say_so(board, cast):
    url = reverse("orgs:organisation_list")
    ascending = board.get(url, {"sort": "name"})
    descending = board.get(url, {"sort": "-name"})
    assert names(descending) == list(reversed(names(ascending)))
    body = descending.content.decode()
    assert 'aria-sort="descending"' in body
    assert "sort=name" in body  # the header now offers the other direction
    assert board.get(url, {"sort": "bogus"}).status_code == 200


def test_htmx_search_answers_with_the_results_region_only(board, cast):
    response = board.get(
        reverse("orgs:organisation_list"),
        {"q": "nha bao", "fold": "1"},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert "<html" not in body and "Hội Nhà báo tỉnh" in body


def test_the_full_page_has_a_polite_live_results_region_and_a_plain_form(board, cast):
    body = board.get(reverse("orgs:organisation_list")).content.decode()
    assert 'id="org-results" aria-live="polite"' in body
    assert 'method="get" action="/registry/organisations/"' in body


def test_blocks_are_searched_with_and_without_diacritics(board, cast):
    url = reverse("orgs:block_list")
    assert names(board.get(url, {"q": "khoi thi dua 8", "fold": "1"})) == ["Khối thi đua 8"]
    assert names(board.get(url, {"q": "khoi thi dua 8"})) == []
    assert names(board.get(url, {"q": "khối", "sort": "-name"})) == [
        "Khối thi đua 8",
        "Khối thi đua 7",
    ]


def test_people_are_found_by_name_username_e_mail_or_organisation(board, cast):
    url = reverse("orgs:person_list")
    assert names_of(board.get(url, {"q": "nguoi mu", "fold": "1"})) == {
        "member_rep",
        "member_leader",
    }
    assert names_of(board.get(url, {"q": "outsider@example"})) == {"outsider"}
    assert names_of(board.get(url, {"q": "head_rep"})) == {"head_rep"}
    assert names_of(board.get(url, {"role": "leader"})) == {"member_leader"}
    assert names_of(board.get(url, {"organisation": cast.head_org.pk})) == {"head_rep"}


def test_people_sort_by_organisation(board, cast):
    response = board.get(reverse("orgs:person_list"), {"sort": "-organisation"})
    assert 'aria-sort="descending"' in response.content.decode()
    assert response.context["page"][0].organisation == cast.outsider_org


def names_of(response):
    return {p.username for p in response.context["page"]}
