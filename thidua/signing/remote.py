"""Remote signing (ký số từ xa): a leader signs the covenant with the key their CA keeps for
them, approving on their phone, instead of signing the file in their own tool.

The product prepares the file (the file a leader signs now plus an empty signature field, see
`digital.file_to_sign`), computes what is to be signed with pyHanko's interrupted signing (the
document's /ByteRange digest, the CMS signed attributes over it and their digest), and hands the
digest to the provider configured in settings.REMOTE_SIGNING. The provider notifies the signer;
the product polls it; once the signer approves it returns the signature, which the product
embeds in the prepared file. The signed file then goes through exactly the checks of an
uploaded one (`digital.accept_signed`): chain to a trusted root, valid at signing time, the
leader's certificate, the whole original covered, intact.

A provider adapter is a class (settings: {"provider": "dotted.path", "options": {...}}, the
options are its keyword arguments) with:

- `label`: the service's name as shown to the signer ("VNPT SmartCA", ...);
- `timeout`: seconds a request waits for the signer before it expires;
- `certificate(user) -> SignerCertificate`: the signer's certificate and its chain (DER), read
  from the provider before signing (the CMS signed attributes name the certificate);
- `start(to_sign: ToSign) -> Started`: send the digest, notify the signer; returns the
  provider's reference and, if the provider has one, an address where the signer approves;
- `poll(reference) -> Outcome`: "waiting", "refused", "expired", or "approved" with either the
  raw signature over `ToSign.digest_to_sign` (the signed attributes' digest) or a whole CMS
  SignedData over `ToSign.document_digest`.

Each method raises `ProviderError` with a message for the signer when the service cannot be
reached or answers nonsense; a request is never recorded as signed on an error. Nothing here
ever handles a private key: the built-in TEST provider (thidua/signing/remote_test.py) holds its
test keys in files, as a CA's signing service would in its HSM.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
from dataclasses import dataclass, field
from io import BytesIO
from typing import TYPE_CHECKING, Any, Protocol

from asn1crypto import cms
from asn1crypto import x509 as asn1_x509
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.signers.pdf_byterange import PreparedByteRangeDigest
from pyhanko.sign.signers.pdf_cms import ExternalSigner, PdfCMSSignedAttributes
from pyhanko.sign.signers.pdf_signer import PdfTBSDocument
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator.registry import SimpleCertificateStore

from thidua.core import audit
from thidua.core.errors import DomainError
from thidua.reports import sealing
from thidua.signing import access, digital, services
from thidua.signing.models import RemoteSignRequest, RemoteState, Signature, SignatureMethod

if TYPE_CHECKING:
    from thidua.accounts.models import User
    from thidua.cycles.models import Cycle
    from thidua.drafting.models import DocumentVersion

MD = "sha256"
# Room for the CMS in the file (hex digits: twice the DER size); a CMS with a chain of three
# certificates is about 3 KB.
RESERVED = 32 * 1024
# Where leaders' remote signatures show, at the bottom of page 1, four to a row.
_W, _H, _X0, _Y0, _GAP = 128, 40, 36, 24, 4


class ProviderError(Exception):
    """The provider could not be reached or gave an answer that cannot be used; the message is
    for the signer."""


@dataclass(frozen=True)
class SignerCertificate:
    certificate: bytes  # DER
    chain: list[bytes] = field(default_factory=list)  # DER, intermediate(s) then root


@dataclass(frozen=True)
class ToSign:
    """What a provider receives: never the document itself, only its digests."""

    request_id: int
    username: str
    signer_name: str
    title: str
    md_algorithm: str
    document_digest: bytes  # over the PDF's /ByteRange
    signed_attributes: bytes  # DER of the CMS signed attributes (they include document_digest)
    digest_to_sign: bytes  # digest of signed_attributes: what the signer's key signs


@dataclass(frozen=True)
class Started:
    reference: str
    approval_url: str = ""


@dataclass(frozen=True)
class Outcome:
    state: str  # "waiting" | "approved" | "refused" | "expired"
    signature: bytes = b""  # raw signature over ToSign.digest_to_sign
    cms: bytes = b""  # or a whole CMS SignedData over ToSign.document_digest


class Provider(Protocol):
    label: str
    timeout: int

    def certificate(self, user: User) -> SignerCertificate: ...

    def start(self, to_sign: ToSign) -> Started: ...

    def poll(self, reference: str) -> Outcome: ...


def provider() -> Provider | None:
    """The configured provider, or None when remote signing is not offered."""
    config: dict[str, Any] | None = settings.REMOTE_SIGNING
    if not config or not config.get("provider"):
        return None
    cls = import_string(config["provider"])
    return cls(**config.get("options", {}))


def provider_path() -> str:
    config = settings.REMOTE_SIGNING or {}
    return str(config.get("provider", ""))


def _run(coro: Any) -> Any:
    return sealing.off_loop(asyncio.run, coro)


@dataclass(frozen=True)
class Prepared:
    pdf: bytes
    digest: PreparedByteRangeDigest
    signed_attributes: bytes


def _box(signed_before: int) -> tuple[int, int, int, int]:
    col, row = signed_before % 4, signed_before // 4
    x1 = _X0 + col * (_W + _GAP)
    y1 = _Y0 + row * (_H + _GAP)
    return (x1, y1, x1 + _W, y1 + _H)


def prepare(
    data: bytes,
    cert: SignerCertificate,
    *,
    field_name: str,
    text: str,
    box: tuple[int, int, int, int],
    when: dt.datetime,
) -> Prepared:
    """`data` with a signature field for the leader and a hole for the signature, the digest of
    the bytes it covers and the CMS signed attributes over that digest."""
    signing_cert = asn1_x509.Certificate.load(cert.certificate)
    chain = [asn1_x509.Certificate.load(c) for c in cert.chain]
    signer = ExternalSigner(
        signing_cert=signing_cert,
        cert_registry=SimpleCertificateStore.from_certs([signing_cert, *chain]),
        signature_value=256,
    )
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        subfilter=SigSeedSubFilter.PADES,
        md_algorithm=MD,
        reason="Ký giao ước thi đua",
    )
    pdf_signer = signers.PdfSigner(
        meta,
        signer=signer,
        timestamper=None,
        stamp_style=TextStampStyle(
            stamp_text="%(text)s", text_box_style=sealing._text_style(), border_width=1
        ),
        new_field_spec=fields.SigFieldSpec(field_name, on_page=0, box=box),
    )

    async def run() -> Prepared:
        digest, _tbs, out = await pdf_signer.async_digest_doc_for_signing(
            IncrementalPdfFileWriter(BytesIO(data)),
            bytes_reserved=RESERVED,
            appearance_text_params={"text": text},
        )
        attrs = await signer.signed_attrs(
            digest.document_digest,
            MD,
            attr_settings=PdfCMSSignedAttributes(signing_time=when),
            use_pades=True,
        )
        out.seek(0)
        return Prepared(pdf=out.read(), digest=digest, signed_attributes=attrs.dump())

    result: Prepared = _run(run())
    return result


def embed(request: RemoteSignRequest, outcome: Outcome, cert: SignerCertificate) -> bytes:
    """The prepared file with the provider's signature in its hole."""
    digest = PreparedByteRangeDigest(
        document_digest=bytes.fromhex(request.document_digest),
        reserved_region_start=request.reserved_start,
        reserved_region_end=request.reserved_end,
    )
    if outcome.cms:
        try:
            signature_cms = cms.ContentInfo.load(outcome.cms)
            signature_cms.native  # noqa: B018 — parse it now: a broken answer fails here
        except ValueError:
            raise ProviderError(
                _("The signing service returned a signature that cannot be read.")
            ) from None
    else:
        signing_cert = asn1_x509.Certificate.load(cert.certificate)
        chain = [asn1_x509.Certificate.load(c) for c in cert.chain]
        external = ExternalSigner(
            signing_cert=signing_cert,
            cert_registry=SimpleCertificateStore.from_certs([signing_cert, *chain]),
            signature_value=outcome.signature,
        )
        attrs = cms.CMSAttributes.load(bytes(request.signed_attributes))
        signature_cms = _run(external.async_sign_prescribed_attributes(MD, signed_attrs=attrs))
    if len(signature_cms.dump()) * 2 > RESERVED:
        raise ProviderError(_("The signing service returned a signature that is too large."))
    out = BytesIO(bytes(request.prepared))
    _run(PdfTBSDocument.async_finish_signing(out, digest, signature_cms))
    return out.getvalue()


