"""Proposals of each closed cycle (one per title with nominees who passed the ballot), their
history, the Board's decision and the awards in each organisation's history."""

from __future__ import annotations

import datetime as dt
from typing import Any

from thidua.awards.models import (
    Award,
    Decision,
    Nominee,
    Proposal,
    ProposalEvent,
    ProposalStatus,
)
from thidua.cycles.models import Phase
from thidua.demo.synthetic import audit, names
from thidua.demo.synthetic.base import Context, at, bulk
from thidua.demo.synthetic.cycles import phase_date, reached

REFUSAL = "Chưa đủ điều kiện theo quy định (thời gian giữ danh hiệu chưa đủ)."


def build(ctx: Context) -> None:
    events: list[dict[str, Any]] = []
    assert ctx.province is not None
    awards_by_pk = {a.pk: a for a in ctx.award_types}
    chairman = names.person(ctx.rng("chairman"))
    with ctx.step("proposals, nominees, decisions, awards") as n:
        specs = []
        for cycle in ctx.cycles:
            if not reached(cycle, Phase.DECIDED):
                continue
            for award_pk, passed in ctx.passed.get(cycle.pk, []):
                if passed:
                    specs.append((cycle, awards_by_pk[award_pk], passed))
        proposals = []
        for k, (cycle, award, _passed) in enumerate(specs, start=1):
            day = phase_date(cycle.year, Phase.PROPOSED)
            head = ctx.people[cycle.head_unit_id]
            block_no = cycle.block.name.rsplit(" ", 1)[-1]
            proposals.append(
                Proposal(
                    cycle=cycle,
                    award_type=award,
                    status=ProposalStatus.DECIDED,
                    number=f"{k % 90 + 1:02d}/TTr-KTĐ{block_no}",
                    place=ctx.province.name,
                    date=day,
                    signer_name=head.leader.full_name,
                    signer_position=f"TRƯỞNG KHỐI – {head.leader.position}",
                    summary=(
                        f"{audit.SYNTHETIC_MARK}: {cycle.block.name} đã hoàn thành các nội dung "
                        f"giao ước thi đua năm {cycle.year}."
                    ),
                    created_by=head.representative,
                    created_at=at(day, 8),
                    submitted_at=at(day, 15),
                )
            )
        proposals = bulk(Proposal, proposals, n)
        ranks = {(cid, e["unit"]): e for cid, entries in ctx.rankings.items() for e in entries}
        nominees, history, decisions = [], [], []
        for k, (proposal, (cycle, award, passed)) in enumerate(
            zip(proposals, specs, strict=True), start=1
        ):
            rng = ctx.rng("decision", cycle.block.name, cycle.year, award.code)
            submitted = proposal.submitted_at
            assert submitted is not None
            decided = phase_date(cycle.year, Phase.DECIDED)
            for order, (unit, agree) in enumerate(passed, start=1):
                entry = ranks[(cycle.pk, unit)]
                granted = rng.random() < 0.95
                nominees.append(
                    Nominee(
                        proposal=proposal,
                        organisation_id=unit,
                        name=ctx.name_on(unit, dt.date(cycle.year, 12, 31)),
                        order=order,
                        rank=entry["rank"],
                        score=entry["final"] or "",
                        agree=agree,
                        granted=granted,
                        refusal_reason="" if granted else REFUSAL,
                    )
                )
            for action, when in (
                (ProposalEvent.Action.SUBMITTED, submitted),
                (ProposalEvent.Action.ACCEPTED, submitted + dt.timedelta(days=7)),
                (ProposalEvent.Action.DECIDED, at(decided, 16)),
            ):
                history.append(
                    ProposalEvent(
                        proposal=proposal,
                        action=action,
                        actor=(
                            ctx.people[cycle.head_unit_id].representative
                            if action == ProposalEvent.Action.SUBMITTED
                            else ctx.actor
                        ),
                        at=when,
                    )
                )
            decisions.append(
                Decision(
                    proposal=proposal,
                    number=f"{100 + k}/QĐ-UBND",
                    date=decided,
                    signer_name=chairman,
                    signer_position="Chủ tịch UBND tỉnh",
                    recorded_by=ctx.actor,
                    recorded_at=at(decided, 16),
                )
            )
        nominees = bulk(Nominee, nominees, n)
        bulk(ProposalEvent, history, n)
        decisions = bulk(Decision, decisions, n)
        decision_of = {d.proposal_id: d for d in decisions}
        cycle_of = {p.pk: p for p in proposals}
        bulk(
            Award,
            [
                Award(
                    organisation_id=nom.organisation_id,
                    award_type_id=cycle_of[nom.proposal_id].award_type_id,
                    year=cycle_of[nom.proposal_id].cycle.year,
                    name=nom.name,
                    decision=decision_of[nom.proposal_id],
                    cycle=cycle_of[nom.proposal_id].cycle,
                )
                for nom in nominees
                if nom.granted
            ],
            n,
        )
        audit.append(
            events,
            actor=ctx.actor,
            action="awards.bulk_decide",
            object_type="awards.decision",
            object_label=f"{len(decisions)} quyết định khen thưởng",
            when=at(phase_date(ctx.config.last_year - 1, Phase.DECIDED), 17),
            after={
                "proposals": len(proposals),
                "nominees": len(nominees),
                "note": audit.SYNTHETIC_MARK,
            },
        )
        audit.flush(events)
