"""The voting burst (issue 16): every delegate of a year-end meeting casts at the same moment.

    python bench/burst.py [--voters 200] [--port 8002] [--workers 2] [--json]

Builds its own scratch data in a scratch PostgreSQL database (BURST_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/thidua_burst, dropped and created again on every run): one
block of `--voters` member units, all present at the meeting, the flag ballot open, one signed-in
and just re-authenticated representative per unit. Then it serves the product with the production
server of `make run` (gunicorn, as bench/run.py starts it), sends every unit's ballot at once
(the "cast" step of the ballot page, as the browser posts it) and reports whether every ballot is
recorded exactly once, how long the whole burst took, and the p50/p95 answer times. Target: all
recorded within 10 s on PostgreSQL.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import sys
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

HOST = "127.0.0.1"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/thidua_burst"
TARGET_SECONDS = 10.0


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--voters", type=int, default=200)
    parser.add_argument("--port", type=int, default=8002)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WORKERS", "2")))
    parser.add_argument("--json", action="store_true", help="print the result as one JSON line")
    return parser.parse_args()


def _scratch_database(url: str) -> None:
    """Drop and create the scratch database named by `url` (PostgreSQL only)."""
    import psycopg

    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql"):
        raise SystemExit(f"The burst runs on PostgreSQL; BURST_DATABASE_URL is {url}.")
    name = parts.path.lstrip("/")
    if not name.startswith("thidua_"):
        raise SystemExit(f"Refusing to drop {name!r}: the scratch database's name starts thidua_.")
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def _prepare(voters: int) -> tuple[str, list[tuple[str, str]], int]:
    """The ballot page's path, each voter's (cookie, form body), and the session's id."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.core.management import call_command
    from django.test import override_settings
    from django.urls import reverse
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from thidua.accounts import reauth
    from thidua.voting import ballot_box, selectors
    from thidua.voting.tests.builders import big_block

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    # The voters never type a password (their sessions are made here): a fast hasher spares
    # argon2's cost two hundred times over.
    with override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    ):
        session, people = big_block(voters)
    summary = selectors.summary(session)
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    posts = []
    for person in people:
        device, _ = TOTPDevice.objects.get_or_create(
            user=person, name="bench", defaults={"confirmed": True}
        )
        store = store_class()
        store[SESSION_KEY] = str(person.pk)
        store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
        store[HASH_SESSION_KEY] = person.get_session_auth_hash()
        store["otp_device_id"] = device.persistent_id
        store[reauth.SESSION_KEY] = time.time()  # confirmed just now: "recent" for 5 minutes
        store.create()
        csrf = secrets.token_hex(16)  # an unmasked secret, as the cookie holds it
        cookie = f"{settings.SESSION_COOKIE_NAME}={store.session_key}; "
        cookie += f"{settings.CSRF_COOKIE_NAME}={csrf}"
        fields: list[tuple[str, str]] = [
            ("csrfmiddlewaretoken", csrf),
            ("step", "cast"),
            ("receipt", ballot_box.group_receipt(ballot_box.new_receipt_code())),
        ]
        if summary.style == "approve":
            fields += [(f"c{row.candidate.pk}", selectors.AGREE) for row in summary.rows]
        else:
            fields += [("chosen", str(row.candidate.pk)) for row in summary.rows[: session.seats]]
        posts.append((cookie, urllib.parse.urlencode(fields)))
    return reverse("voting:ballot", kwargs={"pk": session.pk}), posts, session.pk


