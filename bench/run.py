"""`make bench`: serve the product with the production server of `make run` against the
benchmark database, drive a bounded closed-loop load over the key pages as each role, time the
heavy work in-process, and write `bench/results.json` plus a Markdown table.

    python bench/run.py [--clients 8] [--seconds 10] [--port 8001] [--only TEXT] [--no-tasks]
                        [--no-rebuilt] [--season | --no-season]

Two passes over the pages: the product as deployed (whole-page caches on, see
thidua/core/page_cache.py), then with the page caches off, so that every request builds its page
as it would right after a write — the cost a cached page saves, and the worst case under writes.
Then the season (bench/season.py): readers while people save score sheets, in other blocks and
in the same blocks. `--season` runs the season alone.

DATABASE_URL chooses the database (the Makefile defaults to var/bench.sqlite3, filled by
`seed_synthetic`). Everything runs on 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import season  # noqa: E402
from load import Outcome, closed_loop, fetch  # noqa: E402

HOST = "127.0.0.1"
TARGET_P95_MS = 100.0
TARGET_RATIO = 0.15
TARGET_RATIO_PUBLIC = 0.40
TASK_TARGETS = {  # seconds, and MB of peak memory where it matters
    "ranking": (0.2, None),
    "archive": (5.0, None),
    "minutes": (1.0, None),
    "import": (10.0, 300.0),
}


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WORKERS", "2")))
    parser.add_argument("--only", default="", help="only pages whose name contains this text")
    parser.add_argument("--no-tasks", action="store_true", help="skip the in-process timings")
    parser.add_argument(
        "--no-rebuilt", action="store_true", help="skip the pass with the page caches off"
    )
    parser.add_argument("--season", action="store_true", help="only the season scenario")
    parser.add_argument("--no-season", action="store_true", help="skip the season scenario")
    parser.add_argument(
        "--no-burst", action="store_true", help="skip the voting burst (bench/burst.py)"
    )
    parser.add_argument("--out", default=str(ROOT / "bench" / "results.json"))
    return parser.parse_args()


def _server(port: int, workers: int, caches: bool) -> subprocess.Popen[bytes]:
    env = dict(os.environ, THIDUA_BENCH="1", HTTPS="0")
    if not caches:
        env.update(PUBLIC_PAGE_CACHE="0", PERSON_PAGE_CACHE="0")
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "thidua.wsgi",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--forwarded-allow-ips",
        HOST,
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if fetch(HOST, port, "/healthz", None, timeout=2)[0] == 200:
                return server
        except OSError:
            pass
        time.sleep(0.3)
    server.terminate()
    raise SystemExit("The server did not answer /healthz within 60 s.")


def _measure(port: int, path: str, cookie: str | None, args: argparse.Namespace) -> Outcome:
    return closed_loop(HOST, port, path, cookie=cookie, clients=args.clients, seconds=args.seconds)


def _row(name: str, role: str, path: str, outcome: Outcome, floor_rps: float) -> dict[str, Any]:
    ratio = outcome.rps / floor_rps if floor_rps else 0.0
    public = role == "anonymous" and name.startswith("public")
    needed = TARGET_RATIO_PUBLIC if public else TARGET_RATIO
    p95 = outcome.percentile(95)
    return {
        "page": name,
        "role": role,
        "path": path,
        "requests": outcome.requests,
        "errors": outcome.errors,
        "statuses": outcome.statuses,
        "rps": round(outcome.rps, 1),
        "p50_ms": round(outcome.percentile(50), 1),
        "p95_ms": round(p95, 1),
        "p99_ms": round(outcome.percentile(99), 1),
        "queries": outcome.queries_per_request,
        "ratio_to_floor": round(ratio, 3),
        "target_ratio": needed,
        "meets_targets": bool(outcome.requests and p95 <= TARGET_P95_MS and ratio >= needed),
    }


def cpu_reference() -> float:
    """Seconds of CPU for a fixed pure-Python loop (ten million additions): the absolute timings
    of the heavy work scale with it. A shared virtual machine's speed can change by half within
    an hour, so the table prints it beside them (before and after the timings)."""
    began = time.process_time()
    total = 0
    for n in range(10_000_000):
        total += n
    return round(time.process_time() - began, 3)


def _tasks(env: dict[str, str]) -> list[dict[str, Any]]:
    results = []
    for name, (limit, memory) in TASK_TARGETS.items():
        print(f"… timing {name}", flush=True)
        result = _script_json("tasks.py", [name], env)
        if "error" in result:
            results.append({"task": name, "error": result["error"], "meets_targets": False})
            continue
        result["target_seconds"] = limit
        result["target_peak_mb"] = memory
        result["meets_targets"] = result["seconds"] <= limit and (
            memory is None or result["peak_mb"] <= memory
        )
        results.append(result)
    return results


def _built(env: dict[str, str]) -> dict[str, Any]:
    """The built-page table (bench/built.py, in-process, page caches off)."""
    print("… built pages in-process", flush=True)
    return _script_json("built.py", ["--json"], env)


def _script_json(script: str, arguments: list[str], env: dict[str, str] | None) -> dict[str, Any]:
    """Run bench/<script> and read the last JSON line it prints; {"error": …} when it fails."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode or not lines:
        return {"error": " | ".join((done.stderr or done.stdout).strip().splitlines()[-3:])}
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def _markdown(report: dict[str, Any]) -> str:
    lines = [
        f"Benchmark of {report['date']} on {report['machine']['summary']} — database "
        f"{report['database']}, {report['clients']} clients × {report['seconds']:.0f} s per page, "
        f"{report['workers']} gunicorn workers; floor {report['floor_rps']:.0f} req/s.",
        "",
        *_page_table(report["pages"]),
    ]
    if report.get("pages_rebuilt"):
        lines += [
            "",
            "Every page rebuilt on every request (page caches off, as right after a write); "
            f"floor {report['floor_rebuilt_rps']:.0f} req/s:",
            "",
            *_page_table(report["pages_rebuilt"]),
        ]
    if report.get("season"):
        lines += ["", *season.markdown(report["season"])]
    if report["tasks"]:
        lines += [
            "",
            "| work (in-process) | seconds | target | peak MB | result |",
            "|---|---:|---:|---:|---|",
        ]
        for task in report["tasks"]:
            if "error" in task:
                lines.append(f"| {task['task']} | — | — | — | failed: {task['error']} |")
                continue
            mark = "met" if task["meets_targets"] else "**missed**"
            limit = f"≤ {task['target_seconds']}"
            if task["target_peak_mb"]:
                limit += f" s, ≤ {task['target_peak_mb']:.0f} MB"
            lines.append(
                f"| {task['task']} ({task['detail']}) | {task['seconds']:.3f} | {limit} | "
                f"{task['peak_mb']:.0f} | {mark} |"
            )
        if report.get("cpu_reference_s"):
            lines += [
                "",
                "CPU reference (ten million additions in pure Python), before and after the "
                "timings: " + " s, ".join(f"{s:.2f}" for s in report["cpu_reference_s"]) + " s.",
            ]
    if report.get("built_pages"):
        import built

        table = report["built_pages"]
        lines += [
            "",
            *(
                built.markdown(table["rows"], table["renders"])
                if "rows" in table
                else [f"Built pages: failed: {table['error']}"]
            ),
        ]
    return "\n".join(lines)


