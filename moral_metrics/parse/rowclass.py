"""What each cell says about its row: blank, a totals line, text too long to keep.

Bits per value (``BLANK``, ``TOTAL``, ``TOO_LONG``), worked out once per distinct value of a
column (``parse.distinct``): a tracker repeats the same provinces, years and numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, partial

import numpy as np
import pandas as pd

from moral_metrics.parse.distinct import per_value
from moral_metrics.reference.vocabulary import is_word, key, words

BLANK, TOTAL, TOO_LONG = 1, 2, 4


def _is_blank(value: object) -> bool:
    return value is None or value == "" or (isinstance(value, str) and not value.strip())


def is_total(value: object) -> bool:
    if not isinstance(value, str):
        return False
    k = key(value)
    return any(k == w or (len(w) >= 3 and k.startswith(w)) for w in words("total"))


_KEY_LEADING = " \t\r\n\u00a0\u200b\u200c\u200d\u2060\ufeff\u00ad-_.'’`"


def is_total_word(value: object) -> bool:
    """A cell that is exactly a totals word; most names fail on their first letter, before ``key``."""
    if not isinstance(value, str) or value.lstrip(_KEY_LEADING)[:1].casefold() not in _total_initials():
        return False
    return is_word(value, "total")


@lru_cache(maxsize=1)
def _total_initials() -> frozenset[str]:
    return frozenset(w[:1] for w in words("total"))


def _row_class(value: object, is_total: Callable[[object], bool]) -> int:
    """BLANK or TOTAL (or 0) of one value; the same answers as ``_is_blank`` and ``is_total``."""
    if value is None or value == "":
        return BLANK
    if not isinstance(value, str):
        return 0
    if not value.strip():
        return BLANK
    return TOTAL if is_total(value) else 0


def row_classes(values: list, is_total: Callable[[object], bool]) -> np.ndarray:
    """BLANK and TOTAL bits of every value, worked out once per distinct value."""
    return per_value(pd.Series(values, dtype=object), partial(_row_class, is_total=is_total), np.uint8)


def classes(frame: pd.DataFrame, columns: list[str], limit: int) -> dict[str, np.ndarray]:
    """Per column, a bit mask per row (BLANK, TOTAL, TOO_LONG), worked out once per distinct value."""

    def classify(value: object) -> int:
        if not isinstance(value, str):
            return BLANK if value is None or (isinstance(value, float) and value != value) else 0
        return (BLANK * _is_blank(value)) | (TOTAL * is_total(value)) | (TOO_LONG * (len(value) >= limit))

    return {c: per_value(frame[c], classify, np.uint8) for c in columns if c in frame}
