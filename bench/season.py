"""The season scenario of `make bench` (issue 16): 8 readers go over the key signed-in pages of
several blocks while 3–4 writers save cross-score sheets through the real form (GET the sheet,
POST it back with its CSRF token, as a scoring unit's representative) at about one save per
second in all — first in OTHER blocks than the readers', then in the SAME blocks as some of them.

It reports the readers' requests/s as a ratio to the floor measured just before on the same
server, their p50/p95, and the share of readers' pages served from the page cache (the
`X-Page-Cache: hit|miss` header of thidua/core/page_cache.py), apart for the pages of blocks
nobody wrote to and of blocks written to.

`plan()` runs inside Django (``bench/run.py`` sets it up); `run()` only speaks HTTP.
"""

from __future__ import annotations

import http.client
import re
import statistics
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from load import Outcome, closed_loop

READERS = 8
WRITERS = 4
SAVES_PER_SECOND = 1.0
TARGET_RATIO = 0.25
TARGET_P95_MS = 50.0
TARGET_HITS = 0.80


@dataclass(frozen=True)
class Read:
    name: str
    block: int
    path: str
    cookie: str


@dataclass(frozen=True)
class Write:
    block: int
    path: str  # the cross-score sheet
    cookie: str


@dataclass(frozen=True)
class Plan:
    reads: list[Read]
    other: list[Write]  # writers in blocks no reader reads
    same: list[Write]  # writers in blocks some readers read


# --- the plan, from the database -------------------------------------------------------------


def _writers(cycle: Any, n: int, cookie_of: Callable[[Any], str]) -> list[Write]:
    """Up to n (scorer's representative, unit scored) pairs of a cycle in cross-scoring."""
    from django.urls import reverse

    from thidua.accounts.models import Role, User
    from thidua.scoring import selectors

    found: list[Write] = []
    for unit_id in selectors.member_ids(cycle):
        for scorer_id in selectors.scorers_of(cycle, unit_id):
            person = (
                User.objects.filter(
                    organisation_id=scorer_id, role=Role.REPRESENTATIVE, is_active=True
                )
                .order_by("pk")
                .first()
            )
            if person is None or scorer_id == unit_id:
                continue
            path = reverse("scoring:cross_sheet", args=[cycle.pk, unit_id])
            found.append(Write(cycle.block_id, path, cookie_of(person)))
            break
        if len(found) == n:
            break
    return found


def _reads(block: Any, board_cookie: str, cookie_of: Callable[[Any], str]) -> list[Read]:
    from django.urls import reverse

    from thidua.accounts.models import Role, User
    from thidua.cycles.models import Cycle, Phase
    from thidua.drafting.models import Document

    cycles = Cycle.objects.filter(block=block).order_by("-year")
    current = cycles.exclude(phase=Phase.CLOSED).first() or cycles.first()
    closed = cycles.filter(phase=Phase.CLOSED, published_ranking__isnull=False).first()
    member = (
        User.objects.filter(
            organisation__memberships__block=block,
            organisation__memberships__year=current.year,
            role=Role.REPRESENTATIVE,
            is_active=True,
        )
        .order_by("pk")
        .first()
        if current
        else None
    )
    mine = cookie_of(member) if member else board_cookie
    reads = [
        Read("block page", block.pk, reverse("orgs:block_detail", args=[block.pk]), board_cookie)
    ]
    if current:
        reads.append(
            Read("cycle page", block.pk, reverse("cycles:cycle_detail", args=[current.pk]), mine)
        )
        document = Document.objects.filter(cycle=current).order_by("pk").first()
        if document:
            path = reverse("drafting:document_detail", args=[document.pk])
            reads.append(Read("document", block.pk, path, mine))
    if closed:
        reads += [
            Read("ranking", block.pk, reverse("scoring:ranking", args=[closed.pk]), mine),
            Read("analysis", block.pk, reverse("scoring:analysis", args=[closed.pk]), board_cookie),
        ]
        unit = closed.head_unit_id
        path = reverse("scoring:self_sheet", args=[closed.pk, unit])
        reads.append(Read("score sheet", block.pk, path, board_cookie))
    return reads


