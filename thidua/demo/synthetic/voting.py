"""Secret ballots of each closed cycle's year-end meeting: one session per award title, its
candidates from the published ranking (within the quota), one ballot per unit present (no link
to the unit, as the voting app requires) and the record that the unit voted."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from typing import Any

from thidua.cycles.models import Phase
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
        specs = []
        for cycle in ctx.cycles:
            if not reached(cycle, Phase.EVALUATION) or cycle.pk not in ctx.rankings:
                continue
            entries = [e for e in ctx.rankings[cycle.pk] if e["rank"] is not None]
            quotas = {q.award_type_id: q.quota for q in cycle.policy.quotas.all()}
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
        candidates = bulk(
            Candidate,
            [
                Candidate(session=s, organisation_id=e["unit"], order=i, rank=e["rank"])
                for s, (_c, _a, _seats, picked) in zip(sessions, specs, strict=True)
                for i, e in enumerate(picked, start=1)
            ],
            n,
        )
        by_session: dict[int, list[Candidate]] = {}
        for cand in candidates:
            by_session.setdefault(cand.session_id, []).append(cand)
        ballots, voters = [], []
        for session, (cycle, award, _seats, _picked) in zip(sessions, specs, strict=True):
            rng = ctx.rng("ballots", cycle.block.name, cycle.year, award.code)
            cands = by_session[session.pk]
            agree = {c.pk: 0 for c in cands}
            for unit in ctx.year_end_present[cycle.pk]:
                choices = {}
                for c in cands:
                    yes = rng.random() < 0.92
                    agree[c.pk] += yes
                    choices[str(c.pk)] = "agree" if yes else "disagree"
                receipt = rng.getrandbits(128).to_bytes(16, "big").hex()
                ballots.append(
                    Ballot(
                        id=uuid.UUID(int=rng.getrandbits(128), version=4),
                        session=session,
                        receipt_hash=hashlib.sha256(receipt.encode()).hexdigest(),
                        choices=choices,
                    )
                )
                voters.append(VoterRecord(session=session, organisation_id=unit))
            base = session.member_count if session.vote_base == "all" else session.present_count
            passed = []
            for c in cands:
                c.agree = agree[c.pk]
                c.passed = _passes(
                    c.agree,
                    base or 0,
                    session.threshold_numerator,
                    session.threshold_denominator,
                    session.threshold_strict,
                )
                if c.passed:
                    passed.append((int(c.organisation_id), c.agree))
            ctx.passed.setdefault(cycle.pk, []).append((award.pk, passed))
        # Ballots are shuffled by their random id, never in the order the units voted.
        ballots.sort(key=lambda b: b.receipt_hash)
        Candidate.objects.bulk_update(candidates, ["agree", "passed"], batch_size=2000)
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
