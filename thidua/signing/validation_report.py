"""A validation report for any PDF the product issued or sealed (the covenant, minutes, ranking,
tờ trình, decision summaries…) or that someone holds: the file's entry in the registry of issued
PDFs (document, kind, version, date), every embedded signature as pdfcheck reports it (signer,
issuer, signing time, intact, covers the whole file, chain trusted, revocation, timestamp) and the
signatures the product recorded for that document: its seal when it issued the file, and for
the covenant the units' signatures of the version.

`build(data)` gives the structure; `as_dict` (JSON), `as_text` (plain text, in the archive and
`manage.py verify_pdf`) and the template `signing/includes/validation_report.html` render it.
Only public data: certificates' names and serials, never a key.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.cycles.models import Cycle
from thidua.drafting.models import DocumentVersion
from thidua.reports.models import IssuedPdf
from thidua.signing import pdfcheck, selectors
from thidua.signing.models import Signature

# What an issued file is, from the start of its registry reference ("minutes:12").
KINDS = {
    "covenant": gettext_lazy("Covenant (with its signature table)"),
    "covenant-version": gettext_lazy("Covenant version for digital signing"),
    "minutes": gettext_lazy("Meeting minutes"),
    "vote-minutes": gettext_lazy("Minutes of the vote"),
    "ranking": gettext_lazy("Ranking of the member units"),
    "to-trinh": gettext_lazy("Submission (tờ trình)"),
    "decision": gettext_lazy("Summary of the decision"),
}


@dataclass
class Entry:
    """The registry's entry of a file (or of a signed revision of it)."""

    sha256: str
    title: str
    reference: str
    kind: str  # the reference's prefix, e.g. "minutes"
    kind_label: str
    version: int | None  # the document version's number, when the file is one
    issued_at: dt.datetime
    sealed: bool
    sealed_by: str

    @classmethod
    def of(cls, issued: IssuedPdf, versions: dict[int, int]) -> Entry:
        kind, _sep, rest = issued.reference.partition(":")
        number = versions.get(int(rest)) if kind == "covenant-version" and rest.isdigit() else None
        return cls(
            sha256=issued.sha256,
            title=issued.title,
            reference=issued.reference,
            kind=kind,
            kind_label=str(KINDS.get(kind, _("Document issued by the product"))),
            version=number,
            issued_at=issued.issued_at,
            sealed=issued.sealed,
            sealed_by=issued.sealed_by,
        )


@dataclass
class Recorded:
    """A signature the product recorded for the document: its own seal or a unit's signature."""

    who: str  # the organisation (seal) or unit
    signer: str
    method: str  # "seal" or a SignatureMethod value
    method_label: str
    at: dt.datetime
    certificate_serial: str = ""


@dataclass
class SignatureLine:
    """One embedded signature, as pdfcheck reports it, and what the product knows of it."""

    number: int
    check: pdfcheck.SignatureReport
    revision: Entry | None  # the registry's entry of the file as it was when signed
    recorded: Recorded | None  # the recorded signature this one is

    @property
    def revocation(self) -> pdfcheck.Revocation:
        return self.check.revocation

    @property
    def timestamp(self) -> pdfcheck.Timestamp | None:
        return self.check.timestamp


