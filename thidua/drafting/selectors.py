"""Reads for drafting: the cycle's documents, version comparison, comment overviews and the
summary of comments and answers (bảng tổng hợp ý kiến) as report data."""

from __future__ import annotations

import datetime as dt
import difflib
import html
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from thidua.cycles.models import Cycle, Phase
from thidua.drafting.access import DRAFTED_KINDS, window_is_open
from thidua.drafting.models import Comment, CommentWindow, Document, DocumentKind, DocumentVersion
from thidua.drafting.sanitize import html_to_text
from thidua.legal import signers
from thidua.lib.text import initials
from thidua.orgs.models import Membership, Organisation
from thidua.reports import issuing, layout, xlsx

KIND_ORDER = {k: i for i, k in enumerate(DRAFTED_KINDS)}


# --- documents of a cycle --------------------------------------------------------------------


@dataclass(frozen=True)
class OpenWindow:
    """A comment window taking comments, as the document lists link to it."""

    pk: int
    deadline: dt.datetime


@dataclass(frozen=True)
class DocumentRow:
    document: Document
    latest: DocumentVersion | None
    open_window: OpenWindow | None
    comment_count: int


def documents_for_cycle(cycle: Cycle) -> list[DocumentRow]:
    """The regulation, plan and covenant of a cycle, each with its latest version, the comment
    window open on it (if any) and its number of comments. Three queries whatever the number
    of versions (a handful a year), windows and comments."""
    now = timezone.now()
    # Sorted below by kind: no ORDER BY (the model's default one joins the cycle and block).
    documents = Document.objects.filter(cycle=cycle, kind__in=DRAFTED_KINDS).order_by()
    # Newest first: the first version met of each document is its latest.
    latest: dict[int, DocumentVersion] = {}
    for version in (
        DocumentVersion.objects.filter(document__cycle=cycle, document__kind__in=DRAFTED_KINDS)
        # The lists show a version's number and dates, never its text (the articles' JSON).
        .defer("preamble", "content")
        .order_by("document_id", "-number")
    ):
        latest.setdefault(version.document_id, version)
    # Every window of the cycle with its comments: the newest open one and the document's count.
    windows: dict[int, OpenWindow] = {}
    counts: dict[int, int] = {}
    for pk, document_pk, deadline, closed_at, n in (
        CommentWindow.objects.filter(version__document__cycle=cycle)
        .order_by("opened_at", "pk")
        .values_list("pk", "version__document_id", "deadline", "closed_at")
        .annotate(n=Count("comments"))
    ):
        counts[document_pk] = counts.get(document_pk, 0) + n
        if closed_at is None and deadline > now:
            windows[document_pk] = OpenWindow(pk, deadline)
    return [
        DocumentRow(
            document,
            latest.get(document.pk),
            windows.get(document.pk),
            counts.get(document.pk, 0),
        )
        for document in sorted(documents, key=lambda d: KIND_ORDER[d.kind])
    ]


def missing_kinds(cycle: Cycle) -> list[tuple[str, str]]:
    present = set(Document.objects.filter(cycle=cycle).values_list("kind", flat=True))
    return [(k, str(DocumentKind(k).label)) for k in DRAFTED_KINDS if k not in present]


def versions_of(document: Document) -> QuerySet[DocumentVersion]:
    return document.versions.select_related("created_by").order_by("-number")


def article_label(article: dict[str, Any]) -> str:
    return " ".join(p for p in (article.get("number", ""), article.get("heading", "")) if p)


def article_choices(version: DocumentVersion) -> list[tuple[str, str]]:
    return [("", _("The whole document"))] + [
        (a["key"], article_label(a) or a["key"]) for a in version.content
    ]


# --- comparing two versions ------------------------------------------------------------------


@dataclass(frozen=True)
class ArticleDiff:
    key: str
    label: str
    status: str  # same | changed | added | removed
    status_label: str
    old: SafeString
    new: SafeString


def _article_text(article: dict[str, Any] | None) -> str:
    if article is None:
        return ""
    return "\n".join(p for p in (article_label(article), html_to_text(article["body"])) if p)


def _words(text: str) -> list[str]:
    return [w for line in text.split("\n") for w in [*line.split(" "), "\n"]]


def _join(words: list[str]) -> str:
    return " ".join(html.escape(w) if w != "\n" else "<br>" for w in words).replace(
        " <br> ", "<br>"
    )


def _marked(tag: str, label: str, words: list[str]) -> str:
    text = _join(words).strip()
    if not text or text == "<br>":
        return _join(words)
    hidden = '<span class="visually-hidden">'
    return f"<{tag}>{hidden}[{label}: </span>{text}{hidden}]</span></{tag}>"


def _safe(text: str) -> SafeString:
    # Built only from html.escape()d words and our own <ins>/<del>/<span>/<br> tags.
    return mark_safe(text)  # noqa: S308


