"""A province-scale synthetic dataset for the benchmark (issue 7): `manage.py seed_synthetic`.

Steps, in order, each reading what the earlier ones built (`base.Context`):
orgs → cycles → documents → meetings → scoring → voting → awards → news.
Rows go in through bulk inserts with fixed dates; every step appends summary events to the
hash-chained audit log so that `manage.py verify_audit` passes afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction

from thidua.demo.synthetic import awards, cycles, documents, meetings, news, orgs, scoring, voting
from thidua.demo.synthetic.base import Config, Context, Output, Step
from thidua.orgs.models import Organisation, Province

STEPS: list[Step] = [
    orgs.build,
    cycles.build,
    documents.build,
    meetings.build,
    scoring.build,
    voting.build,
    awards.build,
    news.build,
]
# Steps that manage their own transactions (in batches, to keep SQLite's journal small).
OWN_TRANSACTIONS = {scoring.build}


class Refused(Exception):
    """The database already holds organisations (or a synthetic province)."""


def check(*, force: bool) -> None:
    if Province.objects.filter(code=orgs.PROVINCE_CODE).exists():
        raise Refused("This database already holds the synthetic province.")
    count = Organisation.objects.count()
    if count and not force:
        raise Refused(f"This database already holds {count} organisations.")


def build(config: Config, out: Output, *, force: bool = False) -> Context:
    check(force=force)
    ctx = Context(config=config, out=out)
    with _fast_sqlite():
        for step in STEPS:
            if step in OWN_TRANSACTIONS:
                step(ctx)
            else:
                with transaction.atomic():
                    step(ctx)
    return ctx


@contextmanager
def _fast_sqlite() -> Iterator[None]:
    """A larger page cache while seeding SQLite (index upkeep of millions of rows)."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size = -262144")  # 256 MB
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -2000")
