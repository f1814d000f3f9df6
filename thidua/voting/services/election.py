"""The election of next year's head and deputy from the closed election session."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from thidua.core import audit
from thidua.core.errors import DomainError
from thidua.core.types import Actor
from thidua.cycles import services as cycles
from thidua.cycles.models import Cycle, Phase
from thidua.voting import selectors
from thidua.voting.models import (
    SessionKind,
)
from thidua.voting.services.common import check_actor, check_phase


@transaction.atomic
def apply_election(*, actor: Actor, cycle: Cycle) -> Cycle:
    """Next year's cycle of the block with the elected head and deputy: created, or — when it is
    already being prepared — given them."""
    cycle = Cycle.objects.select_for_update().select_related("block").get(pk=cycle.pk)
    check_actor(actor, cycle)
    check_phase(cycle)
    head = selectors.elected(cycle, SessionKind.HEAD)
    deputy = selectors.elected(cycle, SessionKind.DEPUTY)
    if head is None or deputy is None:
        raise DomainError(
            _("Both the head and the deputy must be elected in a closed ballot first.")
        )
    if head.organisation_id == deputy.organisation_id:
        raise DomainError(
            _("The same unit was elected head and deputy: hold the deputy's ballot again.")
        )
    year = cycle.year + 1
    following = Cycle.objects.filter(block=cycle.block, year=year).first()
    if following is None:
        following = cycles.create_cycle(
            actor=actor,
            block=cycle.block,
            year=year,
            head_unit=head.organisation,
            deputy_unit=deputy.organisation,
        )
    elif following.phase == Phase.PREPARING:
        following = cycles.set_cycle_units(
            actor=actor,
            cycle=following,
            head_unit=head.organisation,
            deputy_unit=deputy.organisation,
        )
    else:
        raise DomainError(
            _(
                "The %(year)s cycle is already under way: its head and deputy can no longer be "
                "changed from this election."
            )
            % {"year": year}
        )
    audit.record(
        actor=actor,
        action="voting.election.apply",
        obj=cycle,
        after={
            "year": year,
            "head": head.organisation.name,
            "deputy": deputy.organisation.name,
            "cycle": following.pk,
        },
    )
    return following
