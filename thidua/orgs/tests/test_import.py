"""Importing organisations, blocks and memberships from an XLSX workbook: a preview of every row,
then all or nothing."""

from __future__ import annotations

import io
import unicodedata

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import SkipFile
from django.urls import reverse
from django.utils import translation

from thidua.accounts.models import Role
from thidua.core.errors import DomainError
from thidua.core.models import AuditEvent
from thidua.orgs import importer, services
from thidua.orgs.import_views import SizeLimit
from thidua.orgs.models import Block, Membership, Organisation
from thidua.testing import make_person, signin


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def board(client, cast):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return signin(client, cast.board)


def counts() -> tuple[int, int, int, int]:
    return (
        Organisation.objects.count(),
        Block.objects.count(),
        Membership.objects.count(),
        AuditEvent.objects.count(),
    )


def workbook(organisations=(), blocks=(), memberships=()) -> bytes:
    return importer.build_workbook(
        organisations=organisations, blocks=blocks, memberships=memberships
    )


def raw_workbook(sheets: dict[str, list[list]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, data: bytes, name: str = "khoi-thi-dua.xlsx"):
    return client.post(
        reverse("orgs:import_upload"),
        {"file": SimpleUploadedFile(name, data, content_type=importer.XLSX_TYPE)},
    )


def preview(client, data: bytes):
    response = upload(client, data)
    assert response.status_code == 302, response.context["form"].errors
    return client.get(response["Location"]), response["Location"].rstrip("/").split("/")[-1]


def problems(response, sheet: str, row: int) -> str:
    report = response.context["report"]
    found = next(r for r in getattr(report, sheet).rows if r.number == row)
    return " ".join(found.problems)


def form_errors(response) -> str:
    return " ".join(response.context["form"].errors["file"])


def stored_files(media) -> list[str]:
    folder = media / "imports"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def confirm(client, token: str):
    return client.post(reverse("orgs:import_confirm", kwargs={"token": token}))


VALID = {
    "organisations": [
        ["Hội Cựu giáo chức tỉnh", "Hội CGC", "binh-thuan", "cgc@example.org", "Phan Thiết"],
        ["Hội Làm vườn tỉnh", "", "binh-thuan", "", ""],
    ],
    "blocks": [["Khối thi đua 9", "binh-thuan", "Các hội quần chúng"]],
    "memberships": [
        ["Khối thi đua 9", "Hội Cựu giáo chức tỉnh", 2025, 1],
        ["Khối thi đua 9", "Hội Làm vườn tỉnh", 2025, None],
        ["Khối thi đua 8", "Hội Cựu giáo chức tỉnh", 2026, 5],
    ],
}


# --- the template ----------------------------------------------------------------------------


def test_template_has_instructions_three_sheets_with_vietnamese_headers_and_examples(board):
    response = board.get(reverse("orgs:import_template"))
    assert response.status_code == 200
    assert response["Content-Type"] == importer.XLSX_TYPE
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Hướng dẫn", "Tổ chức", "Khối thi đua", "Thành viên"]
    headers = {name: [c.value for c in book[name][1]] for name in book.sheetnames[1:]}
    assert headers == {
        "Tổ chức": ["Tên tổ chức*", "Tên viết tắt", "Mã tỉnh*", "E-mail", "Địa chỉ"],
        "Khối thi đua": ["Tên khối*", "Mã tỉnh*", "Mô tả"],
        "Thành viên": ["Tên khối*", "Tên tổ chức*", "Năm*", "Thứ tự"],
    }
    for name in book.sheetnames[1:]:
        assert book[name]["A2"].value.startswith("VÍ DỤ:")
    instructions = " ".join(str(c.value) for row in book["Hướng dẫn"].iter_rows() for c in row)
    assert "binh-thuan" in instructions and "VÍ DỤ:" in instructions


def test_the_untouched_template_imports_nothing_because_its_rows_are_examples(board):
    template = board.get(reverse("orgs:import_template")).content
    before = counts()
    page, token = preview(board, template)
    assert page.status_code == 200
    assert not page.context["can_confirm"]
    assert "Nothing to import" in page.content.decode()
    again = confirm(board, token)
    assert again.status_code == 200
    assert "no rows besides the examples" in again.content.decode()
    assert counts() == before


# --- a valid file ----------------------------------------------------------------------------


def test_a_valid_file_is_previewed_then_imported_in_full(board, cast, media):
    before = counts()
    page, token = preview(board, workbook(**VALID))
    assert page.status_code == 200 and page.context["can_confirm"]
    assert counts() == before, "the preview saves nothing"
    body = page.content.decode()
    assert body.count(">Valid<") == 6 and ">Error<" not in body

    response = confirm(board, token)
    assert response.status_code == 302
    assert response["Location"] == reverse("orgs:block_list")
    block = Block.objects.get(name="Khối thi đua 9")
    assert block.description == "Các hội quần chúng"
    org = Organisation.objects.get(name="Hội Cựu giáo chức tỉnh")
    assert (org.short_name, org.email, org.address) == ("Hội CGC", "cgc@example.org", "Phan Thiết")
    members = list(
        Membership.objects.filter(block=block, year=2025)
        .order_by("order")
        .values_list("organisation__name", "order")
    )
    assert members == [("Hội Cựu giáo chức tỉnh", 1), ("Hội Làm vườn tỉnh", 2)]
    assert Membership.objects.get(organisation=org, year=2026).block == cast.block
    event = AuditEvent.objects.get(action="import.apply")
    assert event.actor_id == cast.board.pk
    assert event.after["file"] == "khoi-thi-dua.xlsx"
    assert len(event.after["sha256"]) == 64
    assert (event.after["organisations"], event.after["blocks"], event.after["memberships"]) == (
        2,
        1,
        3,
    )
    assert AuditEvent.objects.filter(action="organisation.create").count() >= 2
    assert not (media / "imports" / f"{token}.xlsx").exists(), "the stored file is deleted"


def test_confirming_twice_imports_once(board):
    _, token = preview(board, workbook(**VALID))
    assert confirm(board, token).status_code == 302
    after_first = counts()
    again = confirm(board, token)
    assert again.status_code == 302
    assert again["Location"] == reverse("orgs:import_upload")
    assert counts() == after_first
    assert "already been imported" in board.get(again["Location"]).content.decode()


def test_english_sheet_names_and_headers_are_accepted(board):
    data = raw_workbook(
        {
            "Organisations": [
                ["Organisation name", "Province code"],
                ["Hội Sinh vật cảnh", "BINH-THUAN"],
            ],
            "Blocks": [["Block name", "Province code", "Description"]],
            "Memberships": [
                ["Block name", "Organisation name", "Year"],
                ["Khối thi đua 7", "Hội Sinh vật cảnh", "2025"],
            ],
        }
    )
    page, token = preview(board, data)
    assert page.context["can_confirm"]
    confirm(board, token)
    assert Membership.objects.filter(
        organisation__name="Hội Sinh vật cảnh", year=2025, block__name="Khối thi đua 7"
    ).exists()


def test_empty_rows_are_ignored_not_reported(board):
    data = raw_workbook(
        {
            "Tổ chức": [
                ["Tên tổ chức*", "Mã tỉnh*"],
                [],
                ["Hội Làm vườn tỉnh", "binh-thuan"],
                [None, "  "],
                [],
                ["Hội Đông y tỉnh", "binh-thuan"],
                [],
                [],
            ],
            "Khối thi đua": [["Tên khối*", "Mã tỉnh*"]],
            "Thành viên": [["Tên khối*", "Tên tổ chức*", "Năm*"]],
        }
    )
    page, token = preview(board, data)
    report = page.context["report"]
    assert [r.number for r in report.organisations.rows] == [3, 6]
    assert report.organisations.empty_rows == 3  # not the blank rows after the last one
    assert page.context["can_confirm"]
    confirm(board, token)
    assert (
        Organisation.objects.filter(name__in=["Hội Làm vườn tỉnh", "Hội Đông y tỉnh"]).count() == 2
    )


# --- bad files: a clear message, nothing saved ------------------------------------------------


def test_missing_columns_are_named_with_the_expected_ones(board, media):
    before = counts()
    data = raw_workbook(
        {
            "Tổ chức": [["Tên tổ chức*", "Tên viết tắt"], ["Hội Làm vườn tỉnh", ""]],
            "Khối thi đua": [["Tên khối*", "Mã tỉnh*"]],
            "Thành viên": [["Tên khối*", "Tên tổ chức*", "Thứ tự"]],
        }
    )
    response = upload(board, data)
    assert response.status_code == 200
    errors = form_errors(response)
    assert "Sheet “Tổ chức” lacks the column(s) “Mã tỉnh”" in errors
    assert "Expected columns: “Tên tổ chức*”, “Tên viết tắt”, “Mã tỉnh*”" in errors
    assert "Sheet “Thành viên” lacks the column(s) “Năm”" in errors
    assert counts() == before
    assert stored_files(media) == []


def test_missing_sheets_are_named_with_the_expected_ones(board, media):
    before = counts()
    response = upload(board, raw_workbook({"Sheet1": [["Tên tổ chức*", "Mã tỉnh*"]]}))
    errors = form_errors(response)
    assert "lacks the sheet(s) “Tổ chức”, “Khối thi đua”, “Thành viên”" in errors
    assert counts() == before and stored_files(media) == []


def test_a_text_file_renamed_to_xlsx_is_refused_by_its_content(board, media):
    before = counts()
    response = upload(
        board, "Tên tổ chức,Mã tỉnh\nHội Làm vườn,binh-thuan\n".encode(), "to-chuc.xlsx"
    )
    assert response.status_code == 200
    assert "not an Excel workbook (.xlsx)" in form_errors(response)
    assert counts() == before and stored_files(media) == []


def test_a_zip_that_is_not_a_workbook_is_refused(board, media):
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hello")
    response = upload(board, out.getvalue())
    assert "not an Excel workbook (.xlsx)" in form_errors(response)
    assert stored_files(media) == []


def _with_sheet_xml(data: bytes, change) -> bytes:
    from thidua.testing import hostile

    parts = hostile.members(data)
    return hostile.repack(
        [(n, change(x) if n.startswith("xl/worksheets/") else x) for n, x in parts]
    )


def test_a_sheet_whose_xml_is_malformed_is_refused_with_a_message_not_a_500(board, media):
    """The sheet passes the opening checks and fails only while its rows are read."""
    before = counts()
    data = _with_sheet_xml(workbook(**VALID), lambda xml: xml.replace(b"</sheetData>", b"<row>"))
    response = upload(board, data)
    assert response.status_code == 200
    assert "damaged or holds content that is not allowed" in form_errors(response)
    assert counts() == before and stored_files(media) == []


def test_a_sheet_expanding_entities_is_refused_before_any_parser_sees_it(board, media):
    from thidua.testing import hostile

    data = _with_sheet_xml(
        workbook(**VALID), lambda xml: hostile.with_dtd(xml, hostile.BILLION_LAUGHS, b"&lol9;")
    )
    response = upload(board, data)
    assert response.status_code == 200
    assert "damaged or holds content that is not allowed" in form_errors(response)
    assert stored_files(media) == []


def test_a_zip_bomb_is_refused_as_too_large_once_unpacked(board, media):
    from thidua.testing import hostile

    response = upload(board, hostile.zip_bomb(workbook(**VALID), 70))
    assert "too large once unpacked" in form_errors(response)
    assert stored_files(media) == []


def test_a_real_workbook_with_another_extension_is_refused(board, media):
    response = upload(board, workbook(**VALID), "khoi.xls")
    assert "ends in .xlsx" in form_errors(response)
    assert stored_files(media) == []


def test_a_20_mb_file_is_refused_without_being_kept(board, media):
    before = counts()
    response = upload(board, b"PK" + b"\0" * (20 * 1024 * 1024))
    assert response.status_code == 200
    assert "larger than 5 MB" in form_errors(response)
    assert counts() == before and stored_files(media) == []


def test_the_size_limit_handler_drops_the_file_past_the_limit(rf):
    handler = SizeLimit(rf.post("/"), limit=10)
    handler.new_file("file", "a.xlsx", importer.XLSX_TYPE, 100)
    assert handler.receive_data_chunk(b"x" * 8, 0) == b"x" * 8
    with pytest.raises(SkipFile):
        handler.receive_data_chunk(b"x" * 8, 8)
    assert handler.too_big


def test_an_upload_without_a_file_asks_for_one(board):
    response = board.post(reverse("orgs:import_upload"), {})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]


