"""Secret ballots of each closed cycle's year-end meeting: one session per award title, its
candidates from the published ranking (within the quota), one ballot per unit present (no link
to the unit, as the voting app requires) and the record that the unit voted."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from typing import Any

from thidua.cycles.models import Phase, PolicyQuota
from thidua.demo.synthetic import audit
from thidua.demo.synthetic.base import Context, at, bulk
from thidua.demo.synthetic.cycles import reached
from thidua.voting.models import (
    Ballot,
    BallotSession,
    Candidate,
    SessionKind,
    SessionMode,
    SessionStatus,
    VoterRecord,
)


def _passes(agree: int, base: int, num: int, den: int, strict: bool) -> bool:
    return agree * den > base * num if strict else agree * den >= base * num


def build(ctx: Context) -> None:
    events: list[dict[str, Any]] = []
    with ctx.step("ballot sessions, candidates, ballots, voter records") as n:
        quota_of: dict[int, dict[int, int]] = {}
        for policy_id, award_id, quota in PolicyQuota.objects.filter(
            policy__cycle__block__province=ctx.province
        ).values_list("policy_id", "award_type_id", "quota"):
            quota_of.setdefault(policy_id, {})[award_id] = quota
        specs = []
        for cycle in ctx.cycles:
            if not reached(cycle, Phase.EVALUATION) or cycle.pk not in ctx.rankings:
                continue
            entries = [e for e in ctx.rankings[cycle.pk] if e["rank"] is not None]
            quotas = quota_of.get(cycle.policy_id, {})
            start = 0
            for award in ctx.award_types:
                seats = quotas.get(award.pk, award.default_quota)
                picked = entries[start : start + seats]
                start += seats
                if picked:
                    specs.append((cycle, award, seats, picked))
        sessions = []
        for cycle, award, seats, _picked in specs:
            policy = cycle.policy
            day = dt.date(cycle.year, 12, 22)
            present = len(ctx.year_end_present[cycle.pk])
            sessions.append(
                BallotSession(
                    cycle=cycle,
                    meeting_id=ctx.year_end_meetings[cycle.pk],
                    kind=SessionKind.AWARD,
                    award_type=award,
                    mode=SessionMode.ELECTRONIC,
                    status=SessionStatus.CLOSED,
                    seats=seats,
                    threshold_numerator=policy.vote_threshold_numerator,
                    threshold_denominator=policy.vote_threshold_denominator,
                    threshold_strict=policy.vote_threshold_strict,
                    vote_base=policy.vote_base,
                    member_count=len(ctx.members(cycle)),
                    present_count=present,
                    opened_at=at(day, 9, 30),
                    closed_at=at(day, 10, 0),
                    issued=present,
                    returned=present,
                    valid=present,
                    invalid=0,
                    created_by=ctx.people[cycle.head_unit_id].representative,
                    created_at=at(day, 9),
                )
            )
        sessions = bulk(BallotSession, sessions, n)
        # The votes first (by candidate position), so that candidates go in with their counts.
        votes: list[list[list[bool]]] = []  # session → voter → candidate position
        cand_objs: list[Candidate] = []
        for session, (cycle, award, _seats, picked) in zip(sessions, specs, strict=True):
            rng = ctx.rng("ballots", cycle.block.name, cycle.year, award.code)
            papers = [
                [rng.random() < 0.92 for _e in picked] for _u in ctx.year_end_present[cycle.pk]
            ]
            votes.append(papers)
            base = session.member_count if session.vote_base == "all" else session.present_count
            passed = []
            for i, entry in enumerate(picked):
                agree = sum(paper[i] for paper in papers)
                ok = _passes(
                    agree,
                    base or 0,
                    session.threshold_numerator,
                    session.threshold_denominator,
                    session.threshold_strict,
                )
                cand_objs.append(
                    Candidate(
                        session=session,
                        organisation_id=entry["unit"],
                        order=i + 1,
                        rank=entry["rank"],
                        agree=agree,
                        passed=ok,
                    )
                )
                if ok:
                    passed.append((int(entry["unit"]), agree))
            ctx.passed.setdefault(cycle.pk, []).append((award.pk, passed))
        candidates = bulk(Candidate, cand_objs, n)
        by_session: dict[int, list[Candidate]] = {}
        for cand in candidates:
            by_session.setdefault(cand.session_id, []).append(cand)
        ballots: list[Ballot] = []
        voters: list[VoterRecord] = []
        for session, papers, (cycle, award, _seats, _picked) in zip(
            sessions, votes, specs, strict=True
        ):
            rng = ctx.rng("receipts", cycle.block.name, cycle.year, award.code)
            cands = by_session[session.pk]
            for unit, paper in zip(ctx.year_end_present[cycle.pk], papers, strict=True):
                receipt = rng.getrandbits(128).to_bytes(16, "big").hex()
                ballots.append(
                    Ballot(
                        id=uuid.UUID(int=rng.getrandbits(128), version=4),
                        session=session,
                        receipt_hash=hashlib.sha256(receipt.encode()).hexdigest(),
                        choices={
                            str(c.pk): "agree" if yes else "disagree"
                            for c, yes in zip(cands, paper, strict=True)
                        },
                    )
                )
                voters.append(VoterRecord(session=session, organisation_id=unit))
        # Ballots go in by their random receipt, never in the order the units voted.
        ballots.sort(key=lambda b: b.receipt_hash)
        bulk(Ballot, ballots, n)
        bulk(VoterRecord, voters, n)
        audit.append(
            events,
            actor=ctx.actor,
            action="voting.bulk_close",
            object_type="voting.ballotsession",
            object_label=f"{len(sessions)} phiên bỏ phiếu",
            when=at(dt.date(ctx.config.last_year - 1, 12, 22), 11),
            after={
                "sessions": len(sessions),
                "ballots": len(ballots),
                "note": audit.SYNTHETIC_MARK,
            },
        )
        audit.flush(events)
