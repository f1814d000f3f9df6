"""Provinces, organisations with their name versions and succession, blocks and memberships.

Nothing is deleted: organisations and provinces end (valid_to) and are succeeded. Records issued
in a year keep the names valid then (`Organisation.name_on(date)`).
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Province(models.Model):
    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(pgettext_lazy("entity", "name"), max_length=100)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
        verbose_name=_("merged into"),
    )
    merger_decision = models.CharField(_("merger decision"), max_length=200, blank=True)
    # How the province's documents are headed and addressed (Board-edited, never in code).
    letterhead_authority = models.CharField(
        _("authority line on letterheads"), max_length=200, blank=True
    )
    dossier_addressee = models.CharField(
        _("addressee of award dossiers"), max_length=255, blank=True
    )
    dossier_routing = models.CharField(_("routing of award dossiers"), max_length=255, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self) -> str:
        return self.name

    @property
    def is_current(self) -> bool:
        return self.valid_to is None or self.valid_to >= dt.date.today()

    @property
    def authority_line(self) -> str:
        """The line above a block's name on its letterheads: "UBND TỈNH LÂM ĐỒNG"."""
        return self.letterhead_authority or f"UBND TỈNH {self.name.upper()}"

    @property
    def addressee(self) -> str:
        return self.dossier_addressee or f"Chủ tịch Ủy ban nhân dân tỉnh {self.name}"

    def on(self, date: dt.date) -> Province:
        """The province in force on `date`: this one, or the one it was merged into (followed
        through later mergers). Documents use its name, letterhead and routing."""
        province = self
        seen = {province.pk}
        while (
            province.valid_to is not None
            and date > province.valid_to
            and province.merged_into is not None
            and province.merged_into_id not in seen
        ):
            province = province.merged_into
            seen.add(province.pk)
        return province


class Organisation(models.Model):
    """A member organisation (đơn vị / hội). Its names live in OrgName versions."""

    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("province")
    )
    # The current name and short name, denormalised from the open OrgName for lists and search.
    name = models.CharField(pgettext_lazy("entity", "name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    search_exact = models.CharField(max_length=2000, blank=True, editable=False)
    search_folded = models.CharField(max_length=2000, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [models.Index(fields=["valid_to", "name"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.valid_to is None or self.valid_to >= dt.date.today()

    def name_on(self, day: dt.date) -> str:
        """The name valid on `day`, for records issued then. Uses prefetched `names` if any."""
        for version in self.names.all():
            if version.covers(day):
                return version.name
        return self.name


class OrgName(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="names", verbose_name=_("organisation")
    )
    name = models.CharField(pgettext_lazy("entity", "name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    decision_ref = models.CharField(_("decision"), max_length=200, blank=True)

    class Meta:
        ordering = ["organisation", "valid_from"]
        verbose_name = _("name version")
        verbose_name_plural = _("name versions")

    def __str__(self) -> str:
        return self.name

    def covers(self, day: dt.date) -> bool:
        starts = self.valid_from is None or self.valid_from <= day
        ends = self.valid_to is None or day <= self.valid_to
        return starts and ends


class SuccessionKind(models.TextChoices):
    RENAME = "rename", _("Rename")
    MERGE = "merge", _("Merge")
    SPLIT = "split", _("Split")


class Succession(models.Model):
    kind = models.CharField(_("kind"), max_length=10, choices=SuccessionKind.choices)
    date = models.DateField(_("date"))
    decision_ref = models.CharField(_("decision"), max_length=200)
    note = models.TextField(_("note"), blank=True)
    predecessors = models.ManyToManyField(
        Organisation, related_name="successions_out", verbose_name=_("predecessors")
    )
    successors = models.ManyToManyField(
        Organisation, related_name="successions_in", verbose_name=_("successors")
    )

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("succession")
        verbose_name_plural = _("successions")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%d/%m/%Y} ({self.decision_ref})"


class Block(models.Model):
    """An emulation block (khối / cụm thi đua) organised by a province."""

    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="blocks", verbose_name=_("province")
    )
    name = models.CharField(pgettext_lazy("entity", "name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(pgettext_lazy("block", "active"), default=True)
    search_exact = models.CharField(max_length=600, blank=True, editable=False)
    search_folded = models.CharField(max_length=600, blank=True, editable=False)

    class Meta:
        ordering = ["province__name", "name"]
        verbose_name = _("block")
        verbose_name_plural = _("blocks")
        constraints = [
            models.UniqueConstraint(fields=["province", "name"], name="unique_block_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """An organisation is a member of one block in one year."""

    block = models.ForeignKey(
        Block, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("block")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["block", "year", "order", "organisation__name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"], name="one_block_per_organisation_per_year"
            ),
        ]
        indexes = [models.Index(fields=["block", "year"])]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.block} {self.year}"
