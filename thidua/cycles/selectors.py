"""Reads for cycles: who sees which, the phase steps, the roster and the policy in words."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.http import QueryDict
from django.utils.translation import gettext as _

from thidua.accounts.models import Role, User
from thidua.core.forms import parse_id, parse_whole
from thidua.cycles.models import PHASE_ORDER, AwardType, Cycle, Phase, Policy, TieBreak, VoteBase
from thidua.orgs.models import Block, Membership, Organisation


def visible_cycles(user: Any) -> QuerySet[Cycle]:
    """Cycles a person may open: all for the Board; their own blocks' cycles for members.
    `access.can_view` applies the same rule to one cycle already read."""
    cycles = Cycle.objects.select_related("block", "head_unit", "deputy_unit")
    if user.is_board:
        return cycles
    if user.organisation_id is None:
        return cycles.none()
    # EXISTS rather than a join: no duplicate rows to remove with DISTINCT (which, on
    # PostgreSQL, sorted every column of the cycle, block and policy rows: 8 ms a page).
    member = Membership.objects.filter(
        block_id=OuterRef("block_id"), year=OuterRef("year"), organisation_id=user.organisation_id
    )
    return cycles.filter(
        Exists(member)
        | Q(head_unit_id=user.organisation_id)
        | Q(deputy_unit_id=user.organisation_id)
    )


def cycles_for_user(user: Any, limit: int = 10) -> list[Cycle]:
    return list(visible_cycles(user).exclude(phase=Phase.CLOSED).order_by("-year")[:limit])


# --- the list --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CycleFilters:
    year: int | None = None
    block: int | None = None

    @classmethod
    def from_query(cls, query: QueryDict) -> CycleFilters:
        return cls(
            year=parse_whole(query.get("year"), low=1900, high=2100),
            block=parse_id(query.get("block")),
        )


def cycle_list(user: Any, filters: CycleFilters) -> QuerySet[Cycle]:
    cycles = (
        visible_cycles(user)
        .select_related("block__province")
        .order_by("-year", "block__province__name", "block__name", "pk")
    )
    if filters.year:
        cycles = cycles.filter(year=filters.year)
    if filters.block:
        cycles = cycles.filter(block_id=filters.block)
    return cycles


def filter_choices(user: Any) -> tuple[list[int], list[Block]]:
    """The years and blocks a person's visible cycles cover, for the list's filters."""
    visible = visible_cycles(user).order_by()
    years = sorted(set(visible.values_list("year", flat=True)), reverse=True)
    block_ids = set(visible.values_list("block_id", flat=True))
    blocks = list(Block.objects.filter(pk__in=block_ids).select_related("province"))
    return years, blocks


# --- phases ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PhaseStep:
    number: int
    value: str
    label: str
    state: str  # "done", "current", "next" or "later"
    state_label: str


def next_phase(cycle: Cycle) -> str | None:
    index = PHASE_ORDER.index(cycle.phase)
    return PHASE_ORDER[index + 1] if index + 1 < len(PHASE_ORDER) else None


def phase_steps(cycle: Cycle) -> list[PhaseStep]:
    """The phases of SPEC §3 in order, each saying in words where the cycle stands."""
    current = PHASE_ORDER.index(cycle.phase)
    labels = {
        "done": _("done"),
        "current": _("current phase"),
        "next": _("next"),
        "later": _("later"),
    }
    steps = []
    for index, phase in enumerate(Phase):
        if index < current:
            state = "done"
        elif index == current:
            state = "current"
        elif index == current + 1:
            state = "next"
        else:
            state = "later"
        steps.append(PhaseStep(index + 1, phase.value, str(phase.label), state, labels[state]))
    return steps


# --- who holds which role --------------------------------------------------------------------


@dataclass
class RosterRow:
    """A member unit as the roster shows it: its people as "name, position" (the table) and
    on one line each (the phone list), prepared once here rather than in the template."""

    order: int
    name: str
    role: str
    is_head: bool
    is_deputy: bool
    representatives: list[str] = field(default_factory=list)
    leaders: list[str] = field(default_factory=list)
    representatives_line: str = ""
    leaders_line: str = ""

    @property
    def is_lead(self) -> bool:
        return self.is_head or self.is_deputy


def cycle_roster(cycle: Cycle) -> list[RosterRow]:
    """Member units of the block that year with their role in the cycle and their people.
    Two queries whatever the block's size, of plain values (no model objects to build)."""
    memberships = (
        Membership.objects.filter(block_id=cycle.block_id, year=cycle.year)
        .order_by("order", "organisation__name")
        .values_list("organisation_id", "order", "organisation__name")
    )
    labels = {"head": _("Head unit"), "deputy": _("Deputy unit"), "member": _("Member unit")}
    rows: dict[int, RosterRow] = {}
    for org_id, order, name in memberships:
        is_head = org_id == cycle.head_unit_id
        is_deputy = org_id == cycle.deputy_unit_id
        role = labels["head" if is_head else "deputy" if is_deputy else "member"]
        rows[org_id] = RosterRow(order, name, role, is_head, is_deputy)
    people = (
        User.objects.filter(
            organisation_id__in=rows, is_active=True, role__in=[Role.REPRESENTATIVE, Role.LEADER]
        )
        .order_by("full_name", "username")
        .values_list("organisation_id", "role", "full_name", "position")
    )
    leader_lines: dict[int, list[str]] = {}
    representative_lines: dict[int, list[str]] = {}
    for org_id, role, full_name, position in people:
        row = rows[org_id]
        titled = f"{full_name}, {position}" if position else full_name
        if role == Role.LEADER:
            row.leaders.append(titled)
            leader_lines.setdefault(org_id, []).append(
                f"{full_name} ({position})" if position else full_name
            )
        else:
            row.representatives.append(titled)
            representative_lines.setdefault(org_id, []).append(full_name)
    for org_id, row in rows.items():
        row.representatives_line = "; ".join(representative_lines.get(org_id, []))
        row.leaders_line = "; ".join(leader_lines.get(org_id, []))
    return list(rows.values())


