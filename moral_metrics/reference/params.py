"""URL parameters read strictly (issue 23): each declared once in ``data/url_params.csv``.

A link is typed by anyone: ``?year=²`` (a digit to ``str.isdigit`` but not to ``int``), a
5,000-digit ``?version=`` or ``?today=99999-01-01`` must never reach a page as a crash. Every
value is checked here before any parsing work (its length first, then ASCII digits, ISO dates in
range, choices from a known set); a refused value becomes a :class:`Notice` the page shows while
it falls back to its default. Whether a value also fits the data shown (a province the tracker
holds, a year it reports) is the page's business: this module knows only the reference data.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from moral_metrics.reference.catalogue import areas
from moral_metrics.reference.districts import district_index
from moral_metrics.reference.i18n import LANGS
from moral_metrics.reference.provinces import province_index
from moral_metrics.reference.recognition import EVENT_KINDS, HONOUREE_KINDS, VIRTUES
from moral_metrics.reference.settings import DATA_DIR, settings

SHOWN_CHARS = 24  # how much of a refused value a notice repeats (a 5,000-digit value is not echoed)
_DIGITS = re.compile(r"[0-9]+", re.ASCII)  # str.isdigit() also takes "²" and Thai digits
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", re.ASCII)
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})", re.ASCII)
TEST_ONLY = ("today",)  # honoured only when settings().testing.today_param allows it


@dataclass(frozen=True)
class UrlParam:
    """One declared parameter: its kind (int, date, month, choice, bool, list, text), bounds
    (``low``/``high``: values for int, date and month, or ``@section.key`` of the settings; item
    counts for list), the longest raw value looked at, and its choices (literals, or ``@source``
    for a reference list)."""

    name: str
    kind: str
    low: str
    high: str
    length: int
    choices: tuple[str, ...]


@dataclass(frozen=True)
class Reading:
    """What a raw value means: ``value`` (None when refused) and, if any, why it was not taken
    whole (``bad``: refused or some list items dropped; ``too_many``: a list cut at ``high``)."""

    value: object
    problem: str | None = None


@dataclass(frozen=True)
class Notice:
    """A refused value for the page to mention: the parameter, the value shortened, the problem."""

    name: str
    shown: str
    problem: str
    limit: int = 0  # too_many: how many items were kept


@lru_cache(maxsize=1)
def declared() -> dict[str, UrlParam]:
    with (DATA_DIR / "url_params.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return {
        r["name"]: UrlParam(
            r["name"], r["kind"], r["low"], r["high"], int(r["length"]), tuple(filter(None, r["choices"].split("|")))
        )
        for r in rows
    }


def _source(name: str) -> dict[str, str]:
    """A reference list as accepted spelling -> value (provinces by ISO or DOPA code)."""
    if name == "provinces":
        found = province_index().provinces
        return {p.code: p.code for p in found} | {p.dopa_code: p.code for p in found}
    lists = {
        "districts": [d.code for d in district_index().districts],
        "areas": [a.code for a in areas()],
        "virtues": list(VIRTUES),
        "honouree_kinds": list(HONOUREE_KINDS),
        "event_kinds": list(EVENT_KINDS),
        "langs": list(LANGS),
    }
    return {value: value for value in lists[name]}


@lru_cache(maxsize=32)
def choices(name: str) -> dict[str, str]:
    """Every value ``name`` accepts, as written in a link -> as the pages use it."""
    accepted: dict[str, str] = {}
    for choice in declared()[name].choices:
        accepted |= _source(choice[1:]) if choice.startswith("@") else {choice: choice}
    return accepted


def _bound(text: str) -> int:
    """A numeric bound as declared, or the setting it names (``@validation.max_program_year``)."""
    if text.startswith("@"):
        section, name = text[1:].split(".")
        return int(getattr(getattr(settings(), section), name))
    return int(text)


def _int(spec: UrlParam, raw: str) -> int | None:
    if not _DIGITS.fullmatch(raw):
        return None
    number = int(raw)  # at most spec.length ASCII digits: cheap and never a ValueError
    return number if _bound(spec.low) <= number <= _bound(spec.high) else None


def _date(spec: UrlParam, raw: str) -> dt.date | None:
    if not _DATE.fullmatch(raw):
        return None
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:  # 2025-02-30
        return None
    return day if spec.low <= raw <= spec.high else None


def _month(spec: UrlParam, raw: str) -> tuple[int, int] | None:
    found = _MONTH.fullmatch(raw)
    if not found or not 1 <= int(found[2]) <= 12 or not spec.low <= raw <= spec.high:
        return None
    return int(found[1]), int(found[2])


def _list(spec: UrlParam, raw: str) -> Reading:
    if not raw:  # the reader removed every item: none, not the default
        return Reading(())
    accepted = choices(spec.name)
    items = [item.strip() for item in raw.split(",") if item.strip()]
    kept = list(dict.fromkeys(accepted[item] for item in items if item in accepted))
    if not kept:
        return Reading(None, "bad")
    if len(kept) > int(spec.high):
        return Reading(tuple(kept[: int(spec.high)]), "too_many")
    return Reading(tuple(kept), "bad" if len(kept) < len(items) else None)


def read(name: str, raw: str) -> Reading:
    """``raw`` as parameter ``name`` means it; never raises, whatever the link holds."""
    spec = declared()[name]
    if len(raw) > spec.length:  # before any parsing: a 5,000-digit number is never converted
        return Reading(None, "bad")
    if spec.kind == "list":
        return _list(spec, raw)
    if spec.kind == "text":
        return Reading(raw)
    readers = {"int": _int, "date": _date, "month": _month}
    value = readers[spec.kind](spec, raw) if spec.kind in readers else choices(name).get(raw)
    if spec.kind == "bool" and value is not None:
        value = value == "true"
    return Reading(value, None if value is not None else "bad")


def most(name: str) -> int:
    """How many items list parameter ``name`` takes (Compare's 12 provinces)."""
    return int(declared()[name].high)


def written(codes: list[str]) -> str:
    """Provinces as a ``list`` parameter writes them: DOPA codes, the shortest (``10,40``)."""
    found = province_index().by_code
    return ",".join(found[code].dopa_code if code in found else code for code in codes)


def honoured(name: str) -> bool:
    """Whether the pages look at ``name`` at all: declared, and a test-only one only when allowed."""
    return name in declared() and (name not in TEST_ONLY or settings().testing.today_param)


def shortened(raw: str) -> str:
    """A refused value as a notice repeats it: its first characters, printable, and its length."""
    shown = "".join(c if c.isprintable() else "\ufffd" for c in raw[:SHOWN_CHARS])
    return f"{shown}… ({len(raw):,})" if len(raw) > SHOWN_CHARS else shown


def notices(query: Mapping[str, str]) -> list[Notice]:
    """A notice for every honoured parameter of ``query`` whose value was not taken whole."""
    found = []
    for name, raw in query.items():
        if honoured(name) and (problem := read(name, raw).problem):
            spec = declared()[name]
            found.append(Notice(name, shortened(raw), problem, int(spec.high) if spec.kind == "list" else 0))
    return found
