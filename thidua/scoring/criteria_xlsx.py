"""The criteria table as an Excel sheet, and back. One row per node, parents before children."""

from __future__ import annotations

import io
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from thidua.core.errors import DomainError
from thidua.core.uploads import check_content
from thidua.lib.files import XLSX, sniff
from thidua.reports import xlsx
from thidua.scoring import selectors, services
from thidua.scoring.models import CriteriaTable
from thidua.scoring.services import NodeInput

MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_UNPACKED_BYTES = 40 * 1024 * 1024
MAX_ROWS = 2000  # rows read, blank ones included: a points table has a few hundred at most
#: Column keys, in order; the header row must hold exactly these.
COLUMNS = [
    "code",
    "parent",
    "kind",
    "title",
    "max_points",
    "formula",
    "target",
    "unit_label",
    "points_per_unit",
    "cap",
    "guidance",
    "required_evidence",
]
NUMBERS = {"max_points", "target", "points_per_unit", "cap"}


def export(table: CriteriaTable) -> bytes:
    rows = []
    for _depth, n in selectors.tree_rows(table) if table.pk else []:
        rows.append(
            [
                n.code,
                n.parent.code if n.parent else "",
                n.kind,
                n.title,
                n.max_points,
                n.formula,
                n.target,
                n.unit_label,
                n.points_per_unit,
                n.cap,
                n.guidance,
                n.required_evidence,
            ]
        )
    return xlsx.single_table(_("Criteria"), COLUMNS, rows, widths=[8, 8, 14, 60])


@dataclass
class ImportRow:
    line: int
    parent: str
    node: NodeInput
    error: str = ""


def _decimal(value: Any) -> Decimal | None:
    if value is None or str(value).strip() == "":
        return None
    try:
        return Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise DomainError(_("“%(value)s” is not a number.") % {"value": value}) from None


def _read_values(upload: Any) -> list[tuple[Any, ...]]:
    """The first sheet's rows, at most MAX_ROWS of the table's columns, read in one guarded
    step: a part that is damaged or hostile may fail while rows are read, not only on opening."""
    upload.seek(0)
    values: list[tuple[Any, ...]] = []
    try:
        book = load_workbook(io.BytesIO(upload.read()), read_only=True, data_only=True)
        try:
            sheet = book.active
            rows = sheet.iter_rows(max_col=len(COLUMNS), values_only=True) if sheet else []
            for row in rows:
                values.append(tuple(row))
                if len(values) > MAX_ROWS:
                    raise DomainError(
                        _("The workbook has more than %(max)s rows.") % {"max": MAX_ROWS},
                        field="file",
                    )
        finally:
            book.close()
    except DomainError:
        raise
    except Exception:  # any damage in the workbook means the same to the person
        raise DomainError(_("The workbook cannot be read."), field="file") from None
    return values


def parse(upload: Any) -> list[ImportRow]:
    """Rows of an uploaded workbook, each with its error (if any). Raises DomainError when the
    file itself is unusable."""
    if upload.size > MAX_IMPORT_BYTES:
        raise DomainError(_("The file is larger than 2 MB."), field="file")
    if sniff(upload) != XLSX:
        raise DomainError(_("The file is not an Excel (XLSX) workbook."), field="file")
    check_content(upload, XLSX, field="file", max_unpacked=MAX_UNPACKED_BYTES)
    values = _read_values(upload)
    header = [str(v or "").strip() for v in (values[0] if values else [])][: len(COLUMNS)]
    if header != COLUMNS:
        raise DomainError(
            _("The first row must hold the columns: %(columns)s.")
            % {"columns": ", ".join(COLUMNS)},
            field="file",
        )
    rows: list[ImportRow] = []
    seen: set[str] = set()
    for number, raw in enumerate(values[1:], start=2):
        cells = dict(zip(COLUMNS, list(raw) + [None] * len(COLUMNS), strict=False))
        if all(v is None or str(v).strip() == "" for v in cells.values()):
            continue
        text = {k: "" if cells[k] is None else str(cells[k]).strip() for k in COLUMNS}
        row = ImportRow(
            line=number,
            parent=text["parent"],
            node=NodeInput(kind=text["kind"], code=text["code"], title=text["title"]),
        )
        try:
            nums = {k: _decimal(cells[k]) for k in NUMBERS}
            row.node = NodeInput(
                kind=text["kind"],
                code=text["code"],
                title=text["title"],
                guidance=text["guidance"],
                required_evidence=text["required_evidence"],
                formula=text["formula"],
                unit_label=text["unit_label"],
                **nums,
            )
            services.clean_node(row.node)
            if row.parent and row.parent not in seen:
                raise DomainError(
                    _("The group %(parent)s must come above this row.") % {"parent": row.parent}
                )
            if row.node.code in seen:
                raise DomainError(_("The code %(code)s appears twice.") % {"code": row.node.code})
        except DomainError as err:
            row.error = err.message
        seen.add(row.node.code)
        rows.append(row)
    if not rows:
        raise DomainError(_("The workbook has no criteria."), field="file")
    return rows


def to_session(rows: list[ImportRow]) -> list[dict[str, Any]]:
    out = []
    for row in rows:
        data = {k: (str(v) if isinstance(v, Decimal) else v) for k, v in asdict(row.node).items()}
        out.append({"parent": row.parent, "node": data})
    return out


def from_session(data: list[dict[str, Any]]) -> list[tuple[str | None, NodeInput]]:
    rows = []
    for item in data:
        node = dict(item["node"])
        for key in NUMBERS:
            node[key] = Decimal(node[key]) if node.get(key) not in (None, "") else None
        rows.append((item["parent"] or None, NodeInput(**node)))
    return rows
