"""Dates as Vietnamese documents write them."""

from __future__ import annotations

import datetime as dt


def long_date_vi(day: dt.date, place: str = "") -> str:
    """ "Bình Thuận, ngày 08 tháng 01 năm 2025".

    Decree 30/2020 writes a leading zero for days below 10 and for months 1 and 2 only.
    """
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    text = f"ngày {day.day:02d} tháng {month} năm {day.year}"
    return f"{place}, {text}" if place else text
