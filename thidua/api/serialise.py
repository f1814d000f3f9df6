"""Model rows and selector data turned into the API's plain dicts (schemas.py says their shape)."""

from __future__ import annotations

from typing import Any

from thidua.awards.models import Decision, Proposal
from thidua.awards.selectors import HistoryRow
from thidua.cycles.models import Cycle
from thidua.orgs.models import Block, Membership, Organisation, Province
from thidua.scoring.models import PublishedRanking
from thidua.voting.selectors import SessionSummary


def province(p: Province) -> dict[str, Any]:
    return {
        "id": p.pk,
        "code": p.code,
        "name": p.name,
        "valid_from": p.valid_from,
        "valid_to": p.valid_to,
        "merged_into_id": p.merged_into_id,
    }


def organisation(o: Organisation) -> dict[str, Any]:
    return {
        "id": o.pk,
        "name": o.name,
        "short_name": o.short_name,
        "province": o.province.code,
        "valid_from": o.valid_from,
        "valid_to": o.valid_to,
        "names": [
            {
                "name": n.name,
                "short_name": n.short_name,
                "valid_from": n.valid_from,
                "valid_to": n.valid_to,
                "decision_ref": n.decision_ref,
            }
            for n in o.names.all()
        ],
    }


def membership(m: Membership) -> dict[str, Any]:
    return {
        "block_id": m.block_id,
        "block": m.block.name,
        "organisation_id": m.organisation_id,
        "organisation": m.organisation.name,
        "year": m.year,
        "order": m.order,
    }


def organisation_detail(o: Organisation) -> dict[str, Any]:
    successions = {s.pk: s for s in [*o.successions_out.all(), *o.successions_in.all()]}
    memberships = list(o.memberships.all())
    for m in memberships:
        m.organisation = o
    return {
        **organisation(o),
        "successions": [
            {
                "kind": s.kind,
                "date": s.date,
                "decision_ref": s.decision_ref,
                "predecessors": sorted(x.pk for x in s.predecessors.all()),
                "successors": sorted(x.pk for x in s.successors.all()),
            }
            for s in sorted(successions.values(), key=lambda s: (s.date, s.pk))
        ],
        "memberships": [membership(m) for m in memberships],
    }


def block(b: Block) -> dict[str, Any]:
    return {
        "id": b.pk,
        "name": b.name,
        "province": b.province.code,
        "description": b.description,
        "is_active": b.is_active,
    }


def cycle(c: Cycle) -> dict[str, Any]:
    return {
        "id": c.pk,
        "block_id": c.block_id,
        "block": c.block.name,
        "year": c.year,
        "phase": c.phase,
        "head_unit_id": c.head_unit_id,
        "deputy_unit_id": c.deputy_unit_id,
    }


def ranking_entries(published: PublishedRanking) -> list[dict[str, Any]]:
    return [
        {
            "rank": e.get("rank"),
            "unit_id": e.get("unit"),
            "name": e.get("name", ""),
            "final": None if e.get("final") is None else str(e.get("final")),
        }
        for e in published.entries
    ]


def ballot(s: SessionSummary) -> dict[str, Any]:
    return {
        "id": s.session.pk,
        "kind": s.session.kind,
        "title": s.title,
        "round": s.session.round,
        "base": s.base,
        "needed": s.needed,
        "candidates": [
            {
                "organisation_id": r.candidate.organisation_id,
                "name": r.name,
                "agree": r.agree,
                "status": r.status,
            }
            for r in s.rows
        ],
    }


def dossier(p: Proposal) -> dict[str, Any]:
    decision = getattr(p, "decision", None)
    return {
        "id": p.pk,
        "cycle_id": p.cycle_id,
        "block": p.cycle.block.name,
        "year": p.cycle.year,
        "title": p.award_type.name,
        "status": p.status,
        "number": p.number,
        "date": p.date,
        "submitted_at": p.submitted_at,
        "nominees": [
            {
                "id": n.pk,
                "organisation_id": n.organisation_id,
                "name": n.name,
                "rank": n.rank,
                "score": n.score,
                "agree": n.agree,
                "granted": n.granted,
                "refusal_reason": n.refusal_reason,
            }
            for n in p.nominees.all()
        ],
        "history": [{"action": e.action, "reason": e.reason, "at": e.at} for e in p.events.all()],
        "decision_id": decision.pk if decision else None,
    }


def decision(d: Decision) -> dict[str, Any]:
    return {
        "id": d.pk,
        "dossier_id": d.proposal_id,
        "number": d.number,
        "date": d.date,
        "signer_name": d.signer_name,
        "signer_position": d.signer_position,
        "awards": [
            {
                "organisation_id": a.organisation_id,
                "name": a.name,
                "title": a.award_type.name,
                "year": a.year,
            }
            for a in d.awards.all()
        ],
    }


def history_row(h: HistoryRow) -> dict[str, Any]:
    return {
        "year": h.year,
        "title": h.title,
        "name": h.name,
        "via_predecessor": h.via_predecessor,
        "decision_number": h.decision_number,
        "decision_date": h.decision_day,
        "decided_by": h.decided_by,
    }
