"""Indicators added by a workbook's own indicators sheet (code, names, area, kind, aliases)."""

from __future__ import annotations

import re

from moral_metrics.parse.normalise import is_blank
from moral_metrics.reference.catalogue import Catalogue, Indicator, areas, kinds
from moral_metrics.reference.messages import Message, make
from moral_metrics.reference.vocabulary import clean_text, key

_CODE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def _lookup(value: object, options: dict[str, str]) -> str | None:
    return options.get(key(value))


def _area_keys() -> dict[str, str]:
    return {key(v): a.code for a in areas() for v in (a.code, a.name_th, a.name_en)}


def _kind_keys() -> dict[str, str]:
    return {key(v): k.code for k in kinds().values() for v in (k.code, k.name_th, k.name_en)}


def _text(cells: dict, role: str) -> str:
    value = cells.get(role, ("", None))[0]
    return "" if is_blank(value) else clean_text(str(value))


def _definition(sheet: str, row: int, cells: dict, catalogue: Catalogue) -> Indicator | Message:
    code = _text(cells, "ind_code").lower().replace(" ", "_")
    area = _lookup(_text(cells, "ind_area"), _area_keys())
    kind = _lookup(_text(cells, "ind_kind"), _kind_keys())
    name_th = _text(cells, "ind_name_th") or _text(cells, "ind_name_en") or code
    name_en = _text(cells, "ind_name_en") or name_th
    aliases = tuple(a.strip() for a in re.split(r"[|,;]", _text(cells, "ind_aliases")) if a.strip())
    problems = []
    if not _CODE.match(code):
        problems.append("code: a-z, 0-9, _ / รหัสใช้ a-z 0-9 _")
    if area is None:
        problems.append(f"area: {', '.join(a.code for a in areas())} / ด้าน")
    if kind is None:
        problems.append(f"kind: {', '.join(kinds())} / ประเภท")
    existing = catalogue.owner(code) if code else None
    clashes = [v for v in (name_th, name_en, *aliases) if (o := catalogue.owner(v)) and o.code != code]
    if clashes:
        problems.append(f"names already used by another indicator / ชื่อซ้ำตัวชี้วัดอื่น: {', '.join(clashes)}")
    if existing is not None and existing.code == code and (area != existing.area or kind != existing.kind):
        problems.append("area/kind differ from the built-in indicator / ด้านหรือประเภทต่างจากตัวชี้วัดเดิม")
    if problems:
        col = cells.get("ind_code", ("", None))[1]
        return make(
            "unknown_indicator",
            detail="definition",
            sheet=sheet,
            row=row,
            col=col,
            value=code or name_th,
            problem="; ".join(problems),
        )
    return Indicator(code, area, kind, name_th, name_en, aliases)  # type: ignore[arg-type]


def add_definitions(rows: list[tuple[str, int, dict]], catalogue: Catalogue, out: list[Message]) -> Catalogue:
    added = []
    for sheet, row, cells in rows:
        result = _definition(sheet, row, cells, catalogue)
        if isinstance(result, Message):
            out.append(result)
        else:
            added.append(result)
    return catalogue.with_added(added) if added else catalogue
