"""The demo's story clock: each step of the demo runs at its moment in the story.

The demo is written through the product's services, which stamp what they write with the current
time (`auto_now` fields, `timezone.now()`, the audit log). To make every timestamp tell the
story — a 2024 dossier sent in January 2025, not on the day the demo was loaded — the loader
moves the process's clock (time-machine, without ticking) to each step's moment before the step
runs, and gives the real clock back when the load ends, even when it fails.

Moments only go forward, and never past the moment the load began: the audit log is appended in
the story's order, and no record is dated in the future.
"""

from __future__ import annotations

import datetime as dt
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

    def at(self, moment: dt.datetime) -> dt.datetime:
        """Move the clock to `moment`: later than or equal to the last one, not past the end."""
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
