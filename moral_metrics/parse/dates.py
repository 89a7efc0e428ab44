"""Dates as Thai staff write them, and the fiscal year a date falls in.

Accepted: Excel date cells; ``15/1/2566`` (day/month/year, ``/`` ``.`` or ``-``); Thai digits
``๑๕/๐๑/๒๕๖๖``; a month word, full or abbreviated (``15 ม.ค. 2566``, ``15 มกราคม พ.ศ. 2566``,
``15 Jan 2023``; the words are in ``data/months.csv``); ISO ``2023-01-15``. A four-digit year above
2400 is Buddhist Era (BE = CE + 543), 1900-2400 is Common Era. A two-digit year is refused with the
four-digit BE year as the suggestion (as for fiscal years). A date cell whose year is above 2400 is
a BE year typed into a Common-Era cell: it is read as BE and marked ``shifted`` so that the check
can warn.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from moral_metrics.parse.normalise import is_blank, is_blank_text
from moral_metrics.reference.calendar import ce_year
from moral_metrics.reference.settings import DATA_DIR
from moral_metrics.reference.vocabulary import clean_text, key, prefixes, thai_digits

BE_FROM = 2400  # a year above this is Buddhist Era
CE_FROM = 1900
TWO_DIGIT_BASE = 2500  # "66" -> 2566, as for fiscal years

_NUMERIC = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{1,4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]00:00(?::00)?)?$")
_WORDED = re.compile(r"^(\d{1,2})\s*([^\d]+?)\s*(\d{1,4})$")


@dataclass(frozen=True)
class ReadDate:
    value: dt.date | None = None
    problem: str | None = None  # "text", "two_digit" or "type"; None when fine (or blank)
    suggestion: Any = None  # the four-digit year for "two_digit"
    shifted: bool = False  # a BE year in a date cell, read as BE

    @property
    def ok(self) -> bool:
        return self.problem is None


@lru_cache(maxsize=1)
def month_words() -> dict[str, int]:
    """Month word key -> month number (``data/months.csv``)."""
    with (DATA_DIR / "months.csv").open(encoding="utf-8") as fh:
        return {key(r["word"]): int(r["month"]) for r in csv.DictReader(fh)}


def _make(year: int, month: int, day: int) -> ReadDate:
    try:
        return ReadDate(dt.date(year, month, day))
    except ValueError:
        return ReadDate(problem="text")


def _from_year(year: int, month: int, day: int) -> ReadDate:
    """A date from a written year: BE above 2400, CE from 1900, else unreadable."""
    if year < 100:
        return ReadDate(problem="two_digit", suggestion=TWO_DIGIT_BASE + year)
    if year > BE_FROM:
        return _make(ce_year(year), month, day)
    return _make(year, month, day) if year >= CE_FROM else ReadDate(problem="text")


def _cell(value: dt.date) -> ReadDate:
    """An Excel date cell; a year above 2400 was typed in BE."""
    day = value.date() if isinstance(value, dt.datetime) else value
    if day.year <= BE_FROM:
        return ReadDate(day)
    read = _make(ce_year(day.year), day.month, day.day)
    return ReadDate(read.value, read.problem, shifted=read.ok)


def _month(text: str) -> int | None:
    k = key(text)
    for prefix in prefixes("fiscal_be_prefix"):  # "ม.ค. พ.ศ." -> "ม.ค."
        if k.endswith(prefix) and len(k) > len(prefix):
            k = k[: -len(prefix)]
            break
    return month_words().get(k)


def _text(text: str) -> ReadDate:
    if found := _ISO.match(text):
        return _from_year(int(found.group(1)), int(found.group(2)), int(found.group(3)))
    if found := _NUMERIC.match(text):
        return _from_year(int(found.group(3)), int(found.group(2)), int(found.group(1)))
    if (found := _WORDED.match(text)) and (month := _month(found.group(2))) is not None:
        return _from_year(int(found.group(3)), month, int(found.group(1)))
    return ReadDate(problem="text")


def parse_date(value: Any) -> ReadDate:
    """A date from a cell; ``ReadDate()`` (no value, no problem) for a blank one."""
    if isinstance(value, str):  # cleaned once, for the blank test and the reading
        text = clean_text(value)
        return ReadDate() if is_blank_text(text) else _text(thai_digits(text))
    if is_blank(value):
        return ReadDate()
    if isinstance(value, dt.date):
        return _cell(value)
    return ReadDate(problem="text")
