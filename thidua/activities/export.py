"""The activities' tables as XLSX: the participation per unit (for the page's download and for
the cycle's archive, with the list of activities)."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from thidua.activities import selectors
from thidua.activities.models import Activity
from thidua.activities.selectors import ParticipationTable
from thidua.cycles.models import Cycle
from thidua.reports import xlsx


def _add_participation(workbook: Workbook, cycle: Cycle, table: ParticipationTable) -> None:
    header = [
        _("No."),
        _("Unit"),
        *[f"{a.date:%d/%m/%Y} — {a.title}" for a in table.activities],
        _("Activities attended"),
        _("Activities hosted"),
    ]
    rows = [
        [i, row.unit.name, *["x" if m else "" for m in row.marks], row.count, row.hosted]
        for i, row in enumerate(table.rows, start=1)
    ]
    xlsx.add_sheet(
        workbook,
        _("Participation"),
        header,
        rows,
        heading=_("Participation in the joint activities of %(block)s, %(year)s")
        % {"block": cycle.block.name, "year": cycle.year},
        widths=[6, 45, *[18 for _a in table.activities], 14, 14],
    )


def _add_activities(workbook: Workbook, cycle: Cycle) -> None:
    rows = [
        [
            a.date.strftime("%d/%m/%Y"),
            a.get_kind_display(),
            a.title,
            a.host_unit.name,
            a.place,
            len(a.present),  # type: ignore[attr-defined]
            a.report,
        ]
        for a in selectors.activities(cycle)
    ]
    xlsx.add_sheet(
        workbook,
        _("Activities"),
        [
            _("Date"),
            pgettext("activity", "Kind"),
            _("Title or theme"),
            _("Host unit"),
            _("Place"),
            _("Units"),
            _("Short report"),
        ],
        rows,
        heading=_("Joint activities of %(block)s, %(year)s")
        % {"block": cycle.block.name, "year": cycle.year},
        widths=[12, 20, 40, 35, 30, 8, 60],
    )


def participation_xlsx(cycle: Cycle, table: ParticipationTable) -> bytes:
    workbook = Workbook()
    _add_participation(workbook, cycle, table)
    _add_activities(workbook, cycle)
    return xlsx.to_bytes(workbook)


def files(cycle: Cycle) -> dict[str, bytes]:
    """For the cycle's archive (in Vietnamese, the records' language)."""
    with translation.override("vi"):
        if not Activity.objects.filter(cycle=cycle).exists():
            return {}
        return {
            "activities/hoat-dong-chung.xlsx": participation_xlsx(
                cycle, selectors.participation(cycle)
            )
        }
