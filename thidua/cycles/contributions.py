"""What cycles contributes to the floor's hubs (thidua/core/contributions.py): the Board's
to-do item for a cycle behind its year, the audit log's "block" and "cycle" filters and the
sentences of the cycles' events."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from thidua.core.audit import register_blocks
from thidua.core.audit_log import (
    Sentence,
    audit_objects,
    audit_scopes,
    board_only,
    describe,
    from_event,
    objects,
    recorded,
    stored,
)
from thidua.core.models import AuditEvent
from thidua.core.todo import todo_providers
from thidua.cycles import audit, todo
from thidua.cycles.models import AwardType, Cycle, Phase, Policy

todo_providers.add(todo.next_phase, key="cycles.next_phase", order=85)
todo_providers.add(todo.overdue_cycles, key="cycles", order=90)

audit_scopes.add(audit.BLOCK, key="block", order=10)
audit_scopes.add(audit.CYCLE, key="cycle", order=20)


def _phase(event: AuditEvent) -> str:
    return str(Phase(recorded(event, "phase")).label)


def _policy_name(policy: Policy) -> str:
    cycle = getattr(policy, "cycle", None)
    return str(cycle) if cycle is not None else str(policy)


def _policy_url(policy: Policy, reader: object) -> str:
    cycle = getattr(policy, "cycle", None)
    if cycle is None:
        return ""
    return board_only("cycles:policy_edit")(cycle, reader)


audit_objects.add(
    objects(Cycle.objects.select_related("block"), url=board_only("cycles:cycle_detail")),
    key="cycles.cycle",
)
audit_objects.add(
    objects(Policy.objects.select_related("cycle__block"), name=_policy_name, url=_policy_url),
    key="cycles.policy",
)
audit_objects.add(
    objects(AwardType.objects.all(), url=board_only("cycles:award_type_edit")),
    key="cycles.awardtype",
)

_units = from_event(head=stored("head"), deputy=stored("deputy"))

describe(
    "cycles",
    _("Cycles and rules"),
    {
        "cycle.create": Sentence(
            _("%(actor)s opened the cycle %(object)s, head unit %(head)s, deputy %(deputy)s"),
            _units,
        ),
        "cycle.set_units": Sentence(
            _("%(actor)s made %(head)s the head unit and %(deputy)s the deputy of %(object)s"),
            _units,
        ),
        "cycle.advance_phase": Sentence(
            _("%(actor)s moved %(object)s to the phase “%(phase)s”"), from_event(phase=_phase)
        ),
        "policy.update": _("%(actor)s changed the rules of the cycle %(object)s"),
        "policy.create_template": Sentence(
            _("%(actor)s created the province's rules template for %(province)s"),
            from_event(province=stored("province")),
        ),
        "award_type.create": _("%(actor)s added the award type %(object)s"),
        "award_type.update": _("%(actor)s changed the award type %(object)s"),
    },
    order=20,
)


# The audit chain of the block each of these models is in (thidua/core/audit.py).
register_blocks(
    {
        "cycles.cycle": "block",
    }
)
