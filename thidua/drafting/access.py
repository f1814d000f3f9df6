"""Who may read, draft, open comment windows, comment and answer.

- The Board and the people of the cycle's member units (that year) read the documents.
- The head unit's people and the Board draft, open and close windows, and answer comments.
- A member unit's representative or leader comments, for their own unit only, while a window
  is open. Outsiders get 404: they must not learn that another block's documents exist.
"""

from __future__ import annotations

from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from thidua.cycles.access import UNIT_ROLES, is_head
from thidua.cycles.models import Cycle, Phase
from thidua.cycles.selectors import visible_cycles
from thidua.drafting.models import Comment, CommentWindow, Document, DocumentVersion
from thidua.orgs.models import Membership

Need = Literal["view", "write"]
# Drafting and amending happen until the year is under way; signing may still need a new
# version (an amendment is a new version that needs new signatures).
WRITABLE_PHASES = (Phase.PREPARING, Phase.DRAFTING, Phase.SIGNING)


def can_read(user: Any, cycle: Cycle) -> bool:
    return bool(
        user.is_authenticated
        and (user.is_board or visible_cycles(user).filter(pk=cycle.pk).exists())
    )


def can_write(user: Any, cycle: Cycle) -> bool:
    """Draft, open windows, answer: the head unit's people and the Board."""
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_board or is_head(user, cycle))
        and cycle.phase in WRITABLE_PHASES
    )


def can_write_document(user: Any, document: Document) -> bool:
    """`can_write`, and also the covenant while the cycle is in progress: once signed it may be
    amended (a new version, frozen and signed again) during the year. The services check that
    an amendment only follows a version every member unit has signed."""
    cycle = document.cycle
    if can_write(user, cycle):
        return True
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_board or is_head(user, cycle))
        and document.kind == "covenant"
        and cycle.phase == Phase.IN_PROGRESS
    )


def is_member_person(user: Any, cycle: Cycle) -> bool:
    """A representative or leader of a unit that is a member of the cycle's block that year."""
    return bool(
        user.is_authenticated
        and user.is_active
        and user.role in UNIT_ROLES
        and user.organisation_id is not None
        and Membership.objects.filter(
            block_id=cycle.block_id, year=cycle.year, organisation_id=user.organisation_id
        ).exists()
    )


def window_is_open(window: CommentWindow, now: Any = None) -> bool:
    return window.closed_at is None and (now or timezone.now()) < window.deadline


def window_may_reopen(window: CommentWindow, cycle: Cycle) -> bool:
    """A closed or lapsed window reopens only while the cycle is in the phase it closed in."""
    return bool(window.phase) and window.phase == cycle.phase


def can_reopen(user: Any, window: CommentWindow) -> bool:
    """The head unit's people and the Board, on a window that is no longer open, while the cycle
    has not moved on and the window's version is still the one being drafted."""
    cycle = window.version.document.cycle
    return (
        can_write(user, cycle)
        and not window_is_open(window)
        and window_may_reopen(window, cycle)
        and window.version.frozen_at is None
    )


def can_comment(user: Any, window: CommentWindow) -> bool:
    return window_is_open(window) and is_member_person(user, window.version.document.cycle)


def _authorise(user: Any, cycle: Cycle, need: Need) -> None:
    if not can_read(user, cycle):
        raise Http404
    if need == "write" and not can_write(user, cycle):
        raise PermissionDenied


def get_cycle_for(user: Any, pk: int, need: Need = "view") -> Cycle:
    cycle = Cycle.objects.select_related("block__province").filter(pk=pk).first()
    if cycle is None:
        raise Http404
    _authorise(user, cycle, need)
    return cycle


def get_document_for(user: Any, pk: int, need: Need = "view") -> Document:
    document = (
        Document.objects.select_related("cycle__block__province", "cycle__head_unit")
        .filter(pk=pk, kind__in=DRAFTED_KINDS)
        .first()
    )
    if document is None:
        raise Http404
    if need == "write" and can_write_document(user, document):
        return document
    _authorise(user, document.cycle, need)
    return document


def get_version_for(user: Any, pk: int, need: Need = "view") -> DocumentVersion:
    version = (
        DocumentVersion.objects.select_related("document__cycle__block__province")
        .filter(pk=pk, document__kind__in=DRAFTED_KINDS)
        .first()
    )
    if version is None:
        raise Http404
    _authorise(user, version.document.cycle, need)
    return version


def get_window_for(user: Any, pk: int, need: Need = "view") -> CommentWindow:
    window = (
        CommentWindow.objects.select_related("version__document__cycle__block__province")
        .filter(pk=pk)
        .first()
    )
    if window is None:
        raise Http404
    _authorise(user, window.version.document.cycle, need)
    return window


def get_window_to_comment(user: Any, pk: int) -> CommentWindow:
    window = get_window_for(user, pk)
    if not is_member_person(user, window.version.document.cycle):
        raise PermissionDenied
    return window


def get_comment_for(user: Any, pk: int, need: Need = "view") -> Comment:
    comment = (
        Comment.objects.select_related(
            "window__version__document__cycle__block__province", "unit", "author"
        )
        .filter(pk=pk)
        .first()
    )
    if comment is None:
        raise Http404
    _authorise(user, comment.window.version.document.cycle, need)
    return comment


DRAFTED_KINDS = ("regulation", "plan", "covenant")
