"""Briefing packs: the deck, its PDF, and every chart as PNG and SVG in one ZIP."""

from __future__ import annotations

import io
import subprocess
import zipfile
from collections.abc import Callable, Collection, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from moral_metrics.briefing import images, office
from moral_metrics.briefing.deck import build_deck
from moral_metrics.briefing.plan import Coverage
from moral_metrics.figures import charts
from moral_metrics.figures.map import status_map
from moral_metrics.figures.overview import statuses_at
from moral_metrics.figures.privacy import NO_PROVINCE, Audience, for_audience
from moral_metrics.figures.safety import neutralise_frame, safe_name
from moral_metrics.figures.tables import source_ref
from moral_metrics.model import Tracker
from moral_metrics.reference.catalogue import areas
from moral_metrics.reference.formats import percent
from moral_metrics.reference.i18n import t
from moral_metrics.reference.messages import Refusal


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


def charts_zip(
    tracker: Tracker,
    provinces: list[str],
    years: range,
    lang: str,
    formats=("png", "svg"),
    on_step: Callable[[int, int], None] | None = None,
) -> bytes:
    """Every briefing chart in every format; ``on_step(done, total)`` after each chart."""
    out = io.BytesIO()
    charts_list = list(briefing_charts(tracker, provinces, years, lang))
    batch = 3  # charts per call to the renderer: drawn in parallel, with progress between calls
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for start in range(0, len(charts_list), batch):
            group = charts_list[start : start + batch]
            jobs = [(chart.build(), fmt) for chart in group for fmt in formats]
            drawn = iter(images.render_many(jobs))
            for chart in group:
                for fmt in formats:
                    archive.writestr(f"{fmt}/{chart.name}.{fmt}", next(drawn))
            if on_step is not None:
                on_step(start + len(group), len(charts_list))
    return out.getvalue()


def build_pack(
    tracker: Tracker,
    provinces: list[str],
    years: range,
    lang: str,
    source: str = "",
    on_step: Callable[[int, int], None] | None = None,
    formats: tuple[str, ...] = ("png",),
    **names: bool,
) -> tuple[dict[str, bytes], dict[str, BaseException]]:
    """The deck, its PDF (when LibreOffice is there) and the charts ZIP (when Chromium is there),
    PNG for slides by default (each SVG costs as much again; asked for, it comes too).

    LibreOffice converts the deck in its own process while the charts are drawn, so the PDF
    costs no extra wait. Returns what was made, and what failed by kind ("pdf", "zip").
    """
    pack = {"pptx": briefing(tracker, provinces, years, lang, source=source, **names)}
    failed: dict[str, BaseException] = {}
    with ThreadPoolExecutor(max_workers=1) as pool:
        pdf = pool.submit(office.pptx_to_pdf, pack["pptx"]) if office.soffice_path() is not None else None
        if images.available():
            try:
                pack["zip"] = charts_zip(tracker, provinces, years, lang, formats, on_step=on_step)
            except (Refusal, RuntimeError, OSError) as error:  # kaleido or its browser gave up
                failed["zip"] = error
        if pdf is not None:
            try:
                pack["pdf"] = pdf.result()
            except (Refusal, OSError, subprocess.TimeoutExpired) as error:
                failed["pdf"] = error
    return pack, failed


def briefing(
    tracker: Tracker,
    provinces: list[str] | None,
    years: range,
    lang: str,
    source: str = "",
    today: date | None = None,
    **names: bool,
) -> bytes:
    """The deck; ``fame`` and ``audience`` as for ``build_deck`` (names of honourees)."""
    return build_deck(tracker, provinces=provinces, years=years, lang=lang, source=source, today=today, **names)


