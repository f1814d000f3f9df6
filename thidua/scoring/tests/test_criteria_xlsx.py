import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from thidua.scoring import selectors
from thidua.scoring.criteria_xlsx import COLUMNS
from thidua.scoring.models import CriteriaNode
from thidua.scoring.tests.builders import build_table
from thidua.testing import signin


def _workbook(rows):
    wb = Workbook()
    wb.active.append(COLUMNS)
    for row in rows:
        wb.active.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("table.xlsx", buffer.getvalue())


def test_the_exported_table_reopens_with_every_node(client, cast):
    build_table(cast)
    signin(client, cast.member_rep)
    response = client.get(reverse("scoring:table_export", args=[cast.cycle.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    codes = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert codes == ["I", "1.1", "1.2", "1.3", "II", "2.1", "III", "IV"]


def test_an_export_imported_again_rebuilds_the_same_table(client, cast):
    build_table(cast)
    signin(client, cast.head_rep)
    exported = client.get(reverse("scoring:table_export", args=[cast.cycle.pk])).content
    before = [
        (d, n.code, n.kind, n.max_points) for d, n in selectors.tree_rows(cast.cycle.criteria_table)
    ]
    url = reverse("scoring:table_import", args=[cast.cycle.pk])
    preview = client.post(url, {"file": SimpleUploadedFile("t.xlsx", exported)})
    assert preview.status_code == 200
    assert client.post(url, {"confirm": "1"}).status_code == 302
    after = [
        (d, n.code, n.kind, n.max_points) for d, n in selectors.tree_rows(cast.cycle.criteria_table)
    ]
    assert after == before


def test_an_import_with_errors_shows_them_and_saves_nothing(client, cast):
    signin(client, cast.head_rep)
    url = reverse("scoring:table_import", args=[cast.cycle.pk])
    upload = _workbook(
        [
            ["I", "", "group", "Tasks"],
            ["1.1", "I", "qualitative", "Plan", -3],
            ["2.1", "II", "qualitative", "Orphan", 5],
        ]
    )
    response = client.post(url, {"file": upload})
    html = response.content.decode()
    assert html.count("text-danger") == 2
    assert 'name="confirm"' not in html
    client.post(url, {"confirm": "1"})
    assert not CriteriaNode.objects.exists()


def test_a_file_that_is_not_a_workbook_is_refused(client, cast):
    signin(client, cast.head_rep)
    url = reverse("scoring:table_import", args=[cast.cycle.pk])
    response = client.post(url, {"file": SimpleUploadedFile("t.xlsx", b"%PDF-1.4 not excel")})
    assert 'aria-invalid="true"' in response.content.decode()
