"""Access matrix of the criteria table, self-assessment, cross-scoring and evidence pages.

The cast's cycle is in "preparing": the head (and the Board) may still build the table; sheets
are shown read-only. Cross-scoring: the member unit's people score the head unit (every other
unit scores by default); nobody may open a sheet about their own unit.
"""

from django.core.files.base import ContentFile

from thidua.scoring import selectors, services
from thidua.scoring.models import Evidence, NodeKind, ScoreLine, ScoreSheet, SheetKind
from thidua.scoring.services import NodeInput
from thidua.tests.access_matrix import MEMBERS, Route

BOARD = frozenset({"board"})
EDITORS = BOARD | {"head_rep"}
MEMBER_UNIT = frozenset({"member_rep", "member_leader"})


def _node(cast):
    table = selectors.table_for(cast.cycle)
    if table is not None and table.nodes.exists():
        return table.nodes.first()
    return services.add_node(
        actor=cast.board,
        cycle=cast.cycle,
        parent=None,
        data=NodeInput(NodeKind.GROUP, "I", "Group"),
    )


def _evidence(cast):
    existing = Evidence.objects.first()
    if existing is not None:
        return {"pk": existing.pk}
    node = services.add_node(
        actor=cast.board,
        cycle=cast.cycle,
        parent=_node(cast),
        data=NodeInput(NodeKind.QUALITATIVE, "1.1", "Item", max_points=10),
    )
    sheet, _ = ScoreSheet.objects.get_or_create(
        cycle=cast.cycle, unit=cast.member_org, kind=SheetKind.SELF
    )
    line = ScoreLine.objects.create(sheet=sheet, node=node)
    evidence = Evidence(
        line=line, original_name="a.pdf", content_type="application/pdf", size=9, uploaded_by=None
    )
    evidence.file.save("matrix.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    return {"pk": evidence.pk}


def _cycle(cast):
    return {"pk": cast.cycle.pk}


def _member(cast):
    return {"pk": cast.cycle.pk, "unit_pk": cast.member_org.pk}


def _head(cast):
    return {"pk": cast.cycle.pk, "unit_pk": cast.head_org.pk}


def _head_method(cast):
    """The policy's final score is the head's consolidated sheet; the head scores a member."""
    cast.cycle.policy.score_method = "head"
    cast.cycle.policy.save()
    return _member(cast)


ROUTES = [
    Route("scoring:overview", kwargs=_cycle, allowed=MEMBERS | BOARD),
    Route("scoring:criteria_table", kwargs=_cycle, allowed=MEMBERS | BOARD),
    Route("scoring:node_add", kwargs=_cycle, allowed=EDITORS),
    Route("scoring:table_export", kwargs=_cycle, allowed=MEMBERS | BOARD),
    Route("scoring:table_import", kwargs=_cycle, allowed=EDITORS),
    Route("scoring:table_copy", kwargs=_cycle, allowed=EDITORS, method="post", data=lambda c: {}),
    Route("scoring:node_edit", kwargs=lambda c: {"pk": _node(c).pk}, allowed=EDITORS),
    Route(
        "scoring:node_move",
        kwargs=lambda c: {"pk": _node(c).pk},
        allowed=EDITORS,
        method="post",
        data=lambda c: {"direction": "down"},
    ),
    Route("scoring:node_delete", kwargs=lambda c: {"pk": _node(c).pk}, allowed=EDITORS),
    # The unit itself, the head unit and the Board see a self-assessment.
    Route("scoring:self_sheet", kwargs=_member, allowed=MEMBERS | BOARD),
    Route("scoring:self_reopen", kwargs=_member, allowed=EDITORS),
    # The member unit scores the head unit; the head unit may not score itself.
    Route("scoring:cross_sheet", kwargs=_head, allowed=MEMBER_UNIT),
    Route("scoring:head_sheet", kwargs=_head_method, allowed=frozenset({"head_rep"})),
    Route("scoring:assign", kwargs=_cycle, allowed=EDITORS, method="post", data=lambda c: {}),
    Route("scoring:evidence_file", kwargs=_evidence, allowed=MEMBERS | BOARD),
    Route(
        "scoring:evidence_delete",
        kwargs=_evidence,
        allowed=MEMBER_UNIT,
        method="post",
        data=lambda c: {},
    ),
]
