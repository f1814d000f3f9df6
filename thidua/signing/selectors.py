"""Reads of the signing work: the version being signed, who signed it, whether the covenant is
in force, and what the public verification page shows for a hash."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from thidua.cycles.models import Cycle
from thidua.drafting.models import Document, DocumentKind, DocumentVersion
from thidua.orgs.models import Membership, Organisation
from thidua.reports.models import IssuedPdf
from thidua.signing.models import Signature


def covenant(cycle: Cycle) -> Document | None:
    return Document.objects.filter(cycle=cycle, kind=DocumentKind.COVENANT).first()


def latest_covenant_version(cycle: Cycle) -> DocumentVersion | None:
    return (
        DocumentVersion.objects.filter(document__cycle=cycle, document__kind=DocumentKind.COVENANT)
        .select_related("document")
        .order_by("-number")
        .first()
    )


def signing_version(cycle: Cycle) -> DocumentVersion | None:
    """The covenant version open for signatures: the latest version, when it is frozen."""
    version = latest_covenant_version(cycle)
    return version if version is not None and version.frozen_at is not None else None


def member_units(cycle: Cycle) -> list[Organisation]:
    memberships = (
        Membership.objects.filter(block_id=cycle.block_id, year=cycle.year)
        .select_related("organisation")
        .order_by("order", "organisation__name")
    )
    return [m.organisation for m in memberships]


@dataclass(frozen=True)
class UnitRow:
    unit: Organisation
    signature: Signature | None


@dataclass(frozen=True)
class VersionBoard:
    version: DocumentVersion
    rows: list[UnitRow]
    is_current: bool

    @property
    def signed(self) -> int:
        return sum(1 for r in self.rows if r.signature is not None)

    @property
    def missing(self) -> list[Organisation]:
        return [r.unit for r in self.rows if r.signature is None]

    @property
    def complete(self) -> bool:
        return bool(self.rows) and self.signed == len(self.rows)


def signing_board(cycle: Cycle) -> list[VersionBoard]:
    """Every covenant version that was frozen or signed, newest first, with a row per unit."""
    units = member_units(cycle)
    current = signing_version(cycle)
    versions = list(
        DocumentVersion.objects.filter(
            document__cycle=cycle, document__kind=DocumentKind.COVENANT
        ).order_by("-number")
    )
    signatures: dict[int, dict[int, Signature]] = {}
    for s in Signature.objects.filter(version__in=versions):
        signatures.setdefault(s.version_id, {})[s.unit_id] = s
    boards = []
    for version in versions:
        signed = signatures.get(version.pk, {})
        if version.frozen_at is None and not signed:
            continue
        rows = [UnitRow(unit=u, signature=signed.get(u.pk)) for u in units]
        # Units that signed but are no longer members (should not happen) still show.
        boards.append(
            VersionBoard(
                version=version,
                rows=rows,
                is_current=current is not None and version.pk == current.pk,
            )
        )
    return boards


def in_force_version(cycle: Cycle) -> DocumentVersion | None:
    """The last covenant version every member unit has signed (the covenant in force), else
    None. An amendment being drafted, frozen or signed does not change it until it is itself
    signed by every member unit."""
    units = {u.pk for u in member_units(cycle)}
    if not units:
        return None
    versions = (
        DocumentVersion.objects.filter(
            document__cycle=cycle, document__kind=DocumentKind.COVENANT, signatures__isnull=False
        )
        .distinct()
        .order_by("-number")
    )
    for version in versions:
        signed = set(Signature.objects.filter(version=version).values_list("unit_id", flat=True))
        if units <= signed:
            return version
    return None


@dataclass(frozen=True)
class CovenantStatus:
    """`version` is the covenant in force when there is one, else the version being signed.
    `amendment` is a later version frozen for signing while an earlier one is in force."""

    version: DocumentVersion | None
    signed: int
    total: int
    in_force: bool
    signed_on: dt.date | None = None
    signatures: list[Signature] = field(default_factory=list)
    amendment: DocumentVersion | None = None
    amendment_signed: int = 0


def covenant_status(cycle: Cycle) -> CovenantStatus:
    """In force when every member unit of the block that year has signed a version; the last
    fully signed version stays in force while an amendment is being drafted or signed.

    Two queries (the member units; the versions with who signed them, as plain values), two
    more when a version is shown (it and its amendment; its signatures), whatever the number of
    versions.
    """
    unit_ids = set(
        Membership.objects.filter(block_id=cycle.block_id, year=cycle.year).values_list(
            "organisation_id", flat=True
        )
    )
    signers: dict[int, set[int]] = {}
    frozen: dict[int, bool] = {}
    for pk, frozen_at, unit_id in (
        DocumentVersion.objects.filter(document__cycle=cycle, document__kind=DocumentKind.COVENANT)
        .order_by("-number")
        .values_list("pk", "frozen_at", "signatures__unit_id")
    ):
        frozen[pk] = frozen_at is not None
        units = signers.setdefault(pk, set())
        if unit_id is not None:
            units.add(unit_id)
    # Newest first: the first version signed by every member unit is in force.
    in_force_pk = next(
        (pk for pk, units in signers.items() if unit_ids and unit_ids <= units), None
    )
    latest_pk = next(iter(frozen), None)
    current_pk = latest_pk if latest_pk is not None and frozen[latest_pk] else None
    version_pk = in_force_pk or current_pk
    if version_pk is None:
        return CovenantStatus(version=None, signed=0, total=len(unit_ids), in_force=False)
    amendment_pk = (
        current_pk
        if in_force_pk is not None and current_pk is not None and current_pk != in_force_pk
        else None
    )
    shown = DocumentVersion.objects.select_related("document").in_bulk(
        [pk for pk in (version_pk, amendment_pk) if pk is not None]
    )
    signatures = list(Signature.objects.filter(version_id=version_pk).order_by("signed_at"))
    signed_on = (
        timezone.localtime(signatures[-1].signed_at).date()
        if in_force_pk is not None and signatures
        else None
    )
    return CovenantStatus(
        version=shown[version_pk],
        signed=len(unit_ids & signers[version_pk]),
        total=len(unit_ids),
        in_force=in_force_pk is not None,
        signed_on=signed_on,
        signatures=signatures,
        amendment=shown[amendment_pk] if amendment_pk is not None else None,
        amendment_signed=len(unit_ids & signers[amendment_pk]) if amendment_pk else 0,
    )


def ordered_signatures(
    cycle: Cycle, version: DocumentVersion
) -> list[tuple[Organisation, Signature | None]]:
    by_unit = {s.unit_id: s for s in Signature.objects.filter(version=version)}
    return [(u, by_unit.get(u.pk)) for u in member_units(cycle)]


@dataclass(frozen=True)
class Verification:
    version: DocumentVersion
    cycle: Cycle
    signatures: list[Signature]


def verify(sha256: str) -> Verification | None:
    """A signed version with this hash (and its signatures), else None."""
    text = (sha256 or "").strip().lower()
    if len(text) != 64 or any(c not in "0123456789abcdef" for c in text):
        return None
    signatures = list(
        Signature.objects.filter(version_sha256=text)
        .select_related("version__document__cycle__block__province")
        .order_by("signed_at")
    )
    if not signatures:
        return None
    version = signatures[0].version
    return Verification(version=version, cycle=version.document.cycle, signatures=signatures)


# --- for the Board's dashboard (thidua/board) -------------------------------------------------


def covenant_signers(cycle_ids: Iterable[int]) -> dict[int, set[int]]:
    """For each cycle whose newest covenant version is open for signatures: the units that have
    signed it (two queries whatever the number of cycles)."""
    versions = DocumentVersion.objects.filter(
        document__cycle_id__in=list(cycle_ids), document__kind=DocumentKind.COVENANT
    ).values("pk", "document__cycle_id", "number", "frozen_at")
    latest: dict[int, Any] = {}
    for v in versions:
        seen = latest.get(v["document__cycle_id"])
        if seen is None or v["number"] > seen["number"]:
            latest[v["document__cycle_id"]] = v
    open_versions = {v["pk"]: cid for cid, v in latest.items() if v["frozen_at"] is not None}
    signed: dict[int, set[int]] = {cid: set() for cid in open_versions.values()}
    for version_id, unit_id in Signature.objects.filter(version_id__in=open_versions).values_list(
        "version_id", "unit_id"
    ):
        signed[open_versions[version_id]].add(unit_id)
    return signed


def issued_pdf(sha256: str) -> IssuedPdf | None:
    """The PDF the product issued with this SHA-256 (pasted from a file), else None."""
    text = (sha256 or "").strip().lower()
    if len(text) != 64:
        return None
    return IssuedPdf.objects.filter(sha256=text).defer("content").first()
