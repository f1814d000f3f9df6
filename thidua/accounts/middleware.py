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
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware as DjangoOTPMiddleware

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


class OTPMiddleware(DjangoOTPMiddleware):
    """django_otp's, finding the session's authenticator among those loaded with the person
    (backends.get_user) instead of asking the database again on every request. A device not
    among them (another kind, or an unusual session) is looked up as django_otp does."""

    def _verify_user_sync(self, request: HttpRequest, user: Any) -> Any:
        persistent_id = request.session.get(DEVICE_ID_SESSION_KEY)
        devices = getattr(user, "confirmed_totp_devices", None) if persistent_id else None
        if devices is None:
            return super()._verify_user_sync(request, user)
        wanted = self._normalize_persistent_id(persistent_id)
        device = next((d for d in devices if d.persistent_id == wanted), None)
        if device is None:
            return super()._verify_user_sync(request, user)
        self._init_user_fields(user)
        user.otp_device = self._finalize_device(request, user, device)
        return user


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
        # The facts were loaded with the person (backends); a user from elsewhere is asked.
        devices = getattr(user, "confirmed_totp_devices", None)
        has_two_factor = services.has_two_factor(user) if devices is None else bool(devices)
        if has_two_factor:
            if name in OPEN_TO_VERIFY:
                request.two_factor_pending = True
                return None
            messages.info(request, _("Enter the code from your authenticator app to continue."))
            return self._redirect(request, "accounts:two_factor_verify")
        if access.two_factor_required(
            user, heads_open_cycle=getattr(user, "heads_open_cycle", None)
        ):
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
