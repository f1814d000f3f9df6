"""Every write of the drafting work: documents, versions, comment windows, comments, answers.

Each service runs in one transaction, checks who acts and the state it changes, records an
audit event and notifies people once the transaction commits.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import Any, cast

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from thidua.accounts.models import User
from thidua.core import audit
from thidua.core.errors import DomainError
from thidua.core.types import Actor
from thidua.cycles.access import UNIT_ROLES
from thidua.cycles.models import Cycle
from thidua.drafting import access, checks, stale_years
from thidua.drafting.docx_import import read_upload
from thidua.drafting.hashing import version_hash
from thidua.drafting.models import (
    AnswerStatus,
    Comment,
    CommentWindow,
    Document,
    DocumentKind,
    DocumentVersion,
    StaleYearReview,
)
from thidua.drafting.sanitize import clean_html
from thidua.notifications.services import notify
from thidua.orgs.models import Membership

DRAFTED = (DocumentKind.REGULATION, DocumentKind.PLAN, DocumentKind.COVENANT)
KEY = re.compile(r"^[a-z0-9_-]{1,40}$")


def default_title(kind: str, cycle: Cycle) -> str:
    titles = {
        DocumentKind.REGULATION: _(
            "Regulation on the activities and emulation review of %(block)s"
        ),
        DocumentKind.PLAN: _("Plan for the emulation movement of %(block)s in %(year)s"),
        DocumentKind.COVENANT: _("Emulation covenant of %(block)s in %(year)s"),
    }
    return titles[DocumentKind(kind)] % {"block": cycle.block.name, "year": cycle.year}


def _require_writer(actor: Actor, cycle: Cycle) -> None:
    if not access.can_write(actor, cycle):
        raise DomainError(_("Only the head unit or the Board may change the drafts of this cycle."))


def _require_document_writer(actor: Actor, document: Document) -> None:
    """The head or the Board, while drafts may change; for the covenant also while the cycle is
    in progress, but then only to amend a version every member unit has signed."""
    if access.can_write(actor, document.cycle):
        return
    if access.can_write_document(actor, document) and any(
        fully_signed(v) for v in document.versions.filter(signatures__isnull=False).distinct()
    ):
        return
    _require_writer(actor, document.cycle)


def _summary(version: DocumentVersion) -> dict[str, Any]:
    return {
        "document": version.document_id,
        "number": version.number,
        "sha256": version.sha256,
        "articles": len(version.content),
    }


# --- articles --------------------------------------------------------------------------------


def normalise_articles(
    articles: Sequence[dict[str, Any]], *, reserved: Iterable[str] = ()
) -> list[dict[str, Any]]:
    """Clean each article (sanitised body, trimmed text) and give new ones a unique key, never
    one an earlier version used (`reserved`). Keys stay stable across versions so comments
    and comparisons keep pointing at their article."""
    cleaned: list[dict[str, Any]] = []
    used: set[str] = set()
    taken = set(reserved)
    for article in articles:
        number = str(article.get("number", "")).strip()[:60]
        heading = str(article.get("heading", "")).strip()[:300]
        body = clean_html(str(article.get("body", "")))
        if not (number or heading or body):
            continue
        key = str(article.get("key", "")).strip()
        if not KEY.match(key) or key in used:
            key = ""
        cleaned.append({"key": key, "number": number, "heading": heading, "body": body})
        if key:
            used.add(key)
    counter = 1
    for article in cleaned:
        if not article["key"]:
            while f"a{counter}" in used or f"a{counter}" in taken:
                counter += 1
            article["key"] = f"a{counter}"
            used.add(article["key"])
    return cleaned


# --- documents and versions ------------------------------------------------------------------


def latest_version(document: Document) -> DocumentVersion | None:
    return document.versions.order_by("-number").first()


@transaction.atomic
def create_document(
    *,
    actor: User,
    cycle: Cycle,
    kind: str,
    title: str = "",
    start: str = "empty",
    upload: bytes | None = None,
    preamble: str = "",
    articles: Sequence[dict[str, Any]] = (),
    note: str = "",
) -> Document:
    """A regulation, plan or covenant with its version 1: empty (or the given articles), copied
    from last year's cycle of the block (the latest version of the same kind), or imported
    from a Word file."""
    _require_writer(actor, cycle)
    if kind not in DRAFTED:
        raise DomainError(_("Unknown kind of document."), field="kind")
    if Document.objects.filter(cycle=cycle, kind=kind).exists():
        raise DomainError(_("This cycle already has a document of this kind."), field="kind")
    title = title.strip() or default_title(kind, cycle)
    note = note or (_("Started empty.") if not articles else "")
    copied_from: int | None = None
    if start == "previous":
        previous = previous_year_version(cycle, kind)
        if previous is None:
            raise DomainError(_("Last year's cycle has no document of this kind."), field="start")
        preamble, articles = previous.preamble, list(previous.content)
        note = _("Started from %(year)s, version %(number)s.") % {
            "year": previous.document.cycle.year,
            "number": previous.number,
        }
        copied_from = previous.document.cycle.year
    elif start == "docx":
        imported = read_upload(upload or b"")
        preamble, articles = imported.preamble, imported.articles
        note = _("Imported from a Word file.")
    elif start != "empty":
        raise DomainError(_("Choose how to start the document."), field="start")
    document = Document.objects.create(
        cycle=cycle, kind=kind, title=title, copied_from_year=copied_from
    )
    audit.record(
        actor=actor,
        action="drafting.document.create",
        obj=document,
        after={"cycle": cycle.pk, "kind": kind, "title": title, "start": start},
    )
    _new_version(
        actor=actor,
        document=document,
        title=title,
        preamble=preamble,
        articles=articles,
        note=note,
    )
    return document


def previous_year_version(cycle: Cycle, kind: str) -> DocumentVersion | None:
    return (
        DocumentVersion.objects.filter(
            document__cycle__block_id=cycle.block_id,
            document__cycle__year=cycle.year - 1,
            document__kind=kind,
        )
        .order_by("-number")
        .select_related("document__cycle")
        .first()
    )


@transaction.atomic
def save_version(
    *,
    actor: User,
    document: Document,
    title: str,
    preamble: str,
    articles: Sequence[dict[str, Any]],
    note: str = "",
) -> DocumentVersion:
    """A new immutable version. Refused while the latest version is frozen for signing, unless
    every member unit has signed it: then the new version is an amendment, which needs new
    signatures, and the signed version stays as it is (in force until the amendment is signed).
    Comments answered since the last version are marked as resolved in this one."""
    _require_document_writer(actor, document)
    document = Document.objects.select_for_update().get(pk=document.pk)
    latest = latest_version(document)
    if latest is not None and latest.frozen_at is not None and not fully_signed(latest):
        raise DomainError(
            _(
                "Version %(number)s is frozen for signing; it cannot be replaced. Wait until "
                "every member unit has signed it (a new version is then an amendment), or lift "
                "the freeze while nobody has signed it."
            )
            % {"number": latest.number}
        )
    return _new_version(
        actor=actor,
        document=document,
        title=title,
        preamble=preamble,
        articles=articles,
        note=note,
        previous=latest,
    )


def fully_signed(version: DocumentVersion) -> bool:
    """Every member unit of the cycle's block that year has signed this version."""
    cycle = version.document.cycle
    units = set(
        Membership.objects.filter(block_id=cycle.block_id, year=cycle.year).values_list(
            "organisation_id", flat=True
        )
    )
    signed = set(version.signatures.values_list("unit_id", flat=True))
    return bool(units) and units <= signed


