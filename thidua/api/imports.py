"""The registry import through the API: the JSON rows become the workbook's rows, and the XLSX
import's own checks and services apply them (thidua/orgs/importer/), all or nothing.

A token imports into its own province only: every row is given the token's province code."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from thidua.api.schemas import RegistryImportIn
from thidua.orgs import importer
from thidua.orgs.models import Province


@dataclass(frozen=True)
class Problems:
    detail: str
    rows: list[dict[str, Any]]


def _sheet(spec: importer.SheetSpec, rows: list[dict[str, Any]]) -> importer.ParsedSheet:
    raw = [
        importer.RawRow(number, {k: "" if v is None else str(v) for k, v in values.items()})
        for number, values in enumerate(rows, 1)
    ]
    return importer.ParsedSheet(spec, str(spec.label), list(spec.columns), raw)


def apply(
    *, actor: Any, province: Province, body: RegistryImportIn
) -> importer.ImportSummary | Problems:
    code = province.code
    organisations = [{**r.model_dump(), "province": code} for r in body.organisations]
    blocks = [{**r.model_dump(), "province": code} for r in body.blocks]
    memberships = [{**r.model_dump(), "province": code} for r in body.memberships]
    parsed = importer.ParsedWorkbook(
        {
            importer.ORGANISATIONS.kind: _sheet(importer.ORGANISATIONS, organisations),
            importer.BLOCKS.kind: _sheet(importer.BLOCKS, blocks),
            importer.MEMBERSHIPS.kind: _sheet(importer.MEMBERSHIPS, memberships),
        }
    )
    payload = json.dumps(body.model_dump(), sort_keys=True, ensure_ascii=False).encode()
    try:
        return importer.apply_parsed(
            actor=actor,
            parsed=parsed,
            file_name="API",
            sha256=hashlib.sha256(payload).hexdigest(),
        )
    except importer.ImportInvalid as err:
        report = err.report
        if report.invalid_count == 0:
            return Problems(_("There is nothing to import: every list is empty."), [])
        return Problems(
            _("Nothing was saved: %(n)s rows have problems. Correct them and send again.")
            % {"n": report.invalid_count},
            [
                {"sheet": sheet.kind, "row": row.number, "problems": [str(p) for p in row.problems]}
                for sheet, row in report.problems()
            ],
        )
