"""The activities' tables as XLSX: the participation per unit (for the page's download and for
the cycle's archive, with the list of activities)."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from thidua.activities import selectors
from thidua.activities.models import Activity, Photo
from thidua.activities.selectors import ParticipationTable
from thidua.cycles.models import Cycle
from thidua.reports import xlsx


def _add_participation(workbook: xlsx.Workbook, cycle: Cycle, table: ParticipationTable) -> None:
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


def _add_activities(workbook: xlsx.Workbook, cycle: Cycle) -> None:
    rows = [
        [
            a.date,
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


def _photo_path(photo: Photo) -> str:
    return f"activities/photos/{photo.activity.date:%Y-%m-%d}-{photo.activity_id}-{photo.pk}" + (
        ".png" if photo.content_type == "image/png" else ".jpg"
    )


def _photos(cycle: Cycle) -> list[Photo]:
    return list(
        Photo.objects.filter(activity__cycle=cycle)
        .select_related("activity")
        .order_by("activity__date", "activity_id", "pk")
    )


def _add_photos(workbook: xlsx.Workbook, photos: list[Photo]) -> None:
    rows = [[p.activity.date, p.activity.title, _photo_path(p), p.caption] for p in photos]
    xlsx.add_sheet(
        workbook,
        _("Photos"),
        [_("Date"), _("Activity"), _("File"), _("Caption")],
        rows,
        widths=[12, 40, 45, 60],
    )


def participation_xlsx(
    cycle: Cycle, table: ParticipationTable, photos: list[Photo] | None = None
) -> bytes:
    workbook = xlsx.new_workbook()
    _add_participation(workbook, cycle, table)
    _add_activities(workbook, cycle)
    if photos:
        _add_photos(workbook, photos)
    return xlsx.to_bytes(workbook)


def files(cycle: Cycle) -> dict[str, bytes]:
    """For the cycle's archive (in Vietnamese, the records' language): the tables, and the
    photos with their captions listed in the workbook."""
    with translation.override("vi"):
        if not Activity.objects.filter(cycle=cycle).exists():
            return {}
        photos = _photos(cycle)
        out = {
            "activities/hoat-dong-chung.xlsx": participation_xlsx(
                cycle, selectors.participation(cycle), photos
            )
        }
        for photo in photos:
            with photo.image.open("rb") as handle:
                out[_photo_path(photo)] = handle.read()
        return out
