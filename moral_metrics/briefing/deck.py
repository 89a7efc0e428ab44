"""The briefing deck: a 16:9 PowerPoint with native, editable charts and tables, in Thai or English.

Every run, table cell and chart text sets the Thai complex-script font too (``briefing.slides``);
each kind of sheet below the province adds its own slides (its ``deck`` part, ``reference.parts``).
"""

from __future__ import annotations

import io
from datetime import date

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.util import Inches, Pt

from moral_metrics.briefing.national import national_slide
from moral_metrics.briefing.plan import OVERVIEW_ROWS, Coverage, national
from moral_metrics.briefing.slides import cell, fit_layouts, rgb, set_font, slide, text
from moral_metrics.briefing.summary import province_summary
from moral_metrics.figures.overview import score_text
from moral_metrics.figures.privacy import NO_PROVINCE, Audience, for_audience
from moral_metrics.figures.safety import display_text
from moral_metrics.figures.style import ink, series_color, status_color
from moral_metrics.metrics.scores import OVERALL, status
from moral_metrics.model import DATASETS, Tracker
from moral_metrics.reference.calendar import thai_today
from moral_metrics.reference.catalogue import areas
from moral_metrics.reference.formats import number_text, percent
from moral_metrics.reference.i18n import date_text, t
from moral_metrics.reference.parts import load, part
from moral_metrics.reference.settings import settings

load("moral_metrics.briefing", "deck_")  # each kind's slides register themselves (reference.parts)


def thai_date(day: date, lang: str) -> str:
    return date_text(day, lang)


def _title_slide(prs: Presentation, count: int, years: range, lang: str, source: str, day: date) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[0])
    title, subtitle = slide.placeholders[0], slide.placeholders[1]
    title.left, title.top, title.width, title.height = Inches(0.8), Inches(2.0), Inches(11.7), Inches(1.6)
    subtitle.left, subtitle.top, subtitle.width, subtitle.height = Inches(0.8), Inches(3.8), Inches(11.7), Inches(1.8)
    text(title.text_frame, [t("deck.title", lang)], 44, bold=True, color=ink("accent"))
    lines = [
        t("deck.subtitle", lang, first=years.start, last=years.stop - 1, count=count, source=display_text(source)),
        thai_date(day, lang),
    ]
    text(subtitle.text_frame, lines, 24, color=ink("muted"))


def _overview(
    prs: Presentation, tracker: Tracker, coverage: Coverage, codes: list[str], years: range, lang: str
) -> None:
    names, labels = tracker.province_names(lang), [a.short(lang) for a in areas()] + [t("area.overall", lang)]
    order = [a.code for a in areas()] + [OVERALL]
    pages = [codes[i : i + OVERVIEW_ROWS] for i in range(0, len(codes), OVERVIEW_ROWS)] or [[]]
    for page_no, page in enumerate(pages, start=1):
        title = (
            t("deck.overview", lang, first=years.start, last=years.stop - 1)
            if page_no == 1
            else t("deck.overview_more", lang, page=page_no, pages=len(pages))
        )
        page_slide = slide(prs, title)
        table = page_slide.shapes.add_table(
            len(page) + 1, len(labels) + 2, Inches(0.5), Inches(1.4), Inches(12.33), Inches(0.4) * (len(page) + 1)
        ).table
        for col, head in enumerate([t("col.province", lang), t("col.year", lang), *labels]):
            cell(table.cell(0, col), head, 16, fill=ink("head_fill"), bold=True)
        table.columns[0].width = Inches(2.6)
        for col in range(1, len(labels) + 2):
            table.columns[col].width = Inches(9.73 / (len(labels) + 1))
        for row, code in enumerate(page, start=1):
            year = coverage.latest_scored(code, years)
            cell(table.cell(row, 0), names.get(code, code), 16)
            cell(table.cell(row, 1), "–" if year is None else str(year), 16)
            mine = tracker.summary[
                (tracker.summary["province_code"] == code) & (tracker.summary["program_year"] == year)
            ]
            scores = mine.set_index("area")
            for col, area in enumerate(order, start=2):
                if year is None or area not in scores.index:
                    cell(table.cell(row, col), percent(None), 16, fill=status_color("no_data"))
                    continue
                found = scores.loc[area]
                shown = score_text(found["score"], found["status"], found["areas_reported"], found["areas_total"], lang)
                cell(table.cell(row, col), shown, 14, fill=status_color(found["status"]))


def _chart_fonts(chart, size: float) -> None:
    chart.font.size = Pt(size)
    set_font(chart.font._rPr, size)


