"""Built pages, in-process: the CPU a page costs when it is built (page caches off, as right after
a write), as a multiple of the floor view's in the same run.

    python bench/built.py [--renders 30] [--only TEXT] [--json]

Each page is requested through Django's test client (the full middleware stack, a signed-in
session of the right role as `bench/pages.py` makes it) `--renders` times after two warm-up
requests, each request right after one of the anonymous floor view, timed too (on a busy machine
the two medians then see the same load); the table gives the median of `time.process_time()`
per request, the floor's median beside it, their ratio (× floor), the queries of one more request
(CaptureQueriesContext) and whether the target (≤ 15× the floor) is met. The first rows are
references: the floor itself, the floor signed in, and the smallest signed-in page.

With SQLite the database's work is in this process and counted; with PostgreSQL
(DATABASE_URL) the server's share is not. `--json` prints one JSON line with the rows instead
of the table (`bench/run.py` uses it).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TARGET_TIMES_FLOOR = 15.0
REFERENCES = ("floor view", "floor view, signed in", "smallest signed-in page (my account)")


@dataclass(frozen=True)
class Built:
    name: str
    role: str  # a key of the sessions made below
    path: str


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--renders", type=int, default=30)
    parser.add_argument("--only", default="", help="only pages whose name contains this text")
    parser.add_argument("--json", action="store_true", help="one JSON line instead of the table")
    return parser.parse_args()


def _setup() -> None:
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
    os.environ["HTTPS"] = "0"
    os.environ["PERSON_PAGE_CACHE"] = "0"
    os.environ["PUBLIC_PAGE_CACHE"] = "0"
    import django

    django.setup()


def _cross_sheet() -> tuple[Any, str] | None:
    """A scorer's person and their cross-scoring form with the most lines, in a cycle open for
    cross-scoring (the form with its inputs)."""
    from django.db.models import Count
    from django.urls import reverse

    from thidua.accounts.models import Role, User
    from thidua.scoring.models import ScoreSheet, SheetKind

    sheets = (
        ScoreSheet.objects.filter(cycle__phase="cross_scoring", kind=SheetKind.CROSS)
        .annotate(n=Count("lines"))
        .order_by("-n", "pk")
    )
    for sheet in sheets[:20]:
        person = (
            User.objects.filter(
                organisation_id=sheet.scorer_id, role=Role.REPRESENTATIVE, is_active=True
            )
            .order_by("pk")
            .first()
        )
        if person is not None:
            return person, reverse("scoring:cross_sheet", args=[sheet.cycle_id, sheet.unit_id])
    return None


def _pages() -> tuple[list[Built], dict[str, Any]]:
    import pages as key
    from django.urls import reverse

    scene = key.scene()
    people: dict[str, Any] = {
        "anonymous": None,
        "board": scene.board,
        "head": scene.head,
        "member": scene.member,
    }
    listed = {p.name: p for p in key.key_pages(scene)}
    built = [
        Built("floor view", "anonymous", reverse("core:floor")),
        # References, not targets: what knowing who asks costs (session, person, second
        # factor), and the smallest signed-in page (base template, menu, notifications badge).
        Built("floor view, signed in", "head", reverse("core:floor")),
        Built("smallest signed-in page (my account)", "head", reverse("accounts:profile")),
    ]
    for name, shown in (("cycle page", "cycle page"), ("score sheet", "score sheet (self)")):
        page = listed[name]
        if page.path:
            built.append(Built(shown, page.role, page.path))
    cross = _cross_sheet()
    if cross is not None:
        people["scorer"] = cross[0]
        built.append(Built("score sheet (cross-scoring form)", "scorer", cross[1]))
    for name in ("analysis", "Board's queue", "public portal home"):
        page = listed[name]
        if page.path:
            built.append(Built(name, page.role, page.path))
    return built, people


def _client(person: Any) -> Any:
    import pages as key
    from django.conf import settings
    from django.test import Client

    client = Client(SERVER_NAME="localhost")
    if person is not None:
        cookie = key.session_cookie(person)
        client.cookies[settings.SESSION_COOKIE_NAME] = cookie.split("=", 1)[1]
    return client


def _measure(client: Any, path: str, renders: int, floor: Any, floor_path: str) -> dict[str, Any]:
    """Median CPU of `renders` requests of `path`, each right after a request of the floor view
    (timed too): on a busy machine the ratio compares like with like."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):
        response = client.get(path)
        if response.status_code != 200:
            return {"error": f"{path} → {response.status_code}"}
        floor.get(floor_path)
    times, floor_times = [], []
    for _ in range(renders):
        started = time.process_time()
        floor.get(floor_path)
        between = time.process_time()
        client.get(path)
        floor_times.append(between - started)
        times.append(time.process_time() - between)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    cpu, floor_cpu = statistics.median(times), statistics.median(floor_times)
    return {
        "queries": len(queries.captured_queries),
        "cpu_ms": round(cpu * 1000, 2),
        "floor_ms": round(floor_cpu * 1000, 2),
        "times_floor": round(cpu / floor_cpu, 1),
        "kb": round(len(response.content) / 1024, 1),
    }


def run(renders: int, only: str = "") -> list[dict[str, Any]]:
    built, people = _pages()
    clients = {role: _client(person) for role, person in people.items()}
    floor = _client(None)
    rows: list[dict[str, Any]] = []
    for page in built:
        if page.name not in REFERENCES and only.lower() not in page.name.lower():
            continue
        row: dict[str, Any] = {"page": page.name, "role": page.role, "path": page.path}
        row.update(_measure(clients[page.role], page.path, renders, floor, built[0].path))
        if "cpu_ms" in row and page.name not in REFERENCES:
            row["target_times_floor"] = TARGET_TIMES_FLOOR
            row["meets_targets"] = row["times_floor"] <= TARGET_TIMES_FLOOR
        rows.append(row)
    return rows


def markdown(rows: list[dict[str, Any]], renders: int | None = None) -> list[str]:
    lines = [
        "Built pages in-process (page caches off), median CPU of "
        + (f"{renders} requests" if renders else "each page's requests")
        + f" per page; target ≤ {TARGET_TIMES_FLOOR:.0f}× the floor view:",
        "",
        "| page | role | queries | CPU ms | floor ms | KB | × floor | target |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        if "error" in row:
            lines.append(f"| {row['page']} | {row['role']} | — | — | — | — | — | {row['error']} |")
            continue
        mark = "met" if row.get("meets_targets") else "**missed**"
        if row["page"] in REFERENCES:
            mark = "(reference)"
        lines.append(
            f"| {row['page']} | {row['role']} | {row['queries']} | {row['cpu_ms']:.1f} | "
            f"{row['floor_ms']:.2f} | {row['kb']:.0f} | {row['times_floor']:.1f} | {mark} |"
        )
    return lines


def main() -> None:
    args = _arguments()
    _setup()
    rows = run(args.renders, args.only)
    if args.json:
        print(json.dumps({"renders": args.renders, "rows": rows}, ensure_ascii=False))
    else:
        print("\n".join(markdown(rows, args.renders)))


if __name__ == "__main__":
    main()