@dataclass
class ValidationReport:
    sha256: str
    size: int
    # As pdfcheck.verify_file: issued | changed | revoked | untrusted | signed_elsewhere | unknown
    verdict: str
    entry: Entry | None  # this exact file is in the registry
    document: Entry | None  # the document the file belongs to (this file or a signed revision)
    signatures: list[SignatureLine] = field(default_factory=list)
    recorded: list[Recorded] = field(default_factory=list)
    checked_at: dt.datetime = field(default_factory=timezone.now)

    def as_dict(self) -> dict[str, Any]:
        def when(value: dt.datetime | None) -> str | None:
            return value.isoformat() if value is not None else None

        def entry(e: Entry | None) -> dict[str, Any] | None:
            if e is None:
                return None
            return {
                "sha256": e.sha256,
                "document": e.title,
                "kind": e.kind,
                "reference": e.reference,
                "version": e.version,
                "issued_at": when(e.issued_at),
                "sealed": e.sealed,
                "sealed_by": e.sealed_by,
            }

        def recorded(r: Recorded | None) -> dict[str, Any] | None:
            if r is None:
                return None
            return {
                "who": r.who,
                "signer": r.signer,
                "method": r.method,
                "at": when(r.at),
                "certificate_serial": r.certificate_serial,
            }

        return {
            "sha256": self.sha256,
            "size": self.size,
            "verdict": self.verdict,
            "checked_at": when(self.checked_at),
            "registry_entry": entry(self.entry),
            "document": entry(self.document),
            "signatures": [
                {
                    "number": s.number,
                    "field": s.check.field,
                    "verdict": s.check.verdict,
                    "signer": s.check.signer,
                    "subject": s.check.subject,
                    "issuer": s.check.issuer,
                    "serial": s.check.serial,
                    "certificate_sha256": s.check.fingerprint,
                    "signed_at": when(s.check.signed_at),
                    "intact": s.check.intact,
                    "covers_whole_file": s.check.covers_whole_file,
                    "changed_after": s.check.changed_after,
                    "chain_trusted": s.check.trusted,
                    "valid_at_signing": not s.check.expired_at_signing,
                    "revocation": {
                        "status": s.revocation.status,
                        "source": s.revocation.source,
                        "at": when(s.revocation.at),
                        "not_checked_because": s.revocation.why,
                        "reason": s.revocation.reason,
                        "text": s.revocation.label(),
                    },
                    "timestamp": (
                        {
                            "at": when(s.timestamp.at),
                            "authority": s.timestamp.tsa,
                            "valid": s.timestamp.valid,
                        }
                        if s.timestamp is not None
                        else None
                    ),
                    "signed_revision": entry(s.revision),
                    "recorded_as": recorded(s.recorded),
                }
                for s in self.signatures
            ],
            "recorded_signatures": [recorded(r) for r in self.recorded],
        }


def _verdict(report: pdfcheck.FileReport, issued: IssuedPdf | None) -> str:
    verdicts = [s.verdict for s in report.signatures]
    if "broken" in verdicts or "changed" in verdicts:
        return "changed"
    if "revoked" in verdicts:
        return "revoked"
    if "untrusted" in verdicts or "expired" in verdicts:
        return "untrusted"
    if issued is not None:
        return "issued"
    return "signed_elsewhere" if report.signatures else "unknown"


def _version_of(document: IssuedPdf) -> DocumentVersion | None:
    kind, _sep, rest = document.reference.partition(":")
    if not rest.isdigit():
        return None
    if kind == "covenant-version":
        return DocumentVersion.objects.filter(pk=int(rest)).first()
    if kind == "covenant":
        cycle = Cycle.objects.filter(pk=int(rest)).first()
        return selectors.covenant_status(cycle).version if cycle is not None else None
    return None


def _seal_of(issued: IssuedPdf) -> Recorded | None:
    if not (issued.sealed and issued.seal_key):
        return None  # unsigned, or a leader's signed file entered after the check
    name = issued.sealed_by
    if name.startswith("Common Name: "):  # pyHanko's human-friendly subject: its CN
        name = name.removeprefix("Common Name: ").split(", ")[0]
    return Recorded(
        who=name,
        signer=issued.sealed_by,
        method="seal",
        method_label=_("The issuing organisation's seal, put on when the file was issued"),
        at=issued.issued_at,
    )


