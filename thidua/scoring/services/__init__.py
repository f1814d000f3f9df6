"""Every write of the scoring app, by concern:

- ``criteria``: the criteria table (edited only before self-assessment opens; the first
  self-assessment write freezes it);
- ``self_assessment``: a unit's own sheet and its evidence, reopened or prefilled by the head;
- ``cross_scoring``: the assignment of scorers and the scorer units' sheets;
- ``sheets``: what every sheet write shares (numbers, ranges, the optimistic ``version`` lock).

Each service takes keyword arguments and an ``actor``, runs in one transaction, checks the phase
and the state of what it changes, asks ``scoring.access`` who may act, writes an audit event and
raises ``DomainError`` (with the form field it concerns) when a rule refuses the action; then
nothing is saved. A change after submission needs a reason and is kept as a ``ScoreChange``.
"""

from thidua.scoring.services.criteria import (
    NodeInput,
    add_node,
    clean_node,
    copy_previous_table,
    delete_node,
    freeze_table,
    move_node,
    node_input,
    replace_table,
    update_node,
)
from thidua.scoring.services.cross_scoring import (
    assign_scorers,
    save_cross_scores,
    submit_cross_scores,
)
from thidua.scoring.services.self_assessment import (
    PrefillResult,
    delete_evidence,
    prefill_self_assessment_values,
    reopen_self_assessment,
    save_self_assessment,
    submit_self_assessment,
)
from thidua.scoring.services.sheets import (
    LineInput,
    StaleSheet,
    check_value,
    points,
    target_field,
    value_field,
)

__all__ = [
    "LineInput",
    "NodeInput",
    "PrefillResult",
    "StaleSheet",
    "add_node",
    "assign_scorers",
    "check_value",
    "clean_node",
    "copy_previous_table",
    "delete_evidence",
    "delete_node",
    "freeze_table",
    "move_node",
    "node_input",
    "points",
    "prefill_self_assessment_values",
    "reopen_self_assessment",
    "replace_table",
    "save_cross_scores",
    "save_self_assessment",
    "submit_cross_scores",
    "submit_self_assessment",
    "target_field",
    "update_node",
    "value_field",
]
