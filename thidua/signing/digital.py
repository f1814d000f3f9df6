"""Every write of digital signing (the services of ký số): the Board's trust anchors, leaders'
certificates, the file a leader signs and the signed file a leader uploads.

A leader downloads the exact PDF of the frozen version (or, once some units signed it, the
latest accepted file, so that signatures follow one another on one file), signs it with the tool
they already use and uploads it. It is accepted only when the file's original bytes are exactly
the file that was handed out, one new signature covers the whole file and only adds itself, the
signature is intact, its certificate chains to a root the Board trusts, was valid at signing
time and belongs to the leader. Each refusal says why; nothing is recorded then.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.models import User
from thidua.core import audit
from thidua.core.errors import DomainError
from thidua.cycles.models import Cycle
from thidua.drafting.hashing import hash_of
from thidua.drafting.models import DocumentVersion
from thidua.orgs.models import Organisation
from thidua.reports import pdf, sealing
from thidua.reports import services as reports
from thidua.reports.models import IssuedPdf
from thidua.signing import access, documents, pdfcheck, services, uploads
from thidua.signing.models import LeaderCertificate, Signature, SignatureMethod, TrustAnchor

# A signing tool's clock may run a little ahead of the server's.
CLOCK_SKEW = dt.timedelta(minutes=10)


def for_signing_reference(version: DocumentVersion) -> str:
    return f"covenant-version:{version.pk}"


def _load_certificate(data: bytes, field: str) -> x509.Certificate:
    try:
        if b"-----BEGIN" in data:
            return x509.load_pem_x509_certificate(data)
        return x509.load_der_x509_certificate(data)
    except ValueError:
        raise DomainError(
            _("This is not a certificate file (.cer, .crt or .pem) that can be read."),
            field=field,
        ) from None


def _fingerprint(cert: x509.Certificate) -> str:
    return hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest()


@transaction.atomic
def add_trust_anchor(*, actor: User, data: bytes, name: str = "") -> TrustAnchor:
    """The Board trusts a root or intermediate CA certificate for leaders' signatures."""
    if not actor.is_board:
        raise DomainError(_("Only the Board manages the trusted certificate authorities."))
    cert = _load_certificate(data, "certificate")
    try:
        is_ca = cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except x509.ExtensionNotFound:
        is_ca = False
    if not is_ca:
        raise DomainError(
            _("This is not a certificate authority's certificate (it cannot issue others)."),
            field="certificate",
        )
    fingerprint = _fingerprint(cert)
    if TrustAnchor.objects.filter(fingerprint=fingerprint).exists():
        raise DomainError(_("This certificate authority is already trusted."), field="certificate")
    anchor = TrustAnchor.objects.create(
        name=(name.strip() or cert.subject.rfc4514_string())[:255],
        subject=cert.subject.rfc4514_string()[:500],
        fingerprint=fingerprint,
        der=cert.public_bytes(serialization.Encoding.DER),
        not_after=cert.not_valid_after_utc,
        added_by=actor,
        added_at=timezone.now(),
    )
    audit.record(
        actor=actor,
        action="signing.trust_anchor.add",
        obj=anchor,
        after={"name": anchor.name, "subject": anchor.subject, "fingerprint": fingerprint},
    )
    return anchor


def _register(
    actor: User | None, person: User, *, subject: str, issuer: str, serial: str, fp: str, until
) -> LeaderCertificate:
    by_board = actor is not None and actor.is_board  # else matched by name: the Board confirms
    cert = LeaderCertificate.objects.create(
        confirmed_by=actor if by_board else None,
        confirmed_at=timezone.now() if by_board else None,
        person=person,
        subject=subject[:500],
        issuer=issuer[:500],
        serial=serial[:100],
        fingerprint=fp,
        not_after=until,
        registered_by=actor,
        registered_at=timezone.now(),
    )
    audit.record(
        actor=actor,
        action="signing.certificate.register",
        obj=cert,
        after={"person": person.pk, "subject": cert.subject, "serial": serial, "fingerprint": fp},
    )
    return cert


