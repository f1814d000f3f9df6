"""Numbers as Vietnamese documents write them: a decimal comma, a fixed number of places.

Every document and page that shows a vote share goes through `percent_vi`, so the minutes, the
tờ trình and the ballot page give the same vote the same figure ("66,67%").
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

#: Decimal places of a vote share, everywhere.
PERCENT_PLACES = 2


def decimal_vi(value: object, places: int = 2) -> str:
    """ "95,50" for 95.5: rounded half up to `places`, with a decimal comma; "" when `value` is
    empty or not a number."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return ""
    if not number.is_finite():
        return ""
    quantum = Decimal(1).scaleb(-places)
    text = f"{number.quantize(quantum, rounding=ROUND_HALF_UP):f}"
    return text.replace(".", ",")


def percent_vi(part: int | None, whole: int | None, places: int = PERCENT_PLACES) -> str:
    """ "66,67%" for 8 of 12 (rounded half up); "" when either count is unknown or the whole is
    zero."""
    if part is None or not whole:
        return ""
    return decimal_vi(Decimal(100) * part / Decimal(whole), places) + "%"


def localizer() -> Callable[[object], str]:
    """What Django's `localize` (and so a template's ``{{ number }}``) writes for a value, in the
    active language — the separator looked up once, not once per number: a page of a thousand
    figures spent a third of its time in that lookup. Decimals and whole numbers take the fast
    path when thousand separators are off (the project's setting); anything else goes through
    `localize` itself."""
    from django.conf import settings
    from django.utils.formats import get_format, localize

    def slow(value: object) -> str:
        return str(localize(value))

    if settings.USE_THOUSAND_SEPARATOR:
        return slow
    separator = str(get_format("DECIMAL_SEPARATOR"))

    def text(value: object) -> str:
        if isinstance(value, Decimal):
            _sign, digits, exponent = value.as_tuple()
            if isinstance(exponent, int) and abs(exponent) + len(digits) <= 200:
                return f"{value:f}".replace(".", separator)
        elif isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        return slow(value)

    return text
