"""The workflow through its pages: plain POSTs and redirects, errors back into the forms, the
Board's queue with its filters (and its htmx fragment) and a bounded number of queries."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from thidua.awards.models import Award, Nominee, Proposal, ProposalStatus
from thidua.awards.tests import helpers
from thidua.awards.views import QUEUE_PAGE_SIZE
from thidua.cycles import services as cycles
from thidua.cycles.models import Phase
from thidua.testing import as_role, make_block, make_org

pytestmark = pytest.mark.django_db


def test_the_head_builds_the_dossier_from_the_cycle_page(client, cast):
    helpers.evaluated_cycle(cast)
    as_role(client, cast, "head_rep")
    cycle_page = client.get(reverse("cycles:cycle_detail", args=[cast.cycle.pk])).content.decode()
    assert reverse("awards:cycle_dossiers", args=[cast.cycle.pk]) in cycle_page
    page = client.get(reverse("awards:cycle_dossiers", args=[cast.cycle.pk])).content.decode()
    build = reverse("awards:proposal_create", args=[cast.cycle.pk, helpers.merit(cast).pk])
    assert build in page
    response = client.post(build, {"organisations": [cast.head_org.pk, cast.deputy_org.pk]})
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("awards:proposal_detail", args=[proposal.pk])
    assert proposal.nominees.count() == 2
    cycle_page = client.get(reverse("cycles:cycle_detail", args=[cast.cycle.pk])).content.decode()
    assert "Bằng khen của Chủ tịch UBND tỉnh</a> — Dự thảo" in cycle_page


def test_a_refused_nominee_comes_back_into_the_build_form(client, cast):
    helpers.evaluated_cycle(cast)
    cast.cycle.policy.quotas.filter(award_type=helpers.merit(cast)).update(quota=1)
    as_role(client, cast, "head_rep")
    build = reverse("awards:proposal_create", args=[cast.cycle.pk, helpers.merit(cast).pk])
    response = client.post(build, {"organisations": [cast.head_org.pk, cast.deputy_org.pk]})
    assert response.status_code == 200
    assert "1" in response.context["form"].errors["organisations"][0]
    assert not Proposal.objects.exists()


def test_the_nominee_writes_its_report_and_the_head_submits(client, cast):
    proposal = helpers.flag_proposal(cast, written=False)
    nominee = proposal.nominees.get()
    as_role(client, cast, "head_rep")
    client.post(reverse("awards:proposal_submit", args=[proposal.pk]))
    assert Proposal.objects.get().status == ProposalStatus.DRAFT
    as_role(client, cast, "member_leader")
    url = reverse("awards:report_edit", args=[nominee.pk])
    response = client.post(url, {"achievements": ""})
    assert response.status_code == 200 and response.context["form"].errors
    client.post(url, {"situation": "Hội có 500 hội viên.", "achievements": "Vượt chỉ tiêu."})
    assert Nominee.objects.get().report["achievements"] == "Vượt chỉ tiêu."
    as_role(client, cast, "head_rep")
    client.post(reverse("awards:proposal_submit", args=[proposal.pk]))
    assert Proposal.objects.get().status == ProposalStatus.SUBMITTED


def test_an_upload_is_checked_by_its_content(client, cast):
    nominee = helpers.flag_proposal(cast, written=False).nominees.get()
    as_role(client, cast, "member_rep")
    url = reverse("awards:report_upload", args=[nominee.pk])
    fake = SimpleUploadedFile("bao-cao.pdf", b"not a pdf at all", content_type="application/pdf")
    response = client.post(url, {"file": fake})
    assert response.status_code == 200 and "file" in response.context["upload_form"].errors
    assert not Nominee.objects.get().report_file
    response = client.post(url, {"file": helpers.pdf_upload()})
    assert response.status_code == 302 and Nominee.objects.get().report_file
    download = client.get(reverse("awards:report_file", args=[nominee.pk]))
    assert b"".join(download.streaming_content) == helpers.MINIMAL_PDF


def test_the_board_returns_with_a_reason_shown_to_the_head(client, cast):
    proposal = helpers.submitted_proposal(cast)
    as_role(client, cast, "board")
    url = reverse("awards:proposal_return", args=[proposal.pk])
    assert client.post(url, {"reason": ""}).status_code == 200
    client.post(url, {"reason": "Bổ sung số liệu phần I."})
    assert Proposal.objects.get().status == ProposalStatus.RETURNED
    as_role(client, cast, "head_rep")
    page = client.get(reverse("awards:proposal_detail", args=[proposal.pk])).content.decode()
    assert "Bổ sung số liệu phần I." in page
    assert reverse("awards:proposal_edit", args=[proposal.pk]) in page


def test_the_board_accepts_then_records_the_decision(client, cast):
    proposal = helpers.submitted_proposal(cast)
    nominee = proposal.nominees.get()
    as_role(client, cast, "board")
    client.post(reverse("awards:proposal_accept", args=[proposal.pk]))
    url = reverse("awards:decision", args=[proposal.pk])
    data = {
        "number": "125/QĐ-UBND",
        "date": "2025-02-20",
        "signer_name": "Trần Minh Khoa",
        f"granted_{nominee.pk}": "no",
        f"reason_{nominee.pk}": "",
    }
    response = client.post(url, data)
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    data[f"granted_{nominee.pk}"] = "yes"
    assert client.post(url, data).status_code == 302
    assert Proposal.objects.get().status == ProposalStatus.DECIDED
    assert Award.objects.get().organisation == cast.member_org
    page = client.get(reverse("awards:proposal_detail", args=[proposal.pk])).content.decode()
    assert "125/QĐ-UBND" in page


def test_the_decision_page_refuses_a_dossier_not_accepted(client, cast):
    proposal = helpers.submitted_proposal(cast)
    as_role(client, cast, "board")
    url = reverse("awards:decision", args=[proposal.pk])
    page = client.get(url).content.decode()
    assert 'name="number"' not in page
    nominee = proposal.nominees.get()
    client.post(
        url,
        {
            "number": "1",
            "date": "2025-02-20",
            "signer_name": "A",
            f"granted_{nominee.pk}": "yes",
        },
    )
    assert not Award.objects.exists()


def _other_blocks_with_dossiers(cast, count: int, prefix: str = "") -> None:
    """`count` more blocks, each with a submitted flag dossier (rows written directly)."""
    flag = helpers.flag(cast)
    for i in range(count):
        units = [make_org(cast.province, f"Hội {prefix}{i}-{j}") for j in range(2)]
        block = make_block(cast.province, f"Khối thi đua {prefix}{100 + i}", units)
        cycle = cycles.create_cycle(
            actor=None, block=block, year=2025, head_unit=units[0], deputy_unit=units[1]
        )
        proposal = Proposal.objects.create(
            cycle=cycle, award_type=flag, status=ProposalStatus.SUBMITTED, number=f"{i}"
        )
        Nominee.objects.create(proposal=proposal, organisation=units[0], name=units[0].name)


def _queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.usefixtures("page_builds")
def test_the_queue_does_the_same_queries_for_10_or_50_dossiers(client, cast):
    as_role(client, cast, "board")
    url = reverse("awards:queue")
    _other_blocks_with_dossiers(cast, 10)
    few = _queries(client, url)
    _other_blocks_with_dossiers(cast, 40, prefix="x")
    many = _queries(client, url)
    assert few == many, (few, many)
    # The session, the person, the second factor, the blocks, the years, the pager's count,
    # the page's rows, their nominees' counts and the notifications badge.
    assert many <= 9, many
    # 50 dossiers: a page of them, and the rest on the next page.
    assert len(client.get(url).context["rows"]) == QUEUE_PAGE_SIZE
    assert len(client.get(url, {"page": 2}).context["rows"]) == 50 - QUEUE_PAGE_SIZE


def test_the_queue_filters_by_year_status_and_block_and_answers_htmx(client, cast):
    submitted = helpers.submitted_proposal(cast)
    _other_blocks_with_dossiers(cast, 2)
    Proposal.objects.filter(pk=submitted.pk).update(status=ProposalStatus.ACCEPTED)
    as_role(client, cast, "board")
    url = reverse("awards:queue")
    response = client.get(url, {"status": "accepted"})
    assert [p.pk for p in response.context["rows"]] == [submitted.pk]
    response = client.get(url, {"block": cast.block.pk, "year": 2025})
    assert [p.pk for p in response.context["rows"]] == [submitted.pk]
    assert len(client.get(url, {"year": 2025}).context["rows"]) == 3
    fragment = client.get(url, {"status": "submitted"}, headers={"HX-Request": "true"})
    assert "<html" not in fragment.content.decode() and len(fragment.context["rows"]) == 2


def test_a_queue_row_says_block_title_counts_status_and_date_and_keeps_the_filters(client, cast):
    submitted = helpers.submitted_proposal(cast)
    as_role(client, cast, "board")
    page = client.get(reverse("awards:queue"), {"block": cast.block.pk}).content.decode()
    row = page.split(reverse("awards:proposal_detail", args=[submitted.pk]))[1].split("</tr>")[0]
    nominees = submitted.nominees.count()
    day = timezone.localtime(submitted.submitted_at).strftime("%d/%m/%Y")
    cells = f"<td>{submitted.award_type.name}</td><td>{nominees}</td><td>—</td><td>Đã gửi</td>"
    assert cast.block.name in row and cells in row and f"<td>{day}</td>" in row
    # The chosen block stays chosen in the filter, and the form's other lists are intact.
    assert f'<option value="{cast.block.pk}" selected>{cast.block.name}</option>' in page
    assert '<select name="year" class="form-select" id="id_year">' in page
    assert '<option value="" selected>' in page.split('name="status"')[1].split("</select>")[0]


def test_drafts_never_reach_the_queue(client, cast):
    helpers.flag_proposal(cast)
    as_role(client, cast, "board")
    assert client.get(reverse("awards:queue")).context["rows"] == []


def test_the_summary_shows_proposed_and_granted_per_title_and_block(client, cast):
    helpers.submitted_proposal(cast)
    as_role(client, cast, "board")
    response = client.get(reverse("awards:summary"), {"year": 2025})
    data = response.context["data"]
    assert [(line.label, line.proposed, line.granted) for line in data.by_title] == [
        ("Cờ thi đua của UBND tỉnh", 1, 0)
    ]
    assert [line.label for line in data.by_block] == ["Khối thi đua 8"]


def test_the_dossiers_page_says_when_the_cycle_is_not_yet_in_evaluation(client, cast):
    helpers.evaluated_cycle(cast, phase=Phase.RESULTS_PUBLISHED)
    as_role(client, cast, "head_rep")
    response = client.get(reverse("awards:cycle_dossiers", args=[cast.cycle.pk]))
    assert response.context["can_build"] is False
