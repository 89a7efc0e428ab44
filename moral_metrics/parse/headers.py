"""Recognise header rows: which column plays which role, and which layout a sheet has.

Column roles come from ``data/columns.csv``. Real headers carry extra words and units
("ปีที่เริ่มดำเนินการ (พ.ศ.)", "จำนวนผู้เข้าร่วม (คน)"), so a role matches when one of its
aliases occurs inside the header text, and the longest (most specific) alias wins. Aliases of
one or two characters ("ปี", "ผล", "FY") must be the whole header, or they would match inside
unrelated words.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache

from moral_metrics.reference.catalogue import Catalogue, Indicator
from moral_metrics.reference.settings import DATA_DIR
from moral_metrics.reference.vocabulary import key

YEAR_ROLES = ("program_year", "fiscal_year", "year")
IDENTITY_ROLES = ("province", *YEAR_ROLES, "indicator", "note", "region", "start_year")
MEASURES = ("target", "actual")
_BRACKET_CHARS = re.compile(r"[()\[\]:/,;*#]")
_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]")


@lru_cache(maxsize=8)
def role_aliases(name: str = "columns.csv") -> tuple[tuple[str, str], ...]:
    """(alias key, role) of one alias file in ``data/``, longest first."""
    with (DATA_DIR / name).open(encoding="utf-8") as fh:
        pairs = {(key(r["alias"]), r["role"]) for r in csv.DictReader(fh)}
    return tuple(sorted(pairs, key=lambda p: (-len(p[0]), p[1])))


@dataclass(frozen=True)
class SheetKind:
    """A sheet of records below the province (``data/sheet_kinds.csv``), known by its header."""

    kind: str
    detect: frozenset[str]  # roles whose headers make a sheet this kind
    required: tuple[str, ...]  # roles it must have once recognised (else ``missing_column``)
    aliases: str  # the alias file of its column roles, under data/


@lru_cache(maxsize=1)
def sheet_kinds() -> tuple[SheetKind, ...]:
    with (DATA_DIR / "sheet_kinds.csv").open(encoding="utf-8") as fh:
        return tuple(
            SheetKind(r["kind"], frozenset(r["detect"].split("|")), tuple(r["required"].split("|")), r["aliases"])
            for r in csv.DictReader(fh)
        )


def match_role(text: object, roles: tuple[str, ...] | None = None, aliases: str = "columns.csv") -> str | None:
    """The role of a header cell, or None."""
    k = key(text)
    if not k:
        return None
    bare = _BRACKET_CHARS.sub("", key(_BRACKETED.sub("", str(text))))
    for alias, role in role_aliases(aliases):
        if roles is not None and role not in roles:
            continue
        if (len(alias) <= 2 and alias in (bare, _BRACKET_CHARS.sub("", k))) or (len(alias) > 2 and alias in k):
            return role
    return None


_PIECES = re.compile(r"[\s\-–—:/]+")


def match_measure(text: str) -> str | None:
    """target or actual, from the whole text, a bracketed part, or its last word."""
    parts = [text, *re.findall(r"\(([^)]*)\)", text), _PIECES.split(text.strip())[-1]]
    return next((m for part in parts if part and (m := match_role(part, MEASURES))), None)


@dataclass
class DataColumn:
    col: int
    measure: str  # target or actual
    indicator: Indicator | None  # None: header names no known indicator
    header: str  # the header text naming the indicator
    header_row: int  # 0-based row of that header text
    header_col: int


@dataclass
class Layout:
    kind: str  # long, wide, provinces, indicators, or a kind of data/sheet_kinds.csv
    header_row: int  # 0-based; the last header row
    roles: dict[str, int] = field(default_factory=dict)  # role -> column
    data: list[DataColumn] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def first_data_row(self) -> int:
        return self.header_row + 1

    @property
    def score(self) -> tuple[int, int]:
        return (-len(self.missing), len(self.roles) + len(self.data))


def header_texts(row: list) -> list[str]:
    return [v if isinstance(v, str) else ("" if v is None or v == "" else str(v)) for v in row]


def _roles(texts: list[str], skip: set[int], aliases: str = "columns.csv") -> dict[str, int]:
    roles: dict[str, int] = {}
    for col, text in enumerate(texts):
        role = match_role(text, aliases=aliases) if col not in skip and text.strip() else None
        if role is not None:
            roles.setdefault(role, col)
    return roles


def _names_unknown(text: str) -> bool:
    """A header such as "ตัวชี้วัดใหม่ (เป้าหมาย)": a measure plus words naming some indicator."""
    k = key(text)
    for alias, role in role_aliases():  # longest first, so "เป้าหมาย" goes before "เป้า"
        if role in MEASURES:
            k = k.replace(alias, "")
    return len(_BRACKET_CHARS.sub("", k)) > 2


def _measure_column(text: str, catalogue: Catalogue) -> tuple[str, Indicator | None] | None:
    """(measure, indicator) when one header cell names both, as in "เครือข่าย (เป้าหมาย)"."""
    hit = catalogue.match_header(text)
    if hit is not None:
        measure = match_measure(hit[1]) if hit[1] else None
        return (measure, hit[0]) if measure else None
    measure = match_measure(text)
    if measure and _names_unknown(text) and not match_role(text, IDENTITY_ROLES):
        return measure, None
    return None


def _wide_one_row(texts: list[str], catalogue: Catalogue, row: int) -> list[DataColumn]:
    found = []
    for col, text in enumerate(texts):
        if text.strip() and (hit := _measure_column(text, catalogue)):
            found.append(DataColumn(col, hit[0], hit[1], text, row, col))
    return found


def _is_identity(text: str, catalogue: Catalogue) -> bool:
    return bool(match_role(text, IDENTITY_ROLES)) and catalogue.match_header(text) is None


def _wide_two_rows(upper: list[str], lower: list[str], catalogue: Catalogue, row: int) -> list[DataColumn]:
    """Indicator names in ``upper`` (merged or not) over เป้าหมาย / ผล cells in ``lower``."""
    found: list[DataColumn] = []
    named: tuple[str, int] | None = None
    for col, below in enumerate(lower):
        above = upper[col] if col < len(upper) else ""
        measure = match_measure(below) if below.strip() and not match_role(below, IDENTITY_ROLES) else None
        if measure is None or (above.strip() and _is_identity(above, catalogue)):
            named = None
            continue
        if above.strip():
            named = (above, col)
        if named is not None:  # an empty cell under a merge keeps the name to its left
            hit = catalogue.match_header(named[0])
            found.append(DataColumn(col, measure, hit[0] if hit else None, named[0], row - 1, named[1]))
    return found if len(found) >= 2 or any(d.indicator for d in found) else []


def _record_sheet(texts: list[str], row: int) -> Layout | None:
    """A sheet of records below the province, by the roles its header names (most roles wins)."""
    best: Layout | None = None
    for kind in sheet_kinds():
        roles = _roles(texts, set(), kind.aliases)
        if kind.detect <= roles.keys() and (best is None or len(roles) > len(best.roles)):
            best = Layout(kind.kind, row, roles, missing=[r for r in kind.required if r not in roles])
    return best


def classify(upper: list, lower: list, row: int, catalogue: Catalogue, province_sheet: bool) -> Layout | None:
    """What a header at ``row`` (with the row below it) says about the sheet, or None."""
    texts, below = header_texts(upper), header_texts(lower)
    if record := _record_sheet(texts, row):
        return record
    two = _wide_two_rows(texts, below, catalogue, row + 1)
    data = two or _wide_one_row(texts, catalogue, row)
    roles = _roles(texts, skip={d.col for d in data} | {d.header_col for d in data})
    has_place = "province" in roles or province_sheet
    year = next((r for r in YEAR_ROLES if r in roles), None)
    if {"ind_code", "ind_area", "ind_kind"} <= roles.keys() and ("ind_name_th" in roles or "ind_name_en" in roles):
        return Layout("indicators", row, roles)
    if "indicator" in roles and (set(MEASURES) & roles.keys()):
        missing = [r for r in ("province", "year", *MEASURES) if not _has(r, roles, has_place, year)]
        return Layout("long", row, roles, missing=missing)
    if data and (has_place or year):
        missing = [r for r in ("province", "year") if not _has(r, roles, has_place, year)]
        return Layout("wide", row + 1 if two else row, roles, data, missing)
    if "province" in roles and "start_year" in roles:
        return Layout("provinces", row, roles)
    return None


def _has(role: str, roles: dict[str, int], has_place: bool, year: str | None) -> bool:
    if role == "province":
        return has_place
    if role == "year":
        return year is not None
    return role in roles


def renamed_header(row: list, layout: Layout, role: str) -> tuple[int | None, str | None]:
    """The column and text of the header most likely meant as ``role`` but renamed: among headers
    no role or indicator claimed, the one closest to one of the role's aliases (else the first)."""
    from difflib import SequenceMatcher

    texts = header_texts(row)
    claimed = set(layout.roles.values()) | {d.col for d in layout.data}
    free = [c for c, text in enumerate(texts) if text.strip() and c not in claimed]
    if not free:
        return None, None
    kind = next((k for k in sheet_kinds() if k.kind == layout.kind), None)
    names = [alias for alias, r in role_aliases(kind.aliases if kind else "columns.csv") if r == role]

    def closeness(col: int) -> float:
        return max((SequenceMatcher(None, key(texts[col]), alias).ratio() for alias in names), default=0.0)

    col = max(free, key=lambda c: (closeness(c), -c))
    return col, texts[col]
