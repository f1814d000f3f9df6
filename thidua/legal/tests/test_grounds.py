"""The legal bases a document cites are chosen by the document's own date, from the seeded
national instruments and whatever the Board adds for a province or a block."""

from __future__ import annotations

import datetime as dt

import pytest

from thidua.legal import selectors, services, signers, wording
from thidua.legal.models import CitingDocument, DocumentForm, FormKind, Instrument
from thidua.orgs import services as orgs
from thidua.testing import make_province

pytestmark = pytest.mark.django_db

TO_TRINH = CitingDocument.TO_TRINH


def _grounds(day, block=None, document=TO_TRINH):
    return "\n".join(selectors.grounds(document=document, day=day, block=block))


def test_every_installation_has_the_national_instruments_of_the_law():
    numbers = set(Instrument.objects.values_list("number", flat=True))
    assert {
        "06/2022/QH15",
        "98/2023/NĐ-CP",
        "01/2024/TT-BNV",
        "152/2025/NĐ-CP",
        "15/2025/TT-BNV",
        "30/2020/NĐ-CP",
    } <= numbers


def test_a_document_of_10_january_2025_cites_decree_98_and_never_decree_152():
    text = _grounds(dt.date(2025, 1, 10))
    assert "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022" in text
    assert (
        "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định "
        "chi tiết thi hành một số điều của Luật Thi đua, khen thưởng" in text
    )
    assert "Thông tư số 01/2024/TT-BNV ngày 24 tháng 02 năm 2024 của Bộ trưởng Bộ Nội vụ" in text
    assert "152/2025" not in text and "15/2025/TT-BNV" not in text
    assert "30/2020" not in text  # the decree on document format is not a ground


def test_a_document_dated_after_the_repeal_cites_decree_152_and_never_decree_98():
    text = _grounds(dt.date(2025, 12, 15))
    assert "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ" in text
    assert "Thông tư số 15/2025/TT-BNV" in text
    assert "98/2023" not in text and "01/2024/TT-BNV" not in text


def test_the_repeal_takes_effect_on_1_july_2025():
    assert "98/2023" in _grounds(dt.date(2025, 6, 30))
    assert "152/2025" not in _grounds(dt.date(2025, 6, 30))
    assert "152/2025" in _grounds(dt.date(2025, 7, 1))
    assert "98/2023" not in _grounds(dt.date(2025, 7, 1))


def test_the_law_comes_first_then_the_decree_then_the_circular():
    lines = selectors.grounds(document=TO_TRINH, day=dt.date(2025, 1, 10), block=None)
    assert lines[0].startswith("Căn cứ Luật") and lines[1].startswith("Căn cứ Nghị định")
    assert lines[2].startswith("Căn cứ Thông tư")


def test_what_the_research_could_not_confirm_is_marked_unverified():
    assert not Instrument.objects.get(number="15/2025/TT-BNV").verified
    assert Instrument.objects.get(number="152/2025/NĐ-CP").verified
    unverified = selectors.unverified_cited(document=TO_TRINH, day=dt.date(2025, 9, 1), block=None)
    assert [i.number for i in unverified] == ["15/2025/TT-BNV"]


def test_a_province_instrument_is_cited_for_its_blocks_until_the_merger_then_the_new_provinces(
    cast,
):
    old = cast.province
    services.create_instrument(
        actor=cast.board,
        values={
            "kind": "provincial_blocks",
            "number": "123/QĐ-UBND",
            "issuer": "Ủy ban nhân dân tỉnh Bình Thuận",
            "signed_on": dt.date(2023, 2, 1),
            "title": "về việc chia các cụm, khối thi đua của tỉnh",
            "valid_from": dt.date(2023, 2, 1),
            "valid_to": dt.date(2025, 6, 30),
            "scope": "province",
            "province": old,
            "cited_in": [TO_TRINH],
            "order": 40,
        },
    )
    lam_dong = make_province("lam-dong", "Lâm Đồng")
    orgs.merge_provinces(
        actor=cast.board,
        predecessors=[old],
        into=lam_dong,
        date=dt.date(2025, 7, 1),
        decision_ref="Nghị quyết 202/2025/QH15",
    )
    services.create_instrument(
        actor=cast.board,
        values={
            "kind": "provincial_blocks",
            "number": "45/QĐ-UBND",
            "issuer": "Ủy ban nhân dân tỉnh Lâm Đồng",
            "signed_on": dt.date(2025, 9, 1),
            "title": "về việc tổ chức các cụm, khối thi đua của tỉnh",
            "valid_from": dt.date(2025, 9, 1),
            "scope": "province",
            "province": lam_dong,
            "cited_in": [TO_TRINH],
            "order": 40,
        },
    )
    block = cast.block
    block.refresh_from_db()
    before, after = _grounds(dt.date(2025, 1, 10), block), _grounds(dt.date(2025, 12, 1), block)
    assert "Quyết định số 123/QĐ-UBND" in before and "45/QĐ-UBND" not in before
    assert "Quyết định số 45/QĐ-UBND" in after and "123/QĐ-UBND" not in after
    # Another province's blocks never cite it.
    assert "123/QĐ-UBND" not in _grounds(dt.date(2025, 1, 10), None)


