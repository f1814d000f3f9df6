"""The phase moves forward one step at a time, by the head unit's people or the Board."""

from __future__ import annotations

import pytest
from django.urls import reverse

from thidua.core.errors import DomainError
from thidua.core.models import AuditEvent
from thidua.cycles import services
from thidua.cycles.models import PHASE_ORDER, Phase
from thidua.testing import as_role


def _advance(client, cycle, to_phase):
    return client.post(reverse("cycles:cycle_advance", args=[cycle.pk]), {"to_phase": to_phase})


def test_the_phases_follow_spec_order():
    assert PHASE_ORDER == [
        "preparing",
        "drafting",
        "signing",
        "in_progress",
        "self_assessment",
        "cross_scoring",
        "results_published",
        "evaluation",
        "proposed",
        "decided",
        "closed",
    ]


def test_the_head_unit_moves_the_cycle_to_the_next_phase(client, cast):
    as_role(client, cast, "head_rep")
    response = _advance(client, cast.cycle, Phase.DRAFTING)
    assert response.status_code == 302
    cast.cycle.refresh_from_db()
    assert cast.cycle.phase == Phase.DRAFTING
    event = AuditEvent.objects.get(action="cycle.advance_phase", object_id=str(cast.cycle.pk))
    assert event.before == {"phase": "preparing"}
    assert event.after == {"phase": "drafting"}
    assert event.actor_id == cast.head_rep.pk


def test_the_board_may_move_the_cycle_too(client, cast):
    as_role(client, cast, "board")
    _advance(client, cast.cycle, Phase.DRAFTING)
    cast.cycle.refresh_from_db()
    assert cast.cycle.phase == Phase.DRAFTING


def test_a_phase_cannot_be_skipped_or_repeated(client, cast):
    as_role(client, cast, "head_rep")
    response = _advance(client, cast.cycle, Phase.SIGNING)
    cast.cycle.refresh_from_db()
    assert cast.cycle.phase == Phase.PREPARING
    follow = client.get(response["Location"])
    assert "it can only move to the next phase" in follow.content.decode()
    _advance(client, cast.cycle, Phase.DRAFTING)
    _advance(client, cast.cycle, Phase.DRAFTING)  # a double click does not move it twice
    cast.cycle.refresh_from_db()
    assert cast.cycle.phase == Phase.DRAFTING
    assert AuditEvent.objects.filter(action="cycle.advance_phase").count() == 1


def test_going_back_is_refused(cast):
    services.advance_phase(actor=cast.board, cycle=cast.cycle, to_phase=Phase.DRAFTING)
    with pytest.raises(DomainError):
        services.advance_phase(actor=cast.board, cycle=cast.cycle, to_phase=Phase.PREPARING)


@pytest.mark.parametrize("role", ["member_rep", "member_leader"])
def test_a_member_who_is_not_head_cannot_advance(client, cast, role):
    as_role(client, cast, role)
    assert client.get(reverse("cycles:cycle_advance", args=[cast.cycle.pk])).status_code == 403
    assert _advance(client, cast.cycle, Phase.DRAFTING).status_code == 403
    cast.cycle.refresh_from_db()
    assert cast.cycle.phase == Phase.PREPARING


def test_an_outsider_does_not_learn_the_cycle_exists(client, cast):
    as_role(client, cast, "outsider")
    assert _advance(client, cast.cycle, Phase.DRAFTING).status_code == 404


def test_the_head_cannot_advance_another_years_cycle(client, cast):
    """Head powers come from the cycle, not from the person."""
    services.advance_phase(actor=None, cycle=cast.cycle, to_phase=Phase.DRAFTING)
    other = services.create_cycle(
        actor=None,
        block=cast.block,
        year=2026,
        head_unit=cast.deputy_org,
        deputy_unit=cast.member_org,
    )
    as_role(client, cast, "head_rep")
    assert _advance(client, other, Phase.DRAFTING).status_code == 403


def test_a_closed_cycle_has_no_next_phase(client, cast):
    for phase in PHASE_ORDER[1:]:
        services.advance_phase(
            actor=None, cycle=cast.cycle, to_phase=phase, acknowledge=True, reason="Kiểm thử"
        )
    as_role(client, cast, "board")
    response = client.get(reverse("cycles:cycle_advance", args=[cast.cycle.pk]))
    assert response.status_code == 302
    detail = client.get(reverse("cycles:cycle_detail", args=[cast.cycle.pk]))
    assert detail.context["flags"].can_advance is False


def test_the_confirmation_page_names_both_phases(client, cast):
    as_role(client, cast, "head_rep")
    html = client.get(
        reverse("cycles:cycle_advance", args=[cast.cycle.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert 'name="to_phase" value="drafting"' in html