def _new_version(
    *,
    actor: User,
    document: Document,
    title: str,
    preamble: str,
    articles: Sequence[dict[str, Any]],
    note: str,
    previous: DocumentVersion | None = None,
) -> DocumentVersion:
    title = title.strip()[:300] or document.title
    preamble = preamble.strip()
    reserved = {
        a.get("key", "") for c in document.versions.values_list("content", flat=True) for a in c
    }
    content = normalise_articles(articles, reserved=reserved)
    sha = version_hash(title=title, preamble=preamble, content=content)
    answered = Comment.objects.filter(
        window__version__document=document, resolved_in__isnull=True
    ).exclude(answer_status="")
    if previous is not None and previous.sha256 == sha and not answered.exists():
        raise DomainError(_("Nothing changed since version %(n)s.") % {"n": previous.number})
    number = (document.versions.aggregate(m=Max("number"))["m"] or 0) + 1
    version = DocumentVersion.objects.create(
        document=document,
        number=number,
        title=title,
        preamble=preamble,
        content=content,
        sha256=sha,
        note=note.strip()[:500],
        created_by=actor,
    )
    resolved = list(answered.values_list("pk", flat=True))
    answered.update(resolved_in=version)
    if document.title != title:
        Document.objects.filter(pk=document.pk).update(title=title)
        document.title = title
    audit.record(
        actor=actor,
        action="drafting.version.create",
        obj=version,
        before=_summary(previous) if previous else None,
        after={**_summary(version), "resolved_comments": resolved},
    )
    return version


