"""What the tờ trình and the achievement report say: the law and the form in force on their own
date, the province of that date, complete signatures, the archive line, the award history from
the product's records, the same vote share as the minutes, and no date later than their own."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re

import docx
import pytest
from django.urls import reverse

from thidua.accounts.models import Role
from thidua.awards import documents, export, services
from thidua.awards.models import Award, Decision, Proposal
from thidua.awards.tests import helpers
from thidua.core.errors import DomainError
from thidua.cycles import services as cycles
from thidua.legal.signers import MISSING_NAME
from thidua.orgs import services as orgs
from thidua.orgs.models import Membership
from thidua.testing import Cast, as_role, make_person, make_province
from thidua.voting import documents as minutes
from thidua.voting.models import BallotSession

pytestmark = pytest.mark.django_db


def _text(content: bytes) -> str:
    word = docx.Document(io.BytesIO(content))
    paragraphs = [p.text for p in word.paragraphs]
    cells = [c.text for t in word.tables for r in t.rows for c in r.cells]
    return "\n".join(paragraphs + cells)


def _merge_into_lam_dong(cast: Cast) -> None:
    lam_dong = make_province("lam-dong", "Lâm Đồng")
    orgs.update_province(
        actor=cast.board,
        province=lam_dong,
        name="Lâm Đồng",
        dossier_routing="qua Sở Nội vụ (Phòng Thi đua, khen thưởng)",
    )
    orgs.merge_provinces(
        actor=cast.board,
        predecessors=[cast.province],
        into=lam_dong,
        date=dt.date(2025, 7, 1),
        decision_ref="Nghị quyết số 202/2025/QH15",
    )
    cast.block.province.refresh_from_db()


def _year(cast: Cast, year: int) -> Cast:
    """The cast with its block's cycle of `year` (the same members, head and deputy)."""
    if year == cast.cycle.year:
        return cast
    for m in Membership.objects.filter(block=cast.block, year=cast.cycle.year):
        orgs.add_membership(actor=None, block=cast.block, organisation=m.organisation, year=year)
    cycle = cycles.create_cycle(
        actor=None,
        block=cast.block,
        year=year,
        head_unit=cast.head_org,
        deputy_unit=cast.deputy_org,
        copy_members_from_last_year=False,
    )
    return dataclasses.replace(cast, cycle=cycle)


def _flag_dossier(cast: Cast, day: dt.date) -> Proposal:
    """The flag dossier (Hội Người mù tỉnh), its report written, its tờ trình dated `day`."""
    proposal = helpers.flag_proposal(cast)
    Proposal.objects.filter(pk=proposal.pk).update(date=day)
    proposal.refresh_from_db()
    return proposal


@pytest.fixture
def head_leader(cast):
    return make_person("head_leader", Role.LEADER, cast.head_org, full_name="Nguyễn Thị Phúc")


@pytest.fixture
def merged(cast):
    _merge_into_lam_dong(cast)
    return cast


# --- the tờ trình ----------------------------------------------------------------------------


def test_a_to_trinh_of_10_january_2025_cites_decree_98_in_binh_thuan(merged, head_leader):
    cast = _year(merged, 2024)
    text = _text(documents.to_trinh_docx(_flag_dossier(cast, dt.date(2025, 1, 10))))
    assert "Bình Thuận, ngày 10 tháng 01 năm 2025" in text
    assert "UBND TỈNH BÌNH THUẬN" in text
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh Bình Thuận" in text
    assert "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;" in text
    assert "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ" in text
    assert "Căn cứ Thông tư số 01/2024/TT-BNV" in text
    assert (
        "Căn cứ Quy chế hoạt động và bình xét thi đua, khen thưởng của Khối thi đua 8 năm 2024;"
        in text
    )
    assert (
        "hội nghị tổng kết, bình xét thi đua năm 2024 của Khối thi đua 8 ngày 08/01/2025," in text
    )
    assert "152/2025" not in text and "Lâm Đồng" not in text
    assert "Về việc đề nghị tặng Cờ thi đua của UBND tỉnh năm 2024" in text


def test_a_to_trinh_dated_after_the_merger_cites_decree_152_in_lam_dong(merged, head_leader):
    proposal = _flag_dossier(merged, dt.date(2026, 1, 12))
    text = _text(documents.to_trinh_docx(proposal))
    assert "Lâm Đồng, ngày 12 tháng 01 năm 2026" in text
    assert "UBND TỈNH LÂM ĐỒNG" in text
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh Lâm Đồng" in text
    assert "qua Sở Nội vụ (Phòng Thi đua, khen thưởng)" in text
    assert "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ" in text
    assert "Căn cứ Thông tư số 15/2025/TT-BNV" in text
    assert "98/2023" not in text and "01/2024/TT-BNV" not in text
    assert "Bình Thuận" not in text
    for obsolete in ("huyện", "thị xã", "Ban Thi đua – Khen thưởng"):
        assert obsolete not in text


