"""The registry of every PDF the product issued: its SHA-256, what it is, and the exact bytes.

Whoever holds a PDF can learn at the public verification page whether this exact file came from
the product. Keeping the bytes lets the same document be handed out again identically (a leader
signs exactly the file that was issued) and lets the verification page compare a signed upload
with its original. No key material is ever stored here: only the signed result.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class IssuedPdf(models.Model):
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, unique=True)
    # The SHA-256 of the document as rendered before the seal: the same document asked for again
    # is the same issued file, not a new one sealed a second later.
    source_sha256 = models.CharField(_("SHA-256 before the seal"), max_length=64, db_index=True)
    title = models.CharField(_("document"), max_length=255)
    # What it is in the product, e.g. "covenant:12" (the covenant's version 12 for signing).
    reference = models.CharField(_("reference"), max_length=100, blank=True, db_index=True)
    seal_key = models.CharField(_("issuing organisation's key"), max_length=100, blank=True)
    sealed = models.BooleanField(_("digitally sealed"), default=False)
    sealed_by = models.CharField(_("sealed by"), max_length=255, blank=True)
    issued_at = models.DateTimeField(_("issued"))
    size = models.PositiveIntegerField(_("size in bytes"))
    content = models.BinaryField(_("file"))

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("issued PDF")
        verbose_name_plural = _("issued PDFs")

    def __str__(self) -> str:
        return f"{self.title} ({self.sha256[:12]})"