@transaction.atomic
def freeze_version(*, actor: Actor, version: DocumentVersion) -> DocumentVersion:
    """Freeze the latest version for signing: from now on no version may replace it."""
    _require_document_writer(actor, version.document)
    version = DocumentVersion.objects.select_for_update().get(pk=version.pk)
    if latest_version(version.document) != version:
        raise DomainError(_("Only the latest version can be frozen for signing."))
    if version.frozen_at is not None:
        return version
    check_stale_years(version)
    version.frozen_at = timezone.now()
    version.save(update_fields=["frozen_at"])
    close_windows_on_freeze(actor=actor, version=version)
    audit.record(
        actor=actor,
        action="drafting.version.freeze",
        obj=version,
        after={**_summary(version), "frozen_at": version.frozen_at.isoformat()},
    )
    return version


def check_stale_years(version: DocumentVersion) -> None:
    """Refuse to freeze a copied text while a year or date that looks stale is unreviewed."""
    unreviewed = stale_years.stale_years_unreviewed(version)
    if unreviewed:
        raise DomainError(
            ngettext(
                "Version %(number)s still has %(n)s year or date copied from last year's text "
                "that nobody has checked (%(marks)s): fix the text or mark it as reviewed on "
                "the document's page before freezing it for signing.",
                "Version %(number)s still has %(n)s years or dates copied from last year's text "
                "that nobody has checked (%(marks)s): fix the text or mark each as reviewed on "
                "the document's page before freezing it for signing.",
                len(unreviewed),
            )
            % {
                "number": version.number,
                "n": len(unreviewed),
                "marks": "; ".join(m.text for m in unreviewed[:5])
                + ("; …" if len(unreviewed) > 5 else ""),
            }
        )


@transaction.atomic
def review_stale_year(*, actor: User, version: DocumentVersion, key: str) -> StaleYearReview:
    """The head keeps a year or date that looked stale: it was checked and is right."""
    _require_document_writer(actor, version.document)
    mark = next((m for m in stale_years.find_marks(version) if m.key == key), None)
    if mark is None:
        raise DomainError(
            _("This year or date is no longer in version %(number)s: reload the page.")
            % {"number": version.number}
        )
    review, created = StaleYearReview.objects.get_or_create(
        document=version.document, key=key, defaults={"text": mark.text, "reviewed_by": actor}
    )
    if created:
        audit.record(
            actor=actor,
            action="drafting.stale_year.review",
            obj=version,
            after={
                "document": version.document_id,
                "number": version.number,
                "text": mark.text,
                "context": f"{mark.before} [{mark.text}] {mark.after}",
            },
        )
    return review


@transaction.atomic
def unfreeze_version(*, actor: Actor, version: DocumentVersion) -> DocumentVersion:
    """Lift the freeze (e.g. signing was abandoned, or an amendment follows a signed text);
    the frozen version itself stays as it is."""
    _require_document_writer(actor, version.document)
    version = DocumentVersion.objects.select_for_update().get(pk=version.pk)
    if version.frozen_at is None:
        return version
    before = version.frozen_at.isoformat()
    version.frozen_at = None
    version.save(update_fields=["frozen_at"])
    audit.record(
        actor=actor,
        action="drafting.version.unfreeze",
        obj=version,
        before={**_summary(version), "frozen_at": before},
    )
    return version


# --- comment windows -------------------------------------------------------------------------


def member_people(cycle: Cycle, *, exclude_org_ids: Iterable[int] = ()) -> list[User]:
    """Active representatives and leaders of the cycle's member units."""
    orgs = Membership.objects.filter(block_id=cycle.block_id, year=cycle.year).values(
        "organisation_id"
    )
    return list(
        User.objects.filter(organisation_id__in=orgs, role__in=UNIT_ROLES, is_active=True)
        .exclude(organisation_id__in=list(exclude_org_ids))
        .order_by("pk")
    )