def plan(session_cookie: Callable[[Any], str], reader_blocks: int = 4) -> Plan:
    """Readers over `reader_blocks` blocks, two of them with a cycle in cross-scoring; writers in
    four other blocks in cross-scoring, or two in each of those two readers' blocks."""
    from thidua.accounts.models import Role, User
    from thidua.cycles.models import Cycle, Phase
    from thidua.orgs.models import Block

    scoring = list(
        Cycle.objects.filter(phase=Phase.CROSS_SCORING).select_related("block").order_by("block_id")
    )
    if len(scoring) < 3:
        raise SystemExit("The season needs three blocks in cross-scoring: run seed_synthetic.")
    shared, others = [scoring[0], scoring[-1]], scoring[1:-1][:WRITERS]
    quiet = list(
        Block.objects.filter(is_active=True)
        .exclude(pk__in=[c.block_id for c in scoring])
        .order_by("pk")[: max(0, reader_blocks - len(shared))]
    )
    cookies: dict[int, str] = {}

    def cookie_of(person: Any) -> str:
        if person.pk not in cookies:
            cookies[person.pk] = session_cookie(person)
        return cookies[person.pk]

    board = User.objects.filter(role=Role.BOARD_OFFICER, is_active=True).order_by("pk").first()
    board_cookie = cookie_of(board)
    reads = [
        r for b in [c.block for c in shared] + quiet for r in _reads(b, board_cookie, cookie_of)
    ]
    other = [w for c in others for w in _writers(c, 1, cookie_of)]
    if len(other) < WRITERS:  # fewer blocks in cross-scoring: more writers per block
        other += [w for c in others for w in _writers(c, WRITERS, cookie_of)][
            len(other) : len(other) + WRITERS - len(other)
        ]
    same = [w for c in shared for w in _writers(c, WRITERS // 2, cookie_of)]
    return Plan(reads, other[:WRITERS], same[:WRITERS])


# --- the load --------------------------------------------------------------------------------


def _request(
    host: str, port: int, method: str, path: str, cookie: str, body: str | None = None
) -> tuple[int, bytes, http.client.HTTPResponse]:
    connection = http.client.HTTPConnection(host, port, timeout=60)
    headers = {"Host": f"{host}:{port}", "User-Agent": "thidua-bench", "Cookie": cookie}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read(), response
    finally:
        connection.close()


_INPUT = re.compile(r"<input\b[^>]*>", re.S)
_SELECT = re.compile(r'<select\b[^>]*name="([^"]+)"[^>]*>(.*?)</select>', re.S)
_ATTR = re.compile(r'(\w[\w-]*)="([^"]*)"')


def form_fields(page: str) -> dict[str, str]:
    """The named inputs and selects of a page's first POST form, as a browser would send them."""
    start = page.find('<form method="post"')
    if start < 0:
        return {}
    form = page[start : page.find("</form>", start)]
    fields: dict[str, str] = {}
    for tag in _INPUT.findall(form):
        attrs = dict(_ATTR.findall(tag))
        if "name" in attrs and attrs.get("type") not in {"file", "submit", "checkbox"}:
            fields[attrs["name"]] = attrs.get("value", "")
    for name, options in _SELECT.findall(form):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', options)
        fields[name] = chosen.group(1) if chosen else ""
    return fields


@dataclass
class Saves:
    done: int = 0
    failed: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)  # the POST only


def _write_loop(
    host: str,
    port: int,
    writer: Write,
    period: float,
    start: float,
    stop: float,
    saves: Saves,
    lock: threading.Lock,
) -> None:
    csrf = ""
    due = start
    while True:
        now = time.perf_counter()
        if now >= stop:
            return
        if now < due:
            time.sleep(min(due - now, stop - now))
            continue
        due += period
        cookie = writer.cookie + (f"; csrftoken={csrf}" if csrf else "")
        try:
            status, body, response = _request(host, port, "GET", writer.path, cookie)
            for header in response.headers.get_all("Set-Cookie") or []:
                if header.startswith("csrftoken="):
                    csrf = header.split(";", 1)[0].split("=", 1)[1]
            fields = form_fields(body.decode())
            if status != 200 or "csrfmiddlewaretoken" not in fields or not csrf:
                raise OSError(f"no form ({status})")
            fields["reason"] = "bench"
            began = time.perf_counter()
            status, _, _ = _request(
                host,
                port,
                "POST",
                writer.path,
                f"{writer.cookie}; csrftoken={csrf}",
                urllib.parse.urlencode(fields),
            )
            took = time.perf_counter() - began
        except OSError:
            status, took = 0, 0.0
        with lock:
            saves.statuses[status] = saves.statuses.get(status, 0) + 1
            if status == 302:
                saves.done += 1
                saves.latencies.append(took)
            else:
                saves.failed += 1


@dataclass
class Reading:
    outcome: Outcome = field(default_factory=Outcome)
    hits: dict[bool, list[int]] = field(default_factory=lambda: {True: [0, 0], False: [0, 0]})


def _read_loop(
    host: str,
    port: int,
    reads: list[Read],
    offset: int,
    written: set[int],
    start: float,
    stop: float,
    reading: Reading,
    lock: threading.Lock,
) -> None:
    i = offset
    while True:
        began = time.perf_counter()
        if began >= stop:
            return
        read = reads[i % len(reads)]
        i += 1
        try:
            status, _, response = _request(host, port, "GET", read.path, read.cookie)
            state = response.headers.get("X-Page-Cache", "")
        except OSError:
            status, state = 0, ""
        took = time.perf_counter() - began
        if began < start:
            continue
        with lock:
            outcome = reading.outcome
            outcome.statuses[status] = outcome.statuses.get(status, 0) + 1
            if status != 200:
                outcome.errors += 1
                continue
            outcome.latencies.append(took)
            counts = reading.hits[read.block in written]
            counts[0] += state == "hit"
            counts[1] += 1


def scenario(
    host: str,
    port: int,
    reads: list[Read],
    writes: list[Write],
    seconds: float,
    warmup: float = 3.0,
) -> dict[str, Any]:
    """Readers and writers at once for `seconds` after a warm-up of readers alone."""
    lock = threading.Lock()
    reading, saves = Reading(), Saves()
    start = time.perf_counter() + warmup
    stop = start + seconds
    written = {w.block for w in writes}
    period = len(writes) / SAVES_PER_SECOND if writes else 1.0
    threads = [
        threading.Thread(
            target=_read_loop,
            args=(
                host,
                port,
                reads,
                n * len(reads) // READERS,
                written,
                start,
                stop,
                reading,
                lock,
            ),
            daemon=True,
        )
        for n in range(READERS)
    ] + [
        threading.Thread(
            target=_write_loop,
            args=(host, port, w, period, start + n * period / len(writes), stop, saves, lock),
            daemon=True,
        )
        for n, w in enumerate(writes)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    reading.outcome.seconds = seconds

    def share(counts: list[int]) -> float | None:
        return round(counts[0] / counts[1], 3) if counts[1] else None

    outcome = reading.outcome
    return {
        "readers": READERS,
        "writers": len(writes),
        "reads": outcome.requests,
        "read_errors": outcome.errors,
        "read_statuses": outcome.statuses,
        "rps": round(outcome.rps, 1),
        "p50_ms": round(outcome.percentile(50), 1),
        "p95_ms": round(outcome.percentile(95), 1),
        "hits_unwritten_blocks": share(reading.hits[False]),
        "hits_written_blocks": share(reading.hits[True]),
        "saves": saves.done,
        "saves_per_s": round(saves.done / seconds, 2),
        "save_errors": saves.failed,
        "save_statuses": saves.statuses,
        "save_p50_ms": round(statistics.median(saves.latencies) * 1000, 1)
        if saves.latencies
        else None,
    }


def prime(host: str, port: int, reads: list[Read], rounds: int = 8) -> int:
    """Fill the page caches of every server process: read every page, READERS at a time, until
    a whole round is served from the caches (or `rounds` rounds). The rounds it took."""
    for done in range(1, rounds + 1):
        states: list[str] = []

        def read(chunk: list[Read], states: list[str] = states) -> None:
            for r in chunk:
                try:
                    states.append(
                        _request(host, port, "GET", r.path, r.cookie)[2].headers.get(
                            "X-Page-Cache", ""
                        )
                    )
                except OSError:
                    states.append("")

        threads = [
            threading.Thread(target=read, args=(reads[n::READERS],), daemon=True)
            for n in range(READERS)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if all(state == "hit" for state in states):
            return done
    return rounds


def run(host: str, port: int, the_plan: Plan, seconds: float) -> dict[str, Any]:
    """The floor, then the two scenarios, on a server already serving with page caches on."""
    floor = closed_loop(host, port, "/floor", cookie=None, clients=READERS, seconds=seconds)
    result: dict[str, Any] = {
        "floor_rps": round(floor.rps, 1),
        "pages": sorted({r.name for r in the_plan.reads}),
        "reader_blocks": sorted({r.block for r in the_plan.reads}),
    }
    scenarios: list[tuple[str, list[Write]]] = [
        ("nobody", []),
        ("other_blocks", the_plan.other),
        ("same_blocks", the_plan.same),
    ]
    for name, writes in scenarios:
        print(
            f"… season: readers with {len(writes)} writers in {name.replace('_', ' ')}", flush=True
        )
        print(f"… priming the page caches: {prime(host, port, the_plan.reads)} rounds", flush=True)
        row = scenario(host, port, the_plan.reads, writes, seconds)
        row["written_blocks"] = sorted({w.block for w in writes})
        row["ratio_to_floor"] = round(row["rps"] / floor.rps, 3) if floor.rps else 0.0
        row["meets_targets"] = bool(
            writes
            and row["ratio_to_floor"] >= TARGET_RATIO
            and row["p95_ms"] <= TARGET_P95_MS
            and (row["hits_unwritten_blocks"] or 0) >= TARGET_HITS
        )
        result[name] = row
    return result


def markdown(season: dict[str, Any]) -> list[str]:
    lines = [
        f"Season: {READERS} readers over {', '.join(season['pages'])} of blocks "
        f"{season['reader_blocks']} while writers save cross-score sheets (about "
        f"{SAVES_PER_SECOND:g}/s in all); floor {season['floor_rps']:.0f} req/s. Targets: "
        f"≥ {TARGET_RATIO}× floor, p95 ≤ {TARGET_P95_MS:.0f} ms (quiet machine), "
        f"≥ {TARGET_HITS:.0%} hits on blocks nobody wrote to.",
        "",
        "| writers in | blocks written | saves/s | readers' req/s | × floor | p50 ms | p95 ms | "
        "hits, unwritten blocks | hits, written blocks | targets |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]

    def pct(value: float | None) -> str:
        return "—" if value is None else f"{value:.0%}"

    for name in ("nobody", "other_blocks", "same_blocks"):
        row = season.get(name)
        if not row:
            continue
        mark = "baseline" if not row["writers"] else "met" if row["meets_targets"] else "**missed**"
        if row["read_errors"] or row["save_errors"]:
            mark += f" (errors: reads {row['read_statuses']}, saves {row['save_statuses']})"
        lines.append(
            f"| {name.replace('_', ' ')} | {row['written_blocks']} | {row['saves_per_s']:.2f} | "
            f"{row['rps']:.0f} | {row['ratio_to_floor']:.2f} | {row['p50_ms']:.0f} | "
            f"{row['p95_ms']:.0f} | {pct(row['hits_unwritten_blocks'])} | "
            f"{pct(row['hits_written_blocks'])} | {mark} |"
        )
    return lines
