"""Writes to provinces: create, rename, merge one into another."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from thidua.core import audit
from thidua.core.errors import DomainError
from thidua.core.types import Actor
from thidua.lib.text import fold, nfc
from thidua.orgs.models import (
    Province,
)
from thidua.orgs.services.common import day_before


@transaction.atomic
def create_province(
    *, actor: Actor, name: str, code: str = "", valid_from: dt.date | None = None
) -> Province:
    """`code` defaults to the name without diacritics ("Lâm Đồng" -> "lam-dong")."""
    name = nfc(name)
    if not name:
        raise DomainError(_("A province needs a name."), field="name")
    code = slugify(code.strip() or fold(name))[:30]
    if not code:
        raise DomainError(_("Give the province a code of letters and digits."), field="code")
    if Province.objects.filter(code=code).exists():
        raise DomainError(_("A province with this code already exists."), field="code")
    province = Province.objects.create(code=code, name=name, valid_from=valid_from)
    audit.record(
        actor=actor, action="province.create", obj=province, after={"code": code, "name": name}
    )
    return province


#: What a province's documents say about it, besides its name.
DOCUMENT_FIELDS = ("letterhead_authority", "dossier_addressee", "dossier_routing")


@transaction.atomic
def update_province(
    *,
    actor: Actor,
    province: Province,
    name: str,
    letterhead_authority: str | None = None,
    dossier_addressee: str | None = None,
    dossier_routing: str | None = None,
) -> Province:
    """Rename a province and, when given, set how its documents are headed and addressed."""
    fields = ["name", *DOCUMENT_FIELDS]
    before = {f: getattr(province, f) for f in fields}
    province.name = nfc(name)
    if not province.name:
        raise DomainError(_("A province needs a name."), field="name")
    given = {
        "letterhead_authority": letterhead_authority,
        "dossier_addressee": dossier_addressee,
        "dossier_routing": dossier_routing,
    }
    for field, value in given.items():
        if value is not None:
            setattr(province, field, nfc(value))
    province.save(update_fields=fields)
    after = {f: getattr(province, f) for f in fields}
    audit.record(
        actor=actor,
        action="province.update",
        obj=province,
        before={f: v for f, v in before.items() if after[f] != v} or before,
        after={f: v for f, v in after.items() if before[f] != v} or after,
    )
    return province


@transaction.atomic
def merge_provinces(
    *,
    actor: Actor,
    predecessors: Sequence[Province],
    into: Province,
    date: dt.date,
    decision_ref: str,
) -> Province:
    """Record a province merger: the predecessors end the day before `date`."""
    if not decision_ref.strip():
        raise DomainError(_("Give the decision that ordered the merger."), field="decision_ref")
    if not predecessors:
        raise DomainError(_("Choose the provinces that merge."), field="predecessors")
    if into.valid_to is not None:
        raise DomainError(_("%(name)s has already ended.") % {"name": into.name}, field="into")
    for province in predecessors:
        if province.pk == into.pk:
            raise DomainError(_("A province cannot merge into itself."), field="predecessors")
        if province.valid_to is not None:
            raise DomainError(
                _("%(name)s has already ended.") % {"name": province.name}, field="predecessors"
            )
        if province.valid_from and date <= province.valid_from:
            raise DomainError(
                _("The merger must come after %(name)s began.") % {"name": province.name},
                field="date",
            )
        province.valid_to = day_before(date)
        province.merged_into = into
        province.merger_decision = nfc(decision_ref)
        province.save(update_fields=["valid_to", "merged_into", "merger_decision"])
        audit.record(
            actor=actor,
            action="province.merge",
            obj=province,
            after={
                "into": into.name,
                "date": date.isoformat(),
                "decision": province.merger_decision,
            },
        )
    return into
