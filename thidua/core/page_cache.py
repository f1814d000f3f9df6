"""Whole-page caches keyed on the versions of what each page shows: the public portal's pages as
visitors see them, and the workspace's busiest pages as each signed-in person sees them.

Every write of the product appends an audit event, and the event bumps the versions of what it
changed (thidua/core/versions.py): its block, the province, the person's own things, the public
portal. Each cached view says what it shows (`Shows`): the block of the cycle, document or
session in its URL, every block, or everything; a signed-in person's page also shows the province
and the person's own things, a visitor's page the public portal and the province. The key holds
one number read in one query — the sum of those versions — so a write shows at once, in every
server process, on the pages that show what it changed, and leaves every other page in the cache
(a score saved in one block does not rebuild another block's pages; somebody signing in does not
rebuild other people's pages). A cached page is therefore never older than the last write it
shows.

Pages carry CSRF tokens (forms, and the htmx header of the workspace), so a stored page keeps a
placeholder where the token was and each request gets its own token on the way out.

What a page shows may also change without a write of record:
- a signed-in person's key holds what the apps contribute to `person_key_parts` from their
  contributions.py: their notifications (a new one, one read) and whether they confirmed their
  identity in the last minutes (the ballot and signing pages offer the form or the link);
- deadlines pass without anybody writing (a comment window closes): a page is stored only until
  the next deadline of what it shows, which the apps contribute to `page_deadlines`, and never
  past the next midnight (dates, "overdue", the year's end).

Responses that went through the cache say so in an `X-Page-Cache: hit|miss` header.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone, translation

from thidua.core import versions
from thidua.core.contributions import Hub

#: Long enough to matter, short enough to bound memory; writes and deadlines end entries sooner.
TTL = 15 * 60
PERSON_TTL = TTL
PLACEHOLDER = "__thidua_csrf_token__"
HEADER = "X-Page-Cache"
_TOKENS = re.compile(r'(name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")[A-Za-z0-9]+(")')

View = Callable[..., HttpResponse]
Fresh = dict[str, Callable[[HttpRequest], str]]


@dataclass(frozen=True)
class Scopes:
    """What one page shows: named scopes (`versions.EVERY_BLOCK`, `versions.EVERYTHING`
    allowed) and blocks named by a one-column queryset of block ids — compiled, found by a
    subquery of the one query that reads the versions, and made as a queryset only when the
    page is stored (for its deadlines)."""

    names: tuple[str, ...] = ()
    blocks_sql: versions.BlockIds | None = None
    make_blocks: Callable[[], QuerySet] | None = None

    @classmethod
    def of_blocks(cls, block_ids: QuerySet, *names: str) -> Scopes:
        return cls(names, versions.compiled(block_ids), lambda: block_ids)

    @property
    def blocks(self) -> QuerySet | None:
        return self.make_blocks() if self.make_blocks is not None else None

    def adding(self, *names: str) -> Scopes:
        return Scopes((*names, *self.names), self.blocks_sql, self.make_blocks)


#: What a cached view shows, from the request and the URL's keyword arguments.
Shows = Callable[[HttpRequest, dict[str, Any]], Scopes]

#: Parts of a signed-in person's key that other apps own, each a function (request) -> str,
#: joined in order.
person_key_parts: Hub[Callable[[HttpRequest], str]] = Hub("person_key_parts")

#: The next deadlines of what a page shows, contributed by the apps that have deadlines: each a
#: function (block ids, now) -> the first deadline after now or None, where block ids is a
#: one-column queryset of the blocks shown, or None for every block. Asked only when a page is
#: stored, never when it is served from the cache.
page_deadlines: Hub[Callable[[QuerySet | None, dt.datetime], dt.datetime | None]] = Hub(
    "page_deadlines"
)


def in_block(model: type[Model], path: str = "block_id", kwarg: str = "pk") -> Shows:
    """The page shows the block of the `model` row whose primary key is the URL's `kwarg`,
    reached through `path` (``"cycle__block_id"`` for a cycle's document)."""

    compiled: list[str] = []  # the SQL, the same for every primary key: compiled once

    def shows(request: HttpRequest, kwargs: dict[str, Any]) -> Scopes:
        pk = kwargs.get(kwarg)
        if pk is None:  # called without the URL's keyword (by another view): no narrowing
            return Scopes((versions.EVERYTHING,))
        if not compiled:
            sql, params = versions.compiled(model._default_manager.filter(pk=0).values(path))
            if params != (0,):  # the primary key must be the only parameter
                raise ValueError(f"{model.__name__}.{path}: {params}")
            compiled.append(sql)
        return Scopes(
            blocks_sql=(compiled[0], (pk,)),
            make_blocks=lambda: model._default_manager.filter(pk=pk).values(path),
        )

    return shows


def every_block(request: HttpRequest, kwargs: dict[str, Any]) -> Scopes:
    """The page shows things of any block (the Board's queue, an organisation's history)."""
    return Scopes((versions.EVERY_BLOCK,))


def everything(request: HttpRequest, kwargs: dict[str, Any]) -> Scopes:
    """The page may show anything (the latest events of the whole log)."""
    return Scopes((versions.EVERYTHING,))


def _where(request: HttpRequest) -> str:
    return hashlib.sha256(f"{request.get_host()}{request.get_full_path()}".encode()).hexdigest()


def _no_message_waiting(request: HttpRequest) -> bool:
    # Someone with a message waiting ("your comment awaits moderation", "signed") must see it;
    # len() looks without marking the messages as shown.
    return not len(messages.get_messages(request))


def _visitor_scopes(request: HttpRequest, shown: Callable[[], Scopes]) -> Scopes | None:
    if not (
        settings.PUBLIC_PAGE_CACHE
        and request.method == "GET"
        and not request.user.is_authenticated
        and _no_message_waiting(request)
    ):
        return None
    return shown().adding(versions.PUBLIC, versions.PROVINCE)


def _person_scopes(request: HttpRequest, shown: Callable[[], Scopes]) -> Scopes | None:
    user = request.user
    if not (
        settings.PERSON_PAGE_CACHE
        and request.method == "GET"
        and user.is_authenticated
        and not getattr(request, "htmx", False)
        and _no_message_waiting(request)
    ):
        return None
    return shown().adding(versions.PROVINCE, versions.person(user.pk))


def _visitor_key(request: HttpRequest, scopes: Scopes) -> str:
    n = versions.total(scopes.names, blocks=scopes.blocks_sql)
    return f"public-page:{translation.get_language()}:{n}:{_where(request)[:32]}"


def _person_key(request: HttpRequest, scopes: Scopes) -> str:
    n = versions.total(scopes.names, blocks=scopes.blocks_sql)
    parts = "".join(f"{part(request)}:" for part in person_key_parts)
    return (
        f"person-page:{request.user.pk}:{translation.get_language()}:{n}:{parts}"
        f"{_where(request)[:32]}"
    )


def next_deadline(scopes: Scopes, now: dt.datetime) -> dt.datetime:
    """The first moment after `now` when what these scopes show may change by itself: the next
    deadline the apps know of in the blocks shown, else the next local midnight."""
    local = timezone.localtime(now)
    midnight = timezone.make_aware(
        dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time()), local.tzinfo
    )
    found = [midnight]
    wide = {versions.EVERY_BLOCK, versions.EVERYTHING} & set(scopes.names)
    if wide or scopes.make_blocks is not None:
        blocks = None if wide else scopes.blocks
        for deadline in page_deadlines:
            at = deadline(blocks, now)
            if at is not None and at > now:
                found.append(at)
    return min(found)


