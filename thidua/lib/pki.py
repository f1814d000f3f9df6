"""A small certificate authority made on the spot: the tests' PKI and the demo's CA.

Nothing here is trusted anywhere but in the installation (or test) that made it: the demo's
root is named "DEMO" in its subject, and its keys live in files under the demo's own folder,
never in the database. Production keys come from the organisations' real CAs (PKCS#12 files
configured in settings, see thidua/reports/sealing.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID


@dataclass(frozen=True)
class Issued:
    """A certificate with its private key (kept in memory only)."""

    cert: x509.Certificate
    key: ec.EllipticCurvePrivateKey

    @property
    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)

    @property
    def der(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.DER)

    def pkcs12(self, chain: list[Issued], passphrase: bytes) -> bytes:
        """The key, this certificate and its chain as a PKCS#12 file (as a CA delivers it)."""
        return pkcs12.serialize_key_and_certificates(
            name=self.cert.subject.rfc4514_string().encode(),
            key=self.key,
            cert=self.cert,
            cas=[c.cert for c in chain],
            encryption_algorithm=serialization.BestAvailableEncryption(passphrase),
        )


def _name(common_name: str, organisation: str = "", serial: str = "") -> x509.Name:
    parts = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if organisation:
        parts.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    parts.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name))
    if serial:
        parts.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, serial))
    return x509.Name(parts)


def issue(
    common_name: str,
    *,
    issuer: Issued | None = None,
    organisation: str = "",
    serial: str = "",
    ca: bool = False,
    not_before: dt.datetime | None = None,
    not_after: dt.datetime | None = None,
) -> Issued:
    """A certificate for `common_name`, signed by `issuer` (self-signed without one).

    A CA certificate may sign certificates; an end-entity one signs documents (digital
    signature and non-repudiation, the key usages Vietnamese CAs put on signing certificates).
    """
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    start = not_before or now - dt.timedelta(days=1)
    end = not_after or start + dt.timedelta(days=3650 if ca else 730)
    subject = _name(common_name, organisation, serial)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.cert.subject if issuer else subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
    )
    if ca:
        usage = x509.KeyUsage(
            digital_signature=True,
            content_commitment=False,
            key_encipherment=False,
            data_encipherment=False,
            key_agreement=False,
            key_cert_sign=True,
            crl_sign=True,
            encipher_only=False,
            decipher_only=False,
        )
    else:
        usage = x509.KeyUsage(
            digital_signature=True,
            content_commitment=True,
            key_encipherment=False,
            data_encipherment=False,
            key_agreement=False,
            key_cert_sign=False,
            crl_sign=False,
            encipher_only=False,
            decipher_only=False,
        )
    builder = builder.add_extension(usage, critical=True)
    if issuer is not None:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()), False
        )
    signing_key = issuer.key if issuer else key
    return Issued(cert=builder.sign(signing_key, hashes.SHA256()), key=key)
