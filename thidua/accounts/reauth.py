"""Re-authentication: a fresh password or TOTP confirmation before signing or voting.

`mark_authenticated(request)` is called when the person signs in with the password and when they
confirm again on the re-authentication page; `require_recent_auth` guards a view and sends
someone whose confirmation is older than settings.REAUTH_MAX_AGE_SECONDS to that page.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any, TypeVar, cast
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from thidua.accounts.redirects import home_url, same_site_referer

SESSION_KEY = "accounts_authenticated_at"

View = TypeVar("View", bound=Callable[..., HttpResponse])


def _now() -> float:
    return time.time()


def mark_authenticated(request: HttpRequest) -> None:
    """Record that the person has just proved who they are (password or TOTP code)."""
    request.session[SESSION_KEY] = _now()


def is_recently_authenticated(request: HttpRequest) -> bool:
    """True when the last confirmation is at most REAUTH_MAX_AGE_SECONDS old."""
    if not request.user.is_authenticated:
        return False
    stamp = request.session.get(SESSION_KEY)
    if not isinstance(stamp, int | float):
        return False
    age = _now() - stamp
    return 0 <= age <= settings.REAUTH_MAX_AGE_SECONDS


def reauth_url(request: HttpRequest) -> str:
    """The re-authentication page, returning to this page (GET) or to the page that posted."""
    if request.method in ("GET", "HEAD"):
        target = request.get_full_path()
    else:
        # A form's data cannot survive the detour: go back to the form's page, else home.
        target = same_site_referer(request) or home_url()
    return f"{reverse('accounts:reauth')}?{urlencode({'next': target})}"


def redirect_to_reauth(request: HttpRequest) -> HttpResponse:
    messages.info(
        request,
        _("For your security, confirm your identity again to continue."),
        fail_silently=True,
    )
    url = reauth_url(request)
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(url)
    return HttpResponseRedirect(url)


def require_recent_auth(view: View) -> View:
    """Let the view run only for someone who confirmed their identity in the last minutes."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_recently_authenticated(request):
            return redirect_to_reauth(request)
        return view(request, *args, **kwargs)

    return cast(View, wrapper)