@transaction.atomic
def open_comment_window(
    *, actor: User, version: DocumentVersion, deadline: dt.datetime, now: dt.datetime | None = None
) -> CommentWindow:
    """Ask the member units for comments on a version until the deadline, and tell them."""
    cycle = version.document.cycle
    _require_writer(actor, cycle)
    now = now or timezone.now()
    if deadline <= now:
        raise DomainError(_("The deadline must be in the future."), field="deadline")
    if latest_version(version.document) != version:
        raise DomainError(_("Comments can only be asked on the latest version."))
    if version.frozen_at is not None:
        raise DomainError(_("This version is frozen for signing."))
    open_windows = CommentWindow.objects.filter(
        version__document=version.document, closed_at__isnull=True, deadline__gt=now
    )
    if open_windows.exists():
        raise DomainError(_("A comment window is already open for this document."))
    window = CommentWindow.objects.create(
        version=version, opened_by=actor, deadline=deadline, phase=cycle.phase
    )
    audit.record(
        actor=actor,
        action="drafting.window.open",
        obj=window,
        after={"version": version.pk, "deadline": deadline.isoformat()},
    )
    local = timezone.localtime(deadline)
    notify(
        recipients=member_people(cycle, exclude_org_ids=[cycle.head_unit_id]),
        kind="drafting.window_opened",
        subject=_("Comments requested: %(title)s") % {"title": version.title},
        body=_(
            "The head unit asks your unit for comments on version %(number)s of “%(title)s” "
            "until %(deadline)s."
        )
        % {
            "number": version.number,
            "title": version.title,
            "deadline": local.strftime("%H:%M %d/%m/%Y"),
        },
        url=reverse("drafting:window_detail", args=[window.pk]),
        dedupe_key=f"drafting.window.{window.pk}.opened",
    )
    return window


@transaction.atomic
def close_comment_window(
    *, actor: Actor, window: CommentWindow, acknowledge: bool = False, reason: str = ""
) -> CommentWindow:
    """Close a window before its deadline. Units that have not commented are warnings: the head
    goes on only by acknowledging them with a reason (recorded in the audit event)."""
    window = CommentWindow.objects.select_for_update().get(pk=window.pk)
    cycle = Cycle.objects.get(pk=window.version.document.cycle_id)
    _require_writer(actor, cycle)
    if window.closed_at is not None:
        return window
    acknowledged = checks.close_checklist(window).enforce(acknowledge=acknowledge, reason=reason)
    _close(actor=actor, window=window, cycle=cycle, extra=acknowledged)
    return window


def _close(
    *, actor: Actor, window: CommentWindow, cycle: Cycle, extra: dict[str, Any] | None = None
) -> None:
    window.closed_at = timezone.now()
    window.phase = cycle.phase
    window.save(update_fields=["closed_at", "phase"])
    audit.record(
        actor=actor,
        action="drafting.window.close",
        obj=window,
        after={"closed_at": window.closed_at.isoformat(), **(extra or {})},
    )


def close_windows_on_freeze(*, actor: Actor, version: DocumentVersion) -> None:
    """Freezing a version for signing closes the comment window still open on its document:
    members must not comment on the text they are being asked to sign."""
    document = version.document
    for window in checks.open_windows(document.cycle, document=document):
        _close(actor=actor, window=window, cycle=document.cycle, extra={"by": "freeze"})