def records_table(
    tracker: Tracker, lang: str, years: range | None = None, provinces: Collection[str] | None = None
) -> pd.DataFrame:
    """The published records (of ``years`` and ``provinces`` when given) with headers in the
    reader's language; text cells neutralised.

    Whole numbers are written as whole numbers (5, never 5.0); each row names its source.
    """
    records = tracker.records
    if years is not None:
        records = records[records["program_year"].isin(years)]
    if provinces is not None:
        records = records[records["province_code"].isin(list(provinces))]
    frame = pd.DataFrame(
        {
            t("col.province", lang): records["province_en" if lang == "en" else "province_th"],
            t("col.year", lang): records["program_year"],
            t("col.fiscal_year", lang): _whole(records["fiscal_year"]),
            t("col.indicator", lang): [tracker.catalogue.get(c).name(lang) for c in records["indicator"]],
            t("col.area", lang): [next(a.name(lang) for a in areas() if a.code == c) for c in records["area"]],
            t("col.target", lang): _whole(records["target"]),
            t("col.actual", lang): _whole(records["actual"]),
            t("col.achievement", lang): records["achievement"],
            t("col.source", lang): [source_ref(r, lang) for r in records.to_dict("records")],
            t("col.note", lang): records["note"],
        }
    )
    return neutralise_frame(frame)


def _whole(values: pd.Series) -> pd.Series:
    """Whole numbers as integers (missing stays missing); a column with fractions as it is."""
    numbers = pd.to_numeric(values, errors="coerce").astype(float)
    integral = (numbers.dropna() % 1 == 0).all()
    return numbers.round().astype("Int64") if integral else numbers


def records_csv(
    tracker: Tracker, lang: str, years: range | None = None, provinces: Collection[str] | None = None
) -> bytes:
    """CSV with achievement as a percentage ("80%"); utf-8 with a byte-order mark, which Excel
    needs to open Thai text from a CSV correctly."""
    frame = records_table(tracker, lang, years, provinces)
    column = t("col.achievement", lang)
    frame[column] = frame[column].map(lambda v: percent(v, missing=""))
    return frame.to_csv(index=False).encode("utf-8-sig")


def records_xlsx(
    tracker: Tracker, lang: str, years: range | None = None, provinces: Collection[str] | None = None
) -> bytes:
    """XLSX with achievement as a number formatted as a percentage."""
    frame = records_table(tracker, lang, years, provinces)
    out = io.BytesIO()
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        frame.to_excel(writer, index=False)
        sheet = writer.sheets["Sheet1"]
        column = frame.columns.get_loc(t("col.achievement", lang)) + 1
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            cell.number_format = "0%"
    return out.getvalue()


def honourees_csv(
    tracker: Tracker,
    lang: str,
    audience: Audience = NO_PROVINCE,
    provinces: Collection[str] | None = None,
    years: range | None = None,
) -> bytes:
    """The honourees for a briefing: those whose names ``audience`` may see (by default the public
    ones only; an editor may ask for the private names of their own provinces), of ``provinces``
    and of the fiscal years each one's programme ``years`` cover, when given."""
    people = for_audience(tracker, audience).dataset("honourees")
    people = people[people["name"].notna()]
    if provinces is not None:
        people = people[people["province_code"].isin(list(provinces))]
    if years is not None:
        coverage = Coverage.of(tracker)
        fiscal = {code: coverage.fiscal(code, years) for code in set(people["province_code"])}
        pairs = zip(people["province_code"], people["fiscal_year"], strict=True)
        people = people.loc[[pd.notna(y) and int(y) in fiscal[c] for c, y in pairs]]  # rows, even none
    names = tracker.province_names(lang)
    frame = pd.DataFrame(
        {
            t("col.province", lang): [names.get(c, c) for c in people["province_code"]],
            t("export_fame.col_district", lang): people["district_code"],
            t("export_fame.col_date", lang): people["date"],
            t("col.fiscal_year", lang): people["fiscal_year"],
            t("export_fame.col_kind", lang): [t(f"honouree_kind.{k}", lang) for k in people["kind"]],
            t("export_fame.col_name", lang): people["name"],
            t("export_fame.col_virtues", lang): [
                ", ".join(t(f"virtue.{v}", lang) for v in vs) for vs in people["virtues"]
            ],
            t("export_fame.col_citation", lang): people["citation"],
        }
    )
    return neutralise_frame(frame).to_csv(index=False).encode("utf-8-sig")
