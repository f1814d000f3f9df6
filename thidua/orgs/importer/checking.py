"""Checking the rows against the registry: pure functions over a `Snapshot`; only
`load_snapshot` and `review_import` read the database."""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from thidua.lib.text import casefold
from thidua.orgs.importer.layout import (
    BLOCKS,
    MEMBERSHIPS,
    ORDERS,
    ORGANISATIONS,
    PREVIEW_ROWS,
    YEARS,
    Column,
    SheetSpec,
)
from thidua.orgs.importer.reading import ParsedSheet, ParsedWorkbook, read_workbook, whole_number
from thidua.orgs.models import Block, Membership, Organisation, Province

# --- what the registry already holds -----------------------------------------------------------


@dataclass(frozen=True)
class KnownProvince:
    pk: int
    code: str
    name: str


@dataclass(frozen=True)
class Ref:
    """An organisation or a block: one in the database (`pk`) or one this file creates."""

    province_id: int
    key: str
    name: str
    pk: int | None = None
    ended_year: int | None = None


@dataclass
class Snapshot:
    provinces: list[KnownProvince]
    organisations: list[Ref]
    blocks: list[Ref]
    memberships: dict[tuple[int, int], int]  # (organisation pk, year) -> block pk


def load_snapshot(years: Iterable[int]) -> Snapshot:
    provinces = [KnownProvince(p.pk, p.code, p.name) for p in Province.objects.all()]
    orgs = [
        Ref(province_id, casefold(name), name, pk, valid_to.year if valid_to else None)
        for pk, province_id, name, valid_to in Organisation.objects.values_list(
            "pk", "province_id", "name", "valid_to"
        )
    ]
    blocks = [
        Ref(province_id, casefold(name), name, pk)
        for pk, province_id, name in Block.objects.values_list("pk", "province_id", "name")
    ]
    memberships = {
        (org_id, year): block_id
        for org_id, year, block_id in Membership.objects.filter(year__in=list(years)).values_list(
            "organisation_id", "year", "block_id"
        )
    }
    return Snapshot(provinces, orgs, blocks, memberships)


# --- checking ----------------------------------------------------------------------------------


@dataclass(kw_only=True)
class CheckedRow:
    number: int
    values: dict[str, str]
    problems: list[str] = field(default_factory=list)
    is_example: bool = False
    province_id: int | None = None
    ref: Ref | None = None  # what an organisation or block row creates
    block: Ref | None = None  # for a membership
    organisation: Ref | None = None
    year: int | None = None
    order: int | None = None

    @property
    def is_valid(self) -> bool:
        return not self.problems

    @property
    def to_import(self) -> bool:
        return not self.is_example and not self.problems


@dataclass
class SheetReport:
    spec: SheetSpec
    title: str
    columns: list[Column]
    rows: list[CheckedRow]
    empty_rows: int

    @property
    def kind(self) -> str:
        return self.spec.kind

    @property
    def label(self) -> Promise:
        return self.spec.label

    @property
    def valid_count(self) -> int:
        return sum(1 for r in self.rows if r.to_import)

    @property
    def invalid_count(self) -> int:
        return sum(1 for r in self.rows if r.problems)

    @property
    def example_count(self) -> int:
        return sum(1 for r in self.rows if r.is_example)

    def table(self) -> list[tuple[CheckedRow, list[str]]]:
        """The rows of the preview with their values in column order: every row with a problem or
        an example, and the first PREVIEW_ROWS valid ones (a 10,000-row file stays readable)."""
        shown, valid = [], 0
        for row in self.rows:
            if not row.problems and not row.is_example:
                valid += 1
                if valid > PREVIEW_ROWS:
                    continue
            shown.append((row, [row.values.get(c.key, "") for c in self.columns]))
        return shown

    @property
    def unlisted_count(self) -> int:
        """Valid rows the preview does not list."""
        return max(
            0, sum(1 for r in self.rows if not r.problems and not r.is_example) - PREVIEW_ROWS
        )


@dataclass
class ImportReport:
    organisations: SheetReport
    blocks: SheetReport
    memberships: SheetReport

    @property
    def sheets(self) -> list[SheetReport]:
        return [self.organisations, self.blocks, self.memberships]

    @property
    def invalid_count(self) -> int:
        return sum(s.invalid_count for s in self.sheets)

    @property
    def valid_count(self) -> int:
        return sum(s.valid_count for s in self.sheets)

    @property
    def is_valid(self) -> bool:
        """Whole-file rule: something to import and not one problem."""
        return self.invalid_count == 0 and self.valid_count > 0

    def problems(self) -> list[tuple[SheetReport, CheckedRow]]:
        return [(sheet, row) for sheet in self.sheets for row in sheet.rows if row.problems]