def test_the_to_trinh_is_signed_by_the_head_of_the_block_with_name_and_position(cast, head_leader):
    proposal = helpers.flag_proposal(cast)
    assert proposal.signer_name == "Nguyễn Thị Phúc"
    doc = documents.to_trinh_layout(proposal)
    (signature,) = doc.signatures
    assert signature.authority == "TM. KHỐI THI ĐUA 8"
    assert signature.position.split("\n") == [
        "TRƯỞNG KHỐI",
        "CHỦ TỊCH BAN ĐẠI DIỆN HỘI NGƯỜI CAO TUỔI TỈNH",
    ]
    assert signature.name == "Nguyễn Thị Phúc"
    assert doc.archive_copy == "KTĐ8"
    assert doc.recipients[0] == "Như trên" and "Sở Nội vụ tỉnh Bình Thuận" in doc.recipients
    assert not any(r.startswith("Lưu") for r in doc.recipients)


def test_a_signer_without_a_name_is_said_in_the_document_and_fixed_in_the_form(client, cast):
    proposal = helpers.flag_proposal(cast)
    Proposal.objects.filter(pk=proposal.pk).update(signer_name="", signer_position="")
    proposal.refresh_from_db()
    assert documents.to_trinh_layout(proposal).signatures[0].name == MISSING_NAME
    as_role(client, cast, "head_rep")
    form = client.get(reverse("awards:proposal_edit", args=[proposal.pk])).context["form"]
    assert "signer_name" in form.fields


def _rows(content: bytes) -> list[str]:
    word = docx.Document(io.BytesIO(content))
    return [" | ".join(c.text for c in r.cells) for t in word.tables for r in t.rows]


def test_the_minutes_and_the_to_trinh_give_a_vote_the_same_share(cast):
    cycle = helpers.evaluated_cycle(cast)
    # The Bằng khen ballot counted against 6 members (the block had 6 that year, say): the
    # share is of the ballot's own base, never recomputed from today's memberships.
    BallotSession.objects.filter(cycle=cycle, award_type=helpers.merit(cast)).update(member_count=6)
    proposal = services.build_proposal(
        actor=cast.head_rep, cycle=cycle, award_type=helpers.merit(cast)
    )
    to_trinh = _rows(documents.to_trinh_docx(proposal))
    record = _rows(minutes.minutes_docx(cycle))
    # The deputy unit had 3 agree votes: 3 of 6, 50,00% in both documents.
    assert any(cast.deputy_org.name in r and "3/6 (50,00%)" in r for r in to_trinh), to_trinh
    assert f"2 | {cast.deputy_org.name} | 4 | 4 | 4 | 3 | 50,00% | Đạt" in record, record
    assert any(cast.head_org.name in r and "4/6 (66,67%)" in r for r in to_trinh)
    assert f"1 | {cast.head_org.name} | 4 | 4 | 4 | 4 | 66,67% | Đạt" in record


def test_a_to_trinh_cannot_be_dated_before_the_meeting_whose_votes_it_reports(cast):
    proposal = helpers.flag_proposal(cast)
    with pytest.raises(DomainError, match="evaluation meeting of 08/01/2026"):
        services.update_proposal(
            actor=cast.head_rep, proposal=proposal, values={"date": dt.date(2026, 1, 7)}
        )
    services.update_proposal(
        actor=cast.head_rep, proposal=proposal, values={"date": dt.date(2026, 1, 8)}
    )


def test_an_undated_to_trinh_is_a_409_page_not_a_document_dated_today(client, cast):
    proposal = helpers.flag_proposal(cast)
    Proposal.objects.filter(pk=proposal.pk).update(date=None)
    as_role(client, cast, "head_rep")
    for name in ("awards:to_trinh_docx", "awards:to_trinh_pdf", "awards:dossier_zip"):
        response = client.get(reverse(name, args=[proposal.pk]))
        assert response.status_code == 409, name
        page = response.content.decode()
        assert reverse("awards:proposal_edit", args=[proposal.pk]) in page


# --- the achievement report ------------------------------------------------------------------


def _history_of_the_blind(cast: Cast) -> None:
    """2022: a Bằng khen for an association that merged into Hội Người mù tỉnh in 2023, with its
    decision; 2023: a flag for Hội Người mù tỉnh itself."""
    old = orgs.create_organisation(
        actor=None, province=cast.province, name="Chi hội Người mù Phan Thiết"
    )
    decision = Decision.objects.create(
        proposal=helpers.accepted_proposal(_year(cast, 2021)),
        number="315/QĐ-UBND",
        date=dt.date(2023, 2, 14),
        signer_name="Phan Văn Đăng",
    )
    Award.objects.create(
        organisation=old,
        award_type=helpers.merit(cast),
        year=2022,
        name=old.name,
        decision=decision,
    )
    orgs.merge_organisations(
        actor=None,
        predecessors=[old],
        into=cast.member_org,
        date=dt.date(2023, 6, 1),
        decision_ref="Quyết định số 90/QĐ-UBND",
    )
    Award.objects.create(
        organisation=cast.member_org,
        award_type=helpers.flag(cast),
        year=2023,
        name=cast.member_org.name,
    )


