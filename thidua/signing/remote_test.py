"""The built-in TEST remote signing provider: for a demonstration site and the tests only.

It stands for a CA's remote signing service (the signer approves on their phone): it signs with
a leader's TEST key from a PKCS#12 file in `keys_dir` (`<username>.p12` and `<username>.pass`,
which load_demo writes for the demo's leader and the tests write for theirs), after the signer
answers "Duyệt" (approve) or "Từ chối" (refuse) on the page the provider serves
(`signing:test_remote`, standing for the phone app). It refuses to run on a site that is neither
a demonstration site nor a test run, so that it can never be used in production by accident.

Options (settings.REMOTE_SIGNING["options"]): `keys_dir`, `timeout` (seconds, default 300),
`returns` ("signature": the raw signature over the signed attributes' digest, the default; or
"cms": a whole CMS over the document digest, as some services answer).
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, utils
from cryptography.hazmat.primitives.serialization import pkcs12
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.signing.models import TestProviderAnswer
from thidua.signing.remote import Outcome, ProviderError, SignerCertificate, Started, ToSign

if TYPE_CHECKING:
    from thidua.accounts.models import User


class TestProvider:
    __test__ = False  # not a pytest test class

    label = "TEST — nhà cung cấp ký số từ xa thử nghiệm"

    def __init__(
        self, keys_dir: str | None = None, timeout: int = 300, returns: str = "signature"
    ) -> None:
        if not (settings.DEMO_MODE or settings.TESTING):
            raise ImproperlyConfigured(
                "The TEST remote signing provider runs only on a demonstration site or in tests."
            )
        self.keys_dir = Path(keys_dir) if keys_dir else Path(settings.DEMO_SEALS_DIR) / "remote"
        self.timeout = int(timeout)
        self.returns = returns

    def _load(self, username: str) -> tuple[ec.EllipticCurvePrivateKey, SignerCertificate]:
        p12 = self.keys_dir / f"{username}.p12"
        if not p12.exists():
            raise ProviderError(
                _("The signing service holds no certificate for your account (%(name)s).")
                % {"name": username}
            )
        passphrase = (self.keys_dir / f"{username}.pass").read_bytes().strip()
        key, cert, chain = pkcs12.load_key_and_certificates(p12.read_bytes(), passphrase)
        if not isinstance(key, ec.EllipticCurvePrivateKey) or cert is None:
            raise ProviderError(_("The signing service's test key cannot be used."))
        der = serialization.Encoding.DER
        return key, SignerCertificate(
            certificate=cert.public_bytes(der), chain=[c.public_bytes(der) for c in chain]
        )

    def certificate(self, user: User) -> SignerCertificate:
        return self._load(user.get_username())[1]

    def start(self, to_sign: ToSign) -> Started:
        reference = secrets.token_urlsafe(16)
        TestProviderAnswer.objects.create(
            reference=reference,
            username=to_sign.username,
            title=to_sign.title[:500],
            digest=(
                to_sign.document_digest if self.returns == "cms" else to_sign.digest_to_sign
            ).hex(),
            created_at=timezone.now(),
        )
        return Started(reference, reverse("signing:test_remote", args=[reference]))

    def poll(self, reference: str) -> Outcome:
        answer = TestProviderAnswer.objects.filter(reference=reference).first()
        if answer is None:
            raise ProviderError(_("The signing service does not know this request."))
        if answer.answer == "refused":
            return Outcome("refused")
        if answer.answer != "approved":
            return Outcome("waiting")
        key, cert = self._load(answer.username)
        digest = bytes.fromhex(answer.digest)
        if self.returns == "cms":
            return Outcome("approved", cms=self._cms(key, cert, digest))
        signature = key.sign(digest, ec.ECDSA(utils.Prehashed(hashes.SHA256())))
        return Outcome("approved", signature=signature)

    @staticmethod
    def _cms(key: ec.EllipticCurvePrivateKey, cert: SignerCertificate, digest: bytes) -> bytes:
        from asn1crypto import keys
        from asn1crypto import x509 as asn1_x509
        from pyhanko.sign import signers
        from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes
        from pyhanko_certvalidator.registry import SimpleCertificateStore

        from thidua.reports.sealing import off_loop

        signing_cert = asn1_x509.Certificate.load(cert.certificate)
        signer = signers.SimpleSigner(
            signing_cert=signing_cert,
            signing_key=keys.PrivateKeyInfo.load(
                key.private_bytes(
                    serialization.Encoding.DER,
                    serialization.PrivateFormat.PKCS8,
                    serialization.NoEncryption(),
                )
            ),
            cert_registry=SimpleCertificateStore.from_certs(
                [asn1_x509.Certificate.load(c) for c in cert.chain]
            ),
        )
        import asyncio

        content = off_loop(
            asyncio.run,
            signer.async_sign(
                digest,
                "sha256",
                use_pades=True,
                signed_attr_settings=PdfCMSSignedAttributes(signing_time=timezone.now()),
            ),
        )
        return bytes(content.dump())


@transaction.atomic
def answer(*, actor: User, reference: str, approve: bool) -> TestProviderAnswer:
    """The signer's answer on the test provider's page (standing for the CA's phone app)."""
    row = TestProviderAnswer.objects.select_for_update().filter(reference=reference).first()
    if row is None or row.username != actor.get_username():
        raise ProviderError(_("This request is not yours."))
    if not row.answer:
        row.answer = "approved" if approve else "refused"
        row.answered_at = timezone.now()
        row.save(update_fields=["answer", "answered_at"])
    return row
