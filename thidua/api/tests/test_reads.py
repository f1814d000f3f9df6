"""Reads: one province's data, public fields only, bounded queries whatever the data size."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

import pytest

from thidua.api.tests.builders import bearer, make_token
from thidua.awards.tests.helpers import accepted_proposal, evaluated_cycle
from thidua.testing import make_block, make_org, make_province

#: Words that would betray a private field: a person's contact, a password, who voted how.
PRIVATE = ("email", "phone", "password", "username", "receipt", "ballot_hash", "author", "actor")


def _get(client, raw, url):
    response = client.get(url, **bearer(raw))
    assert response.status_code == 200, response.content[:300]
    return response.json()


def test_a_token_sees_its_province_only(client, cast):
    other = make_province(code="dak-lak", name="Đắk Lắk")
    make_block(other, "Khối thi đua 1", [make_org(other, "Hội Nông dân Đắk Lắk")])
    raw = make_token(cast).raw
    names = {o["name"] for o in _get(client, raw, "/api/v1/organisations?limit=200")["items"]}
    assert cast.member_org.name in names
    assert "Hội Nông dân Đắk Lắk" not in names
    blocks = {b["name"] for b in _get(client, raw, "/api/v1/blocks")["items"]}
    assert blocks == {"Khối thi đua 8", "Khối thi đua 7"}
    assert [p["code"] for p in _get(client, raw, "/api/v1/provinces")] == ["binh-thuan"]


def test_a_merged_province_is_read_through_its_successor(client, cast):
    successor = make_province(code="lam-dong", name="Lâm Đồng")
    cast.province.merged_into = successor
    cast.province.save()
    raw = make_token(cast, province=successor).raw
    names = {o["name"] for o in _get(client, raw, "/api/v1/organisations?limit=200")["items"]}
    assert cast.member_org.name in names


def test_an_organisation_search_ignores_diacritics(client, cast):
    raw = make_token(cast).raw
    items = _get(client, raw, "/api/v1/organisations?q=nguoi%20mu")["items"]
    assert [o["name"] for o in items] == ["Hội Người mù tỉnh"]


def test_no_answer_carries_a_private_field(client, cast):
    proposal = accepted_proposal(cast)
    raw = make_token(cast).raw
    urls = [
        "/api/v1/organisations",
        f"/api/v1/organisations/{cast.member_org.pk}",
        f"/api/v1/cycles/{cast.cycle.pk}/ballots",
        "/api/v1/dossiers",
        f"/api/v1/dossiers/{proposal.pk}",
    ]
    for url in urls:
        text = json.dumps(_get(client, raw, url)).lower()
        for word in PRIVATE:
            assert f'"{word}' not in text, (url, word)
        assert "@example.org" not in text


def test_ballot_results_are_counts_of_closed_ballots(client, cast):
    cycle = evaluated_cycle(cast)
    raw = make_token(cast).raw
    ballots = _get(client, raw, f"/api/v1/cycles/{cycle.pk}/ballots")
    assert ballots and all(b["candidates"] for b in ballots)
    assert all(
        set(c) == {"organisation_id", "name", "agree", "status"}
        for b in ballots
        for c in b["candidates"]
    )


def test_the_ranking_is_404_until_published_and_then_as_published(client, cast):
    raw = make_token(cast).raw
    response = client.get(
        f"/api/v1/cycles/{cast.cycle.pk}/ranking", **bearer(raw, HTTP_ACCEPT_LANGUAGE="en")
    )
    assert response.status_code == 404
    assert response.json()["detail"] == "This cycle's ranking is not published yet."
    evaluated_cycle(cast)
    ranking = _get(client, raw, f"/api/v1/cycles/{cast.cycle.pk}/ranking")
    assert ranking["entries"][0]["name"] == cast.member_org.name
    assert ranking["entries"][0]["rank"] == 1


def test_a_draft_dossier_is_not_shown(client, cast):
    from thidua.awards.tests.helpers import flag_proposal

    draft = flag_proposal(cast)
    raw = make_token(cast).raw
    assert _get(client, raw, "/api/v1/dossiers")["count"] == 0
    assert client.get(f"/api/v1/dossiers/{draft.pk}", **bearer(raw)).status_code == 404


def test_the_dossier_package_holds_the_files_and_their_hashes(client, cast):
    proposal = accepted_proposal(cast)
    raw = make_token(cast).raw
    response = client.get(f"/api/v1/dossiers/{proposal.pk}/package", **bearer(raw))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    manifest = json.loads(archive.read("manifest.json"))
    names = {f["name"] for f in manifest["files"]}
    assert {"to-trinh.docx", "to-trinh.pdf"} <= names
    assert any(n.startswith("bao-cao-thanh-tich/") for n in names)
    assert names | {"manifest.json"} == set(archive.namelist())
    for entry in manifest["files"]:
        content = archive.read(entry["name"])
        assert hashlib.sha256(content).hexdigest() == entry["sha256"]
        assert len(content) == entry["bytes"]
    assert manifest["dossier"]["id"] == proposal.pk
    import docx

    text = "\n".join(
        p.text for p in docx.Document(io.BytesIO(archive.read("to-trinh.docx"))).paragraphs
    )
    assert "TỜ TRÌNH" in text.upper()
    assert archive.read("to-trinh.pdf").startswith(b"%PDF")


def _grow(cast, n: int) -> None:
    from thidua.orgs import services as orgs

    for i in range(n):
        org = make_org(cast.province, f"Hội thêm {cast.province.pk}-{i}")
        orgs.add_membership(actor=None, block=cast.block, organisation=org, year=cast.cycle.year)


LISTS = [
    "/api/v1/organisations",
    "/api/v1/blocks",
    "/api/v1/cycles",
    "/api/v1/dossiers",
    "/api/v1/decisions",
    "/api/v1/public/rankings",
    "/api/v1/public/awards",
    "/api/v1/public/news",
]


@pytest.mark.parametrize("url", LISTS)
def test_list_endpoints_keep_a_query_budget_whatever_the_size(
    client, cast, url, django_assert_max_num_queries
):
    accepted_proposal(cast)
    raw = make_token(cast).raw
    client.get(url, **bearer(raw))  # warm what is cached per process
    with django_assert_max_num_queries(12) as small:
        client.get(url, **bearer(raw))
    _grow(cast, 30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url + "?limit=200", **bearer(raw)).status_code == 200


def test_memberships_keep_a_query_budget(client, cast, django_assert_max_num_queries):
    raw = make_token(cast).raw
    _grow(cast, 30)
    with django_assert_max_num_queries(8):
        response = client.get(f"/api/v1/blocks/{cast.block.pk}/memberships", **bearer(raw))
    assert response.json()["count"] == 34


def test_public_data_is_cacheable_and_needs_no_token(client, cast):
    evaluated_cycle(cast)
    response = client.get("/api/v1/public/rankings")
    assert response.status_code == 200
    assert "public" in response["Cache-Control"] and "max-age" in response["Cache-Control"]
    item = response.json()["items"][0]
    assert set(item) == {"block", "province", "year", "published_at", "entries"}
    assert set(item["entries"][0]) == {"rank", "unit_id", "name", "final"}