def build(data: bytes) -> ValidationReport:
    """The validation report of `data`; raises pdfcheck.Unreadable for a damaged or encrypted
    file."""
    report = pdfcheck.check(data)
    digest = report.sha256
    revisions = [hashlib.sha256(data[: s.revision_end]).hexdigest() for s in report.signatures]
    known = {i.sha256: i for i in IssuedPdf.objects.filter(sha256__in=[digest, *revisions])}
    issued = known.get(digest)
    document = issued or next((known[d] for d in reversed(revisions) if d in known), None)
    # The first entry of the document's reference: the file as the product issued it (sealed).
    original = None
    version = None
    if document is not None and document.reference:
        original = (
            IssuedPdf.objects.filter(reference=document.reference, seal_key__gt="")
            .order_by("pk")
            .first()
        )
        version = _version_of(document)
    version_numbers = {version.pk: version.number} if version is not None else {}
    recorded: list[Recorded] = []
    seals: dict[str, Recorded] = {}
    for source in {x.sha256: x for x in (original, document) if x is not None}.values():
        seal = _seal_of(source)
        if seal is not None:
            recorded.append(seal)
            seals[source.sha256] = seal
    by_serial: dict[tuple[str, str], Recorded] = {}
    if version is not None:
        for s in Signature.objects.filter(version=version).order_by("signed_at", "pk"):
            line = Recorded(
                who=s.unit_name,
                signer=s.signer_name,
                method=s.method,
                method_label=str(s.get_method_display()),
                at=s.signed_at,
                certificate_serial=s.certificate_serial,
            )
            recorded.append(line)
            if s.certificate_serial:
                by_serial[(s.certificate_serial, s.certificate_issuer)] = line
    lines = []
    for n, (sig, rev) in enumerate(zip(report.signatures, revisions, strict=True), start=1):
        entry = known.get(rev)
        match = by_serial.get((sig.serial, sig.issuer)) or seals.get(rev)
        lines.append(
            SignatureLine(
                number=n,
                check=sig,
                revision=Entry.of(entry, version_numbers) if entry is not None else None,
                recorded=match,
            )
        )
    return ValidationReport(
        sha256=digest,
        size=report.size,
        verdict=_verdict(report, issued),
        entry=Entry.of(issued, version_numbers) if issued is not None else None,
        document=Entry.of(document, version_numbers) if document is not None else None,
        signatures=lines,
        recorded=recorded,
    )


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def as_text(report: ValidationReport) -> str:
    """A plain-text rendering (English, like the JSON's keys: a record, not a page)."""
    with translation.override("en"):
        return _as_text(report)


def _as_text(report: ValidationReport) -> str:

    def when(value: dt.datetime | None) -> str:
        return value.isoformat() if value is not None else "not given"

    lines = [
        "Validation report",
        f"checked at: {when(report.checked_at)}",
        f"sha256: {report.sha256}",
        f"size: {report.size} bytes",
        f"verdict: {report.verdict}",
    ]
    if report.entry is not None:
        e = report.entry
        lines.append(
            f"issued by the product: {e.title}; kind: {e.kind or 'unspecified'}; "
            f"version: {e.version if e.version is not None else '-'}; "
            f"issued: {when(e.issued_at)}; sealed: {_yes(e.sealed)}"
            + (f" by {e.sealed_by}" if e.sealed_by else "")
        )
    elif report.document is not None:
        e = report.document
        lines.append(
            f"not issued as is; a signed revision of: {e.title}; kind: {e.kind or 'unspecified'}; "
            f"issued: {when(e.issued_at)}"
        )
    else:
        lines.append("issued by the product: no (not in the registry of issued PDFs)")
    if not report.signatures:
        lines.append("signatures: none")
    for s in report.signatures:
        c = s.check
        lines.append(
            f"signature {s.number}: {c.verdict}; signer: {c.subject}; issuer: {c.issuer}; "
            f"serial: {c.serial}; time: {when(c.signed_at)}; intact: {_yes(c.intact)}; "
            f"covers whole file: {_yes(c.covers_whole_file)}; "
            f"chain trusted: {_yes(c.trusted)}; "
            f"valid at signing: {_yes(not c.expired_at_signing)}; "
            f"revocation: {s.revocation.label()}; "
            f"timestamp: {s.timestamp.label() if s.timestamp else 'none'}; "
            + (
                f"recorded by the product: {s.recorded.who} ({s.recorded.method})"
                if s.recorded is not None
                else "recorded by the product: no"
            )
        )
    if report.recorded:
        lines.append("signatures the product recorded for this document:")
        for r in report.recorded:
            lines.append(f"  - {r.who}: {r.signer}, {when(r.at)} ({r.method})")
    return "\n".join(lines) + "\n"


def text_of(data: bytes) -> str:
    try:
        return as_text(build(data))
    except pdfcheck.Unreadable as error:
        return f"Validation report\nunreadable PDF ({error.reason})\n"
