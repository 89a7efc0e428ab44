"""How numbers, percentages, cells and column letters are written, the same way everywhere."""

from __future__ import annotations

import math
from typing import Any

from openpyxl.utils.cell import get_column_letter

MISSING = "–"


def is_missing(value: Any) -> bool:
    """None, NaN or pandas' NA: a value that was never given."""
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN and pd.NA are not equal to themselves
    except TypeError:  # pd.NA refuses bool()
        return True


def same_value(a: Any, b: Any) -> bool:
    """Equal, or both missing."""
    return (is_missing(a) and is_missing(b)) if (is_missing(a) or is_missing(b)) else bool(a == b)


def number_text(value: Any, *, grouping: bool = True, missing: str = MISSING) -> str:
    """1250 -> "1,250", 2.5 -> "2.5", 5.0 -> "5"; a missing value -> ``missing``."""
    if is_missing(value):
        return missing
    number = float(value)
    if number.is_integer():
        return f"{int(number):,}" if grouping else str(int(number))
    return f"{number:,.2f}".rstrip("0").rstrip(".") if grouping else f"{number:g}"


def percent(value: Any, *, missing: str = MISSING) -> str:
    """0.8167 -> "82%"."""
    return missing if is_missing(value) else f"{float(value):.0%}"


def year_text(value: Any, *, missing: str = "") -> str:
    """A year as digits without grouping (2564, never 2,564)."""
    return number_text(value, grouping=False, missing=missing)


def cell_text(value: Any) -> str | None:
    """A cell's value as the user typed it, for a message: None when blank, 5.0 shown as 5."""
    if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def column_letter(index: int) -> str:
    """0-based column index -> Excel letters (0 -> A, 26 -> AA)."""
    return get_column_letter(index + 1)


TIME_ZONE = "Asia/Bangkok"  # every date and time shown is Thai time
BUDDHIST_ERA = 543


def thai_time(moment: Any) -> Any:
    """A datetime in Thai time; a naive one is taken as UTC (how the store keeps times)."""
    from datetime import UTC
    from zoneinfo import ZoneInfo

    stamp = moment.to_pydatetime() if hasattr(moment, "to_pydatetime") else moment
    stamp = stamp.replace(tzinfo=UTC) if stamp.tzinfo is None else stamp
    return stamp.astimezone(ZoneInfo(TIME_ZONE))


def date_text(moment: Any, lang: str, *, with_time: bool = False) -> str:
    """ "25 พฤศจิกายน 2569" (Buddhist Era, Thai month) or "25 November 2026"; with the time of day
    in Thai time when ``with_time`` ("25 พฤศจิกายน 2569 21:37 น."). A date is shown as given."""
    from datetime import datetime

    from moral_metrics.reference.i18n import t  # i18n imports this module: import when called

    if is_missing(moment):
        return MISSING
    local = thai_time(moment) if isinstance(moment, datetime) or hasattr(moment, "to_pydatetime") else moment
    month = t("date.months", lang).split("|")[local.month - 1]
    year = local.year + BUDDHIST_ERA if lang == "th" else local.year
    day = t("date.day", lang, day=local.day, month=month, year=str(year))
    if not with_time:
        return day
    return t("date.time", lang, date=day, time=f"{local.hour:02d}:{local.minute:02d}")
