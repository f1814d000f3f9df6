"""What orgs contributes to the hubs of other apps (see thidua/core/contributions.py)."""

from collections.abc import Callable

from django.utils.translation import gettext_lazy as _

from thidua.core.audit import register_blocks
from thidua.core.audit_log import (
    Sentence,
    audit_objects,
    board_only,
    describe,
    from_event,
    objects,
    recorded,
    stored,
)
from thidua.core.models import AuditEvent
from thidua.jobs.kinds import job_kinds
from thidua.orgs import import_jobs
from thidua.orgs.models import Block, Organisation, Province

job_kinds.add(import_jobs.apply_in_background, key=import_jobs.KIND)

# --- the audit log (thidua/core/audit_log.py) ------------------------------------------------


audit_objects.add(
    objects(Organisation.objects.all(), url=board_only("orgs:organisation_detail")),
    key="orgs.organisation",
)
audit_objects.add(
    objects(Block.objects.all(), url=board_only("orgs:block_detail")), key="orgs.block"
)
audit_objects.add(
    objects(Province.objects.all(), url=board_only("orgs:province_edit")), key="orgs.province"
)


def _names(key: str, source: str = "after") -> Callable[[AuditEvent], str]:
    def names(event: AuditEvent) -> str:
        return ", ".join(str(n) for n in recorded(event, key, source))

    return names


_membership = from_event(
    organisation=stored("organisation", "either"),
    block=stored("block", "either"),
    year=stored("year", "either"),
)

describe(
    "registry",
    _("Registry: provinces, organisations, blocks"),
    {
        "province.create": _("%(actor)s added the province %(object)s"),
        "province.update": _("%(actor)s changed the province %(object)s"),
        "province.merge": Sentence(
            _("%(actor)s recorded the merger of the province %(object)s into %(into)s"),
            from_event(into=stored("into")),
        ),
        "organisation.create": _("%(actor)s added the organisation %(object)s"),
        "organisation.update": _("%(actor)s changed the details of %(object)s"),
        "organisation.rename": Sentence(
            _("%(actor)s recorded that %(old)s is now called %(name)s"),
            from_event(old=stored("name", "before"), name=stored("name")),
        ),
        "organisation.merge": Sentence(
            _("%(actor)s recorded the merger of %(predecessors)s into %(object)s"),
            from_event(predecessors=_names("predecessors", "before")),
        ),
        "organisation.split": Sentence(
            _("%(actor)s recorded the split of %(object)s into %(successors)s"),
            from_event(successors=_names("successors")),
        ),
        "block.create": _("%(actor)s created the block %(object)s"),
        "block.update": _("%(actor)s changed the block %(object)s"),
        "membership.add": Sentence(
            _("%(actor)s added %(organisation)s to the block %(block)s for %(year)s"),
            _membership,
        ),
        "membership.remove": Sentence(
            _("%(actor)s removed %(organisation)s from the block %(block)s for %(year)s"),
            _membership,
        ),
        "import.apply": _("%(actor)s imported the registry file %(object)s"),
    },
    order=10,
)


# The audit chain of the block each of these models is in (thidua/core/audit.py).
register_blocks(
    {
        "orgs.block": "id",
        "orgs.membership": "block",
    }
)