# --- rows with problems: listed in the preview, nothing saved ---------------------------------


def _assert_nothing_saved_on_confirm(client, token, before):
    response = confirm(client, token)
    assert response.status_code == 200
    assert "Nothing was imported" in response.content.decode()
    assert counts() == before


def test_duplicates_within_the_file_and_against_the_registry_are_reported(board, cast):
    before = counts()
    page, token = preview(
        board,
        workbook(
            organisations=[
                ["Hội Làm vườn tỉnh", "", "binh-thuan"],
                ["HỘI LÀM VƯỜN TỈNH", "", "binh-thuan"],
                ["Hội Nhà báo tỉnh", "", "binh-thuan"],
            ],
            blocks=[
                ["Khối thi đua 8", "binh-thuan", ""],
                ["Khối thi đua 9", "binh-thuan", ""],
                ["khối thi đua 9", "binh-thuan", ""],
            ],
            memberships=[
                ["Khối thi đua 9", "Hội Làm vườn tỉnh", 2025, 1],
                ["Khối thi đua 9", "Hội Làm vườn tỉnh", 2025, 2],
                ["Khối thi đua 8", "Hội Người mù tỉnh", 2025, None],
            ],
        ),
    )
    assert not page.context["can_confirm"]
    assert "same name is already on row 2" in problems(page, "organisations", 3)
    assert "“Hội Nhà báo tỉnh” already exists in Bình Thuận" in problems(page, "organisations", 4)
    assert "“Khối thi đua 8” already exists" in problems(page, "blocks", 2)
    assert "same name is already on row 3" in problems(page, "blocks", 4)
    assert "row 2 already puts this organisation in this block" in problems(page, "memberships", 3)
    assert "Already a member of this block in 2025" in problems(page, "memberships", 4)
    assert page.context["report"].invalid_count == 6
    _assert_nothing_saved_on_confirm(board, token, before)


