"""What every step of the synthetic province shares: its settings, its random streams, fixed
dates, progress output and the bulk writers.

Everything is derived from the seed and fixed calendar dates (never the clock), so two runs with
the same options write the same names, texts and scores.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.db import connection, models
from django.db.models.fields import DateField

from thidua.accounts.models import User
from thidua.cycles.models import AwardType, Cycle
from thidua.drafting.models import DocumentVersion
from thidua.orgs.models import Block, Organisation, Province

BATCH = 2000
VN = dt.timezone(dt.timedelta(hours=7))


class Output(Protocol):
    def write(self, msg: str, /) -> Any: ...


@dataclass(frozen=True)
class Config:
    blocks: int = 40
    units_per_block: int = 15
    years: int = 10
    seed: int = 1
    last_year: int = 2025

    @property
    def first_year(self) -> int:
        return self.last_year - self.years + 1

    @property
    def year_list(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))


def at(day: dt.date, hour: int = 8, minute: int = 0) -> dt.datetime:
    """A fixed moment on `day`, Vietnam time (aware, whole seconds)."""
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=VN)


@dataclass
class Slot:
    """One seat of a block's roster: the organisation holding it in each year."""

    by_year: dict[int, Organisation] = field(default_factory=dict)


@dataclass
class People:
    representative: User
    leader: User


@dataclass
class Context:
    """Shared state filled step by step (the later steps read what earlier ones built)."""

    config: Config
    out: Output
    province: Province | None = None
    board: list[User] = field(default_factory=list)
    award_types: list[AwardType] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    rosters: dict[int, list[Slot]] = field(default_factory=dict)  # block pk → slots
    people: dict[int, People] = field(default_factory=dict)  # organisation pk → people
    org_names: dict[int, list[tuple[dt.date | None, dt.date | None, str]]] = field(
        default_factory=dict
    )
    organisations: list[Organisation] = field(default_factory=list)
    org_index: dict[int, int] = field(default_factory=dict)  # organisation pk → 1-based index
    leader_positions: dict[int, str] = field(default_factory=dict)
    password_hash: str = ""
    cycles: list[Cycle] = field(default_factory=list)
    # Filled by the documents step: (cycle pk, kind) → the document's last version.
    final_versions: dict[tuple[int, str], DocumentVersion] = field(default_factory=dict)
    # Filled by the scoring step, read by voting and awards: cycle pk → ranked entries.
    rankings: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    # Filled by the meetings step: cycle pk → year-end meeting pk, and the units present there.
    year_end_meetings: dict[int, int] = field(default_factory=dict)
    year_end_present: dict[int, list[int]] = field(default_factory=dict)
    # Filled by the voting step: cycle pk → [(award type pk, [(unit pk, agree votes)])] passed.
    passed: dict[int, list[tuple[int, list[tuple[int, int]]]]] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)
    started: float = field(default_factory=time.perf_counter)

    def rng(self, *parts: object) -> random.Random:
        """An independent, reproducible random stream for one part of the build."""
        key = ":".join(str(p) for p in (self.config.seed, *parts))
        return random.Random(key)  # noqa: S311 (invented data, not security)

    @property
    def actor(self) -> User:
        return self.board[0]

    def members(self, cycle: Cycle) -> list[Organisation]:
        return [slot.by_year[cycle.year] for slot in self.rosters[cycle.block_id]]

    def name_on(self, org_id: int, day: dt.date) -> str:
        for start, end, name in self.org_names[org_id]:
            if (start is None or start <= day) and (end is None or day <= end):
                return name
        return self.org_names[org_id][-1][2]

    def is_current(self, cycle: Cycle) -> bool:
        return cycle.year == self.config.last_year

    def flush(self) -> None:
        getattr(self.out, "flush", lambda: None)()

    @contextmanager
    def step(self, label: str) -> Iterator[Counter]:
        counter = Counter()
        began = time.perf_counter()
        self.out.write(f"  {label} …\n")
        self.flush()
        yield counter
        seconds = time.perf_counter() - began
        rate = counter.rows / seconds if seconds > 0 else 0.0
        self.totals[label] = counter.rows
        self.out.write(
            f"  {label}: {counter.rows:,} rows in {seconds:.1f} s ({rate:,.0f} rows/s), "
            f"{time.perf_counter() - self.started:.0f} s so far\n"
        )
        self.flush()


@dataclass
class Counter:
    rows: int = 0

    def add(self, n: int) -> int:
        self.rows += n
        return n


@contextmanager
def fixed_times(*model_classes: type[models.Model]) -> Iterator[None]:
    """Let bulk inserts keep the dates we give instead of `auto_now(_add)` filling in now()."""
    saved: list[tuple[DateField, bool, bool]] = []
    for model in model_classes:
        for f in model._meta.concrete_fields:
            if isinstance(f, DateField) and (f.auto_now or f.auto_now_add):
                saved.append((f, f.auto_now, f.auto_now_add))
                f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, now, now_add in saved:
            f.auto_now, f.auto_now_add = now, now_add


def bulk(model: type[models.Model], objs: Sequence[Any], counter: Counter) -> list[Any]:
    """bulk_create keeping the given dates; primary keys are set on the objects."""
    with fixed_times(model):
        created = model.objects.bulk_create(objs, batch_size=BATCH)  # type: ignore[attr-defined]
    counter.add(len(created))
    return list(created)


def through(
    relation: Any, pairs: Iterable[tuple[int, int]], counter: Counter, left: str, right: str
) -> None:
    """Rows of a many-to-many table from (left id, right id) pairs."""
    model = relation.through
    counter.add(
        len(
            model.objects.bulk_create(
                [model(**{f"{left}_id": a, f"{right}_id": b}) for a, b in pairs],
                batch_size=BATCH,
            )
        )
    )


def executemany(
    table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], counter: Counter
) -> None:
    """Raw multi-row insert for the millions of score lines (no model instances): COPY on
    PostgreSQL, executemany elsewhere."""
    qn = connection.ops.quote_name
    # Table and column names come from the model; values go as parameters or COPY rows.
    names = ", ".join(qn(c) for c in columns)
    if connection.vendor == "postgresql":
        _copy(f"COPY {qn(table)} ({names}) FROM STDIN", rows, counter)
        return
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {qn(table)} ({names}) VALUES ({marks})"  # noqa: S608
    chunk: list[Sequence[Any]] = []
    with connection.cursor() as cursor:
        for row in rows:
            chunk.append(row)
            if len(chunk) >= 20000:
                cursor.executemany(sql, chunk)
                counter.add(len(chunk))
                chunk = []
        if chunk:
            cursor.executemany(sql, chunk)
            counter.add(len(chunk))


def _copy(sql: str, rows: Iterable[Sequence[Any]], counter: Counter) -> None:
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's own cursor: Django's wrapper has no copy()
        with raw.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
                counter.rows += 1


def chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


Step = Callable[[Context], None]
