"""The audit log's filtered events as a workbook or a CSV file, each event as its sentence.

The page and its sentences belong to core (thidua/core/audit_log.py); the export lives here
because a workbook goes through the reports' table writer, which core may not import."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core import audit_log
from thidua.core.selectors import AUDIT_EXPORT_LIMIT, AuditFilters, audit_events
from thidua.lib import cells
from thidua.reports import xlsx

LIMIT = AUDIT_EXPORT_LIMIT
FORMATS = ("xlsx", "csv")


def _header() -> list[str]:
    return [
        _("No."),
        _("Time"),
        _("Person"),
        _("What happened"),
        _("Kind of action"),
        _("Action code"),
        _("Object"),
        _("Hash"),
        _("Chain"),
    ]


def rows(filters: AuditFilters, reader: Any) -> list[list[Any]]:
    events = list(audit_events(filters)[:LIMIT])
    return [
        [
            line.event.seq,
            line.event.created_at,
            line.event.actor_name or str(audit_log.SYSTEM),
            line.text,
            line.kind,
            line.event.action,
            f"{line.event.object_type} {line.event.object_id}".strip(),
            line.event.hash,
            line.event.chain,
        ]
        for line in audit_log.read(events, reader)
    ]


def workbook(filters: AuditFilters, reader: Any) -> bytes:
    heading = _("Audit log, exported %(time)s") % {
        "time": timezone.localtime().strftime("%d/%m/%Y %H:%M")
    }
    return xlsx.single_table(
        _("Audit log"),
        _header(),
        rows(filters, reader),
        heading=heading,
        widths=(8, 17, 22, 60, 18, 22, 18, 20, 10),
        landscape=True,
    )


def csv_bytes(filters: AuditFilters, reader: Any) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(_header())
    for row in rows(filters, reader):
        writer.writerow([cells.csv_value(value) for value in row])
    # The byte order mark makes Excel read the file as UTF-8 (Vietnamese letters intact).
    return ("\ufeff" + out.getvalue()).encode("utf-8")
