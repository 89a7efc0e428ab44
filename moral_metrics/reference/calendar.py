"""The Thai calendar as the programme counts it: Buddhist-Era years, fiscal years and Thai time.

BE = CE + 543. A fiscal year (ปีงบประมาณ) runs from 1 October to 30 September and is named by
the BE year in which it ends. Every date and time shown is Thai time (Asia/Bangkok).
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

BUDDHIST_ERA = 543
FISCAL_START_MONTH = 10  # October
TIME_ZONE = "Asia/Bangkok"


def be_year(ce_year: int) -> int:
    return ce_year + BUDDHIST_ERA


def ce_year(be: int) -> int:
    return be - BUDDHIST_ERA


def fiscal_year(day: dt.date) -> int:
    """The BE year in which the 1 October - 30 September year of ``day`` ends."""
    return be_year(day.year) + (1 if day.month >= FISCAL_START_MONTH else 0)


def fiscal_end(year: int) -> dt.date:
    """The last day of fiscal ``year`` (BE): 30 September of that year."""
    return dt.date(ce_year(year), 9, 30)


def fiscal_start(year: int) -> dt.date:
    return dt.date(ce_year(year) - 1, FISCAL_START_MONTH, 1)


def thai_time(moment: Any) -> Any:
    """A datetime in Thai time; a naive one is taken as UTC (how the store keeps times)."""
    stamp = moment.to_pydatetime() if hasattr(moment, "to_pydatetime") else moment
    stamp = stamp.replace(tzinfo=dt.UTC) if stamp.tzinfo is None else stamp
    return stamp.astimezone(ZoneInfo(TIME_ZONE))


def thai_today() -> dt.date:
    """Today in Thailand (a day ahead of UTC from 17:00 UTC)."""
    return thai_time(dt.datetime.now(dt.UTC)).date()


class DateProblem(ValueError):
    """Why a year, month and day name no past day: ``code`` is "partial" (only some given),
    "no_such_day" (31 February) or "future" (a day still to come)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def past_day(year: int | None, month: int | None, day: int | None, today: dt.date) -> dt.date | None:
    """The day a year (CE, or BE when past 2400), month and day name, or None when none is given.
    One rule for every place a user says when something happened (the CLI, the Data page)."""
    parts = (year, month, day)
    if all(part is None for part in parts):
        return None
    if year is None or month is None or day is None:
        raise DateProblem("partial")
    try:
        chosen = dt.date(ce_year(year) if year > 2400 else year, month, day)  # 29 Feb 2567 is 2024's
    except ValueError as exc:
        raise DateProblem("no_such_day") from exc
    if chosen > today:
        raise DateProblem("future")
    return chosen
