"""Every write to provinces, organisations, blocks and memberships. Each is one transaction
with one audit event; a rule that refuses raises DomainError."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from thidua.core import audit
from thidua.core.errors import DomainError
from thidua.lib.text import casefold, fold, nfc, search_keys
from thidua.orgs.models import (
    Block,
    Membership,
    Organisation,
    OrgName,
    Province,
    Succession,
    SuccessionKind,
)


def _name_taken(queryset: Any, name: str) -> bool:
    """Whether a row of `queryset` has this name, ignoring case for every Vietnamese letter.

    SQLite's iexact folds ASCII letters only ("HỘI" ≠ "Hội" there); the folded search key
    narrows the candidates in the database and the comparison is done in Python.
    """
    wanted = casefold(name)
    candidates = queryset.filter(search_folded__contains=fold(name)).values_list("name", flat=True)
    return any(casefold(other) == wanted for other in candidates)


def _day_before(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=1)


# --- provinces -------------------------------------------------------------------------------


@transaction.atomic
def create_province(
    *, actor: Any, name: str, code: str = "", valid_from: dt.date | None = None
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


@transaction.atomic
def update_province(*, actor: Any, province: Province, name: str) -> Province:
    before = {"name": province.name}
    province.name = nfc(name)
    if not province.name:
        raise DomainError(_("A province needs a name."), field="name")
    province.save(update_fields=["name"])
    audit.record(
        actor=actor,
        action="province.update",
        obj=province,
        before=before,
        after={"name": province.name},
    )
    return province


@transaction.atomic
def merge_provinces(
    *,
    actor: Any,
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
        province.valid_to = _day_before(date)
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


# --- organisations ---------------------------------------------------------------------------


def refresh_search_keys(org: Organisation) -> None:
    names = [n.name for n in org.names.all()] + [n.short_name for n in org.names.all()]
    org.search_exact, org.search_folded = search_keys(org.name, org.short_name, *names)
    org.save(update_fields=["search_exact", "search_folded"])


def _check_org_name(name: str) -> str:
    name = nfc(name)
    if not name:
        raise DomainError(_("An organisation needs a name."), field="name")
    if len(name) > 255:
        raise DomainError(_("The name is too long (255 characters at most)."), field="name")
    return name


@transaction.atomic
def create_organisation(
    *,
    actor: Any,
    province: Province,
    name: str,
    short_name: str = "",
    email: str = "",
    address: str = "",
    valid_from: dt.date | None = None,
    decision_ref: str = "",
    audit_event: bool = True,
) -> Organisation:
    name = _check_org_name(name)
    current = Organisation.objects.filter(province=province, valid_to__isnull=True)
    if _name_taken(current, name):
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
def create_organisations(*, actor: Any, items: Sequence[NewOrganisation]) -> list[Organisation]:
    """Many organisations at once (the registry import): the checks, rows and audit events of
    `create_organisation` for each, in a few queries for the whole batch."""
    names = [_check_org_name(item.name) for item in items]
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
    *, actor: Any, org: Organisation, email: str, address: str, short_name: str | None = None
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
    org.names.filter(valid_to__isnull=True).update(valid_to=_day_before(day))


@transaction.atomic
def rename_organisation(
    *,
    actor: Any,
    org: Organisation,
    new_name: str,
    date: dt.date,
    decision_ref: str,
    new_short_name: str = "",
) -> Organisation:
    """Same organisation, new name from `date`; the old name stays valid for earlier records."""
    new_name = _check_org_name(new_name)
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
    org.valid_to = _day_before(day)
    org.save(update_fields=["valid_to"])


@transaction.atomic
def merge_organisations(
    *,
    actor: Any,
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
    *, actor: Any, org: Organisation, new_names: Sequence[str], date: dt.date, decision_ref: str
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


# --- blocks and memberships ------------------------------------------------------------------


def _block_keys(block: Block) -> None:
    block.search_exact, block.search_folded = search_keys(block.name, block.province.name)


@transaction.atomic
def create_block(*, actor: Any, province: Province, name: str, description: str = "") -> Block:
    name = nfc(name)
    if not name:
        raise DomainError(_("A block needs a name."), field="name")
    if _name_taken(Block.objects.filter(province=province), name):
        raise DomainError(
            _("A block named “%(name)s” already exists in %(province)s.")
            % {"name": name, "province": province.name},
            field="name",
        )
    block = Block(province=province, name=name, description=nfc(description))
    _block_keys(block)
    block.save()
    audit.record(
        actor=actor,
        action="block.create",
        obj=block,
        after={"name": name, "province": province.name},
    )
    return block


@transaction.atomic
def update_block(
    *, actor: Any, block: Block, name: str, description: str, is_active: bool
) -> Block:
    name = nfc(name)
    if not name:
        raise DomainError(_("A block needs a name."), field="name")
    if _name_taken(Block.objects.filter(province=block.province).exclude(pk=block.pk), name):
        raise DomainError(
            _("A block named “%(name)s” already exists in %(province)s.")
            % {"name": name, "province": block.province.name},
            field="name",
        )
    before = {"name": block.name, "description": block.description, "active": block.is_active}
    block.name, block.description, block.is_active = name, nfc(description), is_active
    _block_keys(block)
    block.save()
    audit.record(
        actor=actor,
        action="block.update",
        obj=block,
        before=before,
        after={"name": name, "description": block.description, "active": is_active},
    )
    return block


def check_year(year: int) -> None:
    if not 2000 <= year <= 2100:
        raise DomainError(_("The year must be between 2000 and 2100."), field="year")


@transaction.atomic
def add_membership(
    *, actor: Any, block: Block, organisation: Organisation, year: int, order: int | None = None
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
def remove_membership(*, actor: Any, membership: Membership) -> None:
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
    *, actor: Any, block: Block, organisations: Sequence[Organisation], year: int
) -> list[Membership]:
    """Several members at once, in the order given: all of them or, on a refusal, none."""
    if not organisations:
        raise DomainError(_("Choose at least one organisation."), field="organisations")
    return [
        add_membership(actor=actor, block=block, organisation=org, year=year)
        for org in organisations
    ]


@transaction.atomic
def copy_memberships(*, actor: Any, block: Block, from_year: int, to_year: int) -> int:
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
