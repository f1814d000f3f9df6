"""Drafting's checklists (thidua/core/checklist.py): before the cycle leaves its phase, before a
comment window closes early, before a version is frozen for signing.

Reads only, with a bounded number of queries whatever the number of comments or units.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from thidua.core.checklist import Checklist
from thidua.cycles.models import Cycle, Phase
from thidua.drafting import stale_years
from thidua.drafting.access import DRAFTED_KINDS, WRITABLE_PHASES
from thidua.drafting.models import Comment, CommentWindow, Document, DocumentKind, DocumentVersion
from thidua.orgs.models import Membership


def _when(value: dt.datetime) -> str:
    return timezone.localtime(value).strftime("%H:%M %d/%m/%Y")


def open_windows(cycle: Cycle, *, document: Document | None = None) -> list[CommentWindow]:
    """The cycle's comment windows still taking comments (not closed, deadline ahead)."""
    windows = CommentWindow.objects.filter(
        version__document__cycle=cycle, closed_at__isnull=True, deadline__gt=timezone.now()
    )
    if document is not None:
        windows = windows.filter(version__document=document)
    return list(
        windows.select_related("version__document")
        .annotate(units=Count("comments__unit", distinct=True))
        .order_by("deadline", "pk")
    )


def _commenting_units(cycle: Cycle) -> int:
    """How many member units are asked to comment (all but the head unit)."""
    return (
        Membership.objects.filter(block_id=cycle.block_id, year=cycle.year)
        .exclude(organisation_id=cycle.head_unit_id)
        .count()
    )


def silent_units(window: CommentWindow) -> list[str]:
    """Names of the member units (other than the head unit) without a comment in the window."""
    cycle = window.version.document.cycle
    done = window.comments.values("unit_id")
    return list(
        Membership.objects.filter(block_id=cycle.block_id, year=cycle.year)
        .exclude(organisation_id=cycle.head_unit_id)
        .exclude(organisation_id__in=done)
        .order_by("order", "organisation__name")
        .values_list("organisation__name", flat=True)
    )


def _window_name(window: CommentWindow) -> str:
    return _version_name(window.version.document.kind, window.version.number)


def _version_name(kind: str, number: int) -> str:
    return _("%(kind)s, version %(number)s") % {"kind": DocumentKind(kind).label, "number": number}


def _unanswered(cycle: Cycle, *, document: Document | None = None) -> tuple[int, int | None]:
    """(number of comments without an answer, the window of the first one)."""
    comments = Comment.objects.filter(
        window__version__document__cycle=cycle, answer_status="", resolved_in__isnull=True
    )
    if document is not None:
        comments = comments.filter(window__version__document=document)
    found = comments.aggregate(n=Count("pk"), first=Min("window_id"))
    return found["n"] or 0, found["first"]


def _warn_unanswered(checklist: Checklist, cycle: Cycle, document: Document | None = None) -> None:
    count, first_window = _unanswered(cycle, document=document)
    if count:
        checklist.warn(
            ngettext(
                "%(n)s comment has no answer yet.",
                "%(n)s comments have no answer yet.",
                count,
            )
            % {"n": count},
            url=reverse("drafting:window_detail", args=[first_window]),
            action=_("Answer the comments"),
        )


def phase_check(cycle: Cycle) -> Checklist:
    """Before the cycle leaves its phase: no comment window may still be open (members are
    commenting); in drafting, unanswered comments and missing documents are warnings."""
    checklist = Checklist()
    if cycle.phase not in (*WRITABLE_PHASES, Phase.IN_PROGRESS):
        return checklist
    asked = None
    windows = (
        CommentWindow.objects.filter(
            version__document__cycle=cycle, closed_at__isnull=True, deadline__gt=timezone.now()
        )
        .order_by("deadline", "pk")
        .values_list("pk", "deadline", "version__number", "version__document__kind")
        .annotate(units=Count("comments__unit", distinct=True))
    )
    for pk, deadline, number, kind, units in windows:
        asked = _commenting_units(cycle) if asked is None else asked
        checklist.block(
            _(
                "The comment window on %(name)s is open until %(deadline)s; %(silent)s of "
                "%(asked)s units have not commented yet."
            )
            % {
                "name": _version_name(kind, number),
                "deadline": _when(deadline),
                "silent": max(asked - units, 0),
                "asked": asked,
            },
            url=reverse("drafting:window_close", args=[pk]),
            action=_("Close the window on the %(kind)s…") % {"kind": DocumentKind(kind).label},
        )
    if cycle.phase != Phase.DRAFTING:
        return checklist
    _warn_unanswered(checklist, cycle)
    present = set(
        Document.objects.filter(cycle=cycle, kind__in=DRAFTED_KINDS, versions__isnull=False)
        .order_by()  # the default one joins the cycle and block, and DISTINCT would see them
        .values_list("kind", flat=True)
        .distinct()
    )
    for kind in DRAFTED_KINDS:
        if kind in present:
            continue
        text = (
            _("The covenant has no version yet: the units will have nothing to sign.")
            if kind == DocumentKind.COVENANT
            else _("The %(kind)s has no version yet.") % {"kind": DocumentKind(kind).label}
        )
        checklist.warn(
            text,
            url=reverse("drafting:cycle_documents", args=[cycle.pk]),
            action=_("Draft the %(kind)s") % {"kind": DocumentKind(kind).label},
        )
    return checklist


def close_checklist(window: CommentWindow) -> Checklist:
    """Before the head closes a window ahead of its deadline."""
    checklist = Checklist()
    if window.closed_at is not None or window.deadline <= timezone.now():
        return checklist
    silent = silent_units(window)
    if silent:
        checklist.warn(
            ngettext(
                "%(n)s member unit has not commented yet: %(names)s.",
                "%(n)s member units have not commented yet: %(names)s.",
                len(silent),
            )
            % {"n": len(silent), "names": "; ".join(silent)}
        )
    checklist.say(
        _(
            "The window closes now instead of at %(deadline)s: member units can no longer "
            "comment on this version."
        )
        % {"deadline": _when(window.deadline)}
    )
    checklist.say(
        _(
            "While the cycle stays in this phase you can reopen the window with a new deadline "
            "and a reason."
        )
    )
    return checklist


def freeze_checklist(version: DocumentVersion) -> Checklist:
    """Before a version is frozen for signing: freezing closes its open comment window."""
    checklist = Checklist()
    document = version.document
    unreviewed = stale_years.stale_years_unreviewed(version)
    if unreviewed:
        checklist.block(
            ngettext(
                "%(n)s year or date copied from last year's text has not been checked.",
                "%(n)s years or dates copied from last year's text have not been checked.",
                len(unreviewed),
            )
            % {"n": len(unreviewed)},
            url=reverse("drafting:document_detail", args=[document.pk]) + "#stale-h",
            action=_("Check them"),
        )
    for window in open_windows(document.cycle, document=document):
        silent = silent_units(window)
        checklist.warn(
            _(
                "The comment window on %(name)s is open until %(deadline)s: freezing closes it "
                "now, and %(n)s units have not commented."
            )
            % {"name": _window_name(window), "deadline": _when(window.deadline), "n": len(silent)},
            url=reverse("drafting:window_detail", args=[window.pk]),
            action=_("See the comments"),
        )
    _warn_unanswered(checklist, document.cycle, document)
    checklist.say(
        _(
            "Version %(number)s is frozen: no new version can replace it while it is being "
            "signed, and any comment window on it is closed."
        )
        % {"number": version.number}
    )
    return checklist
