"""Scoring's parts of other apps' pages (thidua/core/contributions.py): the cycle page's links
to the criteria and sheets and to the ranking, its part of the archive."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.core.audit import register_blocks
from thidua.core.audit_log import (
    Sentence,
    about,
    audit_objects,
    board_only,
    describe,
    from_event,
    objects,
    stored,
)
from thidua.core.todo import todo_providers
from thidua.cycles.audit import cycle_events
from thidua.cycles.checks import phase_checks
from thidua.cycles.sections import Section, WorkLink, work_links
from thidua.reports.archive import ArchivePart, archive_parts
from thidua.scoring import checks, export, todo
from thidua.scoring.models import (
    CriteriaNode,
    CriteriaTable,
    Evidence,
    PublishedRanking,
    ScoreSheet,
    SheetKind,
)

work_links.add(
    WorkLink(_("Criteria, self-assessment and cross-scoring"), "scoring:overview"),
    key="scoring.overview",
    order=60,
)
work_links.add(Section("scoring/includes/cycle_link_ranking.html"), key="scoring.ranking", order=80)
archive_parts.add(
    ArchivePart(apps.get_app_config("scoring").verbose_name, export.files),
    key="scoring",
    order=40,
)


# --- the audit log (thidua/core/audit_log.py) ---


def _scoring_events(cycles: Any) -> Q:
    return (
        about(CriteriaTable.objects.filter(cycle__in=cycles))
        | about(CriteriaNode.objects.filter(table__cycle__in=cycles))
        | about(ScoreSheet.objects.filter(cycle__in=cycles))
        | about(Evidence.objects.filter(line__sheet__cycle__in=cycles))
        | about(PublishedRanking.objects.filter(cycle__in=cycles))
    )


cycle_events.add(_scoring_events, key="scoring")


#: A sheet's kind inside a sentence.
SHEET_NAMES = {
    SheetKind.SELF: _("self-assessment sheet"),
    SheetKind.CROSS: _("cross-scoring sheet"),
    SheetKind.HEAD: _("head's consolidated sheet"),
}


def _sheet_values(sheet: ScoreSheet) -> dict[str, Any]:
    return {
        "scorer": (sheet.scorer or sheet.unit).name,
        "sheet": SHEET_NAMES.get(SheetKind(sheet.kind), sheet.get_kind_display()),
    }


audit_objects.add(
    objects(
        CriteriaTable.objects.select_related("cycle__block"),
        name=lambda t: str(t.cycle),
        url=board_only("scoring:criteria_table", lambda t: t.cycle_id),
    ),
    key="scoring.criteriatable",
)
audit_objects.add(
    objects(
        CriteriaNode.objects.select_related("table"),
        url=board_only("scoring:criteria_table", lambda n: n.table.cycle_id),
    ),
    key="scoring.criterianode",
)
audit_objects.add(
    objects(
        ScoreSheet.objects.select_related("unit", "scorer"),
        name=lambda s: s.unit.name,
        url=board_only("scoring:overview", lambda s: s.cycle_id),
        values=_sheet_values,
    ),
    key="scoring.scoresheet",
)
audit_objects.add(
    objects(
        PublishedRanking.objects.select_related("cycle__block"),
        name=lambda r: str(r.cycle),
        url=board_only("scoring:ranking", lambda r: r.cycle_id),
    ),
    key="scoring.publishedranking",
)
audit_objects.add(
    objects(
        Evidence.objects.select_related("line__sheet__unit", "line__node"),
        name=lambda e: e.original_name,
        values=lambda e: {"unit": e.line.sheet.unit.name, "item": e.line.node.code},
    ),
    key="scoring.evidence",
)

describe(
    "scoring",
    _("Criteria and scoring"),
    {
        "scoring.table.create": _("%(actor)s started the criteria table of %(object)s"),
        "scoring.table.replace": Sentence(
            _("%(actor)s replaced the criteria table of %(object)s (%(nodes)s criteria)"),
            from_event(nodes=stored("nodes")),
        ),
        "scoring.table.freeze": _("%(actor)s froze the criteria table of %(object)s"),
        "scoring.node.add": _("%(actor)s added the criterion %(object)s"),
        "scoring.node.edit": _("%(actor)s changed the criterion %(object)s"),
        "scoring.node.move": _("%(actor)s moved the criterion %(object)s in its table"),
        "scoring.node.delete": _("%(actor)s deleted the criterion %(object)s"),
        "scoring.sheet.create": _("%(actor)s started the %(sheet)s of %(object)s"),
        "scoring.self.save": _("%(actor)s saved the self-assessment of %(object)s"),
        "scoring.self.submit": _("%(actor)s submitted the self-assessment of %(object)s"),
        "scoring.self.reopen": Sentence(
            _("%(actor)s reopened the self-assessment of %(object)s: %(reason)s"),
            from_event(reason=stored("reason")),
        ),
        "scoring.self.prefill": Sentence(
            _("%(actor)s filled item %(item)s of the self-assessment of %(object)s"),
            from_event(item=stored("item")),
        ),
        "scoring.evidence.add": Sentence(
            _("%(actor)s attached the evidence file %(object)s to item %(item)s"),
            from_event(item=stored("item")),
        ),
        "scoring.evidence.delete": _("%(actor)s removed the evidence file %(object)s"),
        "scoring.assign": Sentence(
            _("%(actor)s assigned the cross-scorers of %(object)s, %(per_unit)s per unit"),
            from_event(per_unit=stored("per_unit")),
        ),
        "scoring.cross.save": _(
            "%(actor)s saved the cross-scoring sheet of %(scorer)s for %(object)s"
        ),
        "scoring.cross.submit": _(
            "%(actor)s submitted the cross-scoring sheet of %(scorer)s for %(object)s"
        ),
        "scoring.ranking_published": _("%(actor)s published the ranking of %(object)s"),
        "scoring.ranking_corrected": Sentence(
            _("%(actor)s corrected the ranking of %(object)s for %(unit)s: %(reason)s"),
            from_event(unit=stored("unit"), reason=stored("reason")),
        ),
    },
    order=40,
)
todo_providers.add(todo.items, key="scoring", order=50)
phase_checks.add(checks.phase_check, key="scoring", order=40)


# The audit chain of the block each of these models is in (thidua/core/audit.py).
register_blocks(
    {
        "scoring.criteriatable": "cycle__block",
        "scoring.criterianode": "table__cycle__block",
        "scoring.scoresheet": "cycle__block",
        "scoring.scoreline": "sheet__cycle__block",
        "scoring.evidence": "line__sheet__cycle__block",
        "scoring.scorechange": "line__sheet__cycle__block",
        "scoring.scorerassignment": "cycle__block",
        "scoring.publishedranking": "cycle__block",
    }
)
