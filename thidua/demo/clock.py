"""The demo's story clock: each step of the demo runs at its moment in the story.

The demo is written through the product's services, which stamp what they write with the current
time (`auto_now` fields, `timezone.now()`, the audit log). To make every timestamp tell the
story — a 2024 dossier sent in January 2025, not on the day the demo was loaded — the loader
moves the process's clock (time-machine, without ticking) to each step's moment before the step
runs, and gives the real clock back when the load ends, even when it fails.

Moments only go forward, and never past the moment the load began: the audit log is appended in
the story's order, and no record is dated in the future.

Several story lines run side by side (Khối thi đua 8 of 2024–2025, and the blocks of Lâm Đồng,
whose years overlap it). The main line calls `at()`; every other line is a generator given to
`meanwhile()` that yields the moment of its next step and does that step when resumed. Before the
main line moves the clock, the steps of the other lines that come first are run, so the whole
demo is written in one chronological order; `finish()` runs what is left.
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from zoneinfo import ZoneInfo

import time_machine
from django.conf import settings
from django.utils import timezone


def local(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> dt.datetime:
    """A moment in the province's time zone (Asia/Ho_Chi_Minh)."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=ZoneInfo(settings.TIME_ZONE))


class StoryClock:
    """Where the demo's story stands; `at()` moves it forward."""

    def __init__(self, end: dt.datetime) -> None:
        self.end = end
        self.now: dt.datetime | None = None
        self._traveller: time_machine.travel | None = None
        self._lines: list[tuple[dt.datetime, int, Iterator[dt.datetime]]] = []
        self._order = itertools.count()
        self._pumping = False

    def at(self, moment: dt.datetime) -> dt.datetime:
        """Move the clock to `moment` (later than or equal to the last one, not past the end),
        once the other lines' steps that come before it have run."""
        self._run_lines(until=moment)
        return self._move(moment)

    def meanwhile(self, line: Iterator[dt.datetime]) -> None:
        """Run a story line alongside: a generator yielding the moment of each of its steps."""
        self._schedule(line)

    def finish(self) -> None:
        """Run every step of the other lines that is left."""
        self._run_lines(until=self.end)
        if self._lines:
            raise RuntimeError("A demo story line runs past the end of the story.")

    def _schedule(self, line: Iterator[dt.datetime]) -> None:
        moment = next(line, None)
        if moment is not None:
            heapq.heappush(self._lines, (moment, next(self._order), line))

    def _run_lines(self, until: dt.datetime) -> None:
        if self._pumping:
            raise RuntimeError("A story line's step must not move the clock itself: yield.")
        self._pumping = True
        try:
            while self._lines and self._lines[0][0] <= until:
                moment, _, line = heapq.heappop(self._lines)
                self._move(moment)
                self._schedule(line)
        finally:
            self._pumping = False

    def _move(self, moment: dt.datetime) -> dt.datetime:
        if self.now is not None and moment < self.now:
            raise RuntimeError(f"The demo's story goes back in time: {moment} < {self.now}.")
        if moment > self.end:
            raise RuntimeError(f"The demo's story runs past its end: {moment} > {self.end}.")
        self.stop()
        self._traveller = time_machine.travel(moment, tick=False)
        self._traveller.start()
        self.now = moment
        return moment

    def not_before(self, moment: dt.datetime) -> dt.datetime:
        """Move the clock to `moment`, or leave it where it is if the story is already later."""
        if self.now is not None and self.now > moment:
            return self.now
        return self.at(moment)

    def later(self, **delta: float) -> dt.datetime:
        """Move the clock forward by a timedelta's arguments (minutes=5, days=2…)."""
        if self.now is None:
            raise RuntimeError("The demo's story has not started.")
        return self.at(self.now + dt.timedelta(**delta))

    def stop(self) -> None:
        if self._traveller is not None:
            self._traveller.stop()
            self._traveller = None


@contextmanager
def story(end: dt.datetime | None = None) -> Iterator[StoryClock]:
    """A story clock that ends at `end` (by default, now); the real clock afterwards."""
    clock = StoryClock(end or timezone.now())
    try:
        yield clock
    finally:
        clock.stop()
