"""The Board's register of leaders' signing certificates: register one on a person's profile,
confirm one matched by its name when the leader signed with it, withdraw a registration.

A registered certificate makes a digital signature made with it that person's (digital.py). A
certificate is registered only when it can be read, is valid today and chains to a certificate
authority the Board trusts; one certificate belongs to one person. Withdrawing keeps the row (so
that a match by name cannot register it again) and the signatures already recorded with it.
"""

from __future__ import annotations

import asyncio

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from pyhanko_certvalidator import CertificateValidator, ValidationContext
from pyhanko_certvalidator.errors import PathBuildingError, PathValidationError

from thidua.accounts.models import User
from thidua.core import audit
from thidua.core.errors import DomainError
from thidua.reports.sealing import off_loop
from thidua.signing import digital, pdfcheck
from thidua.signing.models import LeaderCertificate, Signature, SignatureMethod

MAX_SIZE = 100 * 1024


def of_person(person: User) -> QuerySet[LeaderCertificate]:
    return LeaderCertificate.objects.filter(person=person).select_related(
        "registered_by", "confirmed_by", "revoked_by"
    )


def awaiting_confirmation() -> QuerySet[LeaderCertificate]:
    """Certificates taken by a match of the name when a leader signed, not yet confirmed."""
    return LeaderCertificate.objects.filter(confirmed_at=None, revoked_at=None).select_related(
        "person__organisation"
    )


def signatures_made_with(cert: LeaderCertificate) -> int:
    """How many recorded digital signatures were made with this certificate."""
    return Signature.objects.filter(
        method=SignatureMethod.DIGITAL,
        signer_id=cert.person_id,
        certificate_serial=cert.serial,
        certificate_issuer=cert.issuer,
    ).count()


def _chains_to_anchor(cert: x509.Certificate) -> bool:
    roots, others = pdfcheck.anchors()
    if not roots and not others:
        return False
    leaf = asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    context = ValidationContext(trust_roots=roots, other_certs=others, allow_fetching=False)
    validator = CertificateValidator(leaf, validation_context=context)
    try:
        off_loop(asyncio.run, validator.async_validate_path())
    except (PathBuildingError, PathValidationError):
        return False
    return True


def _refuse(message: str) -> DomainError:
    return DomainError(message, field="certificate")


@transaction.atomic
def register(*, actor: User, person: User, data: bytes) -> LeaderCertificate:
    """The Board registers a signing certificate (.cer, .crt or .pem) on a person's profile."""
    if not actor.is_board:
        raise DomainError(_("Only the Board registers a certificate on someone's profile."))
    if len(data) > MAX_SIZE:
        raise _refuse(_("The certificate must be at most 100 KB."))
    cert = digital._load_certificate(data, "certificate")
    now = timezone.now()
    if cert.not_valid_after_utc < now:
        raise _refuse(
            _("This certificate expired on %(date)s; it cannot sign any more.")
            % {"date": timezone.localtime(cert.not_valid_after_utc).strftime("%d/%m/%Y")}
        )
    if cert.not_valid_before_utc > now:
        raise _refuse(
            _("This certificate is valid only from %(date)s.")
            % {"date": timezone.localtime(cert.not_valid_before_utc).strftime("%d/%m/%Y")}
        )
    if not _chains_to_anchor(cert):
        raise _refuse(
            _(
                "This certificate (issued by %(issuer)s) does not chain to a certificate "
                "authority the Board trusts. Add the CA's root certificate first."
            )
            % {"issuer": cert.issuer.rfc4514_string()}
        )
    fp = digital._fingerprint(cert)
    existing = LeaderCertificate.objects.select_for_update().filter(fingerprint=fp).first()
    if existing is not None and existing.revoked_at is None:
        if existing.person_id == person.pk:
            raise _refuse(_("This certificate is already registered to this person."))
        raise _refuse(
            _("This certificate is already registered to %(name)s.") % {"name": existing.person}
        )
    if existing is None:
        existing = LeaderCertificate(fingerprint=fp)
    existing.person = person
    existing.subject = cert.subject.rfc4514_string()[:500]
    existing.issuer = cert.issuer.rfc4514_string()[:500]
    existing.serial = format(cert.serial_number, "x")[:100]
    existing.not_after = cert.not_valid_after_utc
    existing.registered_by = existing.confirmed_by = actor
    existing.registered_at = existing.confirmed_at = now
    existing.revoked_by = None
    existing.revoked_at = None
    existing.save()
    audit.record(
        actor=actor,
        action="signing.certificate.register",
        obj=existing,
        after={
            "person": person.pk,
            "subject": existing.subject,
            "serial": existing.serial,
            "fingerprint": fp,
        },
    )
    return existing


@transaction.atomic
def confirm(*, actor: User, cert: LeaderCertificate) -> LeaderCertificate:
    """The Board confirms that a certificate matched by its name is the person's."""
    if not actor.is_board:
        raise DomainError(_("Only the Board confirms a signing certificate."))
    cert = LeaderCertificate.objects.select_for_update().get(pk=cert.pk)
    if cert.revoked_at is not None:
        raise DomainError(_("This registration was withdrawn; register the certificate again."))
    if cert.confirmed_at is not None:
        return cert
    cert.confirmed_by = actor
    cert.confirmed_at = timezone.now()
    cert.save(update_fields=["confirmed_by", "confirmed_at"])
    audit.record(
        actor=actor,
        action="signing.certificate.confirm",
        obj=cert,
        after={"person": cert.person_id, "subject": cert.subject, "serial": cert.serial},
    )
    return cert


@transaction.atomic
def revoke(*, actor: User, cert: LeaderCertificate) -> LeaderCertificate:
    """The Board withdraws a registration: from now on a file signed with this certificate is
    refused; signatures already recorded with it stay."""
    if not actor.is_board:
        raise DomainError(_("Only the Board withdraws a signing certificate."))
    cert = LeaderCertificate.objects.select_for_update().get(pk=cert.pk)
    if cert.revoked_at is not None:
        return cert
    cert.revoked_by = actor
    cert.revoked_at = timezone.now()
    cert.save(update_fields=["revoked_by", "revoked_at"])
    audit.record(
        actor=actor,
        action="signing.certificate.revoke",
        obj=cert,
        before={"revoked": False},
        after={"person": cert.person_id, "subject": cert.subject, "revoked": True},
    )
    return cert
