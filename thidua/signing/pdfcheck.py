"""What a PDF's digital signatures say: for each one, who signed, the certificate's issuer, when,
whether the signed bytes are intact, whether the file changed after it, and whether the
certificate chains to a root the Board trusts and was valid when it signed.

Revocation: for a certificate that chains to a trusted root, its status is fetched (OCSP, else
CRL) from the addresses the certificates name, with a short timeout. A revoked certificate makes
the signature "revoked"; a good one reports the source and its time; when the status cannot be
had (turned off by settings.REVOCATION_FETCH, no address in the certificate, the responder does
not answer) the report says "not checked" and why, never "valid" by silence. The status is asked
for the time of a trusted timestamp (RFC 3161) when the signature carries one, else for now: the
signer's own clock proves nothing about when a key was still good.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import hashlib
import logging
from dataclasses import dataclass, field
from io import BytesIO

from asn1crypto import x509 as asn1_x509
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import DEFAULT_DIFF_POLICY, ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import CertificateValidator, ValidationContext
from pyhanko_certvalidator.errors import (
    InsufficientRevinfoError,
    PathBuildingError,
    PathValidationError,
    RevokedError,
)
from pyhanko_certvalidator.fetchers.requests_fetchers import RequestsFetcherBackend

from thidua.reports.models import IssuedPdf
from thidua.reports.sealing import off_loop
from thidua.signing.models import Signature, TrustAnchor

log = logging.getLogger(__name__)


def _iso(moment: dt.datetime) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds")


REVOCATION_REASONS = {
    "unspecified": gettext_lazy("reason not given"),
    "key_compromise": gettext_lazy("the private key was compromised"),
    "ca_compromise": gettext_lazy("the certificate authority was compromised"),
    "affiliation_changed": gettext_lazy("the holder's organisation changed"),
    "superseded": gettext_lazy("replaced by another certificate"),
    "cessation_of_operation": gettext_lazy("no longer used"),
    "certificate_hold": gettext_lazy("suspended"),
    "remove_from_crl": gettext_lazy("removed from the list"),
    "privilege_withdrawn": gettext_lazy("the holder's rights were withdrawn"),
    "aa_compromise": gettext_lazy("the attribute authority was compromised"),
}


@dataclass(frozen=True)
class Revocation:
    """Whether a signing certificate was revoked, as far as could be learnt."""

    status: str  # "good" | "revoked" | "not_checked"
    source: str = ""  # "OCSP" | "CRL"
    at: dt.datetime | None = None  # the response's time; when revoked, the revocation's
    # Why it was not checked: "off" (settings), "untrusted" (no trusted chain to ask about),
    # "no_source" (no OCSP/CRL address), "unreachable", "invalid_now" (e.g. expired since).
    why: str = ""
    reason: str = (
        ""  # when revoked: the CA's reason code (RFC 5280 CRLReason, e.g. "key_compromise")
    )

    @property
    def reason_label(self) -> str:
        return str(REVOCATION_REASONS.get(self.reason, REVOCATION_REASONS["unspecified"]))

    def label(self) -> str:
        """One line for people, in the active language."""
        when = _iso(self.at) if self.at else ""
        if self.status == "good":
            return _("checked: good (%(source)s, %(time)s)") % {"source": self.source, "time": when}
        if self.status == "revoked":
            return _("REVOKED on %(time)s (%(reason)s)") % {
                "time": when,
                "reason": self.reason_label,
            }
        why = {
            "off": _("turned off on this installation"),
            "untrusted": _("the certificate does not chain to a trusted root"),
            "no_source": _("the certificate names no OCSP responder or CRL"),
            "unreachable": _("the OCSP responder or CRL could not be reached"),
            "invalid_now": _("the certificate is no longer valid, its status is not published"),
        }.get(self.why, _("the status could not be read"))
        return _("not checked (%(why)s)") % {"why": why}


@dataclass(frozen=True)
class Timestamp:
    """A signature's RFC 3161 timestamp token."""

    at: dt.datetime
    tsa: str  # the time-stamping authority's certificate subject
    valid: bool  # intact and its TSA chains to a root the Board trusts

    def label(self) -> str:
        if self.valid:
            return _("%(time)s, by %(tsa)s (valid)") % {
                "time": _iso(self.at),
                "tsa": self.tsa,
            }
        return _("%(time)s, by %(tsa)s (NOT valid: broken or untrusted authority)") % {
            "time": _iso(self.at),
            "tsa": self.tsa,
        }


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
    revocation: Revocation = dataclasses.field(
        default_factory=lambda: Revocation("not_checked", why="off")
    )
    timestamp: Timestamp | None = None  # the signature's RFC 3161 timestamp, if it has one

    @property
    def verdict(self) -> str:
        """One answer: "broken", "changed", "expired", "revoked", "untrusted" or "valid"."""
        if not self.intact:
            return "broken"
        if self.changed_after:
            return "changed"
        if self.expired_at_signing:
            return "expired"
        if self.revocation.status == "revoked":
            return "revoked"
        if not self.trusted:
            return "untrusted"
        return "valid"

    @property
    def time_source(self) -> str:
        """Where the signing time comes from: "tsa" (a valid trusted timestamp) or "clock"
        (the signer's own clock)."""
        return "tsa" if self.timestamp is not None and self.timestamp.valid else "clock"


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


