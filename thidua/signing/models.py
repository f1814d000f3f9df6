"""Signatures on one exact document version (the covenant, and later other documents)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SignatureMethod(models.TextChoices):
    # A confirmation in the product, not a digital signature (Law 20/2023/QH15): named so
    # everywhere it is shown ("xác nhận trên hệ thống").
    ONLINE = (
        "online",
        _("Confirmed in the product after re-authentication (not a digital signature)"),
    )
    PAPER = "paper", _("On paper, recorded by the head with a scan")
    DIGITAL = "digital", _("Digital signature on the PDF, with the leader's own certificate")


class Signature(models.Model):
    version = models.ForeignKey(
        "drafting.DocumentVersion",
        on_delete=models.PROTECT,
        related_name="signatures",
        verbose_name=pgettext_lazy("revision", "version"),
    )
    unit = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.PROTECT,
        related_name="signatures",
        verbose_name=_("unit"),
    )
    # Kept as text: the name and position at the time of signing.
    unit_name = models.CharField(_("unit name"), max_length=255)
    signer_name = models.CharField(_("signer"), max_length=150)
    signer_position = models.CharField(_("position"), max_length=150)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signatures",
        verbose_name=_("signer's account"),
    )
    method = models.CharField(_("method"), max_length=10, choices=SignatureMethod.choices)
    signed_at = models.DateTimeField(_("signed"))
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    version_sha256 = models.CharField(_("SHA-256 of the version"), max_length=64)
    evidence = models.FileField(_("scanned page"), upload_to="signatures/%Y/", blank=True)
    # A digital signature: the signed file as accepted (in the registry of issued PDFs) and the
    # certificate that signed it.
    signed_pdf = models.ForeignKey(
        "reports.IssuedPdf",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("signed PDF"),
    )
    certificate_subject = models.CharField(_("certificate subject"), max_length=500, blank=True)
    certificate_issuer = models.CharField(_("certificate issuer"), max_length=500, blank=True)
    certificate_serial = models.CharField(_("certificate serial"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["version", "signed_at"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.UniqueConstraint(fields=["version", "unit"], name="one_signature_per_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_name} — {self.signer_name}"


class TrustAnchor(models.Model):
    """A root or intermediate certificate the Board trusts for leaders' digital signatures (e.g.
    the Government Cipher Board's root, a commercial CA). Certificates only: never a key."""

    name = models.CharField(pgettext_lazy("entity", "name"), max_length=255)
    subject = models.CharField(_("certificate subject"), max_length=500)
    fingerprint = models.CharField(_("SHA-256 fingerprint"), max_length=64, unique=True)
    der = models.BinaryField(_("certificate"))
    not_after = models.DateTimeField(_("valid until"))
    active = models.BooleanField(_("trusted"), default=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("added by"),
    )
    added_at = models.DateTimeField(_("added on"))

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("trust anchor")
        verbose_name_plural = _("trust anchors")

    def __str__(self) -> str:
        return self.name


class LeaderCertificate(models.Model):
    """A signing certificate registered on a leader's profile: a signature made with it is that
    person's. Only the certificate (public) is kept."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="signing_certificates",
        verbose_name=_("person"),
    )
    subject = models.CharField(_("certificate subject"), max_length=500)
    issuer = models.CharField(_("certificate issuer"), max_length=500)
    serial = models.CharField(_("certificate serial"), max_length=100)
    fingerprint = models.CharField(_("SHA-256 fingerprint"), max_length=64, unique=True)
    not_after = models.DateTimeField(_("valid until"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registered by"),
    )
    registered_at = models.DateTimeField(_("registered"))
    # Matched by its name when the leader signed with it (registered_by is the leader): the
    # Board confirms it is theirs. Registered by the Board: confirmed at once.
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    # The Board withdrew the registration: signatures already recorded stay, new ones with this
    # certificate are refused. The row stays so that a match by name cannot register it again.
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("withdrawn by"),
    )
    revoked_at = models.DateTimeField(_("registration withdrawn"), null=True, blank=True)

    class Meta:
        ordering = ["person", "pk"]
        verbose_name = _("signing certificate")
        verbose_name_plural = _("signing certificates")

    def __str__(self) -> str:
        return f"{self.person} — {self.subject}"


class RemoteState(models.TextChoices):
    WAITING = "waiting", _("Waiting for the signer's approval")
    APPROVED = "approved", _("Approved and recorded")
    REFUSED = "refused", _("Refused by the signer")
    EXPIRED = "expired", _("Expired without an answer")
    FAILED = "failed", _("Approved, but the signature could not be accepted")


class RemoteSignRequest(models.Model):
    """One request to sign the covenant through a remote signing provider (ký số từ xa): the
    file it signs, the digest sent to the provider and what became of it. Never a key: the
    signer's key stays with the provider; the prepared file and the signed attributes are public
    parts of the PDF that will carry the signature."""

    version = models.ForeignKey(
        "drafting.DocumentVersion",
        on_delete=models.PROTECT,
        related_name="remote_requests",
        verbose_name=pgettext_lazy("revision", "version"),
    )
    unit = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="remote_sign_requests",
        verbose_name=_("signer"),
    )
    provider = models.CharField(_("provider"), max_length=200)
    reference = models.CharField(_("provider's reference"), max_length=200, blank=True)
    approval_url = models.CharField(_("approval address"), max_length=500, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=RemoteState.choices, default=RemoteState.WAITING
    )
    message = models.CharField(_("message"), max_length=500, blank=True)
    # The file it signs (its SHA-256) and the file prepared for the signature (that file plus
    # the signature's field, with a hole for the signature).
    base_sha256 = models.CharField(_("SHA-256 of the file signed"), max_length=64)
    prepared = models.BinaryField(_("prepared file"))
    reserved_start = models.PositiveIntegerField()
    reserved_end = models.PositiveIntegerField()
    document_digest = models.CharField(_("digest of the document"), max_length=128)
    signed_attributes = models.BinaryField(_("signed attributes"))
    digest_to_sign = models.CharField(_("digest sent for signing"), max_length=128)
    certificate_subject = models.CharField(_("certificate subject"), max_length=500)
    created_at = models.DateTimeField(_("requested"))
    expires_at = models.DateTimeField(_("expires"))
    decided_at = models.DateTimeField(_("time answered"), null=True, blank=True)
    signature = models.ForeignKey(
        Signature,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("signature"),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("remote signing request")
        verbose_name_plural = _("remote signing requests")

    def __str__(self) -> str:
        return f"{self.unit} — {self.get_state_display()}"

    @property
    def is_waiting(self) -> bool:
        return self.state == RemoteState.WAITING


class TestProviderAnswer(models.Model):
    """What the signer answered on the built-in TEST provider's approval page (it stands for
    the CA's phone app). A decision only: the test key stays in its file."""

    reference = models.CharField(max_length=64, unique=True)
    username = models.CharField(max_length=150)
    title = models.CharField(max_length=500)
    digest = models.CharField(max_length=128)
    answer = models.CharField(max_length=10, blank=True)  # "" | "approved" | "refused"
    created_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("test provider's answer")
        verbose_name_plural = _("test provider's answers")

    def __str__(self) -> str:
        return self.reference
