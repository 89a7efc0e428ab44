"""How numbers, percentages, cells and column letters are written, the same way everywhere
(dates are written by ``i18n.date_text``, in the reader's language)."""

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


def banded_percent(value: Any, bounds: tuple[float, ...], *, missing: str = MISSING) -> str:
    """A score in whole per cent unless rounding would put it across a status band's bound:
    0.4996 against a bound of 0.5 reads "49.96%", not "50%" beside a province truly at 50%."""
    if is_missing(value):
        return missing
    exact = float(value)
    for decimals in range(3):
        shown = round(exact * 100, decimals) / 100
        if all((shown >= bound) == (exact >= bound) for bound in bounds):
            return f"{exact:.{decimals}%}"
    return f"{math.floor(exact * 10_000) / 10_000:.2%}"  # 0.99996 reads 99.99%, never 100.00%


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