def _kept_for(answer: Revocation) -> int:
    """How long an answer fetched from a CA is reused, in seconds (0: not kept).

    - A good status: REVOCATION_CACHE_SECONDS, as an OCSP client keeps a response until its
      next update.
    - A revocation: a day, since it does not come undone; but a suspension ("certificate_hold")
      may be lifted, so it is kept only as long as a good status.
    - An unreachable responder: a minute. A cycle's archive checks every signature of every
      file; with the responder down, it waits out the timeout once per certificate, not once
      per signature.
    - Anything that depends on the Board's trust anchors (untrusted, no longer valid): never.
    """
    if answer.status == "good" or answer.reason == "certificate_hold":
        return settings.REVOCATION_CACHE_SECONDS
    if answer.status == "revoked":
        return 24 * 3600
    return 60 if answer.why == "unreachable" else 0


def revocation(
    cert: asn1_x509.Certificate,
    roots: list[asn1_x509.Certificate],
    others: list[asn1_x509.Certificate],
    *,
    moment: dt.datetime | None = None,
) -> Revocation:
    """The revocation status of `cert` (and its chain) at `moment` (None: now), fetched from the
    OCSP responders and CRLs the certificates name; "not_checked" with the reason when it
    cannot be had. Only ever asked about certificates that chain to a trusted root. An answer
    fetched lately for the same certificate and moment is reused (see _kept_for)."""
    if not settings.REVOCATION_FETCH:
        return Revocation("not_checked", why="off")
    if not cert.ocsp_urls and not cert.crl_distribution_points:
        return Revocation("not_checked", why="no_source")
    key = "revocation:{}:{}".format(
        hashlib.sha256(cert.dump()).hexdigest(), moment.isoformat() if moment else "now"
    )
    answer = cache.get(key)
    if answer is None:
        answer = _fetched_revocation(cert, roots, others, moment=moment)
        if seconds := _kept_for(answer):
            cache.set(key, answer, seconds)
    return answer


