"""The indicator catalogue (``data/indicators.csv``), the five goal areas and value kinds."""

from __future__ import annotations

import csv
import difflib
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from moral_metrics.reference.settings import DATA_DIR
from moral_metrics.reference.vocabulary import key, split_aliases

_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]")


@dataclass(frozen=True)
class Area:
    code: str
    order: int
    name_th: str
    name_en: str
    short_th: str
    short_en: str

    def name(self, lang: str = "th") -> str:
        return self.name_en if lang == "en" else self.name_th

    def short(self, lang: str = "th") -> str:
        return self.short_en if lang == "en" else self.short_th


@dataclass(frozen=True)
class Kind:
    code: str
    low: float
    high: float | None
    name_th: str
    name_en: str


@dataclass(frozen=True)
class Indicator:
    code: str
    area: str
    kind: str
    name_th: str
    name_en: str
    aliases: tuple[str, ...] = ()

    def name(self, lang: str = "th") -> str:
        return self.name_en if lang == "en" else self.name_th

    def variants(self) -> tuple[str, ...]:
        return (self.code, self.name_th, self.name_en, *self.aliases)


def _read_csv(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@lru_cache(maxsize=1)
def areas() -> tuple[Area, ...]:
    rows = _read_csv("areas.csv")
    return tuple(
        sorted(
            (Area(r["area"], int(r["order"]), r["name_th"], r["name_en"], r["short_th"], r["short_en"]) for r in rows),
            key=lambda a: a.order,
        )
    )


@lru_cache(maxsize=1)
def kinds() -> dict[str, Kind]:
    return {
        r["kind"]: Kind(r["kind"], float(r["min"]), float(r["max"]) if r["max"] else None, r["name_th"], r["name_en"])
        for r in _read_csv("kinds.csv")
    }


@dataclass
class Catalogue:
    indicators: list[Indicator]
    _keys: dict[str, Indicator] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._by_code = {i.code: i for i in self.indicators}
        for ind in self.indicators:
            for variant in ind.variants():
                self._keys.setdefault(key(variant), ind)

    @property
    def codes(self) -> list[str]:
        return [i.code for i in self.indicators]

    def get(self, code: str) -> Indicator:
        found = self.find(code)
        if found is None:
            raise KeyError(code)
        return found

    def find(self, code: str) -> Indicator | None:
        return self._by_code.get(code)

    def owner(self, variant: str) -> Indicator | None:
        return self._keys.get(key(variant))

    def resolve(self, value: object) -> Indicator | None:
        """Exact match on code, name or alias; a bracketed unit such as "(คน)" may follow."""
        text = str(value)
        return self._keys.get(key(text)) or self._keys.get(key(_BRACKETED.sub("", text)))

    def match_header(self, header: str) -> tuple[Indicator, str] | None:
        """The indicator whose longest alias occurs in a header, and the header's other text."""
        k = key(header)
        best: tuple[int, str, Indicator] | None = None
        for variant, ind in self._keys.items():
            if len(variant) >= 3 and variant in k and (best is None or len(variant) > best[0]):
                best = (len(variant), variant, ind)
        if best is None:
            return None
        return best[2], k.replace(best[1], "", 1)

    def suggest(self, value: object) -> str | None:
        close = difflib.get_close_matches(key(value), list(self._keys), n=1, cutoff=0.6)
        return self._keys[close[0]].code if close else None

    def with_added(self, added: list[Indicator]) -> Catalogue:
        """A catalogue with more indicators, or more aliases for existing codes."""
        merged = {i.code: i for i in self.indicators}
        for ind in added:
            if ind.code in merged:
                old = merged[ind.code]
                merged[ind.code] = replace(old, aliases=(*old.aliases, ind.name_th, ind.name_en, *ind.aliases))
            else:
                merged[ind.code] = ind
        return Catalogue(list(merged.values()))


@lru_cache(maxsize=1)
def default_catalogue() -> Catalogue:
    return Catalogue(
        [
            Indicator(r["code"], r["area"], r["kind"], r["name_th"], r["name_en"], split_aliases(r["aliases"]))
            for r in _read_csv("indicators.csv")
        ]
    )
