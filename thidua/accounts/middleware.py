"""Mandatory two-factor for the roles the policy names (settings.TWO_FACTOR_REQUIRED_ROLES).

A signed-in person who has an authenticator must enter a code before any other page; a person
the policy obliges to use one must set it up first. Until then only the pages needed to do that
(and to sign out, reset a password, switch language, or check health) answer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from thidua.accounts import access, services
from thidua.accounts.redirects import home_url

ALWAYS_OPEN = frozenset(
    {
        "accounts:logout",
        "accounts:password_reset",
        "accounts:password_reset_done",
        "accounts:password_reset_confirm",
        "accounts:password_reset_complete",
        "set_language",
        "core:healthz",
    }
)
OPEN_TO_VERIFY = ALWAYS_OPEN | {"accounts:two_factor_verify"}
OPEN_TO_SET_UP = ALWAYS_OPEN | {
    "accounts:two_factor",
    "accounts:two_factor_setup",
    "accounts:reauth",
}


class PolicyRequest(HttpRequest):
    """The request as this middleware leaves it: `two_factor_pending` is set (True) only while
    the person still has to enter or set up a code; readers use getattr(..., False)."""

    two_factor_pending: bool


class TwoFactorPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: PolicyRequest, view_func: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        # process_view runs after URL resolution and after every middleware has set up the
        # request (messages, htmx), so the decision can use the view's name.
        user = request.user
        if not user.is_authenticated or request.path.startswith(settings.STATIC_URL):
            return None
        is_verified = getattr(user, "is_verified", None)
        if is_verified is not None and is_verified():
            return None
        name = request.resolver_match.view_name if request.resolver_match else ""
        if services.has_two_factor(user):
            if name in OPEN_TO_VERIFY:
                request.two_factor_pending = True
                return None
            messages.info(request, _("Enter the code from your authenticator app to continue."))
            return self._redirect(request, "accounts:two_factor_verify")
        if access.two_factor_required(user):
            if name in OPEN_TO_SET_UP:
                request.two_factor_pending = True
                return None
            messages.warning(
                request,
                _(
                    "Your role requires two-factor authentication. Set it up now to continue: "
                    "it takes a minute with an authenticator app on your phone."
                ),
            )
            return self._redirect(request, "accounts:two_factor_setup")
        return None

    @staticmethod
    def _redirect(request: HttpRequest, target: str) -> HttpResponse:
        back = request.get_full_path() if request.method in ("GET", "HEAD") else home_url()
        url = f"{reverse(target)}?{urlencode({'next': back})}"
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(url)
        return HttpResponseRedirect(url)