def _fetched_revocation(
    cert: asn1_x509.Certificate,
    roots: list[asn1_x509.Certificate],
    others: list[asn1_x509.Certificate],
    *,
    moment: dt.datetime | None,
) -> Revocation:
    context = ValidationContext(
        trust_roots=roots,
        other_certs=others,
        allow_fetching=True,
        revocation_mode="hard-fail",
        moment=moment,
        # A status fetched now speaks for the past moment of a trusted timestamp too: a
        # certificate revoked after that moment is reported good at it.
        retroactive_revinfo=moment is not None,
        fetcher_backend=RequestsFetcherBackend(per_request_timeout=settings.REVOCATION_TIMEOUT),
    )
    validator = CertificateValidator(cert, validation_context=context)
    try:
        off_loop(asyncio.run, validator.async_validate_path())
    except RevokedError as error:
        return Revocation(
            "revoked",
            at=_when(error.revocation_dt),
            reason=str(error.reason.native or "unspecified"),
        )
    except InsufficientRevinfoError as error:
        log.info("Revocation status not available: %s", error)
        return Revocation("not_checked", why="unreachable")
    except PathBuildingError:
        return Revocation("not_checked", why="untrusted")
    except PathValidationError as error:
        log.info("Revocation not checked: %s", error)
        return Revocation("not_checked", why="invalid_now")
    except (OSError, ValueError) as error:
        log.warning("Revocation check failed: %s", type(error).__name__)
        return Revocation("not_checked", why="error")
    if context.ocsps:
        basic = context.ocsps[0]["response_bytes"]["response"].parsed
        return Revocation(
            "good", source="OCSP", at=_when(basic["tbs_response_data"]["produced_at"].native)
        )
    if context.crls:
        return Revocation(
            "good", source="CRL", at=_when(context.crls[0]["tbs_cert_list"]["this_update"].native)
        )
    return Revocation("not_checked", why="unreachable")


def _timestamp(status) -> Timestamp | None:
    ts = status.timestamp_validity
    if ts is None:
        return None
    return Timestamp(
        at=_when(ts.timestamp) or ts.timestamp,
        tsa=str(
            ts.signing_cert.subject.native.get("common_name")
            or ts.signing_cert.subject.human_friendly
        ),
        valid=bool(ts.intact and ts.valid and ts.trusted),
    )


def check(data: bytes) -> FileReport:
    """Every embedded signature of `data`, checked against the Board's trust anchors, and the
    revocation status of each trusted signer's certificate."""
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
        timestamp = _timestamp(status)
        proven = timestamp.at if timestamp is not None and timestamp.valid else None
        if proven is not None:
            moment = proven
        not_before = cert["tbs_certificate"]["validity"]["not_before"].native
        not_after = cert["tbs_certificate"]["validity"]["not_after"].native
        byte_range = [int(x) for x in sig.byte_range]
        if intact and valid and trusted:
            rev = revocation(cert, roots, others, moment=proven)
        else:
            rev = Revocation("not_checked", why="untrusted")
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
                revocation=rev,
                timestamp=timestamp,
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
    # "issued" | "changed" | "revoked" | "untrusted" | "signed_elsewhere" | "unknown"
    verdict: str


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
    elif "revoked" in verdicts:
        verdict = "revoked"
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


def report_text(data: bytes, checked: FileCheck | None = None) -> str:
    """A plain-text validation report of `data` (the archive's, and `manage.py verify_pdf`);
    `checked`: its verify_file() answer when the caller has it already."""
    if checked is None:
        try:
            checked = verify_file(data)
        except Unreadable as error:
            return f"unreadable PDF ({error.reason})\n"
    lines = [f"sha256: {checked.report.sha256}", f"verdict: {checked.verdict}"]
    if checked.issued is not None:
        lines.append(f"issued: {checked.issued.title} ({checked.issued.issued_at.isoformat()})")
    with translation.override("en"):
        for n, s in enumerate(checked.report.signatures, start=1):
            when = s.signed_at.isoformat() if s.signed_at else "not given"
            stamp = s.timestamp.label() if s.timestamp else "none (time from the signer's clock)"
            lines.append(
                f"signature {n}: {s.verdict}; signer: {s.subject}; issuer: {s.issuer}; "
                f"serial: {s.serial}; time: {when}; timestamp: {stamp}; "
                f"covers whole file: {'yes' if s.covers_whole_file else 'no'}; "
                f"revocation: {s.revocation.label()}"
            )
    return "\n".join(lines) + "\n"
