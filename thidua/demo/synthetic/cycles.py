"""One cycle per block and year, each with its copy of the province's policy. Past years are
closed; the current year's cycles are spread over the phases of a year under way."""

from __future__ import annotations

import datetime as dt
from typing import Any

from thidua.cycles.models import PHASE_ORDER, Cycle, Phase, Policy, PolicyQuota, ScoreMethod
from thidua.demo.synthetic import audit
from thidua.demo.synthetic.base import Context, at, bulk

# The current year's phases, block by block (a year under way: nobody is past cross-scoring).
CURRENT_PHASES = [
    Phase.DRAFTING,
    Phase.SIGNING,
    Phase.IN_PROGRESS,
    Phase.IN_PROGRESS,
    Phase.SELF_ASSESSMENT,
    Phase.CROSS_SCORING,
]

# When each phase of a year was opened (month, day; the last three are in the next year).
PHASE_DATES: dict[str, tuple[int, int, int]] = {
    Phase.PREPARING: (0, 1, 5),
    Phase.DRAFTING: (0, 1, 10),
    Phase.SIGNING: (0, 3, 15),
    Phase.IN_PROGRESS: (0, 3, 26),
    Phase.SELF_ASSESSMENT: (0, 11, 15),
    Phase.CROSS_SCORING: (0, 12, 1),
    Phase.RESULTS_PUBLISHED: (0, 12, 18),
    Phase.EVALUATION: (0, 12, 20),
    Phase.PROPOSED: (1, 1, 10),
    Phase.DECIDED: (1, 2, 15),
    Phase.CLOSED: (1, 3, 1),
}


def phase_date(year: int, phase: str) -> dt.date:
    offset, month, day = PHASE_DATES[phase]
    return dt.date(year + offset, month, day)


def reached(cycle: Cycle, phase: str) -> bool:
    return PHASE_ORDER.index(cycle.phase) >= PHASE_ORDER.index(phase)


def build(ctx: Context) -> None:
    cfg = ctx.config
    events: list[dict[str, Any]] = []
    assert ctx.province is not None
    with ctx.step("cycles with their policy copies") as n:
        specs = []
        for b, block in enumerate(ctx.blocks):
            slots = ctx.rosters[block.pk]
            for k, year in enumerate(cfg.year_list):
                head = slots[k % len(slots)].by_year[year]
                deputy = slots[(k + 1) % len(slots)].by_year[year]
                phase = (
                    CURRENT_PHASES[b % len(CURRENT_PHASES)]
                    if year == cfg.last_year
                    else Phase.CLOSED
                )
                # One block in five settles its score by the trimmed mean.
                method = ScoreMethod.TRIMMED_MEAN if b % 5 == 4 else ScoreMethod.MEAN
                specs.append((block, year, head, deputy, phase, method))
        policies = bulk(
            Policy, [Policy(province=ctx.province, score_method=s[5]) for s in specs], n
        )
        bulk(
            PolicyQuota,
            [
                PolicyQuota(policy=p, award_type=a, quota=a.default_quota)
                for p in policies
                for a in ctx.award_types
            ],
            n,
        )
        cycles = [
            Cycle(
                block=block,
                year=year,
                head_unit=head,
                deputy_unit=deputy,
                phase=phase,
                policy=policy,
                created_at=at(phase_date(year, Phase.PREPARING)),
            )
            for (block, year, head, deputy, phase, _m), policy in zip(specs, policies, strict=True)
        ]
        ctx.cycles = bulk(Cycle, cycles, n)
        for cycle in ctx.cycles:
            audit.append(
                events,
                actor=ctx.actor,
                action="cycle.create",
                obj=cycle,
                when=at(phase_date(cycle.year, Phase.PREPARING)),
                after={
                    "block": cycle.block.name,
                    "year": cycle.year,
                    "head": ctx.name_on(cycle.head_unit_id, dt.date(cycle.year, 1, 5)),
                    "deputy": ctx.name_on(cycle.deputy_unit_id, dt.date(cycle.year, 1, 5)),
                },
            )
        for cycle in ctx.cycles:
            head_rep = ctx.people[cycle.head_unit_id].representative
            audit.append(
                events,
                actor=head_rep,
                action="cycle.advance_phase",
                obj=cycle,
                when=at(phase_date(cycle.year, cycle.phase)),
                before={"phase": Phase.PREPARING.value},
                after={"phase": cycle.phase, "note": f"{audit.SYNTHETIC_MARK}: các giai đoạn"},
            )
        audit.flush(events)