def _refuse(message: str) -> DomainError:
    return DomainError(message)


@transaction.atomic
def start(*, actor: User, cycle: Cycle, version: DocumentVersion) -> RemoteSignRequest:
    """Send the file the leader signs now to the remote signing provider; the leader approves
    on their phone (or the test provider's page)."""
    unit = access.signing_unit(actor, cycle)
    if unit is None:
        raise _refuse(_("Only the leader of a member unit may sign for it."))
    prov = provider()
    if prov is None:
        raise _refuse(_("Remote signing is not set up on this site."))
    locked = services.open_version(cycle, version)
    existing = Signature.objects.filter(version=locked, unit=unit).first()
    if existing is not None:
        raise services.AlreadySigned(existing)
    now = timezone.now()
    waiting = (
        RemoteSignRequest.objects.filter(
            version=locked, unit=unit, state=RemoteState.WAITING, expires_at__gt=now
        )
        .order_by("-pk")
        .first()
    )
    if waiting is not None:
        return waiting
    base = digital.file_to_sign(cycle=cycle, version=locked, actor=actor)
    try:
        cert = prov.certificate(actor)
    except ProviderError as error:
        raise _refuse(str(error)) from None
    subject = asn1_x509.Certificate.load(cert.certificate).subject.human_friendly
    signed_before = locked.signatures.filter(method=SignatureMethod.DIGITAL).count()
    when = now.replace(microsecond=0)
    text = "\n".join(
        line
        for line in (
            f"{actor.position.strip()} {unit.name}".strip(),
            actor.full_name,
            f"Thời gian ký: {timezone.localtime(when).isoformat()}",
        )
        if line
    )
    prepared = prepare(
        bytes(base.content),
        cert,
        field_name=f"Remote-{unit.pk}",
        text=text,
        box=_box(signed_before),
        when=when,
    )
    digest_to_sign = hashlib.sha256(prepared.signed_attributes).digest()
    request = RemoteSignRequest.objects.create(
        version=locked,
        unit=unit,
        signer=actor,
        provider=provider_path()[:200],
        base_sha256=base.sha256,
        prepared=prepared.pdf,
        reserved_start=prepared.digest.reserved_region_start,
        reserved_end=prepared.digest.reserved_region_end,
        document_digest=prepared.digest.document_digest.hex(),
        signed_attributes=prepared.signed_attributes,
        digest_to_sign=digest_to_sign.hex(),
        certificate_subject=subject[:500],
        created_at=now,
        expires_at=now + dt.timedelta(seconds=prov.timeout),
    )
    try:
        started = prov.start(
            ToSign(
                request_id=request.pk,
                username=actor.get_username(),
                signer_name=actor.full_name,
                title=base.title,
                md_algorithm=MD,
                document_digest=prepared.digest.document_digest,
                signed_attributes=prepared.signed_attributes,
                digest_to_sign=digest_to_sign,
            )
        )
    except ProviderError as error:
        raise _refuse(str(error)) from None
    request.reference = started.reference[:200]
    request.approval_url = started.approval_url[:500]
    request.save(update_fields=["reference", "approval_url"])
    audit.record(
        actor=actor,
        action="signing.remote.start",
        obj=request,
        after={
            "unit": unit.name,
            "version": locked.number,
            "provider": request.provider,
            "file_sha256": base.sha256,
            "digest": request.digest_to_sign,
            "certificate": request.certificate_subject,
        },
    )
    return request


