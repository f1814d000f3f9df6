"""Comment windows, comments for one's own unit while the window is open, answers, reminders."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from django.utils import timezone
from openpyxl import load_workbook

from thidua.accounts.models import Role
from thidua.core.errors import DomainError
from thidua.drafting import reminders, selectors, services
from thidua.drafting.models import Comment, CommentWindow
from thidua.drafting.tests.helpers import make_regulation, open_window
from thidua.legal.signers import MISSING_NAME
from thidua.notifications.models import Notification
from thidua.reports import docx as word
from thidua.reports.issuing import UndatedDocument
from thidua.testing import make_person


def test_opening_a_window_notifies_the_member_units_people(cast):
    window = open_window(cast, make_regulation(cast))
    notified = set(
        Notification.objects.filter(kind="drafting.window_opened").values_list(
            "recipient__username", flat=True
        )
    )
    assert notified == {"member_rep", "member_leader"}
    assert window.deadline > timezone.now()


def test_the_deadline_must_be_in_the_future(cast):
    document = make_regulation(cast)
    with pytest.raises(DomainError):
        services.open_comment_window(
            actor=cast.head_rep,
            version=services.latest_version(document),
            deadline=timezone.now() - dt.timedelta(hours=1),
        )


def test_a_member_comments_on_an_article_for_their_own_unit(cast):
    window = open_window(cast, make_regulation(cast))
    comment = services.add_comment(
        actor=cast.member_rep, window=window, article_key="a2", text="Đề nghị bổ sung đối tượng."
    )
    assert comment.unit == cast.member_org and comment.author == cast.member_rep
    assert selectors.units_without_comment(window) == [cast.deputy_org, _fourth(cast)]


def _fourth(cast):
    return next(
        u
        for u in selectors.member_units(cast.cycle)
        if u not in (cast.head_org, cast.deputy_org, cast.member_org)
    )


def test_outsiders_and_the_board_cannot_comment(cast):
    window = open_window(cast, make_regulation(cast))
    for person in (cast.outsider, cast.board):
        with pytest.raises(DomainError):
            services.add_comment(actor=person, window=window, text="Ý kiến")
    assert not Comment.objects.exists()


def test_no_comment_after_the_deadline_or_on_an_unknown_article(cast):
    window = open_window(cast, make_regulation(cast), days=1)
    with pytest.raises(DomainError, match="closed"):
        services.add_comment(
            actor=cast.member_rep,
            window=window,
            text="Muộn",
            now=window.deadline + dt.timedelta(minutes=1),
        )
    with pytest.raises(DomainError):
        services.add_comment(actor=cast.member_rep, window=window, article_key="zz", text="X")
    services.close_comment_window(
        actor=cast.head_rep, window=window, acknowledge=True, reason="Hết thời gian"
    )
    with pytest.raises(DomainError, match="closed"):
        services.add_comment(actor=cast.member_rep, window=window, text="Đã đóng")
    assert not Comment.objects.exists()


def test_the_head_answers_notifies_the_author_and_the_next_version_resolves_it(cast):
    document = make_regulation(cast)
    window = open_window(cast, document)
    comment = services.add_comment(actor=cast.member_leader, window=window, text="Sửa Điều 1.")
    with pytest.raises(DomainError):
        services.answer_comment(actor=cast.head_rep, comment=comment, status="not_accepted")
    with pytest.raises(DomainError):
        services.answer_comment(actor=cast.member_rep, comment=comment, status="accepted")
    services.answer_comment(
        actor=cast.head_rep, comment=comment, status="partly", reason="Giữ phạm vi cũ."
    )
    note = Notification.objects.get(kind="drafting.comment_answered")
    assert note.recipient == cast.member_leader
    latest = services.latest_version(document)
    v3 = services.save_version(
        actor=cast.head_rep,
        document=document,
        title=latest.title,
        preamble="",
        articles=latest.content,
        note="Tiếp thu ý kiến",
    )
    comment.refresh_from_db()
    assert comment.resolved_in == v3 and comment.answered_by == cast.head_rep
    with pytest.raises(DomainError):
        services.answer_comment(actor=cast.head_rep, comment=comment, status="accepted")


def test_the_summary_reopens_as_word_and_excel_with_every_comment_and_answer(cast):
    document = make_regulation(cast)
    window = open_window(cast, document)
    comment = services.add_comment(
        actor=cast.member_rep, window=window, article_key="a1", text="Nên nêu rõ thời hạn."
    )
    services.answer_comment(actor=cast.head_rep, comment=comment, status="accepted")
    # While the window is open the Word summary has no business date: it is refused, saying why.
    with pytest.raises(UndatedDocument, match="open until"):
        selectors.summary_document(document)
    window = services.close_comment_window(
        actor=cast.head_rep, window=window, acknowledge=True, reason="Đủ ý kiến"
    )
    CommentWindow.objects.filter(pk=window.pk).update(
        closed_at=dt.datetime(2024, 3, 20, 9, 0, tzinfo=dt.UTC)
    )
    data = word.render(selectors.summary_document(document))
    reopened = docx.Document(io.BytesIO(data))
    text = "\n".join(p.text for p in reopened.paragraphs)
    cells = "\n".join(c.text for t in reopened.tables for r in t.rows for c in r.cells)
    assert "BẢNG TỔNG HỢP Ý KIẾN GÓP Ý" in text
    assert "KHỐI THI ĐUA 8" in cells and "Bình Thuận, ngày 20 tháng 3 năm 2024" in cells
    assert "Hội Người mù tỉnh" in cells and "Nên nêu rõ thời hạn." in cells
    # No leader of the head unit on record: the signature says the name is missing.
    summary = selectors.summary_document(document)
    assert summary.signatures[0].name == MISSING_NAME and summary.archive_copy == "KTĐ8"
    make_person("head_leader", Role.LEADER, cast.head_org, full_name="Nguyễn Thị Phúc")
    assert selectors.summary_document(document).signatures[0].name == "Nguyễn Thị Phúc"
    sheet = load_workbook(io.BytesIO(selectors.summary_workbook(document))).active
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert "Hội Người mù tỉnh" in values and "Nên nêu rõ thời hạn." in values
    assert "Member Rep" in values


def test_reminders_go_once_to_units_without_a_comment_a_day_before_the_deadline(cast):
    window = open_window(cast, make_regulation(cast), days=3)
    services.add_comment(actor=cast.member_rep, window=window, text="Đồng ý.")
    assert reminders.due(timezone.now()) == 0
    soon = window.deadline - dt.timedelta(hours=20)
    assert reminders.due(soon) == 0  # nobody of the other units has an account in the cast
    from thidua.testing import make_person

    make_person("deputy_rep", "representative", cast.deputy_org)
    assert reminders.due(soon) == 1
    assert reminders.due(soon) == 0
    reminded = Notification.objects.filter(kind="drafting.window_reminder")
    assert [n.recipient.username for n in reminded] == ["deputy_rep"]
    window.refresh_from_db()
    assert window.reminder_sent_at is not None