def test_the_report_of_january_2025_follows_form_02_of_decree_98(merged, head_leader):
    cast = _year(merged, 2024)
    proposal = _flag_dossier(cast, dt.date(2025, 1, 10))
    text = _text(documents.report_docx(proposal.nominees.get()))
    # Written today (2026) but never dated after the tờ trình it goes with.
    assert "Bình Thuận, ngày 10 tháng 01 năm 2025" in text
    assert "Căn cứ Nghị định số 98/2023/NĐ-CP" in text and "152/2025" not in text
    assert "BÁO CÁO THÀNH TÍCH" in text and "HỘI NGƯỜI MÙ TỈNH" in text
    assert "Đề nghị tặng Cờ thi đua của UBND tỉnh năm 2024" in text
    assert "II. THÀNH TÍCH ĐẠT ĐƯỢC" in text and "IV. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG" in text


def test_the_report_after_the_merger_cites_decree_152_in_lam_dong(merged, head_leader):
    proposal = _flag_dossier(merged, dt.date(2026, 1, 12))
    text = _text(documents.report_docx(proposal.nominees.get()))
    assert "Lâm Đồng, ngày 12 tháng 01 năm 2026" in text
    assert "Căn cứ Nghị định số 152/2025/NĐ-CP" in text and "98/2023" not in text
    assert "Bình Thuận" not in text and "huyện" not in text and "thị xã" not in text


def test_the_reports_award_history_comes_from_the_records_across_a_merger(cast, head_leader):
    _history_of_the_blind(cast)
    proposal = _flag_dossier(cast, dt.date(2026, 1, 12))
    text = _text(documents.report_docx(proposal.nominees.get()))
    assert "…" not in text.split("IV. CÁC HÌNH THỨC")[1].split("V. ĐỀ NGHỊ")[0]
    assert "2022" in text and "Bằng khen của Chủ tịch UBND tỉnh (mang tên Chi hội Người mù" in text
    assert "Quyết định số 315/QĐ-UBND ngày 14 tháng 02 năm 2023" in text
    assert "2023" in text and "Cờ thi đua của UBND tỉnh" in text


def test_the_report_carries_the_unit_signature_and_the_superior_levels_confirmation(
    cast, head_leader
):
    proposal = _flag_dossier(cast, dt.date(2026, 1, 12))
    nominee = proposal.nominees.get()
    doc = documents.report_layout(nominee)
    confirmation, unit = doc.signatures
    assert confirmation.authority == "XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG"
    assert confirmation.position.startswith("TM. KHỐI THI ĐUA 8\nTRƯỞNG KHỐI")
    assert confirmation.name == "Nguyễn Thị Phúc"
    # The nominee's leader on record signs for the unit until the report names someone else.
    assert unit.name == "Member Leader" and unit.position == "CHỦ TỊCH HỘI NGƯỜI MÙ TỈNH"
    report = dict(nominee.report, signer_name="Lê Văn Tám", signer_position="Phó Chủ tịch")
    services.write_report(actor=cast.member_rep, nominee=nominee, sections=report)
    nominee.refresh_from_db()
    unit = documents.report_layout(nominee).signatures[1]
    assert unit.name == "Lê Văn Tám" and unit.position == "PHÓ CHỦ TỊCH HỘI NGƯỜI MÙ TỈNH"


def _dates(text: str) -> list[dt.date]:
    found = [
        dt.date(int(y), int(m), int(d))
        for d, m, y in re.findall(r"ngày (\d{1,2}) tháng (\d{1,2}) năm (\d{4})", text)
    ]
    found += [
        dt.date(int(y), int(m), int(d))
        for d, m, y in re.findall(r"\b(\d{2})/(\d{2})/(\d{4})\b", text)
    ]
    return found


def test_no_date_in_the_dossier_is_later_than_the_documents_own(merged, head_leader):
    cast = _year(merged, 2024)
    day = dt.date(2025, 1, 10)
    proposal = _flag_dossier(cast, day)
    for content in (
        documents.to_trinh_docx(proposal),
        documents.report_docx(proposal.nominees.get()),
    ):
        dates = _dates(_text(content))
        assert dates and max(dates) == day, sorted(dates)


def test_the_dossier_page_shows_what_the_to_trinh_cites_and_what_is_to_check(client, cast):
    proposal = _flag_dossier(cast, dt.date(2026, 1, 12))
    as_role(client, cast, "board")
    page = client.get(reverse("awards:proposal_detail", args=[proposal.pk])).content.decode()
    assert "Căn cứ Nghị định số 152/2025/NĐ-CP" in page
    assert "Căn cứ Thông tư số 15/2025/TT-BNV" in page and "cần kiểm tra" in page
    assert "152/2025/NĐ-CP" in page and reverse("legal:instrument_list") in page


def test_the_archive_leaves_out_an_undated_to_trinh_instead_of_dating_it_today(cast):
    proposal = helpers.flag_proposal(cast)
    Proposal.objects.filter(pk=proposal.pk).update(date=None)
    files = export.files(proposal.cycle)
    assert not any(name.startswith("awards/to-trinh-") for name in files)
