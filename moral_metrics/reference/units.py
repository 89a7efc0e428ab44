"""Unit types and certified levels as people write them (``data/units.csv``).

A level cell may hold the level alone (``3``, ``ระดับ ๒``, ``ต้นแบบ``, ``Model``) or joined to the
unit word (``องค์กรคุณธรรมต้นแบบ``, ``ชุมชนส่งเสริมคุณธรรม``, ``Model organisation``): the unit
words and the ``level_prefix`` vocabulary are taken off before the level word is looked up.
"""

from __future__ import annotations

import csv
from functools import lru_cache

from moral_metrics.reference.settings import DATA_DIR
from moral_metrics.reference.vocabulary import key, prefixes

UNIT_TYPES = ("organisation", "community", "district", "province")
LEVELS = (1, 2, 3)


@lru_cache(maxsize=1)
def _words() -> dict[str, dict[str, str]]:
    """group -> {word key: code}."""
    out: dict[str, dict[str, str]] = {}
    with (DATA_DIR / "units.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            out.setdefault(row["group"], {})[key(row["word"])] = row["code"]
    return out


def words_of(group: str, code: str) -> list[str]:
    """The written words of one code (for drop-down lists and documentation)."""
    with (DATA_DIR / "units.csv").open(encoding="utf-8") as fh:
        return [r["word"] for r in csv.DictReader(fh) if r["group"] == group and r["code"] == code]


def unit_type(value: object) -> str | None:
    """organisation, community, district or province, or None."""
    return _words()["unit_type"].get(key(value))


def _unit_words() -> list[str]:
    return sorted(_words()["unit_type"], key=len, reverse=True)


def _strip(k: str) -> str:
    for word in _unit_words():
        if k.startswith(word) and len(k) > len(word):
            k = k[len(word) :]
            break
        if k.endswith(word) and len(k) > len(word):
            k = k[: -len(word)]
            break
    for prefix in prefixes("level_prefix"):
        if k.startswith(prefix) and len(k) > len(prefix):
            return k[len(prefix) :]
    return k


def level(value: object) -> int | None:
    """The certified level 1-3 a cell names, or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return int(value) if value in LEVELS else None
    k = _strip(key(value))
    found = _words()["level"].get(k) or (k if k in {"1", "2", "3"} else None)
    return int(found) if found else None