def test_an_organisation_already_in_another_block_that_year_is_reported(board):
    before = counts()
    page, token = preview(
        board,
        workbook(
            memberships=[
                ["Khối thi đua 7", "Hội Người mù tỉnh", 2025, None],
                ["Khối thi đua 7", "Hội Luật gia tỉnh", 2027, None],
                ["Khối thi đua 8", "Hội Luật gia tỉnh", 2027, None],
            ]
        ),
    )
    assert "Already a member of “Khối thi đua 8” in 2025" in problems(page, "memberships", 2)
    assert problems(page, "memberships", 3) == ""
    assert "Row 3 already puts this organisation in “Khối thi đua 7” for 2027" in problems(
        page, "memberships", 4
    )
    _assert_nothing_saved_on_confirm(board, token, before)


def test_nfd_typed_vietnamese_is_normalised_before_matching_and_saving(board):
    nfd = lambda text: unicodedata.normalize("NFD", text)  # noqa: E731
    assert nfd("Hội Cựu chiến binh") != "Hội Cựu chiến binh"
    page, token = preview(
        board,
        workbook(
            organisations=[[nfd("Hội Cựu chiến binh tỉnh"), nfd("Hội CCB"), "binh-thuan"]],
            blocks=[[nfd("Khối thi đua 10"), "binh-thuan", nfd("Lực lượng vũ trang")]],
            memberships=[["Khối thi đua 10", "Hội Cựu chiến binh tỉnh", 2025, 1]],
        ),
    )
    assert page.context["can_confirm"]
    confirm(board, token)
    org = Organisation.objects.get(name="Hội Cựu chiến binh tỉnh")
    assert org.short_name == "Hội CCB"
    assert Block.objects.get(name="Khối thi đua 10").description == "Lực lượng vũ trang"
    assert Membership.objects.filter(organisation=org, block__name="Khối thi đua 10").exists()