def check_import(parsed: ParsedWorkbook, known: Snapshot) -> ImportReport:
    """Every row of the workbook with its problems, against what the registry holds."""
    provinces = {p.code.casefold(): p for p in known.provinces}
    orgs = _check_named_rows(
        parsed.sheets[ORGANISATIONS.kind],
        provinces,
        known.organisations,
        _check_organisation_fields,
        active_only=True,
    )
    blocks = _check_named_rows(
        parsed.sheets[BLOCKS.kind], provinces, known.blocks, lambda row: None, active_only=False
    )
    memberships = _check_memberships(
        parsed.sheets[MEMBERSHIPS.kind], provinces, known, orgs, blocks
    )
    return ImportReport(orgs, blocks, memberships)


def _report(sheet: ParsedSheet) -> tuple[SheetReport, list[CheckedRow]]:
    rows = [
        CheckedRow(number=r.number, values=r.values, is_example=r.is_example) for r in sheet.rows
    ]
    report = SheetReport(sheet.spec, sheet.title, sheet.columns, rows, sheet.empty_rows)
    return report, [r for r in rows if not r.is_example]


def _province(row: CheckedRow, provinces: dict[str, KnownProvince]) -> KnownProvince | None:
    code = row.values.get("province", "")
    if not code:
        row.problems.append(_("The province code is missing."))
        return None
    province = provinces.get(code.casefold())
    if province is None:
        known = ", ".join(sorted(p.code for p in provinces.values())[:12]) or "—"
        row.problems.append(
            _("Unknown province code “%(code)s”. Known codes: %(codes)s.")
            % {"code": code, "codes": known}
        )
    return province


_NAME_LIMITS = {ORGANISATIONS.kind: 255, BLOCKS.kind: 150}


def _check_named_rows(
    sheet: ParsedSheet,
    provinces: dict[str, KnownProvince],
    existing: list[Ref],
    check_fields: Callable[[CheckedRow], None],
    *,
    active_only: bool,
) -> SheetReport:
    """Organisations and blocks alike: a name unique in its province, in the file and the base."""
    report, rows = _report(sheet)
    taken = {(r.province_id, r.key): r for r in existing if not active_only or r.ended_year is None}
    seen: dict[tuple[int, str], int] = {}
    names = {p.pk: p.name for p in provinces.values()}
    for row in rows:
        name = row.values.get("name", "")
        if not name:
            row.problems.append(_("The name is missing."))
        elif len(name) > _NAME_LIMITS[sheet.spec.kind]:
            row.problems.append(
                _("The name is too long (%(max)s characters at most).")
                % {"max": _NAME_LIMITS[sheet.spec.kind]}
            )
        province = _province(row, provinces)
        check_fields(row)
        if not name or province is None:
            continue
        row.province_id = province.pk
        key = (province.pk, casefold(name))
        if key in seen:
            row.problems.append(
                _("Duplicate: the same name is already on row %(row)s.") % {"row": seen[key]}
            )
        elif key in taken:
            row.problems.append(
                _("“%(name)s” already exists in %(province)s.")
                % {"name": taken[key].name, "province": names[province.pk]}
            )
        else:
            seen[key] = row.number
            row.ref = Ref(province.pk, key[1], name)
    return report


def _check_organisation_fields(row: CheckedRow) -> None:
    if len(row.values.get("short_name", "")) > 80:
        row.problems.append(_("The short name is too long (80 characters at most)."))
    if len(row.values.get("address", "")) > 255:
        row.problems.append(_("The address is too long (255 characters at most)."))
    email = row.values.get("email", "")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            row.problems.append(_("“%(value)s” is not a valid e-mail address.") % {"value": email})


def _index(existing: Iterable[Ref], created: SheetReport) -> dict[str, list[Ref]]:
    """Name -> candidates: those in the base, and those the file creates (valid or not, so that
    one bad organisation row does not also make its memberships fail as 'unknown')."""
    index: dict[str, list[Ref]] = defaultdict(list)
    for ref in existing:
        index[ref.key].append(ref)
    for row in created.rows:
        name = row.values.get("name", "")
        if row.is_example or not name or row.province_id is None:
            continue
        if row.ref is not None:
            index[row.ref.key].append(row.ref)
        elif not any(r.province_id == row.province_id for r in index[casefold(name)]):
            index[casefold(name)].append(Ref(row.province_id, casefold(name), name))
    return index


def _pick(candidates: list[Ref], province_id: int | None) -> list[Ref]:
    if len(candidates) > 1 and province_id is not None:
        same = [c for c in candidates if c.province_id == province_id]
        candidates = same or candidates
    if len(candidates) > 1:
        current = [c for c in candidates if c.ended_year is None]
        candidates = current or candidates
    return candidates


