"""The demo hooks: dossiers from the passed candidates, returned once and resubmitted, accepted,
then decided; nothing at all when the voting demo left no passed candidate."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import translation

from thidua.accounts.models import Role
from thidua.awards.models import Award, Proposal, ProposalEvent, ProposalStatus
from thidua.awards.tests import helpers
from thidua.cycles.models import Phase
from thidua.demo import clock, data
from thidua.demo.clock import StoryClock
from thidua.demo.phases import awards as demo
from thidua.testing import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_messages() -> Iterator[None]:
    """Service messages are asserted in English (pages are checked in both languages)."""
    with translation.override("en"):
        yield


def _context(cast, story):
    units = {
        data.HEAD_2024: cast.head_org,
        "mu": cast.member_org,
        "nhabao": cast.deputy_org,
    }
    users = {
        data.representative_username(data.HEAD_2024): cast.head_rep,
        data.representative_username("mu"): cast.member_rep,
        data.representative_username("nhabao"): make_person(
            "nhabao_rep", Role.REPRESENTATIVE, cast.deputy_org
        ),
    }
    return SimpleNamespace(
        board=cast.board,
        block=cast.block,
        units=units,
        users=users,
        cycle=cast.cycle,
        clock=story,
    )


def _round_2024_in(year: int) -> demo.Round:
    """2024's dossiers (sent, returned once, resent, accepted, decided) on the same days of
    `year`'s calendar."""
    plan, shift = demo.ROUNDS[demo.YEAR], year - demo.YEAR

    def moved(moment: Any) -> Any:
        return moment.replace(year=moment.year + shift)

    return dataclasses.replace(
        plan,
        build=moved(plan.build),
        submit=moved(plan.submit),
        accept=moved(plan.accept),
        decided=moved(plan.decided),
        returned=tuple(moved(m) for m in plan.returned or ()),  # type: ignore[arg-type]
    )


@pytest.fixture
def story() -> Iterator[StoryClock]:
    """The hooks move the story's clock; the test gets the real one back at its end."""
    with clock.story() as moving:
        yield moving


def test_the_demo_proposes_returns_once_accepts_and_decides(cast, monkeypatch, story):
    monkeypatch.setitem(demo.ROUNDS, cast.cycle.year, _round_2024_in(cast.cycle.year))
    helpers.evaluated_cycle(cast, phase=Phase.PROPOSED)
    context = _context(cast, story)
    demo.PHASE_HOOKS[Phase.PROPOSED.value](context)
    proposals = list(Proposal.objects.order_by("award_type__order"))
    assert [p.status for p in proposals] == [ProposalStatus.ACCEPTED] * 2
    actions = list(proposals[0].events.values_list("action", flat=True))
    assert actions == ["submitted", "returned", "submitted", "accepted"]
    assert ProposalEvent.objects.filter(reason=demo.RETURN_REASON).exists()
    demo.PHASE_HOOKS[Phase.DECIDED.value](context)
    assert set(Proposal.objects.values_list("status", flat=True)) == {ProposalStatus.DECIDED}
    assert Award.objects.count() == 3


def test_the_demo_does_nothing_without_passed_candidates(cast, monkeypatch, story):
    monkeypatch.setitem(demo.ROUNDS, cast.cycle.year, _round_2024_in(cast.cycle.year))
    context = _context(cast, story)
    demo.PHASE_HOOKS[Phase.PROPOSED.value](context)
    demo.PHASE_HOOKS[Phase.DECIDED.value](context)
    assert not Proposal.objects.exists()
