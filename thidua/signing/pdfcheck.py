"""What a PDF's digital signatures say: for each one, who signed, the certificate's issuer, when,
whether the signed bytes are intact, whether the file changed after it, and whether the
certificate chains to a root the Board trusts and was valid when it signed.

Revocation (OCSP/CRL) is not fetched: every report says "not checked" rather than "valid".
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from io import BytesIO

from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import DEFAULT_DIFF_POLICY, ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from thidua.reports.models import IssuedPdf
from thidua.reports.sealing import off_loop
from thidua.signing.models import Signature, TrustAnchor


class Unreadable(Exception):
    """Not a PDF whose signatures can be read: damaged, not a PDF at all, or encrypted."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # "damaged" | "encrypted"


@dataclass
class SignatureReport:
    field: str
    signer: str  # the certificate's common name
    subject: str
    issuer: str
    serial: str  # hex
    fingerprint: str  # SHA-256 of the certificate (DER)
    signed_at: dt.datetime | None
    not_before: dt.datetime
    not_after: dt.datetime
    intact: bool  # the signed bytes are as signed, the cryptographic signature checks
    covers_whole_file: bool  # nothing at all was appended after it
    changed_after: bool  # something other than further signatures was added after it
    trusted: bool  # chains to a trust anchor, valid at its signing time
    expired_at_signing: bool
    revision_end: int  # the length of the file as it was signed
    revocation: str = "not_checked"

    @property
    def verdict(self) -> str:
        """One answer: "broken", "changed", "expired", "untrusted" or "valid"."""
        if not self.intact:
            return "broken"
        if self.changed_after:
            return "changed"
        if self.expired_at_signing:
            return "expired"
        if not self.trusted:
            return "untrusted"
        return "valid"


@dataclass
class FileReport:
    sha256: str
    size: int
    signatures: list[SignatureReport] = field(default_factory=list)


@dataclass
class Report:
    """A checked upload: the whole file's report and the one signature it adds."""

    file: FileReport
    new: SignatureReport


def anchors() -> tuple[list[asn1_x509.Certificate], list[asn1_x509.Certificate]]:
    """The Board's trust anchors: roots (self-signed) and intermediates."""
    roots: list[asn1_x509.Certificate] = []
    others: list[asn1_x509.Certificate] = []
    for der in TrustAnchor.objects.filter(active=True).values_list("der", flat=True):
        cert = asn1_x509.Certificate.load(bytes(der))
        (roots if cert.self_signed != "no" else others).append(cert)
    return roots, others


def read(data: bytes) -> PdfFileReader:
    try:
        reader = PdfFileReader(BytesIO(data), strict=False)
        encrypted = reader.encrypted
        if not encrypted:
            reader.root  # noqa: B018 — parse the catalogue now: a broken file fails here
    except (PdfError, ValueError, KeyError, TypeError, IndexError) as error:
        raise Unreadable("damaged") from error
    if encrypted:
        raise Unreadable("encrypted")
    return reader


