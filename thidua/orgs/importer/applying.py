"""Applying a checked workbook: everything through the registry services in one transaction,
or nothing."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from django.db import transaction

from thidua.core import audit
from thidua.core.types import Actor
from thidua.orgs import services
from thidua.orgs.importer.checking import (
    CheckedRow,
    ImportReport,
    SheetReport,
    check_import,
    load_snapshot,
)
from thidua.orgs.importer.reading import ParsedWorkbook, read_workbook
from thidua.orgs.models import Block, Organisation, Province


class ImportInvalid(Exception):
    """Some rows have problems: nothing was written. `report` lists them."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__(f"{report.invalid_count} invalid rows")
        self.report = report


@dataclass(frozen=True)
class ImportSummary:
    organisations: int
    blocks: int
    memberships: int


def apply_import(*, actor: Actor, data: bytes, file_name: str) -> ImportSummary:
    """Re-check the workbook and create everything in one transaction; on any problem, nothing.

    Raises ImportFileError (unreadable), ImportInvalid (rows with problems) or DomainError (a
    service refused, e.g. a record created meanwhile)."""
    parsed = read_workbook(io.BytesIO(data))
    return apply_parsed(
        actor=actor, parsed=parsed, file_name=file_name, sha256=hashlib.sha256(data).hexdigest()
    )


def apply_parsed(
    *, actor: Actor, parsed: ParsedWorkbook, file_name: str, sha256: str
) -> ImportSummary:
    """The rows of a workbook, however they arrived (the XLSX upload, the JSON API): re-checked
    and created in one transaction, or nothing (ImportInvalid, DomainError)."""
    with transaction.atomic():
        report = check_import(parsed, load_snapshot(parsed.years()))
        if not report.is_valid:
            raise ImportInvalid(report)
        provinces = Province.objects.in_bulk()
        new_orgs = [r for r in _to_import(report.organisations) if r.ref]
        created = services.create_organisations(
            actor=actor,
            items=[
                services.NewOrganisation(
                    province=provinces[r.ref.province_id],
                    name=r.values["name"],
                    short_name=r.values.get("short_name", ""),
                    email=r.values.get("email", ""),
                    address=r.values.get("address", ""),
                )
                for r in new_orgs
                if r.ref
            ],
        )
        orgs = {r.ref: org for r, org in zip(new_orgs, created, strict=True)}
        blocks = {
            r.ref: services.create_block(
                actor=actor,
                province=provinces[r.ref.province_id],
                name=r.values["name"],
                description=r.values.get("description", ""),
            )
            for r in _to_import(report.blocks)
            if r.ref
        }
        rows = _to_import(report.memberships)
        known_orgs = Organisation.objects.in_bulk(
            [r.organisation.pk for r in rows if r.organisation and r.organisation.pk]
        )
        known_blocks = Block.objects.select_related("province").in_bulk(
            [r.block.pk for r in rows if r.block and r.block.pk]
        )
        for row in rows:
            assert row.block and row.organisation and row.year
            block = known_blocks[row.block.pk] if row.block.pk else blocks[row.block]
            org = known_orgs[row.organisation.pk] if row.organisation.pk else orgs[row.organisation]
            services.add_membership(
                actor=actor, block=block, organisation=org, year=row.year, order=row.order
            )
        summary = ImportSummary(len(orgs), len(blocks), len(rows))
        audit.record(
            actor=actor,
            action="import.apply",
            object_type="orgs.import",
            object_id=sha256[:16],
            object_label=file_name,
            after={
                "file": file_name,
                "sha256": sha256,
                "organisations": summary.organisations,
                "blocks": summary.blocks,
                "memberships": summary.memberships,
            },
        )
    return summary


def _to_import(sheet: SheetReport) -> list[CheckedRow]:
    return [r for r in sheet.rows if r.to_import]
