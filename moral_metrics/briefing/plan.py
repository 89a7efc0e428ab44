"""What a briefing will hold before it is built (issue 24): the fiscal years the chosen programme
years cover, which slides each province gets, and the size and time to expect.

The deck asks the same ``Coverage`` which slides to draw, so the count told before building is
the count built. Costs per slide and per chart are data (``data/export.toml``).
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pandas as pd

from moral_metrics.figures.safety import safe_name
from moral_metrics.model import Tracker
from moral_metrics.reference.formats import number_text
from moral_metrics.reference.i18n import t
from moral_metrics.reference.settings import DATA_DIR

OVERVIEW_ROWS = 14  # provinces per overview slide
CHARTS_NATIONAL, CHARTS_PER_PROVINCE = 3, 3  # the charts ZIP: map, heatmap, ranking; then three each


@lru_cache(maxsize=1)
def export_settings() -> dict[str, Any]:
    return tomllib.loads((DATA_DIR / "export.toml").read_text(encoding="utf-8"))


def _years_by_province(frame: pd.DataFrame, column: str) -> dict[str, set[int]]:
    known = frame[frame[column].notna()]
    grouped = known.groupby("province_code")[column].unique()
    return {str(code): {int(y) for y in years} for code, years in grouped.items()}


@dataclass(frozen=True)
class Coverage:
    """Per province: its start (BE), the fiscal years of its records, units, honourees and events,
    and the programme years with a score."""

    starts: dict[str, int]
    record_fiscal: dict[tuple[str, int], set[int]]
    units: dict[str, set[int]]
    honourees: dict[str, set[int]]
    events: dict[str, set[int]]
    scored: dict[str, set[int]]

    @classmethod
    def of(cls, tracker: Tracker) -> Coverage:
        starts = pd.to_numeric(tracker.provinces.set_index("province_code")["start_year"], errors="coerce").dropna()
        records = tracker.records[tracker.records["fiscal_year"].notna()]
        by_year = records.groupby(["province_code", "program_year"])["fiscal_year"].unique()
        summary = tracker.summary[tracker.summary["score"].notna()]
        return cls(
            starts={str(c): int(s) for c, s in starts.items()},
            record_fiscal={(str(c), int(y)): {int(f) for f in fs} for (c, y), fs in by_year.items()},
            units=_years_by_province(tracker.dataset("units"), "fiscal_year"),
            honourees=_years_by_province(tracker.dataset("honourees"), "fiscal_year"),
            events=_years_by_province(tracker.dataset("events"), "fiscal_year"),
            scored=_years_by_province(summary, "program_year"),
        )

    def fiscal(self, code: str, years: range) -> set[int]:
        """The fiscal years (BE) of programme ``years`` for the province: from its start year, else
        from the fiscal years its records of those years name."""
        if code in self.starts:
            return {self.starts[code] + year - 1 for year in years}
        return set().union(*(self.record_fiscal.get((code, year), set()) for year in years))

    def latest_scored(self, code: str, years: range) -> int | None:
        found = self.scored.get(code, set()) & set(years)
        return max(found) if found else None

    def units_year(self, code: str, years: range) -> int | None:
        """The latest fiscal year of the chosen years with units assessed, or None."""
        found = self.units.get(code, set()) & self.fiscal(code, years)
        return max(found) if found else None

    def honours_year(self, code: str, years: range) -> int | None:
        """The latest fiscal year of the chosen years with honourees, else with events, or None."""
        fiscal = self.fiscal(code, years)
        found = (self.honourees.get(code, set()) & fiscal) or (self.events.get(code, set()) & fiscal)
        return max(found) if found else None


def national(codes: list[str]) -> bool:
    """A national slide (map and ranking) when the briefing is about more than one province."""
    return len(codes) > 1


def slide_count(coverage: Coverage, codes: list[str], years: range, fame: bool = False) -> int:
    """The slides ``build_deck`` makes for ``codes`` and ``years``."""
    count = 1 + max(1, math.ceil(len(codes) / OVERVIEW_ROWS)) + int(national(codes))
    for code in codes:
        count += 1 + int(coverage.latest_scored(code, years) is not None)
        count += int(coverage.units_year(code, years) is not None)
        count += (1 + int(fame)) * int(coverage.honours_year(code, years) is not None)
    return count


@dataclass(frozen=True)
class Estimate:
    slides: int
    charts: int
    seconds: float
    megabytes: float

    @property
    def heavy(self) -> bool:
        """Over the size a briefing should be (``data/export.toml`` [warn])."""
        warn = export_settings()["warn"]
        return self.slides > warn["slides"] or self.seconds > warn["seconds"]


def estimate(
    tracker: Tracker,
    codes: list[str],
    years: range,
    fame: bool = False,
    formats: tuple[str, ...] = ("png",),
    coverage: Coverage | None = None,
) -> Estimate:
    """Slides (exact), charts (exact), and approximate seconds and megabytes of the whole pack."""
    costs = export_settings()["estimate"]
    slides = slide_count(coverage or Coverage.of(tracker), codes, years, fame)
    charts = CHARTS_NATIONAL + CHARTS_PER_PROVINCE * len(codes) if codes else 0
    seconds = costs["seconds_fixed"] + costs["seconds_per_slide"] * slides
    megabytes = costs["mb_per_slide"] * slides
    for fmt in formats:
        seconds += costs[f"seconds_per_{fmt}"] * charts
        megabytes += costs[f"mb_per_{fmt}"] * charts
    return Estimate(slides, charts, seconds, megabytes)


def size_text(told: Estimate, lang: str) -> str:
    """The estimate in words: slides, charts, megabytes and the wait (minutes from 90 s)."""
    if told.seconds >= 90:
        wait = t("export.minutes", lang, count=round(told.seconds / 60))
    else:
        wait = t("export.seconds", lang, count=max(1, round(told.seconds)))
    slides, charts = number_text(told.slides), number_text(told.charts)
    return t("export.size", lang, slides=slides, charts=charts, mb=f"{told.megabytes:,.1f}", wait=wait)


def choice_label(codes: list[str], names: dict[str, str]) -> str:
    """The provinces of a file's name: one by its name, several by their count ("5-provinces")."""
    if len(codes) == 1:
        return names.get(codes[0], codes[0])
    return f"{len(codes)}-provinces"


def file_name(kind: str, version: object, codes: list[str], names: dict[str, str], years: range, lang: str) -> str:
    """A download's name: what it is, the version, the provinces and the years it holds, its language."""
    span = f"years{years.start}-{years.stop - 1}"
    return safe_name(kind, f"v{version}", choice_label(codes, names), span, lang)


def default_choice(codes: list[str], scope: list[str] | None = None, linked: list[str] | None = None) -> list[str]:
    """The provinces the Export page starts with: the link's, else the editor's scope, else the first
    few (``data/export.toml``), never more than that few."""
    most = int(export_settings()["choice"]["default_provinces"])
    for asked in (linked, scope):
        if asked:
            known = [c for c in codes if c in set(asked)]
            if known:
                return known[:most]
    return codes[:most]
