"""Successions of organisations: a rename, a merger, a split, each decided by a decision
and kept as name versions and ``Succession`` rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from thidua.core import audit
from thidua.core.errors import DomainError
from thidua.core.types import Actor
from thidua.lib.text import nfc
from thidua.orgs.models import (
    Organisation,
    OrgName,
    Province,
    Succession,
    SuccessionKind,
)
from thidua.orgs.services.common import day_before
from thidua.orgs.services.organisations import (
    check_org_name,
    create_organisation,
    refresh_search_keys,
)


def _require_current(org: Organisation, day: dt.date) -> None:
    if org.valid_to is not None:
        raise DomainError(
            _("“%(name)s” has already ended on %(date)s.")
            % {"name": org.name, "date": org.valid_to.strftime("%d/%m/%Y")}
        )
    if org.valid_from and day <= org.valid_from:
        raise DomainError(
            _("The date must be after “%(name)s” began (%(date)s).")
            % {"name": org.name, "date": org.valid_from.strftime("%d/%m/%Y")},
            field="date",
        )


def _require_decision(decision_ref: str) -> str:
    decision_ref = nfc(decision_ref)
    if not decision_ref:
        raise DomainError(
            _("Give the decision (number and date) that made this change."), field="decision_ref"
        )
    return decision_ref


def _close_names(org: Organisation, day: dt.date) -> None:
    org.names.filter(valid_to__isnull=True).update(valid_to=day_before(day))


@transaction.atomic
def rename_organisation(
    *,
    actor: Actor,
    org: Organisation,
    new_name: str,
    date: dt.date,
    decision_ref: str,
    new_short_name: str = "",
) -> Organisation:
    """Same organisation, new name from `date`; the old name stays valid for earlier records."""
    new_name = check_org_name(new_name)
    decision_ref = _require_decision(decision_ref)
    _require_current(org, date)
    current = org.names.filter(valid_to__isnull=True).first()
    if current and current.valid_from and date <= current.valid_from:
        raise DomainError(
            _("The new name must start after the current one (%(date)s).")
            % {"date": current.valid_from.strftime("%d/%m/%Y")},
            field="date",
        )
    if new_name == org.name:
        raise DomainError(_("The new name is the same as the current one."), field="new_name")
    before = {"name": org.name, "short_name": org.short_name}
    _close_names(org, date)
    OrgName.objects.create(
        organisation=org,
        name=new_name,
        short_name=nfc(new_short_name),
        valid_from=date,
        decision_ref=decision_ref,
    )
    org.name, org.short_name = new_name, nfc(new_short_name)
    org.save(update_fields=["name", "short_name"])
    refresh_search_keys(org)
    succession = Succession.objects.create(
        kind=SuccessionKind.RENAME, date=date, decision_ref=decision_ref
    )
    succession.predecessors.add(org)
    succession.successors.add(org)
    audit.record(
        actor=actor,
        action="organisation.rename",
        obj=org,
        before=before,
        after={
            "name": new_name,
            "short_name": org.short_name,
            "date": date.isoformat(),
            "decision": decision_ref,
        },
    )
    return org


def _end(org: Organisation, day: dt.date) -> None:
    _close_names(org, day)
    org.valid_to = day_before(day)
    org.save(update_fields=["valid_to"])


@transaction.atomic
def merge_organisations(
    *,
    actor: Actor,
    predecessors: Sequence[Organisation],
    date: dt.date,
    decision_ref: str,
    into: Organisation | None = None,
    new_name: str = "",
    new_short_name: str = "",
    province: Province | None = None,
) -> Organisation:
    """Merge organisations, either into one of them (`into`) or into a new one (`new_name`)."""
    decision_ref = _require_decision(decision_ref)
    merging = [o for o in predecessors if into is None or o.pk != into.pk]
    if len(merging) + (1 if into else 0) < 2:
        raise DomainError(_("A merger needs at least two organisations."), field="predecessors")
    for org in merging:
        _require_current(org, date)
    if into is not None:
        _require_current(into, date)
        successor = into
    else:
        target_province = province or merging[0].province
        successor = create_organisation(
            actor=actor,
            province=target_province,
            name=new_name,
            short_name=new_short_name,
            valid_from=date,
            decision_ref=decision_ref,
            audit_event=False,
        )
    for org in merging:
        _end(org, date)
    succession = Succession.objects.create(
        kind=SuccessionKind.MERGE, date=date, decision_ref=decision_ref
    )
    succession.predecessors.add(*merging, *([into] if into else []))
    succession.successors.add(successor)
    audit.record(
        actor=actor,
        action="organisation.merge",
        obj=successor,
        before={"predecessors": [o.name for o in merging]},
        after={"successor": successor.name, "date": date.isoformat(), "decision": decision_ref},
    )
    return successor


@transaction.atomic
def split_organisation(
    *, actor: Actor, org: Organisation, new_names: Sequence[str], date: dt.date, decision_ref: str
) -> list[Organisation]:
    """One organisation ends; two or more new ones begin on `date`."""
    decision_ref = _require_decision(decision_ref)
    names = [nfc(n) for n in new_names if nfc(n)]
    if len(names) < 2:
        raise DomainError(_("A split needs at least two new organisations."), field="new_names")
    if len(set(n.casefold() for n in names)) != len(names):
        raise DomainError(_("The new organisations must have different names."), field="new_names")
    _require_current(org, date)
    _end(org, date)
    successors = [
        create_organisation(
            actor=actor,
            province=org.province,
            name=name,
            valid_from=date,
            decision_ref=decision_ref,
            audit_event=False,
        )
        for name in names
    ]
    succession = Succession.objects.create(
        kind=SuccessionKind.SPLIT, date=date, decision_ref=decision_ref
    )
    succession.predecessors.add(org)
    succession.successors.add(*successors)
    audit.record(
        actor=actor,
        action="organisation.split",
        obj=org,
        after={"successors": names, "date": date.isoformat(), "decision": decision_ref},
    )
    return successors