def _page_table(pages: list[dict[str, Any]]) -> list[str]:
    lines = [
        "| page | role | req/s | p50 ms | p95 ms | p99 ms | queries | × floor | targets |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in pages:
        if row.get("missing"):
            lines.append(
                f"| {row['page']} | {row['role']} | — | — | — | — | — | — | {row['missing']} |"
            )
            continue
        queries = "—" if row["queries"] is None else f"{row['queries']:.0f}"
        mark = "met" if row["meets_targets"] else "**missed**"
        if row["errors"]:
            mark += f" ({row['errors']} errors: {row['statuses']})"
        lines.append(
            f"| {row['page']} | {row['role']} | {row['rps']:.0f} | {row['p50_ms']:.0f} | "
            f"{row['p95_ms']:.0f} | {row['p99_ms']:.0f} | {queries} | "
            f"{row['ratio_to_floor']:.2f} | {mark} |"
        )
    return lines


def _burst(args: argparse.Namespace) -> dict[str, Any]:
    """The voting burst (bench/burst.py) on its own scratch PostgreSQL database, on another port."""
    print("… voting burst", flush=True)
    arguments = ["--json", "--port", str(args.port + 1), "--workers", str(args.workers)]
    result = _script_json("burst.py", arguments, None)
    if "error" in result:
        result["meets_targets"] = False
    return result


def _pass(
    args: argparse.Namespace, selected: list[Any], cookies: dict[str, str | None], caches: bool
) -> tuple[Any, list[dict[str, Any]]]:
    """Serve, measure the floor, then every selected page; (floor outcome, rows)."""
    server = _server(args.port, args.workers, caches)
    try:
        print(f"… floor (/floor), {args.clients} clients × {args.seconds:.0f} s", flush=True)
        floor = _measure(args.port, "/floor", None, args)
        rows: list[dict[str, Any]] = []
        for page in selected:
            if page.path is None:
                rows.append({"page": page.name, "role": page.role, "missing": page.missing})
                continue
            status = fetch(HOST, args.port, page.path, cookies[page.role])[0]
            if status != 200:
                rows.append(
                    {"page": page.name, "role": page.role, "missing": f"{page.path} → {status}"}
                )
                continue
            print(f"… {page.name} ({page.role}) {page.path}", flush=True)
            outcome = _measure(args.port, page.path, cookies[page.role], args)
            rows.append(_row(page.name, page.role, page.path, outcome, floor.rps))
    finally:
        server.terminate()
        server.wait(timeout=30)
    return floor, rows


def main() -> None:
    args = _arguments()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
    os.environ.setdefault("HTTPS", "0")
    import django

    django.setup()
    import pages as key
    from django.db import connection

    scene = key.scene()
    cookies = {
        "anonymous": None,
        "board": key.session_cookie(scene.board),
        "head": key.session_cookie(scene.head),
        "member": key.session_cookie(scene.member),
    }
    selected = [p for p in key.key_pages(scene) if args.only.lower() in p.name.lower()]
    if args.season:
        selected, args.no_rebuilt, args.no_tasks = [], True, True
    the_season = None if args.no_season else season.plan(key.session_cookie)
    connection.close()

    floor, rows = _pass(args, selected, cookies, caches=True)
    rebuilt: list[dict[str, Any]] = []
    floor_rebuilt = None
    if not args.no_rebuilt:
        print("… again with the page caches off", flush=True)
        floor_rebuilt, rebuilt = _pass(args, selected, cookies, caches=False)
    season_result = None
    if the_season is not None:
        server = _server(args.port, args.workers, caches=True)
        try:
            season_result = season.run(HOST, args.port, the_season, args.seconds)
        finally:
            server.terminate()
            server.wait(timeout=30)

    reference = [] if args.no_tasks else [cpu_reference()]
    tasks = [] if args.no_tasks else _tasks(dict(os.environ))
    reference += [] if args.no_tasks else [cpu_reference()]
    built_pages = {} if args.no_tasks else _built(dict(os.environ))
    burst = None if args.no_burst else _burst(args)
    report = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": {
            "summary": f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}",
            "processor": platform.processor(),
        },
        "database": connection.vendor,
        "clients": args.clients,
        "seconds": args.seconds,
        "workers": args.workers,
        "floor_rps": round(floor.rps, 1),
        "floor_p95_ms": round(floor.percentile(95), 1),
        "pages": rows,
        "floor_rebuilt_rps": round(floor_rebuilt.rps, 1) if floor_rebuilt else None,
        "pages_rebuilt": rebuilt,
        "tasks": tasks,
        "cpu_reference_s": reference,
        "season": season_result,
        "built_pages": built_pages,
        "burst": burst,
    }
    Path(args.out).write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    print()
    print(_markdown(report))
    if burst is not None:
        import burst as voting_burst

        print("\n" + voting_burst.markdown(burst))
    print(f"\nWritten to {args.out}")


if __name__ == "__main__":
    main()
