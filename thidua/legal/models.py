"""The legal bases documents cite (căn cứ pháp lý) and the forms of the decree in force.

Both are effective-dated data the Board edits, never literals in code: a document picks the
instruments and the form in force on its own date, so a tờ trình dated 10/01/2025 cites Decree
98/2023/NĐ-CP and one dated 15/12/2025 cites Decree 152/2025/NĐ-CP. Nothing is deleted: an
instrument that stops applying is ended (valid_to).
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class InstrumentKind(models.TextChoices):
    LAW = "law", _("Law")
    DECREE = "decree", _("Decree")
    CIRCULAR = "circular", _("Circular")
    PROVINCIAL_REGULATION = "provincial_regulation", _("Provincial regulation")
    PROVINCIAL_BLOCKS = "provincial_blocks", _("Provincial decision setting up the blocks")
    BLOCK_REGULATION = "block_regulation", _("The block's own regulation")


class Scope(models.TextChoices):
    NATIONAL = "national", _("National")
    PROVINCE = "province", _("One province")
    BLOCK = "block", _("One block")


class CitingDocument(models.TextChoices):
    """The documents whose "Căn cứ" list is read from the instruments."""

    TO_TRINH = "to_trinh", _("Tờ trình (proposal)")
    ACHIEVEMENT_REPORT = "achievement_report", _("Achievement report")
    EVALUATION_MINUTES = "evaluation_minutes", _("Evaluation meeting minutes")


class Instrument(models.Model):
    kind = models.CharField(_("kind"), max_length=30, choices=InstrumentKind.choices)
    number = models.CharField(_("number and symbol"), max_length=60, blank=True)
    issuer = models.CharField(_("issuing body"), max_length=200, blank=True)
    signed_on = models.DateField(_("date signed"), null=True, blank=True)
    title = models.CharField(_("title (trích yếu)"), max_length=400)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices)
    province = models.ForeignKey(
        "orgs.Province",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="legal_instruments",
        verbose_name=_("province"),
    )
    block = models.ForeignKey(
        "orgs.Block",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="legal_instruments",
        verbose_name=_("block"),
    )
    verified = models.BooleanField(_("verified"), default=False)
    note = models.TextField(_("note"), blank=True)
    # Which documents cite it (CitingDocument values); in each, instruments follow `order`.
    cited_in = models.JSONField(_("cited in"), default=list, blank=True)
    order = models.PositiveSmallIntegerField(_("order in the list"), default=100)
    # The Board's own wording of the citation, after "Căn cứ"; empty: composed from the fields.
    wording = models.CharField(_("wording of the citation"), max_length=600, blank=True)

    class Meta:
        ordering = ["order", "valid_from", "pk"]
        verbose_name = _("legal instrument")
        verbose_name_plural = _("legal instruments")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="instrument_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=(
                    Q(scope="national", province__isnull=True, block__isnull=True)
                    | Q(scope="province", province__isnull=False, block__isnull=True)
                    | Q(scope="block", province__isnull=True, block__isnull=False)
                ),
                name="instrument_scope_matches_its_place",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip() if self.number else self.title

    def in_force_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class FormKind(models.TextChoices):
    TO_TRINH = "to_trinh", _("Tờ trình (proposal)")
    ACHIEVEMENT_REPORT = "achievement_report", _("Collective achievement report")


class DocumentForm(models.Model):
    """A form (mẫu) of a decree's appendix: which one it is and the wording it asks for.

    The texts are keyed pieces (title, summary line, section headings, …, see
    `thidua.legal.forms_text.KEYS`) with placeholders such as {award} and {year}; a document uses
    the form of its kind whose decree is in force on its date.
    """

    kind = models.CharField(_("document"), max_length=30, choices=FormKind.choices)
    instrument = models.ForeignKey(
        Instrument,
        on_delete=models.PROTECT,
        related_name="forms",
        verbose_name=_("instrument that sets the form"),
    )
    reference = models.CharField(_("form number"), max_length=200)
    texts = models.JSONField(_("wording"), default=dict)
    verified = models.BooleanField(_("verified"), default=False)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["kind", "instrument__valid_from", "pk"]
        verbose_name = _("document form")
        verbose_name_plural = _("document forms")
        constraints = [
            models.UniqueConstraint(fields=["kind", "instrument"], name="one_form_per_decree"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} ({self.instrument.number})"
