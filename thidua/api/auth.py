"""Token authentication and the per-token rate limit of the API.

Only the Authorization header authenticates: a browser's session cookie is never read, so no
API call needs (or gets) a CSRF exemption for cookies."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from thidua.api import services
from thidua.api.models import ApiToken

# At most this many calls per token in the window (seconds): the same fixed-window counter as the
# portal's comments (thidua/news/portal_views.py), keyed on the token instead of the address.
RATE_LIMIT = 300
RATE_WINDOW = 60


class TokenRefused(Exception):
    def __init__(self, message: str, status: int = 401, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.retry_after = retry_after


def use_language(request: HttpRequest) -> None:
    """Vietnamese unless the caller asks for English (Accept-Language: en…)."""
    asked = request.headers.get("Accept-Language", "").strip().lower()
    translation.activate("en" if asked.startswith("en") else "vi")


def _rate_key(token: ApiToken) -> str:
    return f"api:calls:{token.pk}"


def count_call(token: ApiToken) -> None:
    key = _rate_key(token)
    cache.add(key, 0, RATE_WINDOW)
    if cache.get(key, 0) >= RATE_LIMIT:
        raise TokenRefused(
            _("Too many calls with this token. Please try again in a minute."),
            status=429,
            retry_after=RATE_WINDOW,
        )
    try:
        cache.incr(key)
    except ValueError:  # the window ended meanwhile
        cache.set(key, 1, RATE_WINDOW)


class TokenAuth(HttpBearer):
    def __call__(self, request: HttpRequest) -> Any:
        use_language(request)
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = (
            ApiToken.objects.select_related("province", "created_by")
            .filter(token_hash=services.hash_token(token.strip()))
            .first()
        )
        if found is None:
            raise TokenRefused(_("This API token is not known. Check that it was copied whole."))
        if found.revoked_at is not None:
            raise TokenRefused(_("This API token was revoked by the Board."))
        if not found.is_active:
            raise TokenRefused(_("This API token has expired: ask the Board for a new one."))
        if not found.created_by.is_board:
            raise TokenRefused(
                _(
                    "The Board officer who issued this token no longer has access: "
                    "ask the Board for a new token."
                )
            )
        count_call(found)
        services.note_use(found)
        return found


def token_of(request: HttpRequest) -> ApiToken:
    token = getattr(request, "auth", None)
    assert isinstance(token, ApiToken)
    return token
