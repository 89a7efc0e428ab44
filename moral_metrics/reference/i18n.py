"""The one translation table (``data/i18n.toml``): Thai by default, English on request.

Placeholders may name how their value is written: ``{province:province}`` writes a province
code as its name in the language, ``{indicator:indicator}`` an indicator code as its name,
``{sheets:list}`` a list as quoted items, ``{files:and}`` a list joined with "and" in the language,
``{limit:number}`` a number with grouping,
``{year:year}`` a year without, and ``{role:column}`` (any table prefix) the entry
``column.<value>`` of this table. Values stay values; the words are made here.
"""

from __future__ import annotations

import datetime as dt
import string
import tomllib
from functools import lru_cache
from typing import Any, Literal

from moral_metrics.reference.calendar import be_year, thai_time
from moral_metrics.reference.formats import MISSING, is_missing, number_text, year_text
from moral_metrics.reference.settings import DATA_DIR

Lang = Literal["th", "en"]
LANGS: tuple[Lang, ...] = ("th", "en")
DEFAULT_LANG: Lang = "th"


def _flatten(tree: dict, prefix: str = "") -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for key, value in tree.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and set(value) >= {"th", "en"}:
            out[path] = {k: v for k, v in value.items() if isinstance(v, str)}  # th, en, en_one (singular)
            rest = {k: v for k, v in value.items() if not isinstance(v, str)}
            out.update(_flatten(rest, path + "."))
        elif isinstance(value, dict):
            out.update(_flatten(value, path + "."))
    return out


@lru_cache(maxsize=1)
def table() -> dict[str, dict[str, str]]:
    raw = tomllib.loads((DATA_DIR / "i18n.toml").read_text(encoding="utf-8"))
    return _flatten(raw)


def has(key: str) -> bool:
    return key in table()


def t(key: str, lang: str = DEFAULT_LANG, **values: object) -> str:
    """The text for ``key`` in ``lang`` with ``{placeholders}`` filled; the key itself if unknown."""
    entry = table().get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry[DEFAULT_LANG]
    return _Formatter(lang).vformat(text, (), values) if values or "{" in text else text


def language_name(code: str) -> str:
    """A language's own name, as the language switch shows it."""
    return t(f"language.name_{code}", code)


def _province(value: Any, lang: str) -> str:
    from moral_metrics.reference.provinces import province_name

    return province_name(str(value), lang)


def _place(value: Any, lang: str) -> str:
    """A province as typed in a Thai tracker; in English with its English name beside it."""
    from moral_metrics.reference.provinces import province_index

    found = province_index().resolve(value)
    if found is None or lang == "th" or found.name(lang) == str(value):
        return str(value)
    return f"{value} ({found.name(lang)})"


def _indicator(value: Any, lang: str) -> str:
    from moral_metrics.reference.catalogue import default_catalogue

    found = default_catalogue().find(str(value))
    return found.name(lang) if found else str(value)


def _quoted(value: Any, lang: str) -> str:
    items = value if isinstance(value, (list, tuple)) else [value]
    return ", ".join(f'"{item}"' for item in items)


def _joined(value: Any, lang: str) -> str:
    items = value if isinstance(value, (list, tuple)) else [value]
    return ", ".join(str(item) for item in items)


def _and_joined(value: Any, lang: str) -> str:
    """ "a.xlsx and b.xlsx", "a, b and c" (Thai "และ"): the words from ``[list.and]`` and ``[list.comma]``."""
    items = [str(item) for item in (value if isinstance(value, (list, tuple)) else [value])]
    if len(items) < 2:
        return "".join(items)
    return t("list.and", lang, first=t("list.comma", lang).join(items[:-1]), last=items[-1])


SPECS = {
    "province": _province,
    "indicator": _indicator,
    "place": _place,
    "list": _quoted,
    "items": _joined,
    "and": _and_joined,
    "number": lambda v, lang: _number(v),
    "year": lambda v, lang: year_text(v),
    "date": lambda v, lang: _date(v, lang),
}


def written(value: object, spec: str, lang: str = DEFAULT_LANG) -> str:
    """One value written as a placeholder with ``spec`` would write it (``written("networks",
    "indicator", "th")`` is the indicator's Thai name)."""
    return _Formatter(lang).format_field(value, spec)


def _number(value: Any) -> str:
    """A count with thousands separators (10,000); text (already written) stays as given."""
    if isinstance(value, (str, bool)):
        return str(value)
    try:
        return number_text(value)
    except (TypeError, ValueError):
        return str(value)


def _date(value: Any, lang: str) -> str:
    """An ISO date as "15 มกราคม 2566" / "15 January 2023"; anything else as written."""
    try:
        return date_text(dt.date.fromisoformat(str(value)), lang)
    except ValueError:
        return str(value)


def date_text(moment: Any, lang: str, *, with_time: bool = False) -> str:
    """ "25 พฤศจิกายน 2569" (Buddhist Era, Thai month) or "25 November 2026"; with the time of day
    in Thai time when ``with_time`` ("25 พฤศจิกายน 2569 21:37 น."). A date is shown as given."""
    if is_missing(moment):
        return MISSING
    local = thai_time(moment) if isinstance(moment, dt.datetime) or hasattr(moment, "to_pydatetime") else moment
    month = t("date.months", lang).split("|")[local.month - 1]
    year = be_year(local.year) if lang == "th" else local.year
    day = t("date.day", lang, day=local.day, month=month, year=str(year))
    if not with_time:
        return day
    return t("date.time", lang, date=day, time=f"{local.hour:02d}:{local.minute:02d}")


class _Formatter(string.Formatter):
    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.values: Any = {}

    def vformat(self, format_string: str, args: Any, kwargs: Any) -> str:
        self.values = kwargs  # a nested entry may use the same values
        return super().vformat(format_string, args, kwargs)

    def get_value(self, key: int | str, args: Any, kwargs: Any) -> Any:
        # a placeholder nobody filled stays visible instead of raising in front of a user
        return kwargs.get(key, "{" + str(key) + "}") if isinstance(key, str) else super().get_value(key, args, kwargs)

    def format_field(self, value: Any, spec: str) -> str:
        if spec in SPECS and isinstance(value, (list, tuple)) and spec not in ("list", "items", "and"):
            return ", ".join(SPECS[spec](v, self.lang) for v in value)
        if spec in SPECS:
            return SPECS[spec](value, self.lang)
        if spec.startswith("count_"):  # "{errors:count_error}": "1 error", "2 errors" from [count.error]
            entry = table().get(f"count.{spec[6:]}", {})
            one = entry.get(f"{self.lang}_one") if value == 1 else None
            text = one or entry.get(self.lang) or entry.get(DEFAULT_LANG, "{n}")
            return text.format(n=number_text(value))
        if spec.isidentifier():
            if isinstance(value, (list, tuple)):
                return t("list.separator", self.lang).join(self.format_field(v, spec) for v in value)
            entry = f"{spec}.{value}"
            return t(entry, self.lang, **self.values) if has(entry) else str(value)
        return super().format_field(value, spec)