def _close(request: RemoteSignRequest, state: str, message: str) -> None:
    request.state = state
    request.message = message[:500]
    request.decided_at = timezone.now()
    request.save(update_fields=["state", "message", "decided_at"])


def _event(request: RemoteSignRequest, actor: User | None) -> dict[str, Any]:
    return {
        "actor": actor,
        "obj": request,
        "after": {"unit": request.unit.name, "state": request.state, "message": request.message},
    }


def refresh(*, actor: User, request: RemoteSignRequest) -> RemoteSignRequest:
    """Ask the provider what became of a waiting request: on approval, embed the signature and
    record it through the same checks as an uploaded file; on refusal or expiry, record only
    the request's state."""
    if not request.is_waiting:
        return request
    prov = provider()
    now = timezone.now()
    outcome: Outcome | None = None
    if prov is not None and request.reference:
        try:
            outcome = prov.poll(request.reference)
        except ProviderError as error:
            if now < request.expires_at:
                request.message = str(error)[:500]
                return request
            outcome = None
    if outcome is None or outcome.state == "waiting":
        if now < request.expires_at:
            return request
        outcome = Outcome(state="expired")
    return _settle(actor, request.pk, outcome, prov)


@transaction.atomic
def _settle(actor: User, pk: int, outcome: Outcome, prov: Provider | None) -> RemoteSignRequest:
    request = (
        RemoteSignRequest.objects.select_for_update()
        .select_related("version__document__cycle", "unit", "signer")
        .get(pk=pk)
    )
    if not request.is_waiting:  # another poll settled it meanwhile
        return request
    if outcome.state == "refused":
        _close(request, RemoteState.REFUSED, _("You refused the request: nothing was signed."))
        audit.record(action="signing.remote.refused", **_event(request, actor))
        return request
    if outcome.state != "approved" or prov is None:
        _close(
            request,
            RemoteState.EXPIRED,
            _("The request expired before it was approved: nothing was signed."),
        )
        audit.record(action="signing.remote.expired", **_event(request, actor))
        return request
    cycle = request.version.document.cycle
    try:
        locked = services.open_version(cycle, request.version)
        base = digital.file_to_sign(cycle=cycle, version=locked, actor=actor)
        if base.sha256 != request.base_sha256:
            raise _refuse(
                _(
                    "Another unit signed the file while you were approving. Nothing was "
                    "signed: start a new request."
                )
            )
        cert = prov.certificate(request.signer)
        data = embed(request, outcome, cert)
        with transaction.atomic():
            signature = digital.accept_signed(
                actor=request.signer,
                cycle=cycle,
                unit=request.unit,
                version=locked,
                base=base,
                data=data,
            )
    except services.AlreadySigned:
        _close(request, RemoteState.FAILED, _("Your unit has already signed this version."))
        audit.record(action="signing.remote.failed", **_event(request, actor))
        return request
    except (DomainError, ProviderError) as error:
        message = error.message if isinstance(error, DomainError) else str(error)
        _close(request, RemoteState.FAILED, message)
        audit.record(action="signing.remote.failed", **_event(request, actor))
        return request
    request.signature = signature
    request.save(update_fields=["signature"])
    _close(request, RemoteState.APPROVED, "")
    audit.record(action="signing.remote.approved", **_event(request, actor))
    return request
