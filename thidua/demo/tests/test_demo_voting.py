"""The demo's 2024 evaluation meeting: eleven units present, every ballot closed electronically,
the election gives the 2025 cycle its head and deputy."""

from collections.abc import Iterator

import pytest
from django.utils import translation

from thidua.cycles.models import Cycle
from thidua.demo import data
from thidua.voting import documents, selectors
from thidua.voting.models import Ballot, BallotSession, SessionKind, VoterRecord


@pytest.fixture(autouse=True)
def english_messages() -> Iterator[None]:
    """Services' messages are asserted in English (the msgids)."""
    with translation.override("en"):
        yield


def test_the_demo_2024_cycle_votes_and_elects_the_2025_head_and_deputy(demo_data):
    cycle = Cycle.objects.get(year=2024, block__name="Khối thi đua 8")
    sessions = BallotSession.objects.filter(cycle=cycle)
    assert sorted(sessions.values_list("kind", flat=True)) == ["award", "award", "deputy", "head"]
    assert set(sessions.values_list("status", flat=True)) == {"closed"}
    for session in sessions:
        assert session.present_count == 11 and session.issued == 11 and session.returned == 11
        assert Ballot.objects.filter(session=session).count() == 11
        assert VoterRecord.objects.filter(session=session).count() == 11
        assert selectors.recount(session) == {c.pk: c.agree for c in session.candidates.all()}
    flag = sessions.get(kind=SessionKind.AWARD, award_type__is_flag=True)
    assert flag.candidates.filter(passed=True).count() == 1
    following = Cycle.objects.get(year=2025, block=cycle.block)
    assert following.head_unit.name == selectors.elected(cycle, SessionKind.HEAD).organisation.name
    assert following.head_unit == cycle.deputy_unit
    assert following.deputy_unit.memberships.exists()
    assert data.DEMO_MARK not in selectors.year_end_meeting(cycle).discussion
    assert documents.minutes_docx(cycle)[:2] == b"PK"
