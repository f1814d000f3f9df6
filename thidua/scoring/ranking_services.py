"""Publishing the ranking (then locked) and the Board's corrections. Every write is audited."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.models import User
from thidua.core import audit
from thidua.core.errors import DomainError
from thidua.cycles import services as cycles
from thidua.cycles.access import is_head
from thidua.cycles.models import Cycle, Phase
from thidua.scoring import selectors
from thidua.scoring.models import PublishedRanking

#: Phases in which the head may publish: cross-scoring is done, or results are being published.
PUBLISH_PHASES = (Phase.CROSS_SCORING, Phase.RESULTS_PUBLISHED)


def _num(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def snapshot(scores: selectors.CycleScores) -> list[dict[str, Any]]:
    """The entries kept when the ranking is published (numbers as exact strings)."""
    names = scores.unit_names
    entries = []
    for row, result in zip(selectors.ranking_rows(scores), scores.results, strict=True):
        entries.append(
            {
                "unit": row.unit,
                "name": row.name,
                "rank": row.rank,
                "self": _num(row.self_total),
                "final": _num(row.final),
                "min": _num(row.minimum),
                "max": _num(row.maximum),
                "stdev": _num(row.stdev),
                "tied": row.tied,
                "ballot": row.ballot,
                "scorers": {
                    str(s): {"name": names.get(int(s), ""), "total": _num(t)}
                    for s, t in result.scorer_totals.items()
                },
            }
        )
    return entries


def can_publish(user: Any, cycle: Cycle) -> bool:
    return bool(
        (user.is_board or is_head(user, cycle))
        and cycle.phase in PUBLISH_PHASES
        and not PublishedRanking.objects.filter(cycle=cycle).exists()
    )


@transaction.atomic
def publish_ranking(*, actor: User, cycle: Cycle) -> PublishedRanking:
    """The head (or the Board) publishes the ranking; from then on it is locked."""
    cycle = Cycle.objects.select_for_update().select_related("policy").get(pk=cycle.pk)
    if not (actor.is_board or is_head(actor, cycle)):
        raise DomainError(_("Only the head unit or the Board may publish the ranking."))
    if cycle.phase not in PUBLISH_PHASES:
        raise DomainError(
            _("The ranking can be published once cross-scoring is under way or complete.")
        )
    if PublishedRanking.objects.filter(cycle=cycle).exists():
        raise DomainError(
            _("The ranking is already published and locked; the Board may correct it.")
        )
    scores = selectors.cycle_scores(cycle)
    if scores.errors:
        raise DomainError(
            _("The scores cannot be computed: %(errors)s") % {"errors": "; ".join(scores.errors)}
        )
    if not scores.has_scores:
        raise DomainError(_("No unit has a final score yet: nothing to publish."))
    published = PublishedRanking.objects.create(
        cycle=cycle,
        method=scores.method,
        tie_breaks=scores.tie_breaks,
        entries=snapshot(scores),
        corrections=[],
        published_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if cycle.phase == Phase.CROSS_SCORING:
        # Publishing ends cross-scoring: no sheet may change under a published ranking.
        cycles.advance_phase(actor=actor, cycle=cycle, to_phase=Phase.RESULTS_PUBLISHED)
    audit.record(
        actor=actor,
        action="scoring.ranking_published",
        obj=published,
        after={
            "method": published.method,
            "ranking": [(e["rank"], e["name"], e["final"]) for e in published.entries],
        },
    )
    return published


def _decimal(value: Any, label: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError) as err:
        raise DomainError(_("%(label)s is not a number.") % {"label": label}) from err
    if not number.is_finite() or number < 0:
        raise DomainError(_("%(label)s must be zero or more.") % {"label": label})
    return number.quantize(Decimal("0.01"))


@transaction.atomic
def correct_ranking(
    *,
    actor: User,
    published: PublishedRanking,
    unit_id: int,
    final: Decimal | str,
    rank: int,
    reason: str,
) -> PublishedRanking:
    """The Board changes one unit's final score and rank in a published ranking, with a reason.

    Ranks of the other units are left alone: a correction says exactly what changes (for
    instance the order decided by a ballot between tied units).
    """
    if not getattr(actor, "is_board", False):
        raise DomainError(_("Only the Board may correct a published ranking."))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for the correction."), field="reason")
    published = PublishedRanking.objects.select_for_update().get(pk=published.pk)
    entries = [dict(e) for e in published.entries]
    entry = next((e for e in entries if e["unit"] == unit_id), None)
    if entry is None:
        raise DomainError(_("This unit is not in the ranking."), field="unit")
    new_final = _decimal(final, _("The final score"))
    if rank < 1 or rank > len(entries):
        raise DomainError(
            _("The rank must be between 1 and %(n)s.") % {"n": len(entries)}, field="rank"
        )
    before = {"final": entry["final"], "rank": entry["rank"]}
    after = {"final": str(new_final), "rank": rank}
    if before == after:
        raise DomainError(_("Nothing changes: the score and the rank are the same."))
    entry.update(after)
    entry["corrected"] = True
    entries.sort(key=lambda e: (e["rank"] is None, e["rank"] or 0, e["name"]))
    now = timezone.now()
    published.entries = entries
    published.corrections = [
        *published.corrections,
        {
            "unit": unit_id,
            "name": entry["name"],
            "before": before,
            "after": after,
            "reason": reason,
            "by": str(actor),  # the full name, as it reads in the ranking
            "by_id": actor.pk,
            "at": now.isoformat(),
        },
    ]
    published.corrected_at = now
    published.save(update_fields=["entries", "corrections", "corrected_at"])
    audit.record(
        actor=actor,
        action="scoring.ranking_corrected",
        obj=published,
        before={"unit": entry["name"], **before},
        after={"unit": entry["name"], **after, "reason": reason},
    )
    return published
