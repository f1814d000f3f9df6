"""Dates as Vietnamese documents write them."""

from __future__ import annotations

import datetime as dt


def long_date_vi(day: dt.date, place: str = "") -> str:
    """ "Bình Thuận, ngày 25 tháng 03 năm 2024" (Decree 30: leading zero for days 1-9, months 1-2)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    text = f"ngày {day.day:02d} tháng {month} năm {day.year}"
    return f"{place}, {text}" if place else text
