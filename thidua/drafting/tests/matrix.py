"""Access matrix for drafting. Objects are created through the services on first use."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from thidua.drafting import services
from thidua.drafting.models import Comment, CommentWindow, Document
from thidua.tests.access_matrix import Route

READERS = frozenset({"board", "head_rep", "member_rep", "member_leader"})
WRITERS = frozenset({"board", "head_rep"})
COMMENTERS = frozenset({"head_rep", "member_rep", "member_leader"})


def _document(cast) -> Document:
    document = Document.objects.filter(cycle=cast.cycle, kind="regulation").first()
    if document is None:
        document = services.create_document(
            actor=cast.head_rep, cycle=cast.cycle, kind="regulation"
        )
        services.save_version(
            actor=cast.head_rep,
            document=document,
            title=document.title,
            preamble="",
            articles=[{"number": "Điều 1", "heading": "Phạm vi", "body": "<p>Nội dung.</p>"}],
        )
    return document


def _window(cast) -> CommentWindow:
    document = _document(cast)
    window = CommentWindow.objects.filter(version__document=document).first()
    if window is None:
        window = services.open_comment_window(
            actor=cast.head_rep,
            version=services.latest_version(document),
            deadline=timezone.now() + dt.timedelta(days=3),
        )
    return window


def _closed_window(cast) -> CommentWindow:
    """A window on the plan, closed early by the head (it may be reopened)."""
    document = Document.objects.filter(cycle=cast.cycle, kind="plan").first()
    if document is None:
        document = services.create_document(actor=cast.head_rep, cycle=cast.cycle, kind="plan")
        services.save_version(
            actor=cast.head_rep,
            document=document,
            title=document.title,
            preamble="",
            articles=[{"number": "Mục 1", "heading": "Mục tiêu", "body": "<p>Nội dung.</p>"}],
        )
    window = CommentWindow.objects.filter(version__document=document).first()
    if window is None:
        window = services.open_comment_window(
            actor=cast.head_rep,
            version=services.latest_version(document),
            deadline=timezone.now() + dt.timedelta(days=3),
        )
        services.close_comment_window(
            actor=cast.head_rep, window=window, acknowledge=True, reason="Đủ ý kiến"
        )
    return window


def _comment(cast) -> Comment:
    window = _window(cast)
    comment = window.comments.first()
    if comment is None:
        comment = services.add_comment(actor=cast.member_rep, window=window, text="Ý kiến")
    return comment


ROUTES = [
    Route("drafting:cycle_documents", kwargs=lambda c: {"cycle_pk": c.cycle.pk}, allowed=READERS),
    Route("drafting:document_create", kwargs=lambda c: {"cycle_pk": c.cycle.pk}, allowed=WRITERS),
    Route("drafting:document_detail", kwargs=lambda c: {"pk": _document(c).pk}, allowed=READERS),
    Route("drafting:document_edit", kwargs=lambda c: {"pk": _document(c).pk}, allowed=WRITERS),
    Route("drafting:compare", kwargs=lambda c: {"pk": _document(c).pk}, allowed=READERS),
    Route("drafting:window_open", kwargs=lambda c: {"pk": _document(c).pk}, allowed=WRITERS),
    # No comment window has closed in the cast: the Word summary has no date yet (409 page).
    Route(
        "drafting:summary_docx",
        kwargs=lambda c: {"pk": _document(c).pk},
        allowed=READERS,
        ok_status=409,
    ),
    Route("drafting:summary_xlsx", kwargs=lambda c: {"pk": _document(c).pk}, allowed=READERS),
    Route("drafting:window_detail", kwargs=lambda c: {"pk": _window(c).pk}, allowed=READERS),
    Route(
        "drafting:comment_add",
        kwargs=lambda c: {"pk": _window(c).pk},
        method="post",
        data=lambda c: {"article_key": "", "text": "Góp ý"},
        allowed=COMMENTERS,
    ),
    # The confirmation page with its checklist; the POST is tested in test_checklists.py.
    Route("drafting:window_close", kwargs=lambda c: {"pk": _window(c).pk}, allowed=WRITERS),
    Route("drafting:window_reopen", kwargs=lambda c: {"pk": _closed_window(c).pk}, allowed=WRITERS),
    Route("drafting:comment_answer", kwargs=lambda c: {"pk": _comment(c).pk}, allowed=WRITERS),
    # Marking a year copied from last year's text as reviewed (a key not in the text is refused
    # with a message: still not a 403/404 for writers).
    Route(
        "drafting:stale_year_review",
        kwargs=lambda c: {"pk": _document(c).pk},
        method="post",
        data=lambda c: {"v": "1", "key": "a1:none"},
        allowed=WRITERS,
    ),
]