def _word_diff(old: str, new: str) -> tuple[str, str]:
    a, b = _words(old), _words(new)
    left, right = [], []
    deleted, inserted = _("deleted"), _("inserted")
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            left.append(_join(a[i1:i2]))
            right.append(_join(b[j1:j2]))
        if op in ("delete", "replace"):
            left.append(_marked("del", deleted, a[i1:i2]))
        if op in ("insert", "replace"):
            right.append(_marked("ins", inserted, b[j1:j2]))
    return " ".join(left), " ".join(right)


def compare_versions(old: DocumentVersion, new: DocumentVersion) -> list[ArticleDiff]:
    """Articles matched by key, in the new version's order, removed ones after their
    predecessor; each with the old and new text and the changes marked by <del>/<ins>."""
    olds = {a["key"]: a for a in old.content}
    news = {a["key"]: a for a in new.content}
    order: list[str] = [a["key"] for a in new.content]
    for index, article in enumerate(old.content):
        if article["key"] not in news:
            before = old.content[index - 1]["key"] if index else None
            position = order.index(before) + 1 if before in order else len(order)
            order.insert(position, article["key"])
    labels = {
        "same": _("unchanged"),
        "changed": _("changed"),
        "added": _("added"),
        "removed": pgettext("diff", "removed"),
    }
    diffs = []
    preamble_old, preamble_new = old.preamble, new.preamble
    if preamble_old or preamble_new:
        status = "same" if preamble_old == preamble_new else "changed"
        left, right = _word_diff(preamble_old, preamble_new)
        diffs.append(
            ArticleDiff("", _("Preamble"), status, labels[status], _safe(left), _safe(right))
        )
    for key in order:
        a, b = olds.get(key), news.get(key)
        status = "added" if a is None else "removed" if b is None else "same"
        text_a, text_b = _article_text(a), _article_text(b)
        if status == "same" and text_a != text_b:
            status = "changed"
        left, right = _word_diff(text_a, text_b)
        label = article_label(b or a or {}) or key
        diffs.append(ArticleDiff(key, label, status, labels[status], _safe(left), _safe(right)))
    return diffs


# --- comments --------------------------------------------------------------------------------


@dataclass
class CommentGroup:
    key: str
    label: str
    comments: list[Comment] = field(default_factory=list)


def member_units(cycle: Cycle) -> list[Organisation]:
    memberships = (
        Membership.objects.filter(block_id=cycle.block_id, year=cycle.year)
        .select_related("organisation")
        .order_by("order", "organisation__name")
    )
    return [m.organisation for m in memberships]


def window_comments(window: CommentWindow) -> list[CommentGroup]:
    """The window's comments grouped by article (whole-document comments first)."""
    groups = {"": CommentGroup("", _("The whole document"))}
    for article in window.version.content:
        groups[article["key"]] = CommentGroup(article["key"], article_label(article))
    comments = window.comments.select_related(
        "unit", "author", "answered_by", "resolved_in"
    ).order_by("created_at")
    for comment in comments:
        groups.setdefault(
            comment.article_key, CommentGroup(comment.article_key, comment.article_key)
        ).comments.append(comment)
    return [g for g in groups.values() if g.comments]


def units_without_comment(window: CommentWindow) -> list[Organisation]:
    """Member units (other than the head unit) that have not commented in this window."""
    cycle = window.version.document.cycle
    done = set(window.comments.values_list("unit_id", flat=True))
    return [u for u in member_units(cycle) if u.pk not in done and u.pk != cycle.head_unit_id]


def windows_of(document: Document) -> QuerySet[CommentWindow]:
    return (
        CommentWindow.objects.filter(version__document=document)
        .select_related("version", "opened_by")
        .annotate(comment_count=Count("comments"))
        .order_by("-opened_at")
    )


def is_open(window: CommentWindow) -> bool:
    return window_is_open(window)


# --- the summary of comments (bảng tổng hợp ý kiến) ----------------------------------------


def _local(value: dt.datetime | None) -> str:
    return timezone.localtime(value).strftime("%H:%M %d/%m/%Y") if value else ""


def summary_rows(document: Document) -> list[list[str]]:
    """The summary's rows as the Word table writes them."""
    return [
        [str(number), unit, author, _local(at), *rest]
        for number, unit, author, at, *rest in summary_entries(document)
    ]


