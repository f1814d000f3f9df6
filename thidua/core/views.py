from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from thidua.core import access, board, selectors
from thidua.core.http import HtmxHttpRequest
from thidua.core.page_cache import cached_for_person
from thidua.lib import files


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        # Visitors who are not signed in see the public portal (signed-in people find it at
        # /news/).
        from thidua.news.portal_views import portal_home

        return portal_home(request)
    return _workspace_home(request)


@cached_for_person
def _workspace_home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", selectors.dashboard_for(request.user))


@require_GET
def floor(request: HttpRequest) -> HttpResponse:
    """The cheapest page through the full middleware stack: the benchmark's floor."""
    return HttpResponse("ok", content_type="text/plain")


@require_GET
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@login_required
def audit_log(request: HtmxHttpRequest) -> HttpResponse:
    access.require_audit_reader(request.user)
    filters = selectors.AuditFilters.from_query(request.GET)
    page = Paginator(selectors.audit_events(filters), 50).get_page(request.GET.get("page"))
    context = {"page": page, "filters": filters, "actions": selectors.audit_actions()}
    template = "core/audit_log.html#results" if request.htmx else "core/audit_log.html"
    return render(request, template, context)


@login_required
@require_GET
def board_xlsx(request: HttpRequest, table: str) -> HttpResponse:
    """One table of the Board's dashboard as an Excel file."""
    access.require_board(request.user)
    if table not in board.TABLES:
        raise Http404
    response = HttpResponse(board.workbook(table), content_type=files.XLSX)
    response["Content-Disposition"] = f'attachment; filename="thidua-{table}.xlsx"'
    return response


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    # Resolved per request: the hashed static name exists only after collectstatic.
    return redirect(static("thidua/favicon.svg"), permanent=True)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(request, "errors/500.html", status=500)