def _when(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def check(data: bytes) -> FileReport:
    """Every embedded signature of `data`, checked against the Board's trust anchors."""
    reader = read(data)
    roots, others = anchors()
    report = FileReport(sha256=hashlib.sha256(data).hexdigest(), size=len(data))
    try:
        embedded = reader.embedded_signatures
    except (PdfError, ValueError, KeyError) as error:
        raise Unreadable("damaged") from error
    for sig in embedded:
        cert = sig.signer_cert
        signed_at = _when(sig.self_reported_timestamp)
        moment = signed_at or dt.datetime.now(dt.UTC)
        context = ValidationContext(
            trust_roots=roots, other_certs=others, allow_fetching=False, moment=moment
        )
        try:
            status = off_loop(validate_pdf_signature, sig, context)
            intact, valid, trusted = status.intact, status.valid, status.trusted
            coverage = status.coverage
            level = status.modification_level
        except (PdfError, ValueError, KeyError) as error:
            raise Unreadable("damaged") from error
        not_before = cert["tbs_certificate"]["validity"]["not_before"].native
        not_after = cert["tbs_certificate"]["validity"]["not_after"].native
        byte_range = [int(x) for x in sig.byte_range]
        report.signatures.append(
            SignatureReport(
                field=sig.field_name,
                signer=str(cert.subject.native.get("common_name", "")),
                subject=cert.subject.human_friendly,
                issuer=cert.issuer.human_friendly,
                serial=format(cert.serial_number, "x"),
                fingerprint=hashlib.sha256(cert.dump()).hexdigest(),
                signed_at=signed_at,
                not_before=not_before,
                not_after=not_after,
                intact=bool(intact and valid),
                covers_whole_file=coverage == SignatureCoverageLevel.ENTIRE_FILE,
                changed_after=coverage != SignatureCoverageLevel.ENTIRE_FILE
                and (level is None or level > ModificationLevel.FORM_FILLING),
                trusted=bool(trusted),
                expired_at_signing=not (not_before <= moment <= not_after),
                revision_end=byte_range[2] + byte_range[3],
            )
        )
    return report


def only_signatures_added(data: bytes, base_length: int) -> bool:
    """Whether everything appended to the first `base_length` bytes of `data` only adds
    signatures (and their fields), never changes what was there."""
    reader = read(data)
    total = reader.xrefs.total_revisions
    base_revision = None
    for revision in range(total):
        if reader.xrefs.get_startxref_for_revision(revision) < base_length:
            base_revision = revision
    if base_revision is None:
        return False
    try:
        result = DEFAULT_DIFF_POLICY.review_file(reader, base_revision)
    except (PdfError, ValueError, KeyError):
        return False
    level = getattr(result, "modification_level", None)
    return level is not None and level <= ModificationLevel.FORM_FILLING


@dataclass
class FileCheck:
    """The answer of the public verification page for one uploaded file."""

    report: FileReport
    issued: IssuedPdf | None  # this exact file is in the registry
    # For each signature (same order): the registry entry of the file as it was when signed.
    revisions_issued: list[IssuedPdf | None]
    recorded: list[Signature]  # the signatures the product recorded for that version
    verdict: str  # "issued" | "changed" | "untrusted" | "signed_elsewhere" | "unknown"


def verify_file(data: bytes) -> FileCheck:
    """What the verification page says about `data`: raises Unreadable for a broken or
    encrypted PDF."""
    report = check(data)
    issued = IssuedPdf.objects.filter(sha256=report.sha256).first()
    digests = [hashlib.sha256(data[: s.revision_end]).hexdigest() for s in report.signatures]
    known = {i.sha256: i for i in IssuedPdf.objects.filter(sha256__in=digests)}
    revisions = [known.get(d) for d in digests]
    entry = issued or next((r for r in reversed(revisions) if r is not None), None)
    recorded: list[Signature] = []
    if entry is not None and entry.reference.startswith("covenant-version:"):
        version_pk = entry.reference.split(":", 1)[1]
        if version_pk.isdigit():
            recorded = list(Signature.objects.filter(version_id=int(version_pk)))
    verdicts = [s.verdict for s in report.signatures]
    if "broken" in verdicts or "changed" in verdicts:
        verdict = "changed"
    elif "untrusted" in verdicts or "expired" in verdicts:
        verdict = "untrusted"
    elif issued is not None:
        verdict = "issued"
    elif report.signatures:
        verdict = "signed_elsewhere"
    else:
        verdict = "unknown"
    return FileCheck(
        report=report, issued=issued, revisions_issued=revisions, recorded=recorded, verdict=verdict
    )


def report_text(data: bytes) -> str:
    """A plain-text validation report of `data` (the archive's, and `manage.py verify_pdf`)."""
    try:
        checked = verify_file(data)
    except Unreadable as error:
        return f"unreadable PDF ({error.reason})\n"
    lines = [f"sha256: {checked.report.sha256}", f"verdict: {checked.verdict}"]
    if checked.issued is not None:
        lines.append(f"issued: {checked.issued.title} ({checked.issued.issued_at.isoformat()})")
    for n, s in enumerate(checked.report.signatures, start=1):
        when = s.signed_at.isoformat() if s.signed_at else "not given"
        lines.append(
            f"signature {n}: {s.verdict}; signer: {s.subject}; issuer: {s.issuer}; "
            f"serial: {s.serial}; time: {when}; "
            f"covers whole file: {'yes' if s.covers_whole_file else 'no'}; "
            f"revocation: not checked"
        )
    return "\n".join(lines) + "\n"
