"""Years and dates that look stale in a text copied from last year's cycle (issue 15 item 5).

A document started from last year's text keeps last year's "năm 2024", "31/12/2024" or "ngày 15
tháng 01 năm 2024" in the new year's covenant, regulation and plan. Every such year or date in a
version of a copied document is a *mark*: the head fixes the text (a new version) or marks it as
reviewed, and a version cannot be frozen for signing while a mark is unreviewed
(`stale_years_unreviewed`, called by `services.freeze_version`).

What looks stale: a year from the year before the copied text's own year up to the year before
the new cycle (a 2025 text copied from 2024: 2023 and 2024), alone or in a date. What does not:
the years inside a legal document's number ("Nghị định 152/2025/NĐ-CP", "Luật số 06/2022/QH15")
and the date that follows such a number ("Quyết định số 12/QĐ-UBND ngày 15/01/2024"), which
name the law, not the year of the work.

Marks are found in the text itself (nothing is stored per version); a review is stored per
document and mark key, so a review carries over to the next version while the words around the
year stay the same.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from thidua.drafting.models import DocumentVersion, StaleYearReview

# A space as sanitised HTML may hold it.
_SP = r"(?:\s|&nbsp;|&#160;|\u00a0)+"
_PATTERN = re.compile(
    "|".join(
        [
            # ngày 15 tháng 01 năm 2024, ngày … tháng … năm 2024
            rf"ngày{_SP}[\d.…]*{_SP}?tháng{_SP}[\d.…]*{_SP}?năm{_SP}(?P<y1>\d{{4}})",
            # 31/12/2024, 31-12-2024, 31.12.2024
            r"(?<![\d/.-])\d{1,2}[/.-]\d{1,2}[/.-](?P<y2>\d{4})(?![\d/])",
            # tháng 12/2024, 12/2024 (not the 06/2022 of "06/2022/QH15")
            rf"(?<![\d/.-])(?:tháng{_SP})?\d{{1,2}}/(?P<y3>\d{{4}})(?![\d/])",
            # năm 2024
            rf"năm{_SP}(?P<y4>\d{{4}})(?![\d/])",
            # 2024 alone
            r"(?<![\d/.,-])(?P<y5>\d{4})(?![\d/]|[.,]\d)",
        ]
    ),
    re.IGNORECASE,
)
# A legal document's number just before a date: "số 12/QĐ-UBND ngày", "152/2025/NĐ-CP ngày".
_CITATION_BEFORE = re.compile(rf"\d+/(?:\d{{4}}/)?[A-ZĐ][\wĐ-]*{_SP}(?:ngày{_SP})?$", re.IGNORECASE)
_TAG = re.compile(r"(<[^>]*>)")
_CONTEXT = 40


@dataclass(frozen=True)
class Mark:
    """One year or date that looks stale, where it is and how it reads in its sentence."""

    key: str  # stable across versions while the words around it stay the same
    part: str  # "title", "preamble" or the article's key
    where: str  # the article's number and heading, or "" for the title and preamble
    text: str  # the year or date as written
    year: int
    before: str
    after: str
    number: int = 0  # its place in the version, 1-based: the anchor "stale-N" in the page
    reviewed: bool = False


def stale_years_of(version: DocumentVersion) -> range:
    """The years that look stale in this version: none unless its document was copied."""
    copied = version.document.copied_from_year
    if copied is None:
        return range(0)
    return range(copied - 1, version.document.cycle.year)


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(_TAG.sub(" ", text))).strip()


def _found(segment: str, years: range) -> Iterable[tuple[int, int, int]]:
    """(start, end, year) of each stale year or date in a piece of text without tags."""
    for match in _PATTERN.finditer(segment):
        year = int(next(g for g in match.groups() if g is not None))
        if year not in years:
            continue
        dated = match.group("y1") or match.group("y2")
        if dated and _CITATION_BEFORE.search(segment[: match.start()]):
            continue  # the date of a cited legal document
        yield match.start(), match.end(), year


def _scan(part: str, where: str, source: str, years: range, seen: dict[str, int]) -> list[Mark]:
    """The marks of one part (HTML or escaped text), in order, with keys made unique."""
    marks = []
    offset = 0
    for piece in _TAG.split(source):
        if piece.startswith("<"):
            offset += len(piece)
            continue
        for start, end, year in _found(piece, years):
            before = _plain(source[max(0, offset + start - 4 * _CONTEXT) : offset + start])
            after = _plain(source[offset + end : offset + end + 4 * _CONTEXT])
            before, after = before[-_CONTEXT:], after[:_CONTEXT]
            text = _plain(piece[start:end])
            digest = hashlib.sha256(f"{before}|{text}|{after}".encode()).hexdigest()[:16]
            base = f"{part}:{digest}"
            seen[base] = seen.get(base, 0) + 1
            key = base if seen[base] == 1 else f"{base}:{seen[base]}"
            marks.append(Mark(key, part, where, text, year, before, after))
        offset += len(piece)
    return marks


def _parts(version: DocumentVersion) -> list[tuple[str, str, str]]:
    """(part, where, HTML) of the title, the preamble and each article of the version."""
    parts = [
        ("title", "", str(escape(version.title))),
        ("preamble", "", str(escape(version.preamble))),
    ]
    for article in version.content:
        where = " ".join(filter(None, [article.get("number", ""), article.get("heading", "")]))
        parts.append((str(article.get("key", "")), where, _article_source(article)))
    return parts


#: Between an article's heading and body in the text scanned (never in sanitised HTML).
_SEPARATOR = "\x00"


def _article_source(article: dict[str, str]) -> str:
    return f"{escape(article.get('heading', ''))}{_SEPARATOR}{article.get('body', '')}"


def find_marks(version: DocumentVersion) -> list[Mark]:
    """Every stale-looking year or date of the version, numbered in reading order, with
    whether it has been reviewed (one query for the reviews)."""
    years = stale_years_of(version)
    if not years:
        return []
    seen: dict[str, int] = {}
    marks = [m for p in _parts(version) for m in _scan(*p, years=years, seen=seen)]
    if not marks:
        return []
    reviewed = set(
        StaleYearReview.objects.filter(
            document_id=version.document_id, key__in=[m.key for m in marks]
        ).values_list("key", flat=True)
    )
    return [
        Mark(**{**m.__dict__, "number": i, "reviewed": m.key in reviewed})
        for i, m in enumerate(marks, start=1)
    ]


def stale_years_unreviewed(version: DocumentVersion) -> list[Mark]:
    """The marks of the version nobody has reviewed yet: freezing is refused while any is."""
    return [m for m in find_marks(version) if not m.reviewed]


def _highlight(source: str, part: str, marks: list[Mark], years: range) -> SafeString:
    """The part's HTML with each unreviewed mark wrapped in <mark id="stale-N">, said in words
    for screen readers (not by colour alone)."""
    todo = {m.key: m for m in marks if m.part == part and not m.reviewed}
    if not todo:
        return mark_safe(source)  # noqa: S308 — sanitised article HTML or escaped text
    seen: dict[str, int] = {}
    keys = [m.key for m in _scan(part, "", source, years, seen)]
    out = []
    index = 0
    for piece in _TAG.split(source):
        if piece.startswith("<"):
            out.append(piece)
            continue
        last = 0
        for start, end, _year in _found(piece, years):
            key = keys[index]
            index += 1
            out.append(piece[last:start])
            if key in todo:
                number = todo[key].number
                out.append(
                    f'<mark class="stale-year" id="stale-{number}" tabindex="-1">{piece[start:end]}'
                    f'<span class="visually-hidden"> ({_label(number)})</span></mark>'
                )
            else:
                out.append(piece[start:end])
            last = end
        out.append(piece[last:])
    return mark_safe("".join(out))  # noqa: S308 — only <mark> added to sanitised HTML


def _label(number: int) -> str:
    return _("year to check no. %(n)s") % {"n": number}


@dataclass(frozen=True)
class Highlighted:
    """A version's text with its marks, for the document page."""

    title: SafeString
    preamble: SafeString
    articles: list[dict[str, str]]  # each article with "body_marked"


def highlighted(version: DocumentVersion, marks: list[Mark]) -> Highlighted:
    years = stale_years_of(version)
    preamble = _highlight(str(escape(version.preamble)), "preamble", marks, years)
    articles = []
    for article in version.content:
        key = str(article.get("key", ""))
        heading_and_body = _highlight(_article_source(article), key, marks, years)
        heading, _sep, body = str(heading_and_body).partition(_SEPARATOR)
        articles.append(
            {
                **article,
                "heading_marked": mark_safe(heading),  # noqa: S308 — from _highlight
                "body_marked": mark_safe(body),  # noqa: S308 — from _highlight
            }
        )
    return Highlighted(
        title=_highlight(str(escape(version.title)), "title", marks, years),
        preamble=mark_safe(str(preamble).replace("\n", "<br>")),  # noqa: S308
        articles=articles,
    )
