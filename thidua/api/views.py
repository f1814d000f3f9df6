"""The Board's pages for API access, and the API's documentation page: access → form → service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from thidua.accounts.http import AuthenticatedRequest
from thidua.api import access, forms, services, webhooks
from thidua.api.models import (
    ApiToken,
    DeliveryStatus,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from thidua.api.v1 import api
from thidua.core.errors import DomainError
from thidua.core.forms import add_domain_error, posted


@login_required
def token_list(request: AuthenticatedRequest) -> HttpResponse:
    access.require_board(request.user)
    tokens = ApiToken.objects.select_related("province", "created_by", "revoked_by")
    return render(request, "api/token_list.html", {"tokens": list(tokens[:200])})


@login_required
@require_http_methods(["GET", "POST"])
def token_create(request: AuthenticatedRequest) -> HttpResponse:
    access.require_board(request.user)
    form = forms.TokenForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            issued = services.issue_token(
                actor=request.user,
                name=form.cleaned_data["name"],
                province=form.cleaned_data["province"],
                scopes=form.cleaned_data["scopes"],
                expires_on=form.cleaned_data["expires_on"],
            )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            # Rendered, not redirected: the token's value is never kept to show it again.
            response = render(request, "api/token_issued.html", {"issued": issued})
            response["Cache-Control"] = "no-store"
            return response
    return render(request, "api/token_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def token_revoke(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    token = access.get_token_for(request.user, pk)
    error = ""
    if request.method == "POST":
        try:
            services.revoke_token(actor=request.user, token=token)
        except DomainError as err:
            error = err.message
        else:
            messages.success(request, _("The token is revoked: its calls are refused from now."))
            return redirect("api:token_list")
    return render(request, "api/token_revoke.html", {"token": token, "error": error})


@require_GET
def docs(request: HttpRequest) -> HttpResponse:
    """Every operation of the generated OpenAPI schema, readable without JavaScript."""
    schema = api.get_openapi_schema()
    operations: list[dict[str, Any]] = []
    for path, methods in schema["paths"].items():
        for method, op in methods.items():
            operations.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "tag": (op.get("tags") or [""])[0],
                    "parameters": [
                        p["name"] for p in op.get("parameters", []) if p.get("in") == "query"
                    ],
                    "write": method.upper() != "GET",
                    "public": not op.get("security"),
                }
            )
    context = {"operations": operations, "description": schema["info"].get("description", "")}
    return render(request, "api/docs.html", context)


# --- webhooks ----------------------------------------------------------------------------------


@login_required
def webhook_list(request: AuthenticatedRequest) -> HttpResponse:
    access.require_board(request.user)
    endpoints = list(WebhookEndpoint.objects.select_related("province"))
    deliveries = list(
        WebhookDelivery.objects.select_related("endpoint").order_by("-created_at", "-pk")[:100]
    )
    context = {
        "endpoints": endpoints,
        "deliveries": deliveries,
        "events": dict(WebhookEvent.choices),
    }
    return render(request, "api/webhook_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def webhook_create(request: AuthenticatedRequest) -> HttpResponse:
    access.require_board(request.user)
    form = forms.WebhookForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            endpoint = services.register_webhook(
                actor=request.user,
                name=form.cleaned_data["name"],
                url=form.cleaned_data["url"],
                province=form.cleaned_data["province"],
                events=form.cleaned_data["events"],
            )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            context = {"endpoint": endpoint, "secret": webhooks.secret_for(endpoint)}
            response = render(request, "api/webhook_registered.html", context)
            response["Cache-Control"] = "no-store"
            return response
    return render(request, "api/webhook_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def webhook_deactivate(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    endpoint = access.get_webhook_for(request.user, pk)
    error = ""
    if request.method == "POST":
        try:
            services.deactivate_webhook(actor=request.user, endpoint=endpoint)
        except DomainError as err:
            error = err.message
        else:
            messages.success(request, _("The webhook is switched off: no event is sent to it now."))
            return redirect("api:webhook_list")
    pending = endpoint.deliveries.filter(status=DeliveryStatus.PENDING).count()
    context = {"endpoint": endpoint, "error": error, "pending": pending}
    return render(request, "api/webhook_deactivate.html", context)