@transaction.atomic
def register_certificate(*, actor: User, person: User, data: bytes) -> LeaderCertificate:
    """The Board registers a signing certificate on a person's profile (for a certificate whose
    name does not match the person's, e.g. issued before a change of name)."""
    if not actor.is_board:
        raise DomainError(_("Only the Board registers a certificate on someone's profile."))
    cert = _load_certificate(data, "certificate")
    fp = _fingerprint(cert)
    existing = LeaderCertificate.objects.filter(fingerprint=fp).first()
    if existing is not None:
        if existing.person_id == person.pk:
            return existing
        raise DomainError(
            _("This certificate is already registered to someone else."), field="certificate"
        )
    return _register(
        actor,
        person,
        subject=cert.subject.rfc4514_string(),
        issuer=cert.issuer.rfc4514_string(),
        serial=format(cert.serial_number, "x"),
        fp=fp,
        until=cert.not_valid_after_utc,
    )


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def latest_signed(version: DocumentVersion) -> IssuedPdf | None:
    """The accepted file carrying the most digital signatures of this version, if any."""
    latest = (
        Signature.objects.filter(version=version, method=SignatureMethod.DIGITAL)
        .exclude(signed_pdf=None)
        .select_related("signed_pdf")
        .order_by("-signed_pdf__size", "-pk")
        .first()
    )
    return latest.signed_pdf if latest is not None else None


def file_to_sign(*, cycle: Cycle, version: DocumentVersion, actor: User | None = None) -> IssuedPdf:
    """The file a leader signs now: the latest accepted signed file of this version, else the
    version's PDF as issued for signing (sealed by the block when it has a key)."""
    latest = latest_signed(version)
    if latest is not None:
        return latest
    reference = for_signing_reference(version)
    issued = IssuedPdf.objects.filter(reference=reference).order_by("pk").first()
    if issued is not None:
        return issued
    doc = documents.covenant_document(cycle, version, for_signing=True)
    return reports.issue_rendered(
        pdf.render(doc),
        title=doc.file_title or doc.title,
        seal=sealing.block_key(cycle.block),
        reference=reference,
        actor=actor,
        block=cycle.block_id,
    )


def _refuse(message: str) -> DomainError:
    return DomainError(message, field="signed_pdf")


def _which_file(data: bytes, version: DocumentVersion, base: IssuedPdf) -> None:
    """Refuse a file that does not continue `base`, saying what it continues instead."""
    if data.startswith(bytes(base.content)):
        return
    superseded = [
        for_signing_reference(v)
        for v in DocumentVersion.objects.filter(document_id=version.document_id).exclude(
            pk=version.pk
        )
    ]
    for other in IssuedPdf.objects.filter(reference__in=superseded, size__lt=len(data)):
        if data.startswith(bytes(other.content)):
            raise _refuse(
                _(
                    "This file signs a superseded version of the covenant. Download the "
                    "current version's file and sign that one."
                )
            )
    earlier = IssuedPdf.objects.filter(reference=for_signing_reference(version), size__lt=len(data))
    if any(data.startswith(bytes(e.content)) for e in earlier.iterator()):
        raise _refuse(
            _(
                "Another unit signed the file after you downloaded it. Download the file again "
                "(it now carries their signature) and sign that one."
            )
        )
    raise _refuse(
        _(
            "This is not the file the product issued for signing: its content differs. Download "
            "the file from this page, sign it without changing it, and upload what your signing "
            "tool saved."
        )
    )


def _check_signature(
    data: bytes, base_length: int, version: DocumentVersion, report: pdfcheck.FileReport
) -> pdfcheck.Report:
    new = [s for s in report.signatures if s.revision_end > base_length]
    if not new:
        raise _refuse(_("The file carries no new digital signature. Sign it, then upload it."))
    if len(new) > 1:
        raise _refuse(_("The file carries more than one new signature; sign it once."))
    sig = new[0]
    if not sig.intact:
        raise _refuse(_("The signature is broken: the file was changed after it was signed."))
    if not sig.covers_whole_file:
        raise _refuse(
            _(
                "The signature covers only part of the file: something was added after "
                "signing. Upload the file exactly as your signing tool saved it."
            )
        )
    if not pdfcheck.only_signatures_added(data, base_length):
        raise _refuse(
            _("The content of the document was changed while signing; sign it without edits.")
        )
    if sig.expired_at_signing:
        raise _refuse(
            _("The certificate was not valid when the file was signed (valid %(start)s–%(end)s).")
            % {
                "start": timezone.localtime(sig.not_before).strftime("%d/%m/%Y"),
                "end": timezone.localtime(sig.not_after).strftime("%d/%m/%Y"),
            }
        )
    if not sig.trusted:
        raise _refuse(
            _(
                "The certificate (issued by %(issuer)s) does not chain to a certificate "
                "authority the Board trusts. Ask the Board to add your CA's root certificate."
            )
            % {"issuer": sig.issuer}
        )
    if sig.revocation.status == "revoked":
        raise _refuse(
            _(
                "The certificate was revoked by its certificate authority on %(date)s "
                "(%(reason)s): it can no longer sign. Sign with a valid certificate."
            )
            % {
                "date": timezone.localtime(sig.revocation.at).strftime("%d/%m/%Y %H:%M")
                if sig.revocation.at
                else "?",
                "reason": sig.revocation.reason_label,
            }
        )
    now = timezone.now()
    frozen = version.frozen_at or now
    if sig.signed_at is None or not (frozen - CLOCK_SKEW <= sig.signed_at <= now + CLOCK_SKEW):
        raise _refuse(_("The signing time in the file is missing or outside the signing period."))
    return pdfcheck.Report(file=report, new=sig)


