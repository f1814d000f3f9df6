"""Before the evaluation phase ends, the head sees a ballot still open or never opened."""

from __future__ import annotations

import pytest
from django.utils import translation

from thidua.cycles.checks import phase_checklist
from thidua.voting import checks, services
from thidua.voting.tests.builders import flag_session, open_flag_session, others_vote

pytestmark = pytest.mark.django_db


def _warnings(cycle) -> list[str]:
    cycle.refresh_from_db()
    with translation.override("vi"):
        return [item.text for item in phase_checklist(cycle).warnings]


def test_a_prepared_then_open_ballot_is_named_until_it_is_closed(cast):
    session = flag_session(cast)
    assert any("đã được chuẩn bị nhưng chưa bao giờ mở" in t for t in _warnings(cast.cycle))
    session = open_flag_session(cast)
    texts = _warnings(cast.cycle)
    assert any("vẫn đang mở" in t and "Cờ" in t for t in texts), texts
    item = next(i for i in phase_checklist(cast.cycle).warnings if "still open" in i.text)
    assert item.url.endswith(f"/voting/session/{session.pk}/")
    others_vote(cast, session, 4)
    services.close_session(actor=cast.head_rep, session=session)
    assert not any("Cuộc bỏ phiếu" in t for t in _warnings(cast.cycle))


def test_the_check_reads_with_one_query(cast, django_assert_max_num_queries):
    open_flag_session(cast)
    cast.cycle.refresh_from_db()
    with django_assert_max_num_queries(1):
        checks.phase_check(cast.cycle)