def test_an_nfd_duplicate_of_an_nfc_name_is_caught(board):
    before = counts()
    nfd_name = unicodedata.normalize("NFD", "Hội Người mù tỉnh")
    page, token = preview(
        board,
        workbook(
            organisations=[
                [nfd_name, "", "binh-thuan"],
                ["Hội Đông y tỉnh", "", "binh-thuan"],
                [unicodedata.normalize("NFD", "Hội Đông y tỉnh"), "", "binh-thuan"],
            ]
        ),
    )
    assert "“Hội Người mù tỉnh” already exists" in problems(page, "organisations", 2)
    assert "same name is already on row 3" in problems(page, "organisations", 4)
    _assert_nothing_saved_on_confirm(board, token, before)


def test_bad_years_and_orders_are_reported(board):
    before = counts()
    rows = [
        ["Khối thi đua 8", "Tỉnh đoàn", year, order]
        for year, order in [
            ("2025a", None),
            (1999, None),
            (2101, None),
            (None, None),
            (2030, 0),
            (2031, "x"),
            (2032.5, None),
        ]
    ]
    page, token = preview(board, workbook(memberships=rows))
    assert "year “2025a” is not a whole number from 2000 to 2100" in problems(
        page, "memberships", 2
    )
    assert "year “1999” is not" in problems(page, "memberships", 3)
    assert "year “2101” is not" in problems(page, "memberships", 4)
    assert "The year is missing" in problems(page, "memberships", 5)
    assert "order “0” is not a whole number from 1 to 999" in problems(page, "memberships", 6)
    assert "order “x” is not" in problems(page, "memberships", 7)
    assert "year “2032.5” is not" in problems(page, "memberships", 8)
    _assert_nothing_saved_on_confirm(board, token, before)


