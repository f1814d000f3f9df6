"""The audit log: append-only, each event chained to the previous one by SHA-256."""

from __future__ import annotations

import re

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

_WITH_USERNAME = re.compile(r"(.+) \(([\w.@+-]+)\)")


class AuditEvent(models.Model):
    """One event of one chain: "main" (the province's shared data) or "block:<id>" (everything
    in one emulation block). `seq` counts within the chain."""

    chain = models.CharField(_("chain"), max_length=64, default="main", db_index=True)
    seq = models.PositiveBigIntegerField(_("sequence"))
    created_at = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("actor"),
    )
    # Kept as text too, so the event still reads right if the person is later renamed.
    actor_label = models.CharField(_("actor"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    object_type = models.CharField(_("object type"), max_length=80, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True, db_index=True)
    object_label = models.CharField(_("object"), max_length=300, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "seq"], name="core_auditevent_chain_seq")
        ]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_label}"

    @property
    def actor_name(self) -> str:
        """Who acted, by name ("" for the system). Events written before labels held only the
        name end with the username in brackets: it is left out."""
        if self.actor_id is None:
            return ""
        named = _WITH_USERNAME.fullmatch(self.actor_label)
        return named.group(1) if named else self.actor_label


class AuditChainHead(models.Model):
    """One row per chain: its last sequence number and hash. Locked while an event is appended
    to that chain, so writes to different chains (blocks) never wait on each other."""

    chain = models.CharField(max_length=64, unique=True, default="main")
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"{self.chain} #{self.seq} {self.hash[:12]}"


class Version(models.Model):
    """How many times something pages show has changed: a block (and everything in it), the
    province's shared data, a person's own things, the public portal. Page caches and computed
    data are keyed on the versions of what they show (thidua/core/versions.py)."""

    scope = models.CharField(max_length=64, unique=True)
    n = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.scope}={self.n}"
