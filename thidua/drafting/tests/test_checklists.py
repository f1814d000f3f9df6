"""Checklists of the drafting work: what the cycle page says is next, the blockers and warnings
before the cycle leaves drafting, before a comment window closes early, and reopening a window
until the phase moves on."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from thidua.core.checklist import ChecklistRefused
from thidua.core.errors import DomainError
from thidua.core.models import AuditEvent
from thidua.cycles import services as cycles
from thidua.cycles.models import Cycle, Phase
from thidua.drafting import services
from thidua.drafting.models import CommentWindow
from thidua.drafting.tests.helpers import make_regulation, open_window
from thidua.notifications.models import Notification
from thidua.testing import as_role

REASON = "Các đơn vị đã góp ý trực tiếp tại hội nghị."


def _drafting(cast) -> None:
    Cycle.objects.filter(pk=cast.cycle.pk).update(phase=Phase.DRAFTING)
    cast.cycle.phase = Phase.DRAFTING


def _with_comment(cast, document):
    """An open window on the document with one unanswered comment of the member unit."""
    window = open_window(cast, document)
    services.add_comment(actor=cast.member_rep, window=window, text="Đề nghị sửa Điều 1.")
    return window


# --- what's next on the cycle page -----------------------------------------------------------


def test_the_cycle_page_tells_the_head_the_open_window_blocks_and_links_to_closing_it(client, cast):
    _drafting(cast)
    window = _with_comment(cast, make_regulation(cast))
    as_role(client, cast, "head_rep")
    response = client.get(reverse("cycles:cycle_detail", args=[cast.cycle.pk]))
    html = response.content.decode()
    assert "Việc tiếp theo" in html
    assert "Chặn:" in html
    # Three units are asked (all but the head unit), one has commented.
    assert "2 trên 3 đơn vị chưa góp ý" in html
    close_url = reverse("drafting:window_close", args=[window.pk])
    # The one primary action is to close the window, not to advance.
    assert f'class="btn btn-primary" href="{close_url}"' in html
    assert reverse("cycles:cycle_advance", args=[cast.cycle.pk]) not in html


def test_members_do_not_see_the_heads_next_steps(client, cast):
    _drafting(cast)
    _with_comment(cast, make_regulation(cast))
    as_role(client, cast, "member_rep")
    response = client.get(reverse("cycles:cycle_detail", args=[cast.cycle.pk]))
    assert "Việc tiếp theo" not in response.content.decode()


def test_once_only_warnings_remain_the_page_offers_their_fix_and_advancing(client, cast):
    _drafting(cast)
    window = _with_comment(cast, make_regulation(cast))
    services.close_comment_window(
        actor=cast.head_rep, window=window, acknowledge=True, reason=REASON
    )
    as_role(client, cast, "head_rep")
    html = client.get(reverse("cycles:cycle_detail", args=[cast.cycle.pk])).content.decode()
    assert "1 góp ý chưa được trả lời." in html
    assert "Cảnh báo:" in html
    answer = reverse("drafting:window_detail", args=[window.pk])
    assert f'class="btn btn-primary" href="{answer}"' in html
    assert reverse("cycles:cycle_advance", args=[cast.cycle.pk]) in html


def _page_queries(client, cast) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("cycles:cycle_detail", args=[cast.cycle.pk])).status_code == 200
    return len(queries)


def test_the_next_steps_cost_the_same_queries_with_more_windows_and_comments(
    client, cast, page_builds
):
    _drafting(cast)
    _with_comment(cast, make_regulation(cast))
    as_role(client, cast, "head_rep")
    one = _page_queries(client, cast)
    for kind in ("plan", "covenant"):
        document = services.create_document(actor=cast.head_rep, cycle=cast.cycle, kind=kind)
        services.save_version(
            actor=cast.head_rep,
            document=document,
            title=document.title,
            preamble="",
            articles=[{"number": "Điều 1", "heading": "A", "body": "<p>B</p>"}],
        )
        window = _with_comment(cast, document)
        services.add_comment(actor=cast.head_rep, window=window, text="Ý kiến của trưởng khối.")
    assert _page_queries(client, cast) == one


# --- advancing out of drafting ---------------------------------------------------------------


def test_an_open_comment_window_refuses_advancing_in_the_service(cast):
    _drafting(cast)
    _with_comment(cast, make_regulation(cast))
    refusal = r"This step is refused|Bước này bị từ chối"
    with pytest.raises(ChecklistRefused, match=refusal) as refused:
        cycles.advance_phase(
            actor=cast.head_rep,
            cycle=cast.cycle,
            to_phase=Phase.SIGNING,
            acknowledge=True,
            reason=REASON,
        )
    assert refused.value.checklist.blockers
    assert Cycle.objects.get(pk=cast.cycle.pk).phase == Phase.DRAFTING


def test_an_open_comment_window_refuses_advancing_on_the_page_and_says_why(client, cast):
    _drafting(cast)
    _with_comment(cast, make_regulation(cast))
    as_role(client, cast, "head_rep")
    url = reverse("cycles:cycle_advance", args=[cast.cycle.pk])
    page = client.get(url).content.decode()
    assert "Chặn:" in page
    assert 'name="to_phase"' not in page  # no confirm button while a blocker remains
    response = client.post(url, {"to_phase": Phase.SIGNING, "acknowledge": "on", "reason": REASON})
    assert response.status_code == 400
    html = response.content.decode()
    # The checklist takes the focus after the refusal (thidua.js focuses [data-error-summary]).
    assert 'id="checklist" tabindex="-1" aria-labelledby="checklist-h" data-error-summary' in html
    assert Cycle.objects.get(pk=cast.cycle.pk).phase == Phase.DRAFTING


def test_warnings_need_the_acknowledgement_and_a_reason_which_the_audit_log_keeps(client, cast):
    _drafting(cast)
    window = _with_comment(cast, make_regulation(cast))
    services.close_comment_window(
        actor=cast.head_rep, window=window, acknowledge=True, reason=REASON
    )
    with pytest.raises(ChecklistRefused):
        cycles.advance_phase(actor=cast.head_rep, cycle=cast.cycle, to_phase=Phase.SIGNING)
    as_role(client, cast, "head_rep")
    url = reverse("cycles:cycle_advance", args=[cast.cycle.pk])
    refused = client.post(url, {"to_phase": Phase.SIGNING})
    assert refused.status_code == 400
    assert "Hãy đánh dấu ô để xác nhận bạn đã xem các cảnh báo." in refused.content.decode()
    assert "Hãy nêu lý do bạn vẫn tiếp tục dù có cảnh báo." in refused.content.decode()
    assert Cycle.objects.get(pk=cast.cycle.pk).phase == Phase.DRAFTING

    response = client.post(
        url, {"to_phase": Phase.SIGNING, "acknowledge": "on", "reason": "Sẽ trả lời sau."}
    )
    assert response.status_code == 302
    assert Cycle.objects.get(pk=cast.cycle.pk).phase == Phase.SIGNING
    event = AuditEvent.objects.filter(action="cycle.advance_phase").latest("seq")
    assert event.after["reason"] == "Sẽ trả lời sau."
    assert "1 góp ý chưa được trả lời." in event.after["warnings"]
    # The covenant (and the plan) were never drafted: said as warnings too.
    assert any("Giao ước chưa có phiên bản" in w for w in event.after["warnings"])


# --- closing a window early ------------------------------------------------------------------


def test_closing_early_lists_the_silent_units_and_needs_the_acknowledgement(client, cast):
    window = _with_comment(cast, make_regulation(cast))
    with pytest.raises(ChecklistRefused):
        services.close_comment_window(actor=cast.head_rep, window=window)
    assert CommentWindow.objects.get(pk=window.pk).closed_at is None

    as_role(client, cast, "head_rep")
    url = reverse("drafting:window_close", args=[window.pk])
    page = client.get(url).content.decode()
    assert "2 đơn vị thành viên chưa góp ý: Hội Nhà báo tỉnh; Hội Luật gia tỉnh." in page
    assert "mở lại" in page  # the consequence: it can be reopened while the phase lasts
    assert client.post(url, {}).status_code == 400
    assert CommentWindow.objects.get(pk=window.pk).closed_at is None

    response = client.post(url, {"acknowledge": "on", "reason": REASON})
    assert response.status_code == 302
    assert CommentWindow.objects.get(pk=window.pk).closed_at is not None
    event = AuditEvent.objects.filter(action="drafting.window.close").latest("seq")
    assert event.after["reason"] == REASON
    assert "Hội Luật gia tỉnh" in event.after["warnings"][0]


def test_a_window_past_its_deadline_closes_without_acknowledgement(cast):
    window = open_window(cast, make_regulation(cast))
    CommentWindow.objects.filter(pk=window.pk).update(
        deadline=timezone.now() - dt.timedelta(minutes=1)
    )
    # Past its deadline the window has ended anyway: closing it warns of nothing.
    closed = services.close_comment_window(actor=cast.head_rep, window=window)
    assert closed.closed_at is not None


# --- reopening -------------------------------------------------------------------------------


def _closed(cast):
    _drafting(cast)
    window = _with_comment(cast, make_regulation(cast))
    return services.close_comment_window(
        actor=cast.head_rep, window=window, acknowledge=True, reason=REASON
    )


def test_the_head_reopens_a_closed_window_with_a_reason_and_a_new_deadline(client, cast):
    window = _closed(cast)
    as_role(client, cast, "head_rep")
    detail = client.get(reverse("drafting:window_detail", args=[window.pk])).content.decode()
    url = reverse("drafting:window_reopen", args=[window.pk])
    assert url in detail
    deadline = timezone.localtime() + dt.timedelta(days=2)
    response = client.post(
        url, {"deadline": deadline.strftime("%Y-%m-%dT%H:%M"), "reason": "Hội Luật gia xin thêm"}
    )
    assert response.status_code == 302
    window.refresh_from_db()
    assert window.closed_at is None and window.deadline > timezone.now()
    event = AuditEvent.objects.get(action="drafting.window.reopen")
    assert event.after["reason"] == "Hội Luật gia xin thêm"
    assert Notification.objects.filter(
        recipient=cast.member_rep, subject__contains="Mở lại lấy ý kiến"
    ).exists()
    services.add_comment(actor=cast.member_rep, window=window, text="Bổ sung ý kiến.")


def test_reopening_needs_a_reason_and_a_deadline_in_the_future(client, cast):
    window = _closed(cast)
    with pytest.raises(DomainError, match=r"Say why the window is reopened|Hãy nêu lý do mở lại"):
        services.reopen_comment_window(
            actor=cast.head_rep,
            window=window,
            deadline=timezone.now() + dt.timedelta(days=1),
            reason="  ",
        )
    with pytest.raises(DomainError, match=r"in the future|trong tương lai"):
        services.reopen_comment_window(
            actor=cast.head_rep,
            window=window,
            deadline=timezone.now() - dt.timedelta(hours=1),
            reason="Thêm thời gian",
        )
    as_role(client, cast, "head_rep")
    response = client.post(
        reverse("drafting:window_reopen", args=[window.pk]),
        {"deadline": "2020-01-01T17:00", "reason": "Thêm thời gian"},
    )
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert CommentWindow.objects.get(pk=window.pk).closed_at is not None


def test_reopening_is_refused_once_the_phase_has_moved_on(client, cast):
    window = _closed(cast)
    cycles.advance_phase(
        actor=cast.head_rep, cycle=cast.cycle, to_phase=Phase.SIGNING, acknowledge=True, reason="x"
    )
    with pytest.raises(DomainError, match=r"can no longer be reopened|không thể mở lại"):
        services.reopen_comment_window(
            actor=cast.head_rep,
            window=window,
            deadline=timezone.now() + dt.timedelta(days=1),
            reason="Thêm thời gian",
        )
    as_role(client, cast, "head_rep")
    detail = client.get(reverse("drafting:window_detail", args=[window.pk])).content.decode()
    assert reverse("drafting:window_reopen", args=[window.pk]) not in detail
    response = client.post(
        reverse("drafting:window_reopen", args=[window.pk]),
        {"deadline": "2099-01-01T17:00", "reason": "Thêm thời gian"},
    )
    assert response.status_code == 302
    assert CommentWindow.objects.get(pk=window.pk).closed_at is not None


def test_members_cannot_reopen_a_window(client, cast):
    window = _closed(cast)
    as_role(client, cast, "member_rep")
    response = client.post(
        reverse("drafting:window_reopen", args=[window.pk]),
        {"deadline": "2099-01-01T17:00", "reason": "Thêm thời gian"},
    )
    assert response.status_code == 403
    with pytest.raises(DomainError):
        services.reopen_comment_window(
            actor=cast.member_rep,
            window=window,
            deadline=timezone.now() + dt.timedelta(days=1),
            reason="Thêm thời gian",
        )
