"""Memberships: an organisation in a block for a year; one at a time, several, or a whole
year copied to the next."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from thidua.core import audit
from thidua.core.errors import DomainError
from thidua.core.types import Actor
from thidua.orgs.models import (
    Block,
    Membership,
    Organisation,
)


def check_year(year: int) -> None:
    if not 2000 <= year <= 2100:
        raise DomainError(_("The year must be between 2000 and 2100."), field="year")


@transaction.atomic
def add_membership(
    *, actor: Actor, block: Block, organisation: Organisation, year: int, order: int | None = None
) -> Membership:
    check_year(year)
    if organisation.valid_to is not None and organisation.valid_to.year < year:
        raise DomainError(
            _("“%(name)s” no longer exists in %(year)s.")
            % {"name": organisation.name, "year": year},
            field="organisation",
        )
    existing = (
        Membership.objects.filter(organisation=organisation, year=year)
        .select_related("block")
        .first()
    )
    if existing is not None:
        raise DomainError(
            _("“%(name)s” is already a member of %(block)s in %(year)s.")
            % {"name": organisation.name, "block": existing.block.name, "year": year},
            field="organisation",
        )
    if order is None:
        order = Membership.objects.filter(block=block, year=year).count() + 1
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                block=block, organisation=organisation, year=year, order=order
            )
    except IntegrityError as exc:
        raise DomainError(
            _("“%(name)s” is already a member of a block in %(year)s.")
            % {"name": organisation.name, "year": year}
        ) from exc
    audit.record(
        actor=actor,
        action="membership.add",
        obj=membership,
        after={"block": block.name, "organisation": organisation.name, "year": year},
    )
    return membership


@transaction.atomic
def remove_membership(*, actor: Actor, membership: Membership) -> None:
    """Memberships are removed only while no cycle of that block and year has begun its work."""
    from thidua.cycles.models import Cycle, Phase

    cycle = Cycle.objects.filter(block=membership.block, year=membership.year).first()
    if cycle is not None and cycle.phase != Phase.PREPARING:
        raise DomainError(
            _("The %(year)s cycle has already started: its members can no longer be removed.")
            % {"year": membership.year}
        )
    if cycle is not None and membership.organisation_id in (
        cycle.head_unit_id,
        cycle.deputy_unit_id,
    ):
        raise DomainError(_("The head or deputy unit of the cycle cannot be removed."))
    before = {
        "block": membership.block.name,
        "organisation": membership.organisation.name,
        "year": membership.year,
    }
    audit.record(actor=actor, action="membership.remove", obj=membership, before=before)
    Membership.objects.filter(pk=membership.pk).delete()


@transaction.atomic
def add_memberships(
    *, actor: Actor, block: Block, organisations: Sequence[Organisation], year: int
) -> list[Membership]:
    """Several members at once, in the order given: all of them or, on a refusal, none."""
    if not organisations:
        raise DomainError(_("Choose at least one organisation."), field="organisations")
    return [
        add_membership(actor=actor, block=block, organisation=org, year=year)
        for org in organisations
    ]


@transaction.atomic
def copy_memberships(*, actor: Actor, block: Block, from_year: int, to_year: int) -> int:
    """Carry last year's members over, skipping those that ended or joined another block."""
    check_year(to_year)
    added = 0
    source = (
        Membership.objects.filter(block=block, year=from_year)
        .select_related("organisation")
        .order_by("order")
    )
    for m in source:
        org = m.organisation
        if org.valid_to is not None and org.valid_to.year < to_year:
            continue
        if Membership.objects.filter(organisation=org, year=to_year).exists():
            continue
        add_membership(actor=actor, block=block, organisation=org, year=to_year, order=m.order)
        added += 1
    return added
