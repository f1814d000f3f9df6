"""A bounded closed-loop load on 127.0.0.1: N clients, each sending its next request as soon as
the previous answer arrived, for a fixed time. Standard library only, so that the numbers do not
depend on a load tool's version."""

from __future__ import annotations

import http.client
import statistics
import threading
import time
from dataclasses import dataclass, field


@dataclass
class Outcome:
    latencies: list[float] = field(default_factory=list)  # seconds, successful requests only
    errors: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    queries: list[int] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def requests(self) -> int:
        return len(self.latencies)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        """Latency in milliseconds at percentile p (nearest rank)."""
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))
        return ordered[index] * 1000

    @property
    def queries_per_request(self) -> float | None:
        return statistics.mean(self.queries) if self.queries else None


def fetch(
    host: str, port: int, path: str, cookie: str | None, timeout: float = 30
) -> tuple[int, bytes, dict[str, str]]:
    connection = http.client.HTTPConnection(host, port, timeout=timeout)
    headers = {"Host": f"{host}:{port}", "User-Agent": "thidua-bench"}
    if cookie:
        headers["Cookie"] = cookie
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read()
        return response.status, body, {k.lower(): v for k, v in response.getheaders()}
    finally:
        connection.close()


def closed_loop(
    host: str,
    port: int,
    path: str,
    *,
    cookie: str | None,
    clients: int,
    seconds: float,
    warmup: float = 1.0,
) -> Outcome:
    """Warm up, then measure `clients` concurrent loops on `path` for `seconds`."""
    outcome = Outcome()
    lock = threading.Lock()
    start_measuring = time.perf_counter() + warmup
    stop = start_measuring + seconds

    def client() -> None:
        while True:
            began = time.perf_counter()
            if began >= stop:
                return
            try:
                status, _, headers = fetch(host, port, path, cookie)
            except OSError:
                status, headers = 0, {}
            took = time.perf_counter() - began
            if began < start_measuring:
                continue
            with lock:
                outcome.statuses[status] = outcome.statuses.get(status, 0) + 1
                if status == 200:
                    outcome.latencies.append(took)
                    if "x-queries" in headers:
                        outcome.queries.append(int(headers["x-queries"]))
                else:
                    outcome.errors += 1

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    outcome.seconds = seconds
    return outcome
