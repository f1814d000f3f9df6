from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from thidua.core import access, selectors
from thidua.core import audit_log as sentences
from thidua.core.http import HtmxHttpRequest


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
    context = {
        "page": page,
        "lines": sentences.read(page.object_list, request.user),
        "filters": filters,
        "kinds": [(key, kind.label) for key, kind in sentences.audit_kinds.items()],
        "scopes": [
            (key, scope.label, scope.choices(filters.scopes), filters.scopes.get(key, ""))
            for key, scope in sentences.audit_scopes.items()
        ],
        "export_query": urlencode(filters.query()),
    }
    template = "core/audit_log.html#results" if request.htmx else "core/audit_log.html"
    return render(request, template, context)


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
