"""Writes to organisations: create one or many, update their details and search keys."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from thidua.core import audit
from thidua.core.errors import DomainError
from thidua.core.types import Actor
from thidua.lib.text import casefold, nfc, search_keys
from thidua.orgs.models import (
    Organisation,
    OrgName,
    Province,
)
from thidua.orgs.services.common import name_taken


def refresh_search_keys(org: Organisation) -> None:
    names = [n.name for n in org.names.all()] + [n.short_name for n in org.names.all()]
    org.search_exact, org.search_folded = search_keys(org.name, org.short_name, *names)
    org.save(update_fields=["search_exact", "search_folded"])


def check_org_name(name: str) -> str:
    name = nfc(name)
    if not name:
        raise DomainError(_("An organisation needs a name."), field="name")
    if len(name) > 255:
        raise DomainError(_("The name is too long (255 characters at most)."), field="name")
    return name


@transaction.atomic
def create_organisation(
    *,
    actor: Actor,
    province: Province,
    name: str,
    short_name: str = "",
    email: str = "",
    address: str = "",
    valid_from: dt.date | None = None,
    decision_ref: str = "",
    audit_event: bool = True,
) -> Organisation:
    name = check_org_name(name)
    current = Organisation.objects.filter(province=province, valid_to__isnull=True)
    if name_taken(current, name):
        raise DomainError(
            _("An organisation named “%(name)s” already exists in %(province)s.")
            % {"name": name, "province": province.name},
            field="name",
        )
    org = Organisation.objects.create(
        province=province,
        name=name,
        short_name=nfc(short_name),
        email=email.strip(),
        address=nfc(address),
        valid_from=valid_from,
    )
    OrgName.objects.create(
        organisation=org,
        name=name,
        short_name=org.short_name,
        valid_from=valid_from,
        decision_ref=nfc(decision_ref),
    )
    refresh_search_keys(org)
    if audit_event:
        audit.record(
            actor=actor,
            action="organisation.create",
            obj=org,
            after={"name": name, "short_name": org.short_name, "province": province.name},
        )
    return org


@dataclass(frozen=True)
class NewOrganisation:
    province: Province
    name: str
    short_name: str = ""
    email: str = ""
    address: str = ""


@transaction.atomic
def create_organisations(*, actor: Actor, items: Sequence[NewOrganisation]) -> list[Organisation]:
    """Many organisations at once (the registry import): the checks, rows and audit events of
    `create_organisation` for each, in a few queries for the whole batch."""
    names = [check_org_name(item.name) for item in items]
    wanted: dict[tuple[int, str], str] = {}
    for item, name in zip(items, names, strict=True):
        key = (item.province.pk, casefold(name))
        if key in wanted:
            raise DomainError(
                _("The name “%(name)s” appears twice.") % {"name": name}, field="name"
            )
        wanted[key] = name
    current = Organisation.objects.filter(
        province_id__in={item.province.pk for item in items}, valid_to__isnull=True
    ).values_list("province_id", "name")
    for province_id, other in current:
        taken = wanted.get((province_id, casefold(other)))
        if taken is not None:
            province = next(i.province for i in items if i.province.pk == province_id)
            raise DomainError(
                _("An organisation named “%(name)s” already exists in %(province)s.")
                % {"name": taken, "province": province.name},
                field="name",
            )
    orgs = []
    for item, name in zip(items, names, strict=True):
        short_name = nfc(item.short_name)
        exact, folded = search_keys(name, short_name, name, short_name)
        orgs.append(
            Organisation(
                province=item.province,
                name=name,
                short_name=short_name,
                email=item.email.strip(),
                address=nfc(item.address),
                search_exact=exact,
                search_folded=folded,
            )
        )
    orgs = Organisation.objects.bulk_create(orgs, batch_size=500)
    OrgName.objects.bulk_create(
        [OrgName(organisation=org, name=org.name, short_name=org.short_name) for org in orgs],
        batch_size=500,
    )
    audit.record_many(
        actor=actor,
        action="organisation.create",
        entries=[
            (org, {"name": org.name, "short_name": org.short_name, "province": org.province.name})
            for org in orgs
        ],
    )
    return orgs


@transaction.atomic
def update_organisation(
    *, actor: Actor, org: Organisation, email: str, address: str, short_name: str | None = None
) -> Organisation:
    """Contact details. A change of name is a rename (a new name version), not an edit."""
    before = {"email": org.email, "address": org.address, "short_name": org.short_name}
    org.email, org.address = email.strip(), nfc(address)
    if short_name is not None:
        org.short_name = nfc(short_name)
        org.names.filter(valid_to__isnull=True).update(short_name=org.short_name)
    org.save(update_fields=["email", "address", "short_name"])
    refresh_search_keys(org)
    after = {"email": org.email, "address": org.address, "short_name": org.short_name}
    audit.record(actor=actor, action="organisation.update", obj=org, before=before, after=after)
    return org