def _area_slide(prs: Presentation, tracker: Tracker, code: str, years: range, lang: str) -> None:
    name = tracker.province_names(lang).get(code, code)
    mine = tracker.summary[(tracker.summary["province_code"] == code) & tracker.summary["program_year"].isin(years)]
    shown = sorted(int(y) for y in mine["program_year"].unique())
    first, last = (shown[0], shown[-1]) if shown else (years.start, years.stop - 1)
    page = slide(prs, t("deck.areas", lang, province=name, first=first, last=last))
    if not shown:  # nothing reported in the chosen years: say so (a chart needs at least one year)
        box = page.shapes.add_textbox(Inches(0.5), Inches(1.5), Inches(12.3), Inches(1.0))
        text(box.text_frame, [t("deck.no_years", lang, first=first, last=last)], 20)
        return
    data = CategoryChartData(number_format='0"%"')
    data.categories = [t("chart.year_n", lang, year=y) for y in shown]
    for area in areas():
        series = mine[mine["area"] == area.code].set_index("program_year")["score"].reindex(shown)
        data.add_series(area.short(lang), [None if v != v else round(v * 100, 1) for v in series])
    frame = page.shapes.add_chart(
        XL_CHART_TYPE.COLUMN_CLUSTERED, Inches(0.5), Inches(1.35), Inches(8.2), Inches(5.6), data
    )
    chart = frame.chart
    chart.has_legend, chart.legend.position, chart.legend.include_in_layout = True, XL_LEGEND_POSITION.BOTTOM, False
    chart.value_axis.maximum_scale, chart.value_axis.minimum_scale = 100, 0
    chart.value_axis.has_title = True
    chart.value_axis.axis_title.text_frame.text = t("deck.percent_axis", lang)
    set_font(chart.value_axis.axis_title.text_frame.paragraphs[0].runs[0].font._rPr, 16)
    for n, plot_series in enumerate(chart.plots[0].series):
        plot_series.format.fill.solid()
        plot_series.format.fill.fore_color.rgb = rgb(series_color(n))
    _chart_fonts(chart, 16)
    box = page.shapes.add_textbox(Inches(8.95), Inches(1.5), Inches(3.9), Inches(5.4))
    fiscal = tracker.records[(tracker.records["province_code"] == code) & tracker.records["program_year"].isin(shown)]
    lines = [province_summary(tracker, code, years, lang)]
    if fiscal["fiscal_year"].notna().any():
        lines.append(
            t("deck.fiscal", lang, first=int(fiscal["fiscal_year"].min()), last=int(fiscal["fiscal_year"].max()))
        )
    text(box.text_frame, lines, 22)


def _indicator_slide(prs: Presentation, tracker: Tracker, code: str, year: int | None, lang: str) -> None:
    if year is None:
        return
    rows = tracker.records[(tracker.records["province_code"] == code) & (tracker.records["program_year"] == year)]
    fiscal = rows["fiscal_year"].dropna()
    title = t(
        "deck.indicators",
        lang,
        province=tracker.province_names(lang).get(code, code),
        year=year,
        fiscal=int(fiscal.iloc[0]) if len(fiscal) else "–",
    )
    page = slide(prs, title)
    heads = [t(f"col.{c}", lang) for c in ("indicator", "target", "actual", "achievement", "status")]
    table = page.shapes.add_table(
        len(rows) + 1, 5, Inches(0.5), Inches(1.35), Inches(12.33), Inches(0.42) * (len(rows) + 1)
    ).table
    for col, (head, width) in enumerate(zip(heads, (6.0, 1.5, 1.5, 1.6, 1.73), strict=True)):
        table.columns[col].width = Inches(width)
        cell(table.cell(0, col), head, 16, fill=ink("head_fill"), bold=True)
    bands = status(rows["achievement"].clip(upper=1.0), settings().status).tolist()
    for row, (record, band) in enumerate(zip(rows.to_dict("records"), bands, strict=True), start=1):
        cell(table.cell(row, 0), tracker.catalogue.get(record["indicator"]).name(lang), 15)
        cell(table.cell(row, 1), number_text(record["target"]), 15)
        cell(table.cell(row, 2), number_text(record["actual"]), 15)
        cell(table.cell(row, 3), percent(record["achievement"]), 15)
        cell(table.cell(row, 4), t(f"status.{band}", lang), 15, fill=status_color(band))


def build_deck(
    tracker: Tracker,
    *,
    provinces: list[str] | None = None,
    years: range = range(1, 4),
    lang: str = "th",
    source: str = "",
    today: date | None = None,
    fame: bool = False,
    audience: Audience = NO_PROVINCE,
) -> bytes:
    """The briefing as .pptx bytes: title, overview, the national map and ranking (more than one
    province), then the slides of each chosen province; its units, honourees and events only of the
    fiscal years the chosen programme years cover (``briefing.plan``, which counts the same slides).

    ``fame`` adds a Hall of Fame slide per province; ``audience`` (an editor's choice: their own
    provinces) lets those provinces' names of non-public honourees into the deck, which otherwise
    never holds them.
    """
    tracker = for_audience(tracker, audience)
    codes = [c for c in tracker.provinces["province_code"] if provinces is None or c in provinces]
    prs = Presentation()
    fit_layouts(prs)
    _title_slide(prs, len(codes), years, lang, source, today or thai_today())  # Bangkok's date, not UTC's
    coverage = Coverage.of(tracker)
    _overview(prs, tracker, coverage, codes, years, lang)
    if national(codes):
        national_slide(prs, tracker, years, lang)
    for code in codes:
        _area_slide(prs, tracker, code, years, lang)
        _indicator_slide(prs, tracker, code, coverage.latest_scored(code, years), lang)
        for kind in DATASETS:  # each kind's slides, as its deck part makes them (reference.parts)
            if (make := part("deck", kind).provider) is not None:
                make(prs, tracker, code, lang, fame=fame, years=years, coverage=coverage)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
