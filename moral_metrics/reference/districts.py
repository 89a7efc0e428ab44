"""The 928 districts (``data/districts.csv``, from GeoThai/data) and the names people write for them.

Trackers name a district as ``อ.เมือง``, ``อำเภอเมืองสุราษฎร์ธานี``, ``เขตบางรัก``, ``Mueang Surat
Thani District`` or its DOPA code ``8401``. Prefixes and suffixes are vocabulary
(``district_prefix``, ``district_suffix``, ``mueang``), not code; a name is looked up within its
province first, since the same name is used in several provinces.
"""

from __future__ import annotations

import csv
import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from moral_metrics.reference.settings import DATA_DIR
from moral_metrics.reference.vocabulary import key, prefixes, words

_LABELLED = re.compile(r".+\((\d{4})\)")


@dataclass(frozen=True)
class District:
    code: str  # four-digit DOPA code; its first two digits are the province's
    province: str  # ISO 3166-2 code (TH-84)
    name_th: str
    name_en: str

    def name(self, lang: str = "th") -> str:
        return self.name_en if lang == "en" else self.name_th

    def label(self, lang: str = "th") -> str:
        """How the template's drop-down lists it: name and code, unambiguous in any province."""
        return f"{self.name(lang)} ({self.code})"


@dataclass(frozen=True)
class Found:
    """What a district cell names: a district, or why not (``problem``)."""

    district: District | None = None
    problem: str | None = None  # unknown, other_province, ambiguous
    other: str | None = None  # other_province: the province the district belongs to
    choices: tuple[str, ...] = ()  # ambiguous: the codes it could be
    suggestion: str | None = None  # unknown: the nearest Thai name in the province


def _bare_keys(value: object) -> Iterator[str]:
    """The key as written, then with each district prefix or suffix taken off."""
    k = key(value)
    yield k
    for prefix in prefixes("district_prefix"):
        if k.startswith(prefix) and len(k) > len(prefix):
            yield k[len(prefix) :]
    for suffix in prefixes("district_suffix"):
        if k.endswith(suffix) and len(k) > len(suffix):
            yield k[: -len(suffix)]


class DistrictIndex:
    """Districts by code, by province, and by name (Thai or English) within each province."""

    def __init__(self, districts: list[District]) -> None:
        self.districts = districts
        self.by_code = {d.code: d for d in districts}
        self._local: dict[tuple[str, str], list[District]] = {}
        self._national: dict[str, list[District]] = {}
        for d in districts:
            for name in {key(d.name_th), key(d.name_en)}:
                self._local.setdefault((d.province, name), []).append(d)
                self._national.setdefault(name, []).append(d)
        self._written = self._common_forms()
        self._raw = {  # the very cells a template or a tidy tracker holds, looked up without a key
            (d.province, form): d
            for d in districts
            for form in (d.code, d.name_th, f"อ.{d.name_th}", f"อำเภอ{d.name_th}", f"{d.name_en} District")
            if self._written.get((d.province, key(form))) is d
        }

    def _common_forms(self) -> dict[tuple[str, str], District]:
        """(province, key) of the usual ways to write each district, for a lookup without parsing."""
        forms: dict[tuple[str, str], District] = {}
        for (province, name), found in self._local.items():
            if len(found) == 1:
                for form in (name, *(p + name for p in prefixes("district_prefix")), name + "district"):
                    forms.setdefault((province, form), found[0])
        for d in self.districts:
            forms[(d.province, d.code)] = d
        return forms

    def written(self, value: object, province: str) -> District | None:
        """The district a cell names in its common form (``อ.ไชยา``, ``Chaiya District``), else None."""
        found = self._raw.get((province, value)) if isinstance(value, str) else None
        return found or self._written.get((province, key(value)))

    def of_province(self, province: str) -> list[District]:
        """The province's districts in DOPA code order."""
        return [d for d in self.districts if d.province == province]

    def province_of(self, district_code: str) -> str | None:
        found = self.by_code.get(str(district_code))
        return found.province if found else None

    def _by_code(self, k: str, province: str) -> Found | None:
        labelled = _LABELLED.fullmatch(k)  # "ไชยา (8406)", as the template's drop-down writes it
        k = labelled.group(1) if labelled else k
        if not (len(k) == 4 and k.isdigit()):
            return None
        found = self.by_code.get(k)
        if found is None:
            return Found(problem="unknown")
        return Found(found) if found.province == province else Found(found, "other_province", found.province)

    def _local_name(self, k: str, province: str) -> list[District]:
        if k in words("mueang") and province != "TH-10":
            mueang = self.by_code.get(province[3:] + "01")
            return [mueang] if mueang else []
        return self._local.get((province, k), [])

    def resolve(self, value: object, province: str) -> Found:
        """The district ``value`` names in ``province`` (an ISO code), or the problem with it."""
        if (found := self.written(value, province)) is not None:
            return Found(found)
        bare = list(dict.fromkeys(_bare_keys(value)))
        if (coded := self._by_code(bare[0], province)) is not None:
            return coded
        for k in bare:
            hits = self._local_name(k, province)
            if len(hits) == 1:
                return Found(hits[0])
            if len(hits) > 1:
                return Found(problem="ambiguous", choices=tuple(d.code for d in hits))
        for k in bare:
            elsewhere = {d.province: d for d in self._national.get(k, [])}
            if elsewhere:
                other = next(iter(elsewhere.values()))
                return Found(other, "other_province", other.province)
        return Found(problem="unknown", suggestion=self.suggest(bare[-1], province))

    def suggest(self, k: str, province: str) -> str | None:
        """The nearest Thai name among the province's districts, for a message only."""
        mine = {key(n): d for d in self.of_province(province) for n in (d.name_th, d.name_en)}
        close = difflib.get_close_matches(k, list(mine), n=1, cutoff=0.6)
        return mine[close[0]].name_th if close else None


def is_province_level(value: object) -> bool:
    """A district cell saying the unit works at province level ("ระดับจังหวัด")."""
    return key(value) in words("province_level")


@lru_cache(maxsize=1)
def district_index() -> DistrictIndex:
    with (DATA_DIR / "districts.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return DistrictIndex([District(r["district_code"], r["province_iso"], r["name_th"], r["name_en"]) for r in rows])
