"""Who issues a block's documents, and from where, on a given date.

Every document a block issues in a cycle carries the same letterhead: the authority line of the
province in force on the document's date (configured by the Board on the province), the block's
name, and the place–date line with that province's name. A document dated after a merger names
the province the old one was merged into (Bình Thuận → Lâm Đồng on 01/07/2025); one dated before
keeps the old name.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from thidua.reports import layout

if TYPE_CHECKING:
    from thidua.orgs.models import Block, Province


def province_on(province: Province, on: dt.date) -> Province:
    return province.on(on)


def letterhead(
    block: Block, on: dt.date, *, number: str = "", issuer: str = "", superior: str | None = None
) -> layout.Letterhead:
    """The letterhead of a document `block` issues on `on`; `issuer` replaces the block's name
    (e.g. a member unit's achievement report) and `superior` the province's authority line."""
    province = province_on(block.province, on)
    return layout.Letterhead(
        superior=province.authority_line if superior is None else superior,
        issuer=(issuer or block.name).upper(),
        place=province.name,
        date=on,
        number=number,
    )


def specimen(doc: layout.Document) -> str:
    """The mark a copy carries outside its official text: "BẢN MẪU …" on every document the site
    issues in demo mode (settings.DEMO_MODE), nothing otherwise. The renderers print it in the
    page header (and the PDF as a watermark), never in the body."""
    if not settings.DEMO_MODE:
        return ""
    return doc.specimen or layout.SPECIMEN


def addressee(block: Block, on: dt.date) -> tuple[str, str]:
    """Who the block's dossier is addressed to on `on`, and the office it goes through."""
    province = province_on(block.province, on)
    return province.addressee, province.dossier_routing


class UndatedDocument(Exception):
    """A document asked for before its business event happened (an unpublished ranking, a
    comment window still open): it is not dated with today's date, the user is told instead."""

    def __init__(self, message: str, *, next_url: str = "", next_label: str = "") -> None:
        super().__init__(message)
        self.message, self.next_url, self.next_label = message, next_url, next_label


def undated_response(request: HttpRequest, error: UndatedDocument) -> HttpResponse:
    """The page that says what is missing before the document can be issued."""
    return render(request, "reports/undated.html", {"error": error}, status=409)