def summary_entries(document: Document) -> list[list[Any]]:
    """One row per comment: its number, unit, author, time (a moment), version, article, text,
    answer, reason and the version that took it in."""
    labels: dict[str, str] = {}
    for version in document.versions.order_by("number"):
        for article in version.content:
            labels[article["key"]] = article_label(article)
    comments = (
        Comment.objects.filter(window__version__document=document)
        .select_related("unit", "author", "window__version", "resolved_in")
        .order_by("window__opened_at", "created_at")
    )
    rows: list[list[Any]] = []
    for index, c in enumerate(comments, start=1):
        rows.append(
            [
                index,
                c.unit.name,
                c.author.full_name,
                c.created_at,
                f"v{c.window.version.number}",
                labels.get(c.article_key, c.article_key)
                if c.article_key
                else _("The whole document"),
                c.text,
                c.get_answer_status_display() if c.answer_status else _("Not answered yet"),
                c.answer_reason,
                f"v{c.resolved_in.number}" if c.resolved_in else "",
            ]
        )
    return rows


def summary_header() -> list[str]:
    return [
        _("No."),
        _("Unit"),
        _("Author"),
        _("Time"),
        _("Version"),
        _("Article"),
        _("Comment"),
        _("Answer"),
        _("Reason"),
        _("Taken into"),
    ]


SUMMARY_TITLE = "BẢNG TỔNG HỢP Ý KIẾN GÓP Ý"


def summary_day(document: Document) -> dt.date:
    """The summary of comments is dated by the close of the last comment window."""
    window = CommentWindow.objects.filter(version__document=document).order_by("-opened_at").first()
    if window is None:
        raise issuing.UndatedDocument(_("No comments have been asked for on this document yet."))
    closed = window.closed_at or (window.deadline if window.deadline <= timezone.now() else None)
    if closed is None:
        raise issuing.UndatedDocument(
            _(
                "The comment window is open until %(deadline)s: the summary is dated by its "
                "close. Download it after the window closes (the Excel table is available now)."
            )
            % {"deadline": timezone.localtime(window.deadline).strftime("%d/%m/%Y %H:%M")}
        )
    return timezone.localtime(closed).date()


def summary_document(document: Document, *, today: dt.date | None = None) -> layout.Document:
    cycle = document.cycle
    block = cycle.block
    rows = summary_rows(document)
    header = summary_header()
    table_rows = [[r[0], r[1], r[5], r[6], r[7] + (f": {r[8]}" if r[8] else "")] for r in rows]
    blocks: list[layout.Block] = [
        layout.Paragraph(
            _("Comments of the member units on “%(title)s” and the answers of the head unit.")
            % {"title": document.title}
        ),
        layout.Table(
            header=[header[0], header[1], header[5], header[6], header[7]],
            rows=table_rows,
            widths=[0.6, 3, 2.2, 5, 4],
        )
        if table_rows
        else layout.Paragraph(_("No comments were received.")),
    ]
    day = today or summary_day(document)
    head = signers.head_signer(cycle, day)
    return layout.Document(
        letterhead=issuing.letterhead(block, day),
        title=SUMMARY_TITLE,
        summary=document.title,
        blocks=blocks,
        signatures=[
            layout.Signature(
                f"TM. {block.name.upper()}",
                signers.head_positions(cycle, day, head.position if head else ""),
                signers.name_or_missing(head.name if head else ""),
            )
        ],
        recipients=["Các đơn vị thành viên Khối"],
        file_title=SUMMARY_TITLE,
        archive_copy=initials(block.name),
    )


def summary_workbook(document: Document) -> bytes:
    return xlsx.single_table(
        _("Comments"),
        summary_header(),
        summary_entries(document),
        heading=f"{SUMMARY_TITLE} — {document.title}",
        widths=(6, 30, 22, 17, 9, 28, 50, 18, 40, 10),
    )


# --- for the Board's dashboard (thidua/board) -------------------------------------------------


@dataclass(frozen=True)
class WindowState:
    """An open comment window of one cycle and the units that have commented in it."""

    cycle_id: int
    title: str
    deadline: dt.datetime
    commented: set[int]
    #: The deadline is past while the cycle is still drafting.
    overdue: bool

    def is_open(self, now: dt.datetime) -> bool:
        return self.deadline > now


def open_comment_windows(cycles: Iterable[Cycle], now: dt.datetime) -> list[WindowState]:
    """Every comment window not closed yet of these cycles (two queries)."""
    by_pk = {c.pk: c for c in cycles}
    windows = list(
        CommentWindow.objects.filter(
            version__document__cycle_id__in=by_pk, closed_at__isnull=True
        ).select_related("version__document")
    )
    commented: dict[int, set[int]] = {w.pk: set() for w in windows}
    for window_id, unit_id in Comment.objects.filter(window__in=windows).values_list(
        "window_id", "unit_id"
    ):
        commented[window_id].add(unit_id)
    states = []
    for window in windows:
        cycle = by_pk[window.version.document.cycle_id]
        states.append(
            WindowState(
                cycle_id=cycle.pk,
                title=window.version.title,
                deadline=window.deadline,
                commented=commented[window.pk],
                overdue=window.deadline <= now and cycle.phase == Phase.DRAFTING,
            )
        )
    return states
