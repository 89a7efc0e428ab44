"""The 77 provinces (``data/provinces.csv``) and resolving the names people write for them."""

from __future__ import annotations

import csv
import difflib
from dataclasses import dataclass
from functools import lru_cache

from moral_metrics.reference.settings import DATA_DIR
from moral_metrics.reference.vocabulary import key, prefixes, split_aliases


@dataclass(frozen=True)
class Province:
    code: str
    dopa_code: str
    name_th: str
    name_en: str
    region: str
    label_lat: float
    label_lon: float
    aliases: tuple[str, ...]

    def name(self, lang: str = "th") -> str:
        return self.name_en if lang == "en" else self.name_th


class ProvinceIndex:
    """Exact lookup by code, Thai or English name or accepted variant, after normalising."""

    def __init__(self, provinces: list[Province]) -> None:
        self.provinces = provinces
        self.by_code = {p.code: p for p in provinces}
        self._keys: dict[str, Province] = {}
        for p in provinces:
            for variant in (p.code, p.name_th, p.name_en, *p.aliases):
                k = key(variant)
                other = self._keys.setdefault(k, p)
                if other is not p:
                    raise ValueError(f"province variant {variant!r} names {other.code} and {p.code}")

    def variants(self) -> dict[str, Province]:
        return dict(self._keys)

    def resolve(self, value: object) -> Province | None:
        """The province ``value`` names, or None. Prefixes (จ., จังหวัด) and suffixes are allowed."""
        k = key(value)
        if not k:
            return None
        found = self._keys.get(k)
        if found is not None:
            return found
        for prefix in prefixes("province_prefix"):
            if k.startswith(prefix) and (found := self._keys.get(k[len(prefix) :])):
                return found
        for suffix in prefixes("province_suffix"):
            if k.endswith(suffix) and (found := self._keys.get(k[: -len(suffix)])):
                return found
        return None

    def suggest(self, value: object) -> str | None:
        """The nearest canonical Thai name, for a message only."""
        k = key(value)
        for prefix in prefixes("province_prefix"):
            if k.startswith(prefix) and len(k) > len(prefix) + 2:
                k = k[len(prefix) :]
                break
        close = difflib.get_close_matches(k, list(self._keys), n=1, cutoff=0.6)
        return self._keys[close[0]].name_th if close else None


@lru_cache(maxsize=1)
def province_index() -> ProvinceIndex:
    # csv, not pandas: pandas would read Nan province's English name as a missing value
    with (DATA_DIR / "provinces.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return ProvinceIndex(
        [
            Province(
                code=r["code"],
                dopa_code=r["dopa_code"],
                name_th=r["name_th"],
                name_en=r["name_en"],
                region=r["region"],
                label_lat=float(r["label_lat"]),
                label_lon=float(r["label_lon"]),
                aliases=split_aliases(r["aliases"]),
            )
            for r in rows
        ]
    )


def province_name(code: str, lang: str = "th") -> str:
    """A province's name in ``lang`` from its ISO code (the code itself when it names none)."""
    found = province_index().by_code.get(code)
    return found.name(lang) if found else code