def _fire(port: int, path: str, posts: list[tuple[str, str]]) -> tuple[float, list[Any]]:
    """Send every post at once (one connection each); (seconds to the last answer, outcomes)."""
    gate = threading.Barrier(len(posts) + 1)
    outcomes: list[Any] = [None] * len(posts)

    def vote(i: int, cookie: str, body: str) -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=120)
        headers = {
            "Host": f"{HOST}:{port}",
            "Cookie": cookie,
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": f"http://{HOST}:{port}",
            "Referer": f"http://{HOST}:{port}{path}",
            "User-Agent": "thidua-bench-burst",
        }
        gate.wait()
        started = time.perf_counter()
        try:
            conn.request("POST", path, body=body, headers=headers)
            response = conn.getresponse()
            page = response.read().decode("utf-8", "replace")
            shown = "receipt" in page
            if not shown and i == 0:
                where = response.getheader("Location") or page[:300]
                print(f"… first voter: {response.status} {where}", file=sys.stderr, flush=True)
            outcomes[i] = (response.status, time.perf_counter() - started, shown)
        except OSError as exc:
            outcomes[i] = (0, time.perf_counter() - started, str(exc))
        finally:
            conn.close()

    threads = [
        threading.Thread(target=vote, args=(i, cookie, body))
        for i, (cookie, body) in enumerate(posts)
    ]
    for thread in threads:
        thread.start()
    gate.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, outcomes


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def run(voters: int, port: int, workers: int) -> dict[str, Any]:
    url = os.environ.get("BURST_DATABASE_URL", DEFAULT_URL)
    _scratch_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
    os.environ.setdefault("HTTPS", "0")
    import django

    django.setup()
    from django.db import connection
    from run import _server

    print(f"… preparing {voters} voters in {url.rsplit('/', 1)[-1]}", file=sys.stderr, flush=True)
    path, posts, session_pk = _prepare(voters)
    connection.close()
    server = _server(port, workers, caches=True)
    try:
        from load import fetch

        for cookie, _body in posts[: 2 * workers]:  # every worker has loaded the ballot page
            fetch(HOST, port, path, cookie.split(";")[0])
        print(f"… {voters} ballots cast at once", file=sys.stderr, flush=True)
        seconds, outcomes = _fire(port, path, posts)
    finally:
        server.terminate()
        server.wait(timeout=30)

    from thidua.core.audit import verify_chain
    from thidua.core.models import AuditEvent
    from thidua.voting.models import Ballot, VoterRecord

    recorded = VoterRecord.objects.filter(session_id=session_pk).count()
    ballots = Ballot.objects.filter(session_id=session_pk).count()
    events = AuditEvent.objects.filter(action="voting.ballot.cast").count()
    _checked, problem = verify_chain()
    answered = [o for o in outcomes if o and o[0] == 200 and o[2] is True]
    latencies = [o[1] for o in outcomes if o]
    statuses: dict[str, int] = {}
    for o in outcomes:
        statuses[str(o[0] if o else 0)] = statuses.get(str(o[0] if o else 0), 0) + 1
    all_recorded = recorded == ballots == events == voters and len(answered) == voters
    return {
        "voters": voters,
        "workers": workers,
        "database": connection.vendor,
        "all_recorded": all_recorded,
        "recorded": recorded,
        "ballots": ballots,
        "audit_events": events,
        "receipts_shown": len(answered),
        "statuses": statuses,
        "chain_verifies": problem is None,
        "seconds": round(seconds, 2),
        "p50_ms": round(_percentile(latencies, 50) * 1000, 1),
        "p95_ms": round(_percentile(latencies, 95) * 1000, 1),
        "target_seconds": TARGET_SECONDS,
        "meets_targets": all_recorded and problem is None and seconds <= TARGET_SECONDS,
    }


def markdown(result: dict[str, Any]) -> str:
    mark = "✓" if result.get("meets_targets") else "✗"
    if "error" in result:
        return f"Voting burst: not measured ({result['error']}) {mark}"
    return (
        f"Voting burst ({result['voters']} ballots at once, {result['workers']} workers, "
        f"{result['database']}): all recorded: {'yes' if result['all_recorded'] else 'NO'} "
        f"({result['recorded']} voters, {result['ballots']} ballots, {result['audit_events']} "
        f"events, chain {'intact' if result['chain_verifies'] else 'BROKEN'}, answers "
        f"{result['statuses']}); "
        f"{result['seconds']:.2f} s in all (target ≤ {result['target_seconds']:.0f} s), "
        f"p50 {result['p50_ms']:.0f} ms, p95 {result['p95_ms']:.0f} ms {mark}"
    )


def main() -> None:
    args = _arguments()
    result = run(args.voters, args.port, args.workers)
    print(json.dumps(result, ensure_ascii=False) if args.json else markdown(result))


if __name__ == "__main__":
    main()
