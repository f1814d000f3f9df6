"""Whole-page caches keyed on the audit chain's head: the public portal's pages as visitors see
them, and the workspace's busiest pages as each signed-in person sees them.

Every write of the product appends an audit event, so any change — a comment, a signature, a
score, a ranking published or corrected, a vote, an award, a rename, a role changed — gives every
page a new key at once, in every server process (the head is read from the database on each
request, one query by primary key). A cached page is therefore never older than the last write.

Pages carry CSRF tokens (forms, and the htmx header of the workspace), so a stored page keeps a
placeholder where the token was and each request gets its own token on the way out.

What a signed-in person's page shows may also change without a write of record, so their key
holds those things too (see `_person_key`; the apps that own them contribute the parts to
`person_key_parts` from their contributions.py): their notifications (a new one, one read), whether
they confirmed their identity in the last minutes (the ballot and signing pages offer the form or
the re-authentication link), and the current minute (deadlines pass without anybody writing).
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
from django.utils import timezone, translation

from thidua.core.contributions import Hub
from thidua.core.models import AuditChainHead

#: Long enough to matter, short enough to bound memory; any write changes the keys anyway.
TTL = 15 * 60
#: A person's page is rebuilt at least every minute (their key holds the minute).
PERSON_TTL = 60
PLACEHOLDER = "__thidua_csrf_token__"
_TOKENS = re.compile(r'(name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")[A-Za-z0-9]+(")')

View = Callable[..., HttpResponse]
Fresh = dict[str, Callable[[HttpRequest], str]]

#: Parts of a signed-in person's key that other apps own, each a function (request) -> str,
#: joined in order.
person_key_parts: Hub[Callable[[HttpRequest], str]] = Hub("person_key_parts")


def _version() -> int:
    head = AuditChainHead.objects.filter(pk=1).values_list("seq", flat=True).first()
    return head or 0


def _where(request: HttpRequest) -> str:
    return hashlib.sha256(f"{request.get_host()}{request.get_full_path()}".encode()).hexdigest()


def _no_message_waiting(request: HttpRequest) -> bool:
    # Someone with a message waiting ("your comment awaits moderation", "signed") must see it;
    # len() looks without marking the messages as shown.
    return not len(messages.get_messages(request))


def _visitor_key(request: HttpRequest) -> str | None:
    if not (
        settings.PUBLIC_PAGE_CACHE
        and request.method == "GET"
        and not request.user.is_authenticated
        and _no_message_waiting(request)
    ):
        return None
    return f"public-page:{translation.get_language()}:{_version()}:{_where(request)[:32]}"


def _person_key(request: HttpRequest) -> str | None:
    user = request.user
    if not (
        settings.PERSON_PAGE_CACHE
        and request.method == "GET"
        and user.is_authenticated
        and not getattr(request, "htmx", False)
        and _no_message_waiting(request)
    ):
        return None
    minute = timezone.now().strftime("%Y%m%d%H%M")
    parts = "".join(f"{part(request)}:" for part in person_key_parts)
    return (
        f"person-page:{user.pk}:{translation.get_language()}:{_version()}:{minute}:{parts}"
        f"{_where(request)[:32]}"
    )


def _cached(
    key_for: Callable[[HttpRequest], str | None], ttl: int, fresh: Fresh
) -> Callable[[View], View]:
    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            from django.core.cache import caches

            cache = caches["pages"]
            key = key_for(request)
            if key is None:
                return view(request, *args, **kwargs)
            stored = cache.get(key)
            if stored is None:
                response = view(request, *args, **kwargs)
                if response.status_code != 200 or response.streaming or response.cookies:
                    return response
                cache.set(
                    key, (_stored(response.content.decode(), fresh), response["Content-Type"]), ttl
                )
                return response
            content, content_type = stored
            content = content.replace(PLACEHOLDER, get_token(request))
            for name, make in fresh.items():
                content = content.replace(_placeholder(name), make(request))
            return HttpResponse(content, content_type=content_type)

        return wrapper

    return decorate


def _stored(content: str, fresh: Fresh) -> str:
    content = _TOKENS.sub(rf"\g<1>{PLACEHOLDER}\g<2>", content)
    for name in fresh:
        content = re.sub(
            rf'(name="{re.escape(name)}" value=")[^"]*(")',
            rf"\g<1>{_placeholder(name)}\g<2>",
            content,
        )
    return content


def cached_for_visitors(view: View | None = None, *, fresh: Fresh | None = None) -> Any:
    """Serve the view's page from the cache to visitors who are not signed in.

    `fresh` names hidden form fields whose value must be made for each request (e.g. a signed
    time-on-page token): {field name: function(request) -> value}."""
    decorate = _cached(_visitor_key, TTL, dict(fresh or {}))
    return decorate(view) if view is not None else decorate


def cached_for_person(view: View) -> View:
    """Serve a signed-in person's page from the cache while nothing they could see has changed.

    Put it inside the view's permission decorators: the view's own access checks run whenever
    the page is built, and the key is the person's own, so nobody is ever served a page built
    for someone else. htmx fragments are not cached."""
    return _cached(_person_key, PERSON_TTL, {})(view)


def _placeholder(name: str) -> str:
    return f"__thidua_fresh_{name}__"
