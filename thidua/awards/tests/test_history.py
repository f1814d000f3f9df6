"""An organisation's award history: every year, its own awards and those of the organisations it
succeeded (a rename keeps the organisation, a merger links predecessors), with the name it had
when awarded; the page does a bounded number of queries."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from thidua.awards.models import Award, Decision
from thidua.awards.selectors import award_history
from thidua.awards.tests import helpers
from thidua.orgs import services as orgs
from thidua.testing import as_role, make_org

pytestmark = pytest.mark.django_db


def _history_with_rename_and_merge(cast):
    """2022: Hội Người mù (old name) gets a Bằng khen; renamed in 2023; 2023: a flag under the new
    name; 2024: merged with another association into a new one, which gets a Bằng khen in 2025."""
    merit, flag = helpers.merit(cast), helpers.flag(cast)
    blind = cast.member_org
    Award.objects.create(organisation=blind, award_type=merit, year=2022, name=blind.name)
    orgs.rename_organisation(
        actor=cast.board,
        org=blind,
        new_name="Hội Người mù tỉnh Bình Thuận",
        date=dt.date(2023, 5, 1),
        decision_ref="QĐ 12/QĐ-UBND",
    )
    blind.refresh_from_db()
    Award.objects.create(organisation=blind, award_type=flag, year=2023, name=blind.name)
    other = make_org(cast.province, "Hội Người mù tỉnh Đắk Nông")
    Award.objects.create(organisation=other, award_type=merit, year=2023, name=other.name)
    merged = orgs.merge_organisations(
        actor=cast.board,
        predecessors=[blind, other],
        date=dt.date(2025, 8, 13),
        decision_ref="QĐ 99/QĐ-UBND",
        new_name="Hội Người mù tỉnh Lâm Đồng",
    )
    Award.objects.create(organisation=merged, award_type=merit, year=2025, name=merged.name)
    return merged


def test_the_history_follows_a_rename_and_a_merger_with_the_names_of_the_time(cast):
    merged = _history_with_rename_and_merge(cast)
    rows = award_history(merged)
    assert [(r.year, r.name) for r in rows] == [
        (2025, "Hội Người mù tỉnh Lâm Đồng"),
        (2023, "Hội Người mù tỉnh Bình Thuận"),
        (2023, "Hội Người mù tỉnh Đắk Nông"),
        (2022, "Hội Người mù tỉnh"),
    ]
    assert [r.via_predecessor for r in rows] == [False, True, True, True]
    assert rows[0].awarded_as == "" and rows[-1].awarded_as == "Hội Người mù tỉnh"


def test_a_renamed_organisation_shows_what_it_was_awarded_as(client, cast):
    _history_with_rename_and_merge(cast)
    blind = cast.member_org
    blind.refresh_from_db()
    rows = award_history(blind)
    assert [(r.year, r.awarded_as, r.via_predecessor) for r in rows] == [
        (2023, "", False),
        (2022, "Hội Người mù tỉnh", False),
    ]
    as_role(client, cast, "member_rep")
    page = client.get(reverse("awards:history", args=[blind.pk])).content.decode()
    assert "awarded as Hội Người mù tỉnh" in page or "được khen với tên Hội Người mù tỉnh" in page


def test_the_history_files_reopen_with_every_award(client, cast):
    merged = _history_with_rename_and_merge(cast)
    decision = Decision.objects.create(
        proposal=helpers.accepted_proposal(cast),
        number="7/QĐ-UBND",
        date=dt.date(2026, 2, 20),
        signer_name="A",
    )
    Award.objects.filter(organisation=merged).update(decision=decision)
    as_role(client, cast, "outsider")
    word = docx.Document(
        io.BytesIO(client.get(reverse("awards:history_docx", args=[merged.pk])).content)
    )
    cells = "\n".join(c.text for t in word.tables for r in t.rows for c in r.cells)
    paragraphs = "\n".join(p.text for p in word.paragraphs) + cells
    assert "QUÁ TRÌNH KHEN THƯỞNG" in paragraphs
    # Issued as of its latest decision, in the province of that day.
    assert "Bình Thuận, ngày 20 tháng 02 năm 2026" in paragraphs
    assert "Hội Người mù tỉnh Đắk Nông" in cells and "2022" in cells
    book = load_workbook(
        io.BytesIO(client.get(reverse("awards:history_xlsx", args=[merged.pk])).content)
    )
    body = [[c.value for c in r] for r in book.worksheets[0].iter_rows(min_row=4)]
    assert len(body) == 4 and body[0][0] == 2025  # the year is a number


def test_an_organisation_without_a_recorded_decision_gets_no_history_dated_today(client, cast):
    as_role(client, cast, "member_rep")
    for name in ("awards:history_docx", "awards:history_pdf"):
        response = client.get(reverse(name, args=[cast.member_org.pk]))
        assert response.status_code == 409
        assert "no award history to issue" in response.content.decode() or (
            "không có quá trình khen thưởng" in response.content.decode()
        )


def test_a_decided_award_shows_its_decision(client, cast):
    proposal = helpers.accepted_proposal(cast)
    decision = Decision.objects.create(
        proposal=proposal, number="125/QĐ-UBND", date=dt.date(2025, 2, 20), signer_name="A"
    )
    Award.objects.create(
        organisation=cast.member_org,
        award_type=helpers.flag(cast),
        year=2025,
        name=cast.member_org.name,
        decision=decision,
    )
    rows = award_history(cast.member_org)
    assert (rows[0].decision_number, rows[0].decision_date) == ("125/QĐ-UBND", "20/02/2025")


def _many_awards(cast, years: int) -> None:
    types = [helpers.flag(cast), helpers.merit(cast)]
    Award.objects.bulk_create(
        Award(organisation=cast.member_org, award_type=t, year=1990 + y, name=f"Tên {y}")
        for y in range(years)
        for t in types
    )


def _queries(client, url) -> int:
    client.get(url)  # warm the session and caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.usefixtures("page_builds")
def test_the_history_page_does_the_same_queries_for_10_or_50_awards(client, cast):
    as_role(client, cast, "member_rep")
    url = reverse("awards:history", args=[cast.member_org.pk])
    _many_awards(cast, 5)
    few = _queries(client, url)
    Award.objects.all().delete()
    _many_awards(cast, 25)
    many = _queries(client, url)
    assert few == many <= 12, (few, many)
    assert client.get(url).content.decode().count("<tr>") == 51
