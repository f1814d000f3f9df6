"""Sign-in throttling with django-axes: one failure counter per account, and the lockout page.

settings.AXES_USERNAME_CALLABLE points to `attempt_username`, so that failures typed with the
username and with the e-mail address count together; settings.AXES_LOCKOUT_CALLABLE points to
`locked_out_response`, which says in plain words when the person may try again.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from thidua.accounts.models import User


def attempt_username(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str | None:
    """The account a sign-in attempt is about: an e-mail address maps to its username.

    Unknown names are kept (lower-cased) so that guessing them is throttled the same way and
    the answer does not reveal which accounts exist.
    """
    field = settings.AXES_USERNAME_FORM_FIELD
    typed = (credentials or {}).get(field)
    if typed is None and request is not None:
        typed = request.POST.get(field)
    if not typed:
        return None
    login = str(typed).strip()
    lookup = "email__iexact" if "@" in login else "username__iexact"
    username = User.objects.filter(**{lookup: login}).values_list("username", flat=True).first()
    return username or login.lower()


def retry_at(username: str | None, cool_off: dt.timedelta | None) -> dt.datetime | None:
    """When the lockout of this account ends (the last counted failure plus the cool-off)."""
    if not username or cool_off is None:
        return None
    last = AccessAttempt.objects.filter(username=username).aggregate(last=Max("attempt_time"))
    return (last["last"] or timezone.now()) + cool_off


def locked_out_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    cool_off = get_cool_off(request)
    until = retry_at(attempt_username(request, credentials), cool_off)
    minutes = round(cool_off.total_seconds() / 60) if cool_off else None
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "cool_off_minutes": minutes,
        "retry_at": timezone.localtime(until) if until else None,
        "retry_today": until is not None
        and timezone.localtime(until).date() == timezone.localdate(),
    }
    return render(
        request,
        "accounts/locked_out.html",
        context,
        status=getattr(settings, "AXES_HTTP_RESPONSE_CODE", 429),
    )
