"""Versions of what pages show, for keying caches on them instead of on one province-wide counter.

A scope names a part of the data: ``block:<id>`` (the block, its cycles and everything in them),
``province`` (what every signed-in page may show: organisations, people, blocks' names, policies,
the law), ``person:<id>`` (a person's own things: their sign-in, devices, tokens, jobs) and
``public`` (the portal's published content). `bump()` moves a scope's version inside the writer's
transaction, so a reader never sees new data under an old version for long: either the write is
not yet committed (old data, old version) or it is (new version). Versions are rows of the
database, shared by every process and server; different scopes never wait on each other.

Every audited write bumps the scopes of its event (`audit.record` calls `bump_for_event`): the
block of a block's chain, else the actor for a person's own actions, else the province. Actions
that change what the public portal shows (news, published rankings, awards decided, blocks, their
members, organisations) bump ``public`` as well (`PUBLIC_ACTIONS`).

`total()` reads in one query one number that grows whenever any of the scopes it covers is bumped
(versions only ever grow, so their sum does too): a cache key's part, also for "every block" or
"everything" and for a block found by a subquery (the block of a cycle, a document, a session).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import F, QuerySet

from thidua.core.models import AuditEvent, Version

PROVINCE = "province"
PUBLIC = "public"
BLOCK_PREFIX = "block:"
#: For `total()`: every block's scope, or every scope there is.
EVERY_BLOCK = "block:*"
EVERYTHING = "*"

#: Actions that change only what their actor's own pages show.
PERSONAL_ACTIONS = (
    "auth.",
    "person.totp_device.",
    "api.token.",
    "jobs.",
    "checklists.acknowledge",
)


#: Actions that change what the public portal shows, wherever their event's chain is.
PUBLIC_ACTIONS = (
    "news.",
    "scoring.ranking_",
    "awards.decision.",
    "awards.bulk_decide",
    "block.",
    "membership.",
    "organisation.",
    "province.",
    "import.",
)
#: Of those, actions whose result visitors do not see (a comment waits for its moderator).
UNSEEN_BY_VISITORS = frozenset({"news.comment.submit"})


def block(block_id: int) -> str:
    return f"block:{block_id}"


def person(person_id: int) -> str:
    return f"person:{person_id}"


def bump(*scopes: str) -> None:
    """Move each scope's version on. Call inside the transaction that changes what it names."""
    for scope in dict.fromkeys(scopes):
        if not Version.objects.filter(scope=scope).update(n=F("n") + 1):
            try:
                with transaction.atomic():
                    Version.objects.create(scope=scope, n=1)
            except IntegrityError:  # created meanwhile by another writer
                Version.objects.filter(scope=scope).update(n=F("n") + 1)


def scopes_of_event(event: AuditEvent) -> list[str]:
    """What an audit event changed, as scopes."""
    chain = getattr(event, "chain", "") or ""
    shown = event.action.startswith(PUBLIC_ACTIONS) and event.action not in UNSEEN_BY_VISITORS
    public = [PUBLIC] if shown else []
    if chain.startswith(BLOCK_PREFIX):
        return [chain, *public]
    if event.action.startswith(PERSONAL_ACTIONS) and event.actor_id is not None:
        return [person(event.actor_id)]
    return [PROVINCE, *public]


def bump_for_event(event: AuditEvent) -> None:
    bump(*scopes_of_event(event))


def versions(scopes: Iterable[str]) -> dict[str, int]:
    """The current version of each scope (0 for one never bumped), in one query."""
    wanted = list(dict.fromkeys(scopes))
    found = dict(Version.objects.filter(scope__in=wanted).values_list("scope", "n"))
    return {scope: found.get(scope, 0) for scope in wanted}


def stamp(scopes: Iterable[str]) -> str:
    """A short text that changes whenever any of these scopes changes: a cache key's part."""
    current = versions(scopes)
    text = ";".join(f"{scope}={n}" for scope, n in sorted(current.items()))
    return hashlib.sha256(text.encode()).hexdigest()[:24]


#: SQL giving block ids, with its parameters: a compiled one-column queryset (`compiled()`).
BlockIds = tuple[str, tuple[Any, ...]]


def compiled(block_ids: QuerySet) -> BlockIds:
    """A one-column queryset of block ids as SQL (its column named ``block_ids``), to reuse
    with other parameters."""
    column = next(iter(block_ids.query.values_select), None) or "pk"
    sql, params = block_ids.values(block_ids=F(column)).query.sql_with_params()
    return sql, tuple(params)


def total(scopes: Iterable[str], *, blocks: QuerySet | BlockIds | None = None) -> int:
    """One number that grows whenever any of `scopes` (`EVERY_BLOCK` and `EVERYTHING` allowed)
    or the blocks that `blocks` names (a one-column queryset of block ids, or its compiled SQL)
    is bumped, in one query. Rows are never deleted and only grow, so the sum of the versions
    covered never comes back to a value it had; a scope never bumped counts 0.

    Raw SQL: it runs on every request served from the page caches, and compiling the ORM's
    subquery cost more than running it."""
    wanted = set(scopes)
    table = connection.ops.quote_name(Version._meta.db_table)
    where: list[str] = []
    params: list[Any] = []
    if EVERYTHING not in wanted:
        names = sorted(wanted - {EVERY_BLOCK})
        if names:
            where.append(f"scope IN ({', '.join(['%s'] * len(names))})")
            params += names
        if EVERY_BLOCK in wanted:
            where.append("scope LIKE %s")
            params.append(f"{BLOCK_PREFIX}%")
        elif blocks is not None:
            sql, more = compiled(blocks) if isinstance(blocks, QuerySet) else blocks
            subquery = f"SELECT %s || CAST(t.block_ids AS TEXT) FROM ({sql}) t"  # noqa: S608
            where.append(f"scope IN ({subquery})")
            params += [BLOCK_PREFIX, *more]
        if not where:
            return 0
    # Only fixed fragments and compiled SQL are joined; every value is a parameter.
    query = f"SELECT SUM(n) FROM {table}"  # noqa: S608
    if where:
        query += f" WHERE {' OR '.join(where)}"
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        row = cursor.fetchone()
    return int(row[0] or 0) if row else 0