# --- the policy in words ---------------------------------------------------------------------


@dataclass(frozen=True)
class QuotaLine:
    award: AwardType
    quota: int


@dataclass(frozen=True)
class PolicySummary:
    quorum: str
    threshold: str
    scorer_mode: str
    score_method: str
    tie_breaks: list[str]
    written_vote: str
    one_award: str
    quotas: list[QuotaLine]


def quorum_text(numerator: int, denominator: int, members: int | None = None) -> str:
    text = _("at least %(n)s/%(d)s of member units present") % {"n": numerator, "d": denominator}
    if members:
        needed = math.ceil(members * numerator / denominator)
        text += " " + _("(%(needed)s of %(members)s)") % {"needed": needed, "members": members}
    return text


def threshold_text(
    numerator: int, denominator: int, *, strict: bool, base: str, members: int | None = None
) -> str:
    """E.g. "more than 1/2 of all member units" (with the count of votes for a known size)."""
    fraction = {"n": numerator, "d": denominator}
    if base == VoteBase.ALL_MEMBERS:
        text = (
            _("more than %(n)s/%(d)s of all member units")
            if strict
            else _("at least %(n)s/%(d)s of all member units")
        ) % fraction
    else:
        text = (
            _("more than %(n)s/%(d)s of the member units present")
            if strict
            else _("at least %(n)s/%(d)s of the member units present")
        ) % fraction
    if members and base == VoteBase.ALL_MEMBERS and denominator:
        exact = members * numerator / denominator
        needed = math.floor(exact) + 1 if strict else math.ceil(exact)
        text += " " + _("(%(needed)s of %(members)s votes)") % {
            "needed": needed,
            "members": members,
        }
    return text


def policy_quotas(policy: Policy, province_id: int | None) -> list[QuotaLine]:
    """Every award type of the province with this policy's quota (0 when none is set)."""
    if province_id is None:
        return []
    set_quotas = (
        dict(policy.quotas.order_by().values_list("award_type_id", "quota")) if policy.pk else {}
    )
    awards = AwardType.objects.filter(province_id=province_id).order_by("order", "name")
    return [QuotaLine(a, set_quotas.get(a.pk, 0 if policy.pk else a.default_quota)) for a in awards]


def policy_summary(
    policy: Policy, *, province_id: int | None, members: int | None = None
) -> PolicySummary:
    labels = dict(TieBreak.choices)
    return PolicySummary(
        quorum=quorum_text(policy.quorum_numerator, policy.quorum_denominator, members),
        threshold=threshold_text(
            policy.vote_threshold_numerator,
            policy.vote_threshold_denominator,
            strict=policy.vote_threshold_strict,
            base=policy.vote_base,
            members=members,
        ),
        scorer_mode=policy.get_scorer_mode_display(),
        score_method=policy.get_score_method_display(),
        tie_breaks=[str(labels.get(rule, rule)) for rule in policy.tie_breaks],
        written_vote=_("yes") if policy.allow_written_vote else _("no"),
        one_award=_("yes") if policy.one_award_per_title_per_year else _("no"),
        quotas=policy_quotas(policy, province_id),
    )


def template_policy(province_id: int) -> Policy:
    """The province's template policy, or an unsaved one with SPEC §4's defaults (reading must
    not write; the first save creates it)."""
    existing = Policy.objects.filter(province_id=province_id, cycle__isnull=True).first()
    return existing or Policy(province_id=province_id)


# --- preparing a cycle -----------------------------------------------------------------------


def unit_choices(block: Block, year: int) -> tuple[list[Organisation], bool]:
    """Candidates for head and deputy: the block's members that year, or, when it has none yet,
    last year's members (they are copied when the cycle is created). The flag says which."""
    this_year = _members(block, year)
    if this_year:
        return this_year, False
    return _members(block, year - 1), True


def _members(block: Block, year: int) -> list[Organisation]:
    return [
        m.organisation
        for m in Membership.objects.filter(block=block, year=year)
        .select_related("organisation")
        .order_by("order", "organisation__name")
    ]


# --- for the Board's dashboard (thidua/board) -------------------------------------------------


def current_cycles() -> list[Cycle]:
    """The newest cycle of every active block (one query)."""
    newest_year = Cycle.objects.filter(block=OuterRef("block")).order_by("-year").values("year")[:1]
    # Only the newest year of each block is read: the page costs the same after ten years.
    return list(
        Cycle.objects.filter(block__is_active=True, year=Subquery(newest_year))
        .select_related("block__province", "head_unit", "policy")
        .order_by("block__province__name", "block__name")
    )


def phase_counts() -> list[dict[str, Any]]:
    """How many cycles are in each phase, for the phases that have any (one query)."""
    rows = Cycle.objects.values("phase").annotate(n=Count("pk")).order_by()
    counts = {row["phase"]: row["n"] for row in rows}
    return [
        {"phase": p.label, "count": counts.get(p.value, 0)} for p in Phase if counts.get(p.value)
    ]


def phase_choices() -> list[tuple[str, str]]:
    """Every phase as (value, label), in the order of the year's work."""
    return [(p.value, str(p.label)) for p in Phase]
