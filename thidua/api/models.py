"""API tokens issued by the Board to a named integration, and the webhooks integrations follow.

A token is shown once, when it is issued: the database keeps only its SHA-256 (a token is 256
random bits, so a slow hash adds nothing). A webhook's signing secret is not stored either: it is
derived from SECRET_KEY and the endpoint's random salt (thidua/api/webhooks.py).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Scope(models.TextChoices):
    """What a token may write; every token may read its province's data."""

    DECISIONS = "decisions", _("Record decisions and their awards")
    REGISTRY = "registry", _("Import organisations and memberships")


class ApiToken(models.Model):
    name = models.CharField(_("integration"), max_length=150)
    province = models.ForeignKey(
        "orgs.Province", on_delete=models.PROTECT, related_name="+", verbose_name=_("province")
    )
    scopes = models.JSONField(_("writes allowed"), default=list, blank=True)
    # The first characters of the token, to recognise it in lists and logs; not a secret.
    prefix = models.CharField(max_length=16, unique=True, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("expires"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("issued by"),
    )
    created_at = models.DateTimeField(_("issued on"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    def allows(self, scope: str) -> bool:
        return scope in self.scopes


class WebhookEvent(models.TextChoices):
    DOSSIER_SUBMITTED = "dossier.submitted", _("Dossier submitted")
    DOSSIER_RETURNED = "dossier.returned", _("Dossier returned")
    DOSSIER_ACCEPTED = "dossier.accepted", _("Dossier accepted")
    DECISION_RECORDED = "decision.recorded", _("Decision recorded")
    COVENANT_IN_FORCE = "covenant.in_force", _("Covenant in force")
    RANKING_PUBLISHED = "ranking.published", _("Ranking published")


class WebhookEndpoint(models.Model):
    name = models.CharField(_("integration"), max_length=150)
    url = models.URLField(_("address (HTTPS)"), max_length=500)
    province = models.ForeignKey(
        "orgs.Province", on_delete=models.PROTECT, related_name="+", verbose_name=_("province")
    )
    events = models.JSONField(_("events"), default=list)
    salt = models.CharField(max_length=64, editable=False)
    is_active = models.BooleanField(pgettext_lazy("webhook", "active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")

    def __str__(self) -> str:
        return self.name


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")


class WebhookDelivery(models.Model):
    """One event for one endpoint. `event_id` is unique per endpoint: an event followed twice
    (a retried task, two workers) is delivered once."""

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(_("event"), max_length=40, choices=WebhookEvent.choices)
    event_id = models.CharField(max_length=64)
    payload = models.JSONField(default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    last_error = models.CharField(_("error"), max_length=300, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint", "event_id"], name="api_webhook_delivered_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.endpoint}"


class WebhookCursor(models.Model):
    """How far the webhooks have followed the audit log (one row): the last event looked at."""

    seq = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return str(self.seq)