def _check_memberships(
    sheet: ParsedSheet,
    provinces: dict[str, KnownProvince],
    known: Snapshot,
    orgs: SheetReport,
    blocks: SheetReport,
) -> SheetReport:
    report, rows = _report(sheet)
    block_index = _index(known.blocks, blocks)
    org_index = _index(known.organisations, orgs)
    block_names = {b.pk: b.name for b in known.blocks}
    codes = {p.pk: p.code for p in provinces.values()}
    seen: dict[tuple[Ref, int], tuple[int, Ref]] = {}
    for row in rows:
        province = _province(row, provinces) if row.values.get("province") else None
        row.block = _resolve_block(row, block_index, province, codes)
        row.organisation = _resolve_organisation(row, org_index, row.block)
        row.year = _year(row)
        row.order = _order(row)
        org, block, year = row.organisation, row.block, row.year
        if org is None or block is None or year is None:
            continue
        if org.ended_year is not None and org.ended_year < year:
            row.problems.append(
                _("“%(name)s” no longer exists in %(year)s.") % {"name": org.name, "year": year}
            )
        if (org, year) in seen:
            other_row, other_block = seen[(org, year)]
            if other_block == block:
                row.problems.append(
                    _(
                        "Duplicate: row %(row)s already puts this organisation in "
                        "this block for %(year)s."
                    )
                    % {"row": other_row, "year": year}
                )
            else:
                row.problems.append(
                    _(
                        "Row %(row)s already puts this organisation in "
                        "“%(block)s” for %(year)s: an organisation belongs to one "
                        "block a year."
                    )
                    % {"row": other_row, "block": other_block.name, "year": year}
                )
            continue
        seen[(org, year)] = (row.number, block)
        current = known.memberships.get((org.pk, year)) if org.pk else None
        if current is not None and current == block.pk:
            row.problems.append(_("Already a member of this block in %(year)s.") % {"year": year})
        elif current is not None:
            row.problems.append(
                _(
                    "Already a member of “%(block)s” in %(year)s: an organisation "
                    "belongs to one block a year."
                )
                % {"block": block_names.get(current, "?"), "year": year}
            )
    return report


def _resolve_block(
    row: CheckedRow,
    index: dict[str, list[Ref]],
    province: KnownProvince | None,
    codes: dict[int, str],
) -> Ref | None:
    name = row.values.get("block", "")
    if not name:
        row.problems.append(_("The block name is missing."))
        return None
    candidates = index.get(casefold(name), [])
    if province is not None:
        candidates = [c for c in candidates if c.province_id == province.pk]
    if not candidates:
        row.problems.append(
            _(
                "Unknown block “%(name)s”: it is neither in the registry nor on "
                "the sheet “%(sheet)s”."
            )
            % {"name": name, "sheet": BLOCKS.title}
        )
        return None
    if len(candidates) > 1:
        row.problems.append(
            _(
                "Several provinces have a block named “%(name)s” (%(codes)s): add "
                "a column “%(column)s” to say which."
            )
            % {
                "name": name,
                "column": "Mã tỉnh",
                "codes": ", ".join(sorted(codes.get(c.province_id, "?") for c in candidates)),
            }
        )
        return None
    return candidates[0]


def _resolve_organisation(
    row: CheckedRow, index: dict[str, list[Ref]], block: Ref | None
) -> Ref | None:
    name = row.values.get("organisation", "")
    if not name:
        row.problems.append(_("The organisation name is missing."))
        return None
    candidates = _pick(index.get(casefold(name), []), block.province_id if block else None)
    if not candidates:
        row.problems.append(
            _(
                "Unknown organisation “%(name)s”: it is neither in the registry nor "
                "on the sheet “%(sheet)s”."
            )
            % {"name": name, "sheet": ORGANISATIONS.title}
        )
        return None
    if len(candidates) > 1:
        row.problems.append(
            _("Several organisations are named “%(name)s”: rename one in the registry first.")
            % {"name": name}
        )
        return None
    return candidates[0]


def _year(row: CheckedRow) -> int | None:
    text = row.values.get("year", "")
    if not text:
        row.problems.append(_("The year is missing."))
        return None
    year = whole_number(text)
    if year is None or not YEARS[0] <= year <= YEARS[1]:
        row.problems.append(
            _("The year “%(value)s” is not a whole number from %(low)s to %(high)s.")
            % {"value": text, "low": YEARS[0], "high": YEARS[1]}
        )
        return None
    return year


def _order(row: CheckedRow) -> int | None:
    text = row.values.get("order", "")
    if not text:
        return None
    order = whole_number(text)
    if order is None or not ORDERS[0] <= order <= ORDERS[1]:
        row.problems.append(
            _("The order “%(value)s” is not a whole number from %(low)s to %(high)s.")
            % {"value": text, "low": ORDERS[0], "high": ORDERS[1]}
        )
        return None
    return order


def review_import(data: bytes) -> ImportReport:
    """Read and check a workbook against the registry as it is now."""
    parsed = read_workbook(io.BytesIO(data))
    return check_import(parsed, load_snapshot(parsed.years()))
