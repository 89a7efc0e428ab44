"""Indicators added by a workbook's own indicators sheet (code, names, area, kind, aliases)."""

from __future__ import annotations

import re

import pandas as pd

from moral_metrics.parse.cells import at
from moral_metrics.parse.normalise import is_blank
from moral_metrics.reference.catalogue import Catalogue, Indicator, areas, kinds
from moral_metrics.reference.messages import Position, Problems
from moral_metrics.reference.settings import Limits
from moral_metrics.reference.vocabulary import clean_text, key, split_aliases

_CODE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def _area_keys() -> dict[str, str]:
    return {key(v): a.code for a in areas() for v in (a.code, a.name_th, a.name_en)}


def _kind_keys() -> dict[str, str]:
    return {key(v): k.code for k in kinds().values() for v in (k.code, k.name_th, k.name_en)}


def _text(row: dict, role: str) -> str:
    value = row.get(role, "")
    return "" if is_blank(value) else clean_text(str(value))


def _problems(code: str, area: str | None, kind: str | None, names: tuple[str, ...], catalogue: Catalogue) -> list:
    """What is wrong with one definition, as codes the message's text names."""
    found: list[str] = []
    if not _CODE.match(code):
        found.append("code")
    if area is None:
        found.append("area")
    if kind is None:
        found.append("kind")
    if any((o := catalogue.owner(v)) and o.code != code for v in names):
        found.append("clash")
    existing = catalogue.owner(code) if code else None
    if existing is not None and existing.code == code and (area != existing.area or kind != existing.kind):
        found.append("differs")
    return found


def _too_long(row: dict, limits: Limits, problems: Problems) -> bool:
    """Names over ``max_name_chars`` and aliases over ``max_text_chars``: each an error at its cell."""
    long = False
    names = limits.max_name_chars
    for role, limit in (("ind_name_th", names), ("ind_name_en", names), ("ind_aliases", limits.max_text_chars)):
        length = len(_text(row, role))
        if length > limit:
            problems.add("text_too_long", at=at(row, role), role=role, limit=limit, length=length)
            long = True
    return long


def _definition(row: dict, catalogue: Catalogue, limits: Limits, problems: Problems) -> Indicator | None:
    if _too_long(row, limits, problems):
        return None
    code = _text(row, "ind_code").lower().replace(" ", "_")
    area = _area_keys().get(key(_text(row, "ind_area")))
    kind = _kind_keys().get(key(_text(row, "ind_kind")))
    name_th = _text(row, "ind_name_th") or _text(row, "ind_name_en") or code
    name_en = _text(row, "ind_name_en") or name_th
    aliases = split_aliases(_text(row, "ind_aliases"))
    found = _problems(code, area, kind, (name_th, name_en, *aliases), catalogue)
    if found:
        names = dict.fromkeys((name_th, name_en, *aliases))
        clashes = [v for v in names if (o := catalogue.owner(v)) and o.code != code]
        problems.add(
            "unknown_indicator",
            detail="definition",
            at=at(row, "ind_code"),
            value=code or name_th,
            problems=found,
            clashes=clashes,
            areas=[a.code for a in areas()],
            kinds=list(kinds()),
        )
        return None
    return Indicator(code, area, kind, name_th, name_en, aliases)  # type: ignore[arg-type]


def defined_at(frame: pd.DataFrame, catalogue: Catalogue) -> dict[str, Position]:
    """Each indicator code the sheet defines, and the cell of its first definition."""
    found: dict[str, Position] = {}
    for row in frame.to_dict("records"):
        code = _text(row, "ind_code").lower().replace(" ", "_")
        if code and catalogue.find(code) is not None:
            found.setdefault(code, at(row, "ind_code"))
    return found


def add_definitions(frame: pd.DataFrame, catalogue: Catalogue, limits: Limits, problems: Problems) -> Catalogue:
    """The catalogue with the workbook's own indicators added; bad definitions are reported."""
    rows = frame.to_dict("records")
    added = [d for row in rows if (d := _definition(row, catalogue, limits, problems)) is not None]
    return catalogue.with_added(added) if added else catalogue