def ttl_until(deadline: dt.datetime, now: dt.datetime, ttl: int) -> int:
    """Seconds to keep a page stored at `now`: `ttl`, or less so it is gone at `deadline`."""
    return max(1, min(ttl, math.floor((deadline - now).total_seconds())))


def _cached(
    scopes_for: Callable[[HttpRequest, Callable[[], Scopes]], Scopes | None],
    key_for: Callable[[HttpRequest, Scopes], str],
    ttl: int,
    fresh: Fresh,
    shows: Shows,
) -> Callable[[View], View]:
    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            from django.core.cache import caches

            cache = caches["pages"]
            scopes = scopes_for(request, lambda: shows(request, kwargs))
            if scopes is None:
                return view(request, *args, **kwargs)
            key = key_for(request, scopes)
            stored = cache.get(key)
            if stored is None:
                now = timezone.now()
                response = view(request, *args, **kwargs)
                if response.status_code != 200 or response.streaming or response.cookies:
                    return response
                keep = ttl_until(next_deadline(scopes, now), now, ttl)
                cache.set(
                    key, (_stored(response.content.decode(), fresh), response["Content-Type"]), keep
                )
                response[HEADER] = "miss"
                return response
            content, content_type = stored
            content = content.replace(PLACEHOLDER, get_token(request))
            for name, make in fresh.items():
                content = content.replace(_placeholder(name), make(request))
            response = HttpResponse(content, content_type=content_type)
            response[HEADER] = "hit"
            return response

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


def _nothing_more(request: HttpRequest, kwargs: dict[str, Any]) -> Scopes:
    return Scopes()


def cached_for_visitors(
    view: View | None = None, *, fresh: Fresh | None = None, shows: Shows | None = None
) -> Any:
    """Serve the view's page from the cache to visitors who are not signed in, until the public
    portal or the province changes (or what `shows` adds).

    `fresh` names hidden form fields whose value must be made for each request (e.g. a signed
    time-on-page token): {field name: function(request) -> value}."""
    decorate = _cached(
        _visitor_scopes, _visitor_key, TTL, dict(fresh or {}), shows or _nothing_more
    )
    return decorate(view) if view is not None else decorate


def cached_for_person(view: View | None = None, *, shows: Shows | None = None) -> Any:
    """Serve a signed-in person's page from the cache while nothing they could see has changed:
    what `shows` names (by default everything), the province, the person's own things.

    Put it inside the view's permission decorators: the view's own access checks run whenever
    the page is built, and the key is the person's own, so nobody is ever served a page built
    for someone else. htmx fragments are not cached."""
    decorate = _cached(_person_scopes, _person_key, PERSON_TTL, {}, shows or everything)
    return decorate(view) if view is not None else decorate


def _placeholder(name: str) -> str:
    return f"__thidua_fresh_{name}__"