@transaction.atomic
def reopen_comment_window(
    *,
    actor: Actor,
    window: CommentWindow,
    deadline: dt.datetime,
    reason: str,
    now: dt.datetime | None = None,
) -> CommentWindow:
    """Open a closed (or lapsed) window again until a new deadline, saying why, while the cycle
    is still in the phase in which it closed; the member units are told."""
    window = CommentWindow.objects.select_for_update().get(pk=window.pk)
    # The cycle as it is now (the caller's copy may predate a phase change).
    cycle = Cycle.objects.get(pk=window.version.document.cycle_id)
    _require_writer(actor, cycle)
    now = now or timezone.now()
    if access.window_is_open(window, now):
        raise DomainError(_("This comment window is still open."))
    if not access.window_may_reopen(window, cycle):
        raise DomainError(
            _(
                "The cycle has moved on to phase “%(phase)s” since this window closed: it can "
                "no longer be reopened."
            )
            % {"phase": cycle.get_phase_display()}
        )
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Say why the window is reopened."), field="reason")
    if deadline <= now:
        raise DomainError(_("The deadline must be in the future."), field="deadline")
    version = window.version
    if latest_version(version.document) != version:
        raise DomainError(_("A newer version exists: ask for comments on the latest version."))
    if version.frozen_at is not None:
        raise DomainError(_("This version is frozen for signing."))
    if checks.open_windows(cycle, document=version.document):
        raise DomainError(_("A comment window is already open for this document."))
    before = {
        "closed_at": window.closed_at.isoformat() if window.closed_at else None,
        "deadline": window.deadline.isoformat(),
    }
    window.closed_at, window.deadline, window.reminder_sent_at = None, deadline, None
    window.phase = cycle.phase
    window.save(update_fields=["closed_at", "deadline", "reminder_sent_at", "phase"])
    audit.record(
        actor=actor,
        action="drafting.window.reopen",
        obj=window,
        before=before,
        after={"deadline": deadline.isoformat(), "reason": reason},
    )
    notify(
        recipients=member_people(cycle, exclude_org_ids=[cycle.head_unit_id]),
        kind="drafting.window_opened",
        subject=_("Comments requested again: %(title)s") % {"title": version.title},
        body=_(
            "The head unit reopened the comments on version %(number)s of “%(title)s” until "
            "%(deadline)s. Reason: %(reason)s"
        )
        % {
            "number": version.number,
            "title": version.title,
            "deadline": timezone.localtime(deadline).strftime("%H:%M %d/%m/%Y"),
            "reason": reason,
        },
        url=reverse("drafting:window_detail", args=[window.pk]),
        dedupe_key=f"drafting.window.{window.pk}.reopened.{deadline.isoformat()}",
    )
    return window


# --- comments and answers --------------------------------------------------------------------


@transaction.atomic
def add_comment(
    *,
    actor: User,
    window: CommentWindow,
    text: str,
    article_key: str = "",
    now: dt.datetime | None = None,
) -> Comment:
    """A member unit's comment on one article (or the whole document), for the actor's own unit,
    while the window is open."""
    window = CommentWindow.objects.select_for_update().get(pk=window.pk)
    cycle = window.version.document.cycle
    if not access.is_member_person(actor, cycle):
        raise DomainError(_("Only the representatives and leaders of member units may comment."))
    if not access.window_is_open(window, now):
        raise DomainError(_("The comment window is closed; comments are no longer accepted."))
    text = text.strip()
    if not text:
        raise DomainError(_("Write your comment."), field="text")
    keys = {a["key"] for a in window.version.content}
    if article_key and article_key not in keys:
        raise DomainError(_("Choose an article of this version."), field="article_key")
    comment = Comment.objects.create(
        window=window,
        article_key=article_key,
        unit_id=cast(int, actor.organisation_id),  # is_member_person: they act for a unit
        author=actor,
        text=text,
    )
    audit.record(
        actor=actor,
        action="drafting.comment.add",
        obj=comment,
        after={"window": window.pk, "unit": actor.organisation_id, "article": article_key},
    )
    return comment


@transaction.atomic
def answer_comment(*, actor: User, comment: Comment, status: str, reason: str = "") -> Comment:
    """The head's answer: accepted, partly accepted or not accepted (with a reason)."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    _require_writer(actor, comment.window.version.document.cycle)
    if status not in AnswerStatus.values:
        raise DomainError(_("Choose an answer."), field="status")
    reason = reason.strip()
    if status != AnswerStatus.ACCEPTED and not reason:
        raise DomainError(
            _("Give the reason when a comment is not fully accepted."), field="reason"
        )
    if comment.resolved_in_id is not None:
        raise DomainError(_("This comment was already taken into a new version."))
    before = {"status": comment.answer_status, "reason": comment.answer_reason}
    comment.answer_status, comment.answer_reason = status, reason
    comment.answered_by, comment.answered_at = actor, timezone.now()
    comment.save(update_fields=["answer_status", "answer_reason", "answered_by", "answered_at"])
    audit.record(
        actor=actor,
        action="drafting.comment.answer",
        obj=comment,
        before=before,
        after={"status": status, "reason": reason},
    )
    notify(
        recipients=[comment.author],
        kind="drafting.comment_answered",
        subject=_("Your comment was answered: %(status)s")
        % {"status": comment.get_answer_status_display()},
        body=reason,
        url=reverse("drafting:window_detail", args=[comment.window_id]) + f"#comment-{comment.pk}",
        dedupe_key=f"drafting.comment.{comment.pk}.answered.{comment.answered_at.isoformat()}",
    )
    return comment