def test_unknown_blocks_organisations_and_provinces_are_reported(board):
    before = counts()
    page, token = preview(
        board,
        workbook(
            organisations=[["Hội Làm vườn tỉnh", "", "ha-noi"], ["", "HLV", "binh-thuan"]],
            blocks=[["Khối thi đua 11", "", ""]],
            memberships=[
                ["Khối thi đua 99", "Hội Người mù tỉnh", 2026, None],
                ["Khối thi đua 8", "Hội Không tồn tại", 2026, None],
                ["", "", 2026, None],
            ],
        ),
    )
    assert "Unknown province code “ha-noi”. Known codes: binh-thuan" in problems(
        page, "organisations", 2
    )
    assert "The name is missing" in problems(page, "organisations", 3)
    assert "The province code is missing" in problems(page, "blocks", 2)
    assert "Unknown block “Khối thi đua 99”" in problems(page, "memberships", 2)
    assert "Unknown organisation “Hội Không tồn tại”" in problems(page, "memberships", 3)
    assert "block name is missing" in problems(page, "memberships", 4)
    assert "organisation name is missing" in problems(page, "memberships", 4)
    _assert_nothing_saved_on_confirm(board, token, before)


def test_the_preview_lists_every_row_with_its_status_in_words_and_links_to_bad_rows(client, cast):
    signin(client, cast.board)  # Vietnamese, the default
    page, _ = preview(
        client,
        workbook(
            organisations=[["Hội Làm vườn tỉnh", "", "binh-thuan"], ["Hội X", "", "khong-co"]]
        ),
    )
    body = page.content.decode()
    assert ">Hợp lệ<" in body and ">Lỗi<" in body
    assert 'href="#organisations-row-3"' in body
    assert 'id="organisations-row-3"' in body and 'id="organisations-row-2"' in body
    assert '<th scope="col">' in body


def test_a_service_refusal_rolls_back_the_whole_import(board, monkeypatch):
    before = counts()
    _, token = preview(board, workbook(**VALID))

    def refuse(**kwargs):
        raise DomainError("refused for the test")

    monkeypatch.setattr(services, "add_membership", refuse)
    response = confirm(board, token)
    assert response.status_code == 200
    assert "Nothing was imported: refused for the test" in response.content.decode()
    assert counts() == before
    monkeypatch.undo()
    assert confirm(board, token).status_code == 302, "the file is kept for another try"


def test_a_file_changed_between_preview_and_confirm_is_checked_again(board, cast):
    before = counts()
    page, token = preview(board, workbook(organisations=[["Hội Làm vườn tỉnh", "", "binh-thuan"]]))
    assert page.context["can_confirm"]
    services.create_organisation(actor=None, province=cast.province, name="Hội Làm vườn tỉnh")
    response = confirm(board, token)
    assert response.status_code == 200
    assert "already exists" in problems(response, "organisations", 2)
    assert Organisation.objects.count() == before[0] + 1


# --- who may import ----------------------------------------------------------------------------


def test_another_board_officers_token_is_refused(client, cast):
    data = workbook(**VALID)
    stored = importer.store_upload(user=cast.board, file_name="a.xlsx", fileobj=io.BytesIO(data))
    other = make_person("board_two", Role.BOARD_OFFICER)
    signin(client, other)
    before = counts()
    assert (
        client.get(reverse("orgs:import_preview", kwargs={"token": stored.token})).status_code
        == 404
    )
    assert confirm(client, stored.token).status_code == 404
    assert counts() == before
    assert importer.read_upload(stored) == data


def test_an_unknown_token_is_a_clean_404(board):
    assert board.get(reverse("orgs:import_preview", kwargs={"token": "x" * 32})).status_code == 404
    assert confirm(board, "y" * 32).status_code == 404