@transaction.atomic
def sign_with_upload(
    *, actor: User, cycle: Cycle, version: DocumentVersion, upload: UploadedFile
) -> Signature:
    """The leader's signed PDF, checked and, when everything holds, recorded as the unit's
    signature of the version."""
    unit = access.signing_unit(actor, cycle)
    if unit is None:
        raise DomainError(_("Only the leader of a member unit may sign for it."))
    data = uploads.read_pdf(upload, field="signed_pdf")
    try:
        # Checked before the version is locked: revocation status may come over the network.
        report = pdfcheck.check(data)
    except pdfcheck.Unreadable as error:
        raise uploads.unreadable(error, field="signed_pdf") from None
    locked = services.open_version(cycle, version)
    existing = Signature.objects.filter(version=locked, unit=unit).first()
    if existing is not None:
        raise services.AlreadySigned(existing)
    base = file_to_sign(cycle=cycle, version=locked, actor=actor)
    return accept_signed(
        actor=actor, cycle=cycle, unit=unit, version=locked, base=base, data=data, report=report
    )


def accept_signed(
    *,
    actor: User,
    cycle: Cycle,
    unit: Organisation,
    version: DocumentVersion,
    base: IssuedPdf,
    data: bytes,
    report: pdfcheck.FileReport | None = None,
) -> Signature:
    """`data` (the `base` file plus the leader's signature, uploaded or made remotely) checked
    and recorded as the unit's signature of the locked `version`, or refused saying why.
    `report`: pdfcheck's check of `data` when the caller made it already (before any lock)."""
    locked = version
    _which_file(data, locked, base)
    if report is None:
        try:
            report = pdfcheck.check(data)
        except pdfcheck.Unreadable as error:
            raise uploads.unreadable(error, field="signed_pdf") from None
    checked = _check_signature(data, base.size, locked, report)
    sig = checked.new
    registered = LeaderCertificate.objects.filter(fingerprint=sig.fingerprint).first()
    if registered is not None and registered.revoked_at is not None:
        raise _refuse(
            _(
                "The Board withdrew the registration of this certificate; sign with a "
                "certificate registered on your profile."
            )
        )
    if registered is not None and registered.person_id != actor.pk:
        raise _refuse(
            _("The file was signed with the certificate of %(name)s, not with yours.")
            % {"name": sig.signer}
        )
    if registered is None:
        if _folded(sig.signer) != _folded(actor.full_name):
            raise _refuse(
                _(
                    "The file was signed with the certificate of %(name)s, not with yours. If "
                    "this certificate is yours, ask the Board to register it on your profile."
                )
                % {"name": sig.signer}
            )
        _register(
            actor,
            actor,
            subject=sig.subject,
            issuer=sig.issuer,
            serial=sig.serial,
            fp=sig.fingerprint,
            until=sig.not_after,
        )
    signed = reports.register_signed(
        data,
        title=base.title,
        reference=for_signing_reference(locked),
        sealed_by=sig.subject,
        actor=actor,
        block=cycle.block_id,
    )
    assert sig.signed_at is not None
    return services.create_signature(
        cycle,
        actor,
        version=locked,
        unit=unit,
        unit_name=unit.name,
        signer=actor,
        signer_name=actor.full_name,
        signer_position=actor.position.strip(),
        method=SignatureMethod.DIGITAL,
        signed_at=sig.signed_at,
        ip_address=None,
        version_sha256=hash_of(locked),
        recorded_by=actor,
        signed_pdf=signed,
        certificate_subject=sig.subject[:500],
        certificate_issuer=sig.issuer[:500],
        certificate_serial=sig.serial[:100],
    )
