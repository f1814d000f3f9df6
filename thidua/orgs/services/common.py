"""Helpers every registry write shares: names compared across Vietnamese case, dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from thidua.lib.text import casefold, fold


def name_taken(queryset: Any, name: str) -> bool:
    """Whether a row of `queryset` has this name, ignoring case for every Vietnamese letter.

    SQLite's iexact folds ASCII letters only ("HỘI" ≠ "Hội" there); the folded search key
    narrows the candidates in the database and the comparison is done in Python.
    """
    wanted = casefold(name)
    candidates = queryset.filter(search_folded__contains=fold(name)).values_list("name", flat=True)
    return any(casefold(other) == wanted for other in candidates)


def day_before(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=1)