def test_a_blocks_own_regulation_is_cited_by_that_block_only(cast):
    services.create_instrument(
        actor=cast.board,
        values={
            "kind": "block_regulation",
            "title": "Quy chế hoạt động và bình xét thi đua, khen thưởng của Khối thi đua 8",
            "signed_on": dt.date(2024, 3, 25),
            "valid_from": dt.date(2024, 3, 25),
            "scope": "block",
            "block": cast.block,
            "cited_in": [TO_TRINH],
            "order": 50,
            "number": "",
        },
    )
    mine = _grounds(dt.date(2025, 1, 10), cast.block)
    assert (
        "Căn cứ Quy chế hoạt động và bình xét thi đua, khen thưởng của Khối thi đua 8 ngày 25 "
        "tháng 3 năm 2024" in mine
    )
    assert "Khối thi đua 8" not in _grounds(dt.date(2025, 1, 10), cast.other_block)
    assert selectors.has_block_regulation(cast.block, dt.date(2025, 1, 10))
    assert not selectors.has_block_regulation(cast.other_block, dt.date(2025, 1, 10))


def test_the_boards_own_wording_replaces_the_composed_citation(cast):
    decree = Instrument.objects.get(number="152/2025/NĐ-CP")
    services.update_instrument(
        actor=cast.board,
        instrument=decree,
        values={"wording": "Nghị định số 152/2025/NĐ-CP ngày 14/6/2025 của Chính phủ"},
    )
    assert "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14/6/2025 của Chính phủ" in _grounds(
        dt.date(2025, 12, 1)
    )


def test_each_document_cites_only_what_the_board_marked_for_it(cast):
    law = Instrument.objects.get(number="06/2022/QH15")
    services.update_instrument(
        actor=cast.board, instrument=law, values={"cited_in": [CitingDocument.TO_TRINH]}
    )
    day = dt.date(2025, 1, 10)
    assert "Căn cứ Luật Thi đua" in _grounds(day)
    assert "Căn cứ Luật Thi đua" not in _grounds(day, document=CitingDocument.ACHIEVEMENT_REPORT)


def test_the_form_in_force_follows_the_decree_of_the_documents_date():
    before = selectors.form_of(FormKind.TO_TRINH, dt.date(2025, 1, 10))
    after = selectors.form_of(FormKind.TO_TRINH, dt.date(2025, 7, 1))
    assert "Mẫu số 01" in before.reference and "98/2023/NĐ-CP" in before.reference
    assert before.verified
    assert "152/2025/NĐ-CP" in after.reference and not after.verified
    report = selectors.form_of(FormKind.ACHIEVEMENT_REPORT, dt.date(2025, 1, 10))
    assert "Mẫu số 02" in report.reference
    assert report.text("summary", award="Cờ thi đua của UBND tỉnh", year=2024) == (
        "Đề nghị tặng Cờ thi đua của UBND tỉnh năm 2024"
    )
    # Before any decree recorded (a 2023 document), the earliest form.
    assert "98/2023" in selectors.form_of(FormKind.TO_TRINH, dt.date(2023, 6, 1)).reference


def test_a_form_piece_left_empty_falls_back_to_the_built_in_wording(cast):
    form = DocumentForm.objects.get(kind=FormKind.TO_TRINH, instrument__number="152/2025/NĐ-CP")
    services.update_form(
        actor=cast.board,
        form=form,
        reference=form.reference,
        texts={"title": "", "summary": "Về việc đề nghị khen thưởng {award} năm {year}"},
        verified=True,
    )
    text = selectors.form_of(FormKind.TO_TRINH, dt.date(2025, 12, 1))
    assert text.texts["title"] == "TỜ TRÌNH"
    assert text.text("summary", award="Bằng khen", year=2025) == (
        "Về việc đề nghị khen thưởng Bằng khen năm 2025"
    )
    assert text.verified


def test_placeholders_are_filled_and_unknown_ones_are_reported():
    assert wording.fill("{block} năm {year}", {"block": "Khối thi đua 8", "year": 2024}) == (
        "Khối thi đua 8 năm 2024"
    )
    assert wording.fill("{nam} {", {"year": 1}) == "{nam} {"
    assert wording.unknown_placeholders("{year} {nam} {award}") == ["nam"]


def test_the_head_of_the_block_is_not_said_twice_in_the_signature(cast):
    day = dt.date(2025, 1, 10)
    positions = signers.head_positions(cast.cycle, day, "Trưởng khối, Chủ tịch Hội Người cao tuổi")
    assert positions == "TRƯỞNG KHỐI\nCHỦ TỊCH HỘI NGƯỜI CAO TUỔI"
    assert signers.head_positions(cast.cycle, day, "Trưởng khối") == "TRƯỞNG KHỐI"
    assert signers.head_positions(cast.cycle, day, "") == "TRƯỞNG KHỐI"


def test_a_bare_title_gets_the_units_name_of_the_day(cast):
    day = dt.date(2025, 1, 10)
    assert signers.position_in("Chủ tịch", cast.head_org, day) == (
        "Chủ tịch Ban Đại diện Hội Người cao tuổi tỉnh"
    )
    assert signers.position_in("Phó Chủ tịch Hội NCT", cast.head_org, day) == (
        "Phó Chủ tịch Hội NCT"
    )
    assert signers.position_in("Trưởng Ban Đại diện Hội", cast.head_org, day) == (
        "Trưởng Ban Đại diện Hội"
    )
