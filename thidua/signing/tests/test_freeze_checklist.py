"""Freezing the covenant for signing closes the comment window still open on it: the checklist
says so, and the head goes on only by acknowledging it with a reason (audited)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from thidua.core.checklist import ChecklistRefused
from thidua.core.errors import DomainError
from thidua.core.models import AuditEvent
from thidua.cycles.models import Cycle
from thidua.drafting import services as drafting
from thidua.drafting.models import CommentWindow, DocumentVersion
from thidua.signing import services
from thidua.signing.tests.helpers import leaders, make_version, set_phase
from thidua.testing import as_role

REASON = "Hội nghị ký kết đã định ngày; các góp ý còn lại đưa vào bản sửa đổi."


def _covenant_with_open_window(cast) -> tuple[DocumentVersion, CommentWindow]:
    set_phase(cast)
    leaders(cast)
    version = make_version(cast, frozen=False)
    window = drafting.open_comment_window(
        actor=cast.head_rep, version=version, deadline=timezone.now() + dt.timedelta(days=4)
    )
    drafting.add_comment(actor=cast.member_rep, window=window, text="Đề nghị sửa Điều 2.")
    return version, window


def test_freezing_with_an_open_window_needs_the_acknowledgement(cast):
    version, window = _covenant_with_open_window(cast)
    with pytest.raises(ChecklistRefused) as refused:
        services.freeze_for_signing(actor=cast.head_rep, cycle=cast.cycle)
    assert refused.value.field == "acknowledge"
    version.refresh_from_db()
    window.refresh_from_db()
    assert version.frozen_at is None
    assert window.closed_at is None


def test_freezing_closes_the_open_window_and_the_audit_log_keeps_the_reason(cast):
    version, window = _covenant_with_open_window(cast)
    services.freeze_for_signing(
        actor=cast.head_rep, cycle=cast.cycle, acknowledge=True, reason=REASON
    )
    version.refresh_from_db()
    window.refresh_from_db()
    assert version.frozen_at is not None
    assert window.closed_at is not None
    closed = AuditEvent.objects.get(action="drafting.window.close")
    assert closed.after["by"] == "freeze"
    acknowledged = AuditEvent.objects.get(action="signing.version.freeze_warnings")
    assert acknowledged.after["reason"] == REASON
    assert len(acknowledged.after["warnings"]) == 2  # the open window, the unanswered comment
    # Members can no longer comment on the text they are asked to sign.
    with pytest.raises(DomainError):
        drafting.add_comment(actor=cast.member_rep, window=window, text="Muộn")


def test_the_freeze_page_says_the_window_closes_and_refuses_without_a_reason(client, cast):
    version, window = _covenant_with_open_window(cast)
    as_role(client, cast, "head_rep")
    url = reverse("signing:freeze", args=[cast.cycle.pk])
    page = client.get(url).content.decode()
    assert "khóa văn bản sẽ kết thúc lấy ý kiến ngay" in page
    assert "Cảnh báo:" in page
    refused = client.post(url, {"acknowledge": "on"})
    assert refused.status_code == 400
    assert "Hãy nêu lý do bạn vẫn tiếp tục dù có cảnh báo." in refused.content.decode()
    assert DocumentVersion.objects.get(pk=version.pk).frozen_at is None

    response = client.post(url, {"acknowledge": "on", "reason": REASON})
    assert response.status_code == 302
    assert DocumentVersion.objects.get(pk=version.pk).frozen_at is not None
    assert CommentWindow.objects.get(pk=window.pk).closed_at is not None


def test_without_an_open_window_the_covenant_freezes_with_nothing_to_acknowledge(client, cast):
    set_phase(cast)
    version = make_version(cast, frozen=False)
    as_role(client, cast, "head_rep")
    url = reverse("signing:freeze", args=[cast.cycle.pk])
    page = client.get(url).content.decode()
    assert "Không còn việc gì dang dở." in page
    assert 'name="acknowledge"' not in page
    assert client.post(url, {}).status_code == 302
    assert DocumentVersion.objects.get(pk=version.pk).frozen_at is not None


def test_in_the_signing_phase_the_cycle_page_points_to_freezing_then_to_the_signatures(
    client, cast
):
    set_phase(cast)
    make_version(cast, frozen=False)
    as_role(client, cast, "head_rep")
    detail = reverse("cycles:cycle_detail", args=[cast.cycle.pk])
    html = client.get(detail).content.decode()
    freeze = reverse("signing:freeze", args=[cast.cycle.pk])
    assert f'class="btn btn-primary" href="{freeze}"' in html
    assert "chưa được khóa để ký" in html
    services.freeze_for_signing(actor=cast.head_rep, cycle=cast.cycle)
    html = client.get(detail).content.decode()
    assert "4 trên 4 đơn vị thành viên chưa ký giao ước" in html
    assert Cycle.objects.get(pk=cast.cycle.pk).phase == "signing"
