"""Whole-page cache for the public portal's pages as visitors who are not signed in see them.

The key holds the audit chain's head: every write of the product appends an audit event, so any
change — a post published, a comment approved, a ranking published or corrected, an award
recorded, a rename — gives every page a new key at once, in every server process (the head is
read from the database on each request, one query by primary key). Nothing public can change
without a write, so a cached page is never older than the last write.

Pages carry CSRF tokens (the language switch is a form), so a stored page keeps a placeholder
where the token was and each visitor gets their own token on the way out.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation

from thidua.core.models import AuditChainHead

#: Long enough to matter, short enough to bound memory; any write changes the keys anyway.
TTL = 15 * 60
PLACEHOLDER = "__thidua_csrf_token__"
_TOKENS = re.compile(r'(name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")[A-Za-z0-9]+(")')

View = Callable[..., HttpResponse]


def _version() -> int:
    head = AuditChainHead.objects.filter(pk=1).values_list("seq", flat=True).first()
    return head or 0


def _key(request: HttpRequest) -> str:
    where = f"{request.get_host()}{request.get_full_path()}"
    path = hashlib.sha256(where.encode()).hexdigest()[:32]
    return f"public-page:{translation.get_language()}:{_version()}:{path}"


def _cacheable(request: HttpRequest) -> bool:
    return (
        settings.PUBLIC_PAGE_CACHE
        and request.method == "GET"
        and not request.user.is_authenticated
        # A visitor with a message waiting (e.g. "your comment awaits moderation") must see it.
        and not len(messages.get_messages(request))
    )


Fresh = dict[str, Callable[[HttpRequest], str]]


def cached_for_visitors(view: View | None = None, *, fresh: Fresh | None = None) -> Any:
    """Serve the view's page from the cache to visitors who are not signed in.

    `fresh` names hidden form fields whose value must be made for each request (e.g. a signed
    time-on-page token): {field name: function(request) -> value}."""
    fields = dict(fresh or {})

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            from django.core.cache import cache

            if not _cacheable(request):
                return view(request, *args, **kwargs)
            key = _key(request)
            stored = cache.get(key)
            if stored is None:
                response = view(request, *args, **kwargs)
                if response.status_code != 200 or response.streaming or response.cookies:
                    return response
                content = _TOKENS.sub(rf"\g<1>{PLACEHOLDER}\g<2>", response.content.decode())
                for name in fields:
                    content = re.sub(
                        rf'(name="{re.escape(name)}" value=")[^"]*(")',
                        rf"\g<1>{_placeholder(name)}\g<2>",
                        content,
                    )
                cache.set(key, (content, response["Content-Type"]), TTL)
                return response
            content, content_type = stored
            content = content.replace(PLACEHOLDER, get_token(request))
            for name, make in fields.items():
                content = content.replace(_placeholder(name), make(request))
            return HttpResponse(content, content_type=content_type)

        return wrapper

    return decorate(view) if view is not None else decorate


def _placeholder(name: str) -> str:
    return f"__thidua_fresh_{name}__"
