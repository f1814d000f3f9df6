from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
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


@dataclass(frozen=True)
class _ScopeField:
    """One scope filter as the page shows it; `refreshes` is the filter whose choices follow it."""

    key: str
    label: str
    choices: list[tuple[str, str]]
    chosen: str
    refreshes: str = ""
    refreshes_label: str = ""


def _scope_fields(filters: selectors.AuditFilters) -> list[_ScopeField]:
    scopes = sentences.audit_scopes.items()
    return [
        _ScopeField(
            key,
            str(scope.label),
            scope.choices(filters.scopes),
            filters.scopes.get(key, ""),
            *((scopes[i + 1][0], str(scopes[i + 1][1].label)) if i + 1 < len(scopes) else ()),
        )
        for i, (key, scope) in enumerate(scopes)
    ]


@login_required
def audit_log(request: HtmxHttpRequest) -> HttpResponse:
    access.require_audit_reader(request.user)
    filters = selectors.AuditFilters.from_query(request.GET)
    fields = _scope_fields(filters)
    field = request.GET.get("field", "")
    if request.htmx and field:
        # A scope filter changed: the filter after it, with the choices that follow it.
        shown = next((f for f in fields if f.key == field), None)
        if shown is None:
            raise Http404
        return render(request, "core/audit_log.html#scope", {"scope": shown})
    page = Paginator(selectors.audit_events(filters), 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "lines": sentences.read(page.object_list, request.user),
        "filters": filters,
        "kinds": [(key, kind.label) for key, kind in sentences.audit_kinds.items()],
        "scopes": fields,
        "export_query": urlencode(filters.query()),
        "export_limit": selectors.AUDIT_EXPORT_LIMIT,
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
