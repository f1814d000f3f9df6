"""Writes to cycles and their policies."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from thidua.core import audit
from thidua.core.errors import DomainError
from thidua.core.types import Actor
from thidua.cycles.checks import phase_checklist
from thidua.cycles.models import (
    PHASE_ORDER,
    AwardType,
    Cycle,
    Phase,
    Policy,
    PolicyQuota,
    ScoreMethod,
    ScorerMode,
    TieBreak,
    VoteBase,
)
from thidua.lib.text import nfc
from thidua.orgs.models import Block, Membership, Organisation, Province
from thidua.orgs.services import check_year, copy_memberships

POLICY_FIELDS = [
    "quorum_numerator",
    "quorum_denominator",
    "vote_threshold_numerator",
    "vote_threshold_denominator",
    "vote_threshold_strict",
    "vote_base",
    "allow_written_vote",
    "scorer_mode",
    "scorers_per_unit",
    "score_method",
    "tie_breaks",
    "one_award_per_title_per_year",
]


@transaction.atomic
def province_policy(province: Province, *, actor: Actor = None) -> Policy:
    """The province's template policy (SPEC §4 defaults until the Board changes it).

    Created on first use, with one quota per award type of the province at its default.
    """
    template = Policy.objects.filter(province=province, cycle__isnull=True).first()
    if template is None:
        template = Policy.objects.create(province=province)
        for award in AwardType.objects.filter(province=province):
            PolicyQuota.objects.create(policy=template, award_type=award, quota=award.default_quota)
        audit.record(
            actor=actor,
            action="policy.create_template",
            obj=template,
            after={"province": province.name, **_policy_state(template)},
        )
    return template


def _policy_state(policy: Policy) -> dict[str, Any]:
    state: dict[str, Any] = {f: getattr(policy, f) for f in POLICY_FIELDS}
    state["quotas"] = {str(q.award_type_id): q.quota for q in policy.quotas.all()}
    return state


def _copy_policy(source: Policy) -> Policy:
    copy = Policy.objects.create(
        province=source.province, **{f: getattr(source, f) for f in POLICY_FIELDS}
    )
    PolicyQuota.objects.bulk_create(
        PolicyQuota(policy=copy, award_type_id=q.award_type_id, quota=q.quota)
        for q in source.quotas.all()
    )
    return copy


def default_head_for(block: Block, year: int) -> Organisation | None:
    """By default this year's head is last year's deputy."""
    previous = (
        Cycle.objects.filter(block=block, year=year - 1).select_related("deputy_unit").first()
    )
    return previous.deputy_unit if previous else None


@transaction.atomic
def create_cycle(
    *,
    actor: Actor,
    block: Block,
    year: int,
    head_unit: Organisation,
    deputy_unit: Organisation,
    copy_members_from_last_year: bool = True,
) -> Cycle:
    check_year(year)
    if not block.is_active:
        raise DomainError(
            _("%(block)s is closed: its members take part in other blocks now.")
            % {"block": block.name},
            field="block",
        )
    if Cycle.objects.filter(block=block, year=year).exists():
        raise DomainError(
            _("%(block)s already has a cycle for %(year)s.") % {"block": block.name, "year": year},
            field="year",
        )
    if head_unit.pk == deputy_unit.pk:
        raise DomainError(
            _("The head unit and the deputy unit must be different."), field="deputy_unit"
        )
    if (
        copy_members_from_last_year
        and not Membership.objects.filter(block=block, year=year).exists()
    ):
        copy_memberships(actor=actor, block=block, from_year=year - 1, to_year=year)
    members = set(
        Membership.objects.filter(block=block, year=year).values_list("organisation_id", flat=True)
    )
    if not members:
        raise DomainError(
            _(
                "%(block)s has no members in %(year)s: copy last year's members or "
                "add this year's members first."
            )
            % {"block": block.name, "year": year},
            field="copy_members",
        )
    for unit, field in ((head_unit, "head_unit"), (deputy_unit, "deputy_unit")):
        if unit.pk not in members:
            raise DomainError(
                _("“%(name)s” is not a member of %(block)s in %(year)s.")
                % {"name": unit.name, "block": block.name, "year": year},
                field=field,
            )
    policy = _copy_policy(province_policy(block.province, actor=actor))
    try:
        with transaction.atomic():
            cycle = Cycle.objects.create(
                block=block, year=year, head_unit=head_unit, deputy_unit=deputy_unit, policy=policy
            )
    except IntegrityError as exc:
        raise DomainError(
            _("%(block)s already has a cycle for %(year)s.") % {"block": block.name, "year": year}
        ) from exc
    audit.record(
        actor=actor,
        action="cycle.create",
        obj=cycle,
        after={
            "block": block.name,
            "year": year,
            "head": head_unit.name,
            "deputy": deputy_unit.name,
        },
    )
    return cycle


@transaction.atomic
def set_cycle_units(
    *, actor: Actor, cycle: Cycle, head_unit: Organisation, deputy_unit: Organisation
) -> Cycle:
    if cycle.phase != Phase.PREPARING:
        raise DomainError(
            _("The head and deputy can only be changed while the cycle is being prepared.")
        )
    if head_unit.pk == deputy_unit.pk:
        raise DomainError(
            _("The head unit and the deputy unit must be different."), field="deputy_unit"
        )
    members = set(
        Membership.objects.filter(block=cycle.block, year=cycle.year).values_list(
            "organisation_id", flat=True
        )
    )
    if head_unit.pk not in members or deputy_unit.pk not in members:
        raise DomainError(_("The head and deputy units must be members of the block that year."))
    before = {"head": cycle.head_unit.name, "deputy": cycle.deputy_unit.name}
    cycle.head_unit, cycle.deputy_unit = head_unit, deputy_unit
    cycle.save(update_fields=["head_unit", "deputy_unit"])
    audit.record(
        actor=actor,
        action="cycle.set_units",
        obj=cycle,
        before=before,
        after={"head": head_unit.name, "deputy": deputy_unit.name},
    )
    return cycle


@transaction.atomic
def advance_phase(
    *, actor: Actor, cycle: Cycle, to_phase: str, acknowledge: bool = False, reason: str = ""
) -> Cycle:
    """Move to the next phase. Skipping or going back is refused (a correction is a new action).

    The apps' checklist of the current phase (cycles/checks.py) is enforced: a blocker refuses
    the step; warnings need `acknowledge` and a `reason`, both recorded with the event."""
    locked = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if to_phase not in PHASE_ORDER:
        raise DomainError(_("Unknown phase."))
    current = PHASE_ORDER.index(locked.phase)
    if current + 1 >= len(PHASE_ORDER) or PHASE_ORDER[current + 1] != to_phase:
        raise DomainError(
            _("The cycle is in phase “%(phase)s”; it can only move to the next phase.")
            % {"phase": locked.get_phase_display()}
        )
    acknowledged = phase_checklist(locked).enforce(acknowledge=acknowledge, reason=reason)
    before = {"phase": locked.phase}
    locked.phase = to_phase
    locked.save(update_fields=["phase"])
    audit.record(
        actor=actor,
        action="cycle.advance_phase",
        obj=locked,
        before=before,
        after={"phase": to_phase, **acknowledged},
    )
    cycle.phase = to_phase
    return locked


_POLICY_CHOICES = {
    "vote_base": VoteBase.values,
    "scorer_mode": ScorerMode.values,
    "score_method": ScoreMethod.values,
}


def _check_policy_values(policy: Policy, values: dict[str, Any]) -> None:
    for field in values:
        if field not in POLICY_FIELDS:
            raise DomainError(_("Unknown rule."))
    for num, den in (
        ("quorum_numerator", "quorum_denominator"),
        ("vote_threshold_numerator", "vote_threshold_denominator"),
    ):
        n = values.get(num, getattr(policy, num))
        d = values.get(den, getattr(policy, den))
        if not d or n > d or n <= 0:
            raise DomainError(_("A fraction must be between 0 and 1, for example 2/3."), field=num)
    for field, allowed in _POLICY_CHOICES.items():
        if field in values and values[field] not in allowed:
            raise DomainError(_("Choose one of the listed options."), field=field)
    if values.get("scorers_per_unit", policy.scorers_per_unit) < 1:
        raise DomainError(_("At least one scorer per unit is needed."), field="scorers_per_unit")
    rules = values.get("tie_breaks", policy.tie_breaks)
    if any(rule not in TieBreak.values for rule in rules) or len(set(rules)) != len(rules):
        raise DomainError(
            _("Each tie-break rule may appear once, in the order it applies."), field="tie_breaks"
        )


@transaction.atomic
def update_policy(
    *, actor: Actor, policy: Policy, values: dict[str, Any], quotas: dict[int, int]
) -> Policy:
    """Change a policy's rules. A cycle's policy is frozen once its work has begun."""
    cycle = Cycle.objects.filter(policy=policy).first()
    if cycle is not None and cycle.phase not in (Phase.PREPARING, Phase.DRAFTING):
        raise DomainError(_("The rules of this cycle are frozen: its work has begun."))
    _check_policy_values(policy, values)
    province_id = cycle.block.province_id if cycle is not None else policy.province_id
    awards = AwardType.objects.filter(province_id=province_id) if province_id else None
    known = set(awards.values_list("pk", flat=True)) if awards is not None else set()
    for award_id, quota in quotas.items():
        if award_id not in known:
            raise DomainError(_("This award type does not belong to the province."))
        if quota < 0:
            raise DomainError(_("A quota cannot be negative."))
    before = _policy_state(policy)
    for field, value in values.items():
        setattr(policy, field, value)
    policy.save()
    for award_id, quota in quotas.items():
        PolicyQuota.objects.update_or_create(
            policy=policy, award_type_id=award_id, defaults={"quota": quota}
        )
    audit.record(
        actor=actor, action="policy.update", obj=policy, before=before, after=_policy_state(policy)
    )
    return policy


# --- award types -----------------------------------------------------------------------------

AWARD_FIELDS = ["code", "name", "beneficiary", "decided_by", "is_flag", "default_quota", "order"]


def _check_award(
    *, province: Province, code: str, name: str, beneficiary: str, exclude_pk: int | None = None
) -> None:
    if not code:
        raise DomainError(_("Give the award type a short code."), field="code")
    if not name:
        raise DomainError(_("Give the award type a name."), field="name")
    if beneficiary not in AwardType.Beneficiary.values:
        raise DomainError(_("Choose one of the listed options."), field="beneficiary")
    clash = AwardType.objects.filter(province=province, code=code)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise DomainError(
            _("%(province)s already has an award type with the code “%(code)s”.")
            % {"province": province.name, "code": code},
            field="code",
        )


def _award_state(award: AwardType) -> dict[str, Any]:
    return {f: getattr(award, f) for f in AWARD_FIELDS}


@transaction.atomic
def create_award_type(
    *,
    actor: Actor,
    province: Province,
    code: str,
    name: str,
    beneficiary: str = AwardType.Beneficiary.COLLECTIVE,
    decided_by: str = "",
    is_flag: bool = False,
    default_quota: int = 1,
    order: int = 0,
) -> AwardType:
    """A new title blocks of the province may propose. The province's template policy gets its
    default quota; policies of existing cycles keep their snapshot."""
    code, name = code.strip().lower(), nfc(name)
    _check_award(province=province, code=code, name=name, beneficiary=beneficiary)
    award = AwardType.objects.create(
        province=province,
        code=code,
        name=name,
        beneficiary=beneficiary,
        decided_by=nfc(decided_by),
        is_flag=is_flag,
        default_quota=default_quota,
        order=order,
    )
    template = Policy.objects.filter(province=province, cycle__isnull=True).first()
    if template is not None:
        PolicyQuota.objects.create(policy=template, award_type=award, quota=default_quota)
    audit.record(
        actor=actor,
        action="award_type.create",
        obj=award,
        after={"province": province.name, **_award_state(award)},
    )
    return award


@transaction.atomic
def update_award_type(
    *,
    actor: Actor,
    award: AwardType,
    code: str,
    name: str,
    beneficiary: str,
    decided_by: str,
    is_flag: bool,
    default_quota: int,
    order: int,
) -> AwardType:
    code, name = code.strip().lower(), nfc(name)
    _check_award(
        province=award.province, code=code, name=name, beneficiary=beneficiary, exclude_pk=award.pk
    )
    before = _award_state(award)
    award.code, award.name, award.beneficiary = code, name, beneficiary
    award.decided_by, award.is_flag = nfc(decided_by), is_flag
    award.default_quota, award.order = default_quota, order
    award.save()
    audit.record(
        actor=actor, action="award_type.update", obj=award, before=before, after=_award_state(award)
    )
    return award
