"""Turn cell values as people type them into canonical values.

Each parser returns a ``Parsed``: the value (None for a blank cell, never 0), or a problem
``detail`` with a ``suggestion`` of what was probably meant. Nothing is guessed silently:
a suggestion only ever goes into a message.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Any

from moral_metrics.reference.calendar import be_year, fiscal_year
from moral_metrics.reference.vocabulary import clean_text, is_word, key, prefixes, thai_digits, words

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_WHOLE = re.compile(r"^(\d+)(?:\.0*)?$")
_DIGIT_RUN = re.compile(r"[+-]?[\d][\d.,]*")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")


@dataclass(frozen=True)
class Parsed:
    value: Any = None
    problem: str | None = None  # a message detail such as "range"; None when fine
    suggestion: Any = None

    @property
    def ok(self) -> bool:
        return self.problem is None


BLANK = Parsed()


def is_blank_text(text: str) -> bool:
    """Cleaned text (``clean_text``) that says nothing: empty, a dash, "n/a", "ไม่ระบุ"..."""
    return text == "" or is_word(text, "blank")


def is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str):
        return is_blank_text(clean_text(value))
    return False


def _numeric_text(text: str) -> str:
    text = thai_digits(clean_text(text)).replace(" ", "")
    if _GROUPED.match(text):
        text = text.replace(",", "")
    return text


def parse_number(value: Any) -> Parsed:
    """A number from a cell: numbers pass, text such as ``๑,๒๕๐`` or ``1,250`` converts."""
    if is_blank(value):
        return BLANK
    if isinstance(value, (bool, dt.date, dt.time, dt.timedelta)):
        return Parsed(problem="text")
    if isinstance(value, (int, float)):
        return Parsed(float(value))
    text = _numeric_text(str(value))
    if _NUMBER.match(text):
        return Parsed(float(text))
    return Parsed(problem="text", suggestion=_number_inside(str(value)))


def _number_inside(text: str) -> str | None:
    """The one number in a text such as "120 คน" or "10,000.-บาท", for a suggestion."""
    runs = _DIGIT_RUN.findall(thai_digits(text))
    if len(runs) != 1:
        return None
    run = _numeric_text(runs[0].rstrip(".,"))
    return run if _NUMBER.match(run) else None


def parse_yes_no(value: Any) -> Parsed:
    """1 or 0 from มี/ไม่มี, ใช่/ไม่ใช่, yes/no, ✓, true/false, 1/0."""
    if is_blank(value):
        return BLANK
    if isinstance(value, bool):
        return Parsed(1.0 if value else 0.0)
    k = key(value) if isinstance(value, str) else None
    if k is not None and k in words("yes"):
        return Parsed(1.0)
    if k is not None and k in words("no"):
        return Parsed(0.0)
    number = parse_number(value)
    if number.ok and number.value in (0.0, 1.0):
        return number
    return Parsed(problem="yesno")


@dataclass(frozen=True)
class YearCell:
    program: int | None = None
    fiscal: int | None = None


def _strip_prefix(text: str, group: str) -> str | None:
    for prefix in prefixes(group):
        if text.startswith(prefix):
            return text[len(prefix) :]
    return None


def _as_int(number: float) -> int | None:
    return int(number) if float(number).is_integer() else None


def _fiscal(n: int, *, two_digit_base: int | None) -> Parsed:
    if n < 100 and two_digit_base is not None:
        return Parsed(problem="fiscal", suggestion=two_digit_base + n)
    if 1900 <= n < 2400:  # a Common-Era year: Thai fiscal years are named in the Buddhist Era
        return Parsed(YearCell(fiscal=be_year(n)))
    return Parsed(YearCell(fiscal=n))


def parse_year(value: Any, hint: str = "year") -> Parsed:
    """Programme year and/or fiscal year (BE) from one cell.

    ``hint`` is the column's role: ``program_year``, ``fiscal_year`` or ``year``. A bare number
    of four digits is a fiscal year wherever it stands; a small one is a programme year unless
    the column is a fiscal-year column.
    """
    if is_blank(value):
        return BLANK
    if isinstance(value, (bool, dt.time, dt.timedelta)):
        return Parsed(problem="text")
    if isinstance(value, (dt.date, dt.datetime)):
        fiscal = fiscal_year(value)
        return Parsed(problem="text", suggestion=fiscal)
    if isinstance(value, (int, float)):
        n = _as_int(value)
        if n is None:
            return Parsed(problem="text")
        return _bare_year(n, hint)
    return _year_text(_year_key(value), hint)


def _year_key(value: object) -> str:
    """Like ``key`` but keeping dots and dashes between digits: "2.5" is not year 25."""
    text = thai_digits(clean_text(str(value))).casefold().replace(" ", "")
    return re.sub(r"(?<!\d)[.\-_'’`]|[.\-_'’`](?!\d)", "", text)


def _bare_year(n: int, hint: str) -> Parsed:
    if n >= 1000:
        return _fiscal(n, two_digit_base=None)
    if hint == "fiscal_year":
        return _fiscal(n, two_digit_base=2500 if n < 100 else None)
    return Parsed(YearCell(program=n))


def _year_text(text: str, hint: str) -> Parsed:
    both = re.fullmatch(r"(\D*?)(\d{1,2})\((\D*?)(\d{2,4})\)", text)
    if both:  # "ปีที่ 2 (2564)": programme year with its fiscal year in brackets
        program = _year_text(both.group(1) + both.group(2), "program_year")
        fiscal = _year_text(both.group(3) + both.group(4), "fiscal_year")
        if program.ok and fiscal.ok and program.value.program and fiscal.value.fiscal:
            return Parsed(YearCell(program.value.program, fiscal.value.fiscal))
        return Parsed(problem="text")
    if whole := _WHOLE.match(text):
        return _bare_year(int(whole.group(1)), hint)
    rest = _strip_prefix(text, "fiscal_be_prefix")
    if rest is not None and rest.isdigit():
        return _fiscal(int(rest), two_digit_base=2500)
    rest = _strip_prefix(text, "fiscal_ce_prefix")
    if rest is not None and rest.isdigit():
        n = int(rest)
        if n < 100:  # FY21 (2021, B.E. 2564) or FY64 (B.E. 2564)? Ask, with the likelier one
            return Parsed(problem="fiscal", suggestion=2500 + n if n >= 50 else be_year(2000 + n))
        return _fiscal(n, two_digit_base=None)
    rest = _strip_prefix(text, "program_prefix")
    if rest is not None and rest.isdigit():
        n = int(rest)
        return _fiscal(n, two_digit_base=None) if n >= 1000 else Parsed(YearCell(program=n))
    return Parsed(problem="text")
