"""The workspace's home page (the public portal for visitors) and the Board's exports."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from thidua.accounts.http import AuthenticatedRequest
from thidua.board import access, audit_files, dashboard, selectors
from thidua.core import access as core_access
from thidua.core.downloads import download
from thidua.core.page_cache import Scopes, cached_for_person, every_block, everything
from thidua.core.selectors import AuditFilters
from thidua.news.portal_views import portal_home


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        # Visitors who are not signed in see the public portal (signed-in people find it at
        # /news/).
        return portal_home(request)
    return _workspace_home(request)


def _home_shows(request: HttpRequest, kwargs: dict[str, Any]) -> Scopes:
    # The Board's home lists the latest events of the whole log; anyone else's, their blocks'.
    shows = everything if getattr(request.user, "is_board", False) else every_block
    return shows(request, kwargs)


@cached_for_person(shows=_home_shows)
def _workspace_home(request: HttpRequest) -> HttpResponse:
    return render(request, "board/home.html", selectors.dashboard_for(request.user, request.GET))


@login_required
@require_GET
def board_xlsx(request: AuthenticatedRequest, table: str) -> HttpResponse:
    """One table of the Board's dashboard as an Excel file."""
    access.require_board(request.user)
    if table not in dashboard.TABLES:
        raise Http404
    return download(dashboard.workbook(table), f"thidua-{table}.xlsx")


@login_required
@require_GET
def audit_export(request: AuthenticatedRequest, fmt: str) -> HttpResponse:
    """The audit log's events, filtered as on its page, as a workbook or a CSV file."""
    core_access.require_audit_reader(request.user)
    if fmt not in audit_files.FORMATS:
        raise Http404
    filters = AuditFilters.from_query(request.GET)
    if fmt == "csv":
        return download(audit_files.csv_bytes(filters, request.user), "thidua-audit-log.csv")
    return download(audit_files.workbook(filters, request.user), "thidua-audit-log.xlsx")