@pytest.mark.parametrize("role", ["head_rep", "member_rep", "member_leader", "outsider"])
def test_only_the_board_may_import(client, cast, role):
    stored = importer.store_upload(
        user=cast.board, file_name="a.xlsx", fileobj=io.BytesIO(workbook(**VALID))
    )
    signin(client, cast.users()[role])
    before = counts()
    assert client.get(reverse("orgs:import_upload")).status_code == 403
    assert client.get(reverse("orgs:import_template")).status_code == 403
    assert upload(client, workbook(**VALID)).status_code == 403
    assert (
        client.get(reverse("orgs:import_preview", kwargs={"token": stored.token})).status_code
        == 403
    )
    assert confirm(client, stored.token).status_code == 403
    assert counts() == before


def test_a_new_upload_replaces_the_previous_pending_one(board, media):
    _, first = preview(board, workbook(**VALID))
    _, second = preview(board, workbook(**VALID))
    assert board.get(reverse("orgs:import_preview", kwargs={"token": first})).status_code == 404
    assert stored_files(media) == sorted([f"{second}.json", f"{second}.xlsx"])


# --- the checks as plain functions -------------------------------------------------------------


def test_check_import_needs_no_database():
    snapshot = importer.Snapshot(
        provinces=[importer.KnownProvince(1, "lam-dong", "Lâm Đồng")],
        organisations=[importer.Ref(1, "hội nhà báo", "Hội Nhà báo", pk=7)],
        blocks=[importer.Ref(1, "khối 1", "Khối 1", pk=3)],
        memberships={(7, 2025): 3},
    )
    parsed = importer.read_workbook(
        io.BytesIO(
            workbook(
                memberships=[
                    ["Khối 1", "hội nhà báo", 2025, None],
                    ["Khối 1", "Hội Nhà báo", 2026, 2],
                ]
            )
        )
    )
    with translation.override("en"):
        report = importer.check_import(parsed, snapshot)
    first, second = report.memberships.rows
    assert "Already a member of this block in 2025" in " ".join(first.problems)
    assert second.is_valid and (
        second.block.pk,
        second.organisation.pk,
        second.year,
        second.order,
    ) == (3, 7, 2026, 2)


# --- large files -------------------------------------------------------------------------------


def _many(n: int, start: int = 1) -> list[list]:
    return [
        [f"Hội Thử nghiệm số {i:05d}", f"HTN {i}", "binh-thuan", "", "Phan Thiết"]
        for i in range(start, start + n)
    ]


def test_a_file_of_thousands_of_organisations_is_previewed_readably_and_imported(client, board):
    page, token = preview(client, workbook(organisations=_many(2500)))
    html = page.content.decode()
    assert html.count("Hội Thử nghiệm số") == importer.PREVIEW_ROWS
    assert "2200" in html  # the rows not listed are counted
    confirm(client, token)
    assert Organisation.objects.filter(name__startswith="Hội Thử nghiệm số").count() == 2500


def test_importing_hundreds_of_organisations_takes_a_few_batched_queries_not_one_per_row(cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def apply(rows):
        with CaptureQueriesContext(connection) as queries:
            importer.apply_import(
                actor=cast.board, data=workbook(organisations=rows), file_name="x"
            )
        return len(queries)

    # Before batching, each organisation cost about ten queries (4,000 for this file).
    assert apply(_many(400, start=100)) < 40


def test_bulk_created_organisations_match_one_by_one_ones_and_keep_the_audit_chain(cast):
    from thidua.core.audit import verify_chain

    one = services.create_organisation(
        actor=cast.board, province=cast.province, name="Hội Đông y tỉnh", short_name="Hội ĐY"
    )
    (many,) = services.create_organisations(
        actor=cast.board,
        items=[services.NewOrganisation(cast.province, "Hội Y dược tỉnh", "Hội YD")],
    )
    assert many.names.get().name == "Hội Y dược tỉnh"
    assert many.search_folded.replace("y duoc", "dong y").replace("yd", "dy") == one.search_folded
    event = AuditEvent.objects.get(action="organisation.create", object_id=str(many.pk))
    assert event.after == {
        "name": "Hội Y dược tỉnh",
        "short_name": "Hội YD",
        "province": "Bình Thuận",
    }
    assert verify_chain()[1] is None


def test_bulk_creation_refuses_a_taken_name_or_the_same_name_twice_and_saves_nothing(cast):
    services.create_organisation(actor=cast.board, province=cast.province, name="Hội Đông y tỉnh")
    before = counts()
    for names in (["Hội Mới", "HỘI ĐÔNG Y TỈNH"], ["Hội Mới", "hội mới"]):
        with pytest.raises(DomainError):
            services.create_organisations(
                actor=cast.board,
                items=[services.NewOrganisation(cast.province, n) for n in names],
            )
    assert counts() == before
