"""Briefing packs: the deck, its PDF, and every chart as PNG and SVG in one ZIP."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from moral_metrics.briefing import images
from moral_metrics.briefing.deck import build_deck
from moral_metrics.figures import charts
from moral_metrics.figures.map import status_map
from moral_metrics.figures.overview import statuses_at
from moral_metrics.figures.safety import neutralise_frame, safe_name
from moral_metrics.model import Tracker
from moral_metrics.reference.catalogue import areas
from moral_metrics.reference.i18n import t


@dataclass(frozen=True)
class Chart:
    name: str
    build: Callable[[], go.Figure]


def briefing_charts(tracker: Tracker, provinces: list[str], years: range, lang: str) -> Iterator[Chart]:
    """Every chart of the briefing: the overview at the last year, then three per province.

    Each chart draws only the years in ``years``, as its file name says.
    """
    year = years.stop - 1
    yield Chart(safe_name("map", f"year{year}"), lambda: status_map(statuses_at(tracker, year), year, lang))
    yield Chart(safe_name("status-by-area", f"year{year}"), lambda: charts.status_heatmap(tracker, year, lang))
    yield Chart(safe_name("ranking", f"year{year}"), lambda: charts.ranking(tracker, year, lang))
    names = tracker.province_names(lang)
    span = f"years{years.start}-{year}"
    for code in provinces:
        name = names.get(code, code)
        yield Chart(safe_name(name, "area-scores", span), lambda c=code: charts.area_trend(tracker, c, lang, years))
        yield Chart(safe_name(name, "radar", span), lambda c=code: charts.radar(tracker, c, lang, years))
        yield Chart(safe_name(name, "indicators", span), lambda c=code: charts.indicator_bars(tracker, c, lang, years))


def charts_zip(tracker: Tracker, provinces: list[str], years: range, lang: str, formats=("png", "svg")) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for chart in briefing_charts(tracker, provinces, years, lang):
            fig = chart.build()
            for fmt in formats:
                archive.writestr(f"{fmt}/{chart.name}.{fmt}", images.render(fig, fmt))
    return out.getvalue()


def briefing(
    tracker: Tracker, provinces: list[str] | None, years: range, lang: str, source: str = "", today: date | None = None
) -> bytes:
    return build_deck(tracker, provinces=provinces, years=years, lang=lang, source=source, today=today)


def records_table(tracker: Tracker, lang: str) -> pd.DataFrame:
    """The published records with headers in the reader's language; text cells neutralised."""
    records = tracker.records
    frame = pd.DataFrame(
        {
            t("col.province", lang): records["province_en" if lang == "en" else "province_th"],
            t("col.year", lang): records["program_year"],
            t("col.fiscal_year", lang): records["fiscal_year"],
            t("col.indicator", lang): [tracker.catalogue.get(c).name(lang) for c in records["indicator"]],
            t("col.area", lang): [next(a.name(lang) for a in areas() if a.code == c) for c in records["area"]],
            t("col.target", lang): records["target"],
            t("col.actual", lang): records["actual"],
            t("col.achievement", lang): records["achievement"],
            t("col.note", lang): records["note"],
        }
    )
    return neutralise_frame(frame)


def records_csv(tracker: Tracker, lang: str) -> bytes:
    # utf-8 with a byte-order mark: what Excel needs to open Thai text from a CSV correctly
    return records_table(tracker, lang).to_csv(index=False).encode("utf-8-sig")


def records_xlsx(tracker: Tracker, lang: str) -> bytes:
    out = io.BytesIO()
    records_table(tracker, lang).to_excel(out, index=False, engine="openpyxl")
    return out.getvalue()
