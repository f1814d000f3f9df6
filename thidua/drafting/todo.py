"""Drafting's items of the to-do list (thidua/core/todo.py): comment on a draft while the
window is open, answer the members' comments (head), and for the Board the comment windows
whose deadline passed while the cycle is still drafting. One query per kind."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from thidua.core.todo import FOLLOW_UP, TodoContext, TodoItem
from thidua.cycles import todo as cycles
from thidua.cycles.models import Cycle, Phase
from thidua.drafting.access import WRITABLE_PHASES
from thidua.drafting.models import Comment, CommentWindow


def items(context: TodoContext) -> Iterator[TodoItem]:
    mine = cycles.person_cycles(context)
    yield from _to_comment(context, mine.member)
    yield from _to_answer([c for c in mine.headed if c.phase in WRITABLE_PHASES])
    if context.person.is_board:
        yield from _overdue_windows(context)


def _to_comment(context: TodoContext, member: list[Cycle]) -> Iterator[TodoItem]:
    """The head unit drafts the text and answers: it is not asked to comment on it."""
    org = context.person.organisation_id
    by_pk = {c.pk: c for c in member if c.head_unit_id != org}
    if not by_pk:
        return
    commented = Comment.objects.filter(window_id=OuterRef("pk"), unit_id=org)
    windows = (
        CommentWindow.objects.filter(
            version__document__cycle_id__in=by_pk,
            closed_at__isnull=True,
            deadline__gt=context.now,
        )
        .exclude(Exists(commented))
        .select_related("version__document")
        .order_by("deadline")
    )
    for window in windows:
        yield TodoItem(
            kind="drafting.comment",
            text=_("Comment on the draft “%(title)s”") % {"title": window.version.title},
            url=reverse("drafting:window_detail", args=[window.pk]),
            cycle_label=cycles.label(by_pk[window.version.document.cycle_id]),
            deadline=window.deadline,
            detail=_("Your unit has not commented yet."),
        )


def _to_answer(headed: list[Cycle]) -> Iterator[TodoItem]:
    if not headed:
        return
    by_pk = {c.pk: c for c in headed}
    rows = (
        Comment.objects.filter(
            window__version__document__cycle_id__in=by_pk,
            answer_status="",
            resolved_in__isnull=True,
        )
        .values("window_id", "window__version__title", "window__version__document__cycle_id")
        .annotate(count=Count("pk"))
        .order_by("window_id")
    )
    for row in rows:
        count = row["count"]
        yield TodoItem(
            kind="drafting.answer",
            text=ngettext(
                "Answer %(count)d comment on “%(title)s”",
                "Answer %(count)d comments on “%(title)s”",
                count,
            )
            % {"count": count, "title": row["window__version__title"]},
            url=reverse("drafting:window_detail", args=[row["window_id"]]),
            cycle_label=cycles.label(by_pk[row["window__version__document__cycle_id"]]),
        )


def _overdue_windows(context: TodoContext) -> Iterator[TodoItem]:
    """A window past its deadline and not closed while the cycle is still drafting: the head
    has not moved on; the Board follows it up."""
    windows = (
        CommentWindow.objects.filter(
            closed_at__isnull=True,
            deadline__lte=context.now,
            version__document__cycle__phase=Phase.DRAFTING,
        )
        .select_related("version__document__cycle__block")
        .annotate(units=Count("comments__unit", distinct=True))
        .order_by("deadline")
    )
    for window in windows:
        cycle = window.version.document.cycle
        day = timezone.localtime(window.deadline).strftime("%d/%m/%Y")
        yield TodoItem(
            kind="drafting.overdue",
            text=_("Follow up the overdue cycle %(cycle)s") % {"cycle": cycles.label(cycle)},
            url=reverse("cycles:cycle_detail", args=[cycle.pk]),
            cycle_label=cycles.label(cycle),
            deadline=window.deadline,
            overdue=True,
            priority=FOLLOW_UP,
            detail=ngettext(
                "The comments on “%(title)s” were due on %(day)s; %(units)d unit commented; "
                "the window is still open.",
                "The comments on “%(title)s” were due on %(day)s; %(units)d units commented; "
                "the window is still open.",
                window.units,
            )
            % {"title": window.version.title, "day": day, "units": window.units},
        )
