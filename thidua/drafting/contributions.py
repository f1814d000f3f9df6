"""Drafting's parts of other apps' pages and runs (thidua/core/contributions.py): the cycle
page's link and documents section, its checks before the cycle leaves a phase, its part of the
archive, the comment reminders."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.apps import apps
from django.db.models import Min, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from thidua.core.audit import register_blocks
from thidua.core.audit_log import (
    Sentence,
    about,
    audit_objects,
    board_only,
    date_text,
    describe,
    from_event,
    objects,
    recorded,
    stored,
)
from thidua.core.models import AuditEvent
from thidua.core.page_cache import page_deadlines
from thidua.core.todo import todo_providers
from thidua.cycles.audit import cycle_events
from thidua.cycles.checks import phase_checks
from thidua.cycles.models import Cycle
from thidua.cycles.sections import Section, WorkLink, cycle_sections, work_links
from thidua.drafting import checks, export, reminders, selectors, todo
from thidua.drafting.models import AnswerStatus, Comment, CommentWindow, Document, DocumentVersion
from thidua.notifications.reminders import reminder_providers
from thidua.reports.archive import ArchivePart, archive_parts


@page_deadlines.register(key="drafting.comment_windows")
def next_comment_window_close(blocks: QuerySet | None, now: dt.datetime) -> dt.datetime | None:
    # A window open now closes by itself at its deadline: pages stop offering the comment form.
    windows = CommentWindow.objects.filter(closed_at__isnull=True, deadline__gt=now)
    if blocks is not None:
        windows = windows.filter(version__document__cycle__block_id__in=blocks)
    found: dt.datetime | None = windows.aggregate(first=Min("deadline"))["first"]
    return found


def _documents(cycle: Cycle, user: Any) -> dict[str, Any]:
    return {"rows": selectors.documents_for_cycle(cycle)}


work_links.add(
    WorkLink(_("Documents and comments"), "drafting:cycle_documents"), key="drafting", order=10
)
cycle_sections.add(
    Section("drafting/includes/cycle_documents.html", _documents), key="drafting", order=10
)
archive_parts.add(
    ArchivePart(apps.get_app_config("drafting").verbose_name, export.files),
    key="drafting",
    order=10,
)
reminder_providers.add(reminders.due, key="thidua.drafting.reminders.due", order=20)


# --- the audit log (thidua/core/audit_log.py) ---


def _drafting_events(cycles: Any) -> Q:
    return (
        about(Document.objects.filter(cycle__in=cycles))
        | about(DocumentVersion.objects.filter(document__cycle__in=cycles))
        | about(CommentWindow.objects.filter(version__document__cycle__in=cycles))
        | about(Comment.objects.filter(window__version__document__cycle__in=cycles))
    )


cycle_events.add(_drafting_events, key="drafting")

audit_objects.add(
    objects(Document.objects.all(), url=board_only("drafting:document_detail")),
    key="drafting.document",
)
audit_objects.add(
    objects(
        DocumentVersion.objects.select_related("document"),
        name=lambda v: v.document.title,
        url=board_only("drafting:document_detail", lambda v: v.document_id),
        values=lambda v: {"number": v.number},
    ),
    key="drafting.documentversion",
)
audit_objects.add(
    objects(
        CommentWindow.objects.select_related("version__document"),
        name=lambda w: w.version.document.title,
        url=board_only("drafting:window_detail"),
        values=lambda w: {"number": w.version.number},
    ),
    key="drafting.commentwindow",
)
audit_objects.add(
    objects(
        Comment.objects.select_related("window__version__document", "unit"),
        name=lambda c: c.window.version.document.title,
        url=board_only("drafting:window_detail", lambda c: c.window_id),
        values=lambda c: {"unit": c.unit.name},
    ),
    key="drafting.comment",
)


def _answer(event: AuditEvent) -> str:
    return str(AnswerStatus(recorded(event, "status")).label).lower()


describe(
    "drafting",
    _("Drafting and comments"),
    {
        "drafting.document.create": _("%(actor)s started the draft %(object)s"),
        "drafting.version.create": _("%(actor)s saved version %(number)s of the draft %(object)s"),
        "drafting.version.freeze": _(
            "%(actor)s froze version %(number)s of %(object)s for signing"
        ),
        "drafting.version.unfreeze": _(
            "%(actor)s unfroze version %(number)s of %(object)s for more changes"
        ),
        "drafting.window.open": Sentence(
            _("%(actor)s opened comments on the draft %(object)s until %(deadline)s"),
            from_event(deadline=lambda e: date_text(recorded(e, "deadline"))),
        ),
        "drafting.window.close": _("%(actor)s closed the comment window on the draft %(object)s"),
        "drafting.window.reopen": _(
            "%(actor)s reopened the comment window on the draft %(object)s"
        ),
        "drafting.stale_year.review": Sentence(
            _("%(actor)s checked “%(text)s”, copied from last year's text, in %(object)s"),
            from_event(text=stored("text")),
        ),
        "drafting.window.remind": Sentence(
            _("%(actor)s reminded %(notified)s people to comment on the draft %(object)s"),
            from_event(notified=stored("notified")),
        ),
        "drafting.comment.add": _("%(actor)s (%(unit)s) commented on the draft %(object)s"),
        "drafting.comment.answer": Sentence(
            _("%(actor)s answered the comment of %(unit)s on the draft %(object)s: %(answer)s"),
            from_event(answer=_answer),
        ),
    },
    order=30,
)
todo_providers.add(todo.items, key="drafting", order=20)
phase_checks.add(checks.phase_check, key="drafting", order=10)


# The audit chain of the block each of these models is in (thidua/core/audit.py).
register_blocks(
    {
        "drafting.document": "cycle__block",
        "drafting.documentversion": "document__cycle__block",
        "drafting.staleyearreview": "document__cycle__block",
        "drafting.commentwindow": "version__document__cycle__block",
        "drafting.comment": "window__version__document__cycle__block",
    }
)
