"""Writes to cycles and their policies."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from thidua.core import audit
from thidua.core.errors import DomainError
from thidua.cycles.models import PHASE_ORDER, AwardType, Cycle, Phase, Policy, PolicyQuota
from thidua.orgs.models import Block, Membership, Organisation, Province
from thidua.orgs.services import check_year, copy_memberships

POLICY_FIELDS = [
    "quorum_numerator", "quorum_denominator", "vote_threshold_numerator",
    "vote_threshold_denominator", "vote_threshold_strict", "vote_base", "allow_written_vote",
    "scorer_mode", "scorers_per_unit", "score_method", "tie_breaks",
    "one_award_per_title_per_year",
]


def province_policy(province: Province) -> Policy:
    """The province's template policy (SPEC §4 defaults until the Board changes it)."""
    template = Policy.objects.filter(province=province, cycle__isnull=True).first()
    if template is None:
        template = Policy.objects.create(province=province)
        for award in AwardType.objects.filter(province=province):
            PolicyQuota.objects.create(policy=template, award_type=award,
                                       quota=award.default_quota)
    return template


def _copy_policy(source: Policy) -> Policy:
    copy = Policy.objects.create(
        province=source.province, **{f: getattr(source, f) for f in POLICY_FIELDS})
    PolicyQuota.objects.bulk_create(
        PolicyQuota(policy=copy, award_type_id=q.award_type_id, quota=q.quota)
        for q in source.quotas.all())
    return copy


def default_head_for(block: Block, year: int) -> Organisation | None:
    """By default this year's head is last year's deputy."""
    previous = Cycle.objects.filter(block=block, year=year - 1).select_related("deputy_unit") \
        .first()
    return previous.deputy_unit if previous else None


@transaction.atomic
def create_cycle(*, actor: Any, block: Block, year: int, head_unit: Organisation,
                 deputy_unit: Organisation, copy_members_from_last_year: bool = True) -> Cycle:
    check_year(year)
    if Cycle.objects.filter(block=block, year=year).exists():
        raise DomainError(_("%(block)s already has a cycle for %(year)s.")
                          % {"block": block.name, "year": year}, field="year")
    if head_unit.pk == deputy_unit.pk:
        raise DomainError(_("The head unit and the deputy unit must be different."),
                          field="deputy_unit")
    if copy_members_from_last_year and not Membership.objects.filter(block=block,
                                                                     year=year).exists():
        copy_memberships(actor=actor, block=block, from_year=year - 1, to_year=year)
    members = set(Membership.objects.filter(block=block, year=year)
                  .values_list("organisation_id", flat=True))
    for unit, field in ((head_unit, "head_unit"), (deputy_unit, "deputy_unit")):
        if unit.pk not in members:
            raise DomainError(_("“%(name)s” is not a member of %(block)s in %(year)s.")
                              % {"name": unit.name, "block": block.name, "year": year},
                              field=field)
    policy = _copy_policy(province_policy(block.province))
    try:
        with transaction.atomic():
            cycle = Cycle.objects.create(block=block, year=year, head_unit=head_unit,
                                         deputy_unit=deputy_unit, policy=policy)
    except IntegrityError as exc:
        raise DomainError(_("%(block)s already has a cycle for %(year)s.")
                          % {"block": block.name, "year": year}) from exc
    audit.record(actor=actor, action="cycle.create", obj=cycle,
                 after={"block": block.name, "year": year, "head": head_unit.name,
                        "deputy": deputy_unit.name})
    return cycle


@transaction.atomic
def set_cycle_units(*, actor: Any, cycle: Cycle, head_unit: Organisation,
                    deputy_unit: Organisation) -> Cycle:
    if cycle.phase != Phase.PREPARING:
        raise DomainError(_("The head and deputy can only be changed while the cycle is being "
                            "prepared."))
    if head_unit.pk == deputy_unit.pk:
        raise DomainError(_("The head unit and the deputy unit must be different."),
                          field="deputy_unit")
    members = set(Membership.objects.filter(block=cycle.block, year=cycle.year)
                  .values_list("organisation_id", flat=True))
    if head_unit.pk not in members or deputy_unit.pk not in members:
        raise DomainError(_("The head and deputy units must be members of the block that year."))
    before = {"head": cycle.head_unit.name, "deputy": cycle.deputy_unit.name}
    cycle.head_unit, cycle.deputy_unit = head_unit, deputy_unit
    cycle.save(update_fields=["head_unit", "deputy_unit"])
    audit.record(actor=actor, action="cycle.set_units", obj=cycle, before=before,
                 after={"head": head_unit.name, "deputy": deputy_unit.name})
    return cycle


@transaction.atomic
def advance_phase(*, actor: Any, cycle: Cycle, to_phase: str) -> Cycle:
    """Move to the next phase. Skipping or going back is refused (a correction is a new action)."""
    locked = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if to_phase not in PHASE_ORDER:
        raise DomainError(_("Unknown phase."))
    current = PHASE_ORDER.index(locked.phase)
    if current + 1 >= len(PHASE_ORDER) or PHASE_ORDER[current + 1] != to_phase:
        raise DomainError(_("The cycle is in phase “%(phase)s”; it can only move to the next "
                            "phase.") % {"phase": locked.get_phase_display()})
    before = {"phase": locked.phase}
    locked.phase = to_phase
    locked.save(update_fields=["phase"])
    audit.record(actor=actor, action="cycle.advance_phase", obj=locked, before=before,
                 after={"phase": to_phase})
    cycle.phase = to_phase
    return locked


@transaction.atomic
def update_policy(*, actor: Any, policy: Policy, values: dict[str, Any],
                  quotas: dict[int, int]) -> Policy:
    """Change a policy's rules. A cycle's policy is frozen once its work has begun."""
    cycle = Cycle.objects.filter(policy=policy).first()
    if cycle is not None and cycle.phase not in (Phase.PREPARING, Phase.DRAFTING):
        raise DomainError(_("The rules of this cycle are frozen: its work has begun."))
    for num, den in (("quorum_numerator", "quorum_denominator"),
                     ("vote_threshold_numerator", "vote_threshold_denominator")):
        n = values.get(num, getattr(policy, num))
        d = values.get(den, getattr(policy, den))
        if not d or n > d or n <= 0:
            raise DomainError(_("A fraction must be between 0 and 1, for example 2/3."), field=num)
    for award_id, quota in quotas.items():
        if quota < 0:
            raise DomainError(_("A quota cannot be negative."))
    before = {f: getattr(policy, f) for f in POLICY_FIELDS}
    before["quotas"] = {str(q.award_type_id): q.quota for q in policy.quotas.all()}
    for field, value in values.items():
        if field not in POLICY_FIELDS:
            raise DomainError(_("Unknown rule."))
        setattr(policy, field, value)
    policy.save()
    for award_id, quota in quotas.items():
        PolicyQuota.objects.update_or_create(policy=policy, award_type_id=award_id,
                                             defaults={"quota": quota})
    after = {f: getattr(policy, f) for f in POLICY_FIELDS}
    after["quotas"] = {str(k): v for k, v in quotas.items()}
    audit.record(actor=actor, action="policy.update", obj=policy, before=before, after=after)
    return policy
