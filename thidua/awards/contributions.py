"""Awards' parts of other apps' pages (thidua/core/contributions.py): the cycle page's section
on the dossiers, its checks before the cycle leaves the evaluation phase, its part of the
archive, the award history on an organisation's page."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.awards import checks, export, selectors, todo
from thidua.awards.models import Decision, Nominee, Proposal
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
from thidua.cycles.models import Cycle
from thidua.cycles.sections import Section, cycle_sections
from thidua.orgs.models import Organisation
from thidua.orgs.sections import Link, organisation_links
from thidua.reports.archive import ArchivePart, archive_parts


def _dossiers(cycle: Cycle, user: Any) -> dict[str, Any]:
    return {"proposals": selectors.cycle_proposals(cycle)}


cycle_sections.add(
    Section("awards/includes/dossier_status.html", _dossiers), key="awards", order=20
)
archive_parts.add(
    ArchivePart(apps.get_app_config("awards").verbose_name, export.files),
    key="awards",
    order=60,
)


@organisation_links.register(key="awards.history", order=10)
def _history(org: Organisation) -> Link:
    return Link(_("Award history"), reverse("awards:history", args=[org.pk]))


# --- the audit log (thidua/core/audit_log.py) ---


def _awards_events(cycles: Any) -> Q:
    return (
        about(Proposal.objects.filter(cycle__in=cycles))
        | about(Nominee.objects.filter(proposal__cycle__in=cycles))
        | about(Decision.objects.filter(proposal__cycle__in=cycles))
    )


cycle_events.add(_awards_events, key="awards")

audit_objects.add(
    objects(
        Proposal.objects.select_related("award_type", "cycle__block"),
        url=board_only("awards:proposal_detail"),
    ),
    key="awards.proposal",
)
audit_objects.add(
    objects(
        Nominee.objects.all(),
        name=lambda n: n.name,
        url=board_only("awards:proposal_detail", lambda n: n.proposal_id),
    ),
    key="awards.nominee",
)
audit_objects.add(
    objects(
        Decision.objects.all(), url=board_only("awards:proposal_detail", lambda d: d.proposal_id)
    ),
    key="awards.decision",
)

describe(
    "awards",
    gettext_lazy("Award proposals and decisions"),
    {
        "awards.proposal.build": gettext_lazy("%(actor)s prepared the proposal %(object)s"),
        "awards.proposal.update": gettext_lazy("%(actor)s changed the proposal %(object)s"),
        "awards.nominee.remove": Sentence(
            gettext_lazy("%(actor)s removed %(name)s from the proposal %(object)s"),
            from_event(name=stored("name", "before")),
        ),
        "awards.report.write": gettext_lazy("%(actor)s wrote the achievement report of %(object)s"),
        "awards.report.upload": gettext_lazy(
            "%(actor)s uploaded the achievement report of %(object)s"
        ),
        "awards.proposal.submit": gettext_lazy(
            "%(actor)s submitted the proposal %(object)s to the Board"
        ),
        "awards.proposal.return": Sentence(
            gettext_lazy("%(actor)s returned the proposal %(object)s: %(reason)s"),
            from_event(reason=stored("reason")),
        ),
        "awards.proposal.accept": gettext_lazy("%(actor)s accepted the proposal %(object)s"),
        "awards.decision.record": gettext_lazy("%(actor)s recorded the award decision %(object)s"),
    },
    order=80,
)
todo_providers.add(todo.items, key="awards", order=60)
phase_checks.add(checks.phase_check, key="awards", order=60)


# The audit chain of the block each of these models is in (thidua/core/audit.py).
register_blocks(
    {
        "awards.proposal": "cycle__block",
        "awards.nominee": "proposal__cycle__block",
        "awards.proposalevent": "proposal__cycle__block",
        "awards.decision": "proposal__cycle__block",
        "awards.award": "cycle__block",
    }
)
