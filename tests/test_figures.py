"""What issue 12 promises of the figures, tables and exports, checked on the objects themselves.

The same promises in a real browser (overlap of drawn text, clicks) are in test_browser_ux.py.
"""

from __future__ import annotations

import csv
import io
import itertools
import math
from datetime import UTC, date, datetime

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook
from tables import read_markdown_table

from moral_metrics import load_tracker
from moral_metrics.briefing.export import briefing_charts, records_csv, records_xlsx
from moral_metrics.briefing.summary import province_summary
from moral_metrics.figures import charts
from moral_metrics.figures.map import status_map
from moral_metrics.figures.overview import SHOWN, statuses_at
from moral_metrics.figures.style import contrast, grey_level, status_color, style
from moral_metrics.figures.tables import aligned_scores, fiscal_of_years, indicator_table, markdown_table, shown_scores
from moral_metrics.figures.text import lines, width_of
from moral_metrics.reference.i18n import date_text, t
from moral_metrics.reference.sample import sample_bytes


@pytest.fixture(scope="module")
def tracker():
    return load_tracker(sample_bytes()).tracker


def test_thai_titles_break_between_words_never_inside_one() -> None:
    title = "สถานะรายด้านของแต่ละจังหวัดในการขับเคลื่อนยุทธศาสตร์ทุกภาคส่วน ปีที่ 1-4"
    got = lines(title, 20, most=10)
    assert "".join(got).replace(" ", "") == title.replace(" ", "")
    assert all(width_of(line) <= 20 for line in got)
    assert not any(line.endswith("ยุทธศ") for line in got)  # the word the old rule cut in two
    assert any("ยุทธศาสตร์" in line for line in got)
    assert got[-1].endswith("1-4")  # "1-4" stays together
    assert lines("Overall score ranking, programme year 3", 34) == ["Overall score ranking, programme", "year 3"]


def test_a_number_never_starts_a_line_alone() -> None:
    assert lines("สถานะรายด้านของแต่ละจังหวัด ปีที่ 3", 27) == ["สถานะรายด้านของแต่ละจังหวัด", "ปีที่ 3"]
    english = lines("Every province by goal area, programme year 3", 24)
    assert english == ["Every province by goal", "area, programme year 3"]
    assert lines("ครั้งที่ 2", 4) == ["ครั้งที่ 2"]  # longer than a line: kept whole, not split at the number


def test_status_colours_are_told_apart_in_greyscale() -> None:
    colours = [status_color(s) for s in SHOWN] + [style()["map"]["untracked"]]
    greys = sorted(grey_level(c) for c in colours)
    assert min(b - a for a, b in itertools.pairwise(greys)) >= 10
    bands = sorted(grey_level(status_color(s)) for s in ("achieved", "on_track", "at_risk", "behind"))
    assert min(b - a for a, b in itertools.pairwise(bands)) >= 30


def _lab(hex_color: str) -> tuple[float, float, float]:
    """CIELAB (D65) of an sRGB colour, to tell how far apart two series colours look."""

    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(int(hex_color[i : i + 2], 16)) for i in (1, 3, 5))
    xyz = (
        (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047,
        0.2126 * r + 0.7152 * g + 0.0722 * b,
        (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883,
    )
    fx, fy, fz = (v ** (1 / 3) if v > 0.008856 else 7.787 * v + 16 / 116 for v in xyz)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def test_compare_palette_has_twelve_colours_each_readable_on_white() -> None:
    """Issue 24: the 8th colour was yellow on white (1.2:1). Each of the 12 (Compare's limit)
    stands out from the white plot at WCAG's 3:1 for graphics, and no two look alike."""
    colours = style()["series"]["colors"]
    assert len(colours) == len(set(colours)) == 12
    assert contrast("#FFFFFF") == pytest.approx(1) and contrast("#000000") == pytest.approx(21)
    assert contrast("#767676") == pytest.approx(4.54, abs=0.01)  # WCAG's known grey
    assert {c: round(contrast(c), 2) for c in colours if contrast(c) < 3} == {}
    apart = min(math.dist(_lab(a), _lab(b)) for a, b in itertools.combinations(colours, 2))
    assert apart >= 25


def test_compare_panels_keep_the_corner_clear(tracker) -> None:
    """Issue 24: "0%" and the first year's label met in every small panel's corner."""
    codes = tracker.province_codes
    for fig in (charts.compare_areas(tracker, codes, "th"), charts.compare_area(tracker, codes, "overall", "th")):
        for axis in (a for name, a in fig.layout.to_plotly_json().items() if name.startswith("yaxis")):
            assert axis["range"][0] < 0 and axis["tickvals"][0] == 0  # "0%" stands above the x axis
        for axis in (a for name, a in fig.layout.to_plotly_json().items() if name.startswith("xaxis")):
            assert axis["range"][0] < axis["tickvals"][0]  # the first year's label right of the y axis
            assert axis["tickangle"] == 0
    panels = charts.compare_areas(tracker, codes, "th")
    assert list(panels.layout.xaxis.ticktext) == ["1", "2", "3", "4"]  # the title says programme years
    one = charts.compare_area(tracker, codes, "overall", "th")
    assert one.layout.xaxis.ticktext[0] == t("chart.year_n", "th", year=1)


def test_partial_year_is_incomplete_everywhere(tracker) -> None:
    heat = charts.status_heatmap(tracker, 4, "en")
    cells = heat.data[0]
    overall = list(cells.text[0])[-1]
    assert overall == "100%<br>(2/5)"
    legend = {trace.name for trace in heat.data[2:]}
    assert "TH-57" in heat.data[1].customdata  # each cell can be clicked through to its province
    assert {"Incomplete", "Not reported", "Achieved"} <= legend
    bars = charts.ranking(tracker, 4, "en").data[0]
    assert list(bars.text) == ["Not reported", "Not reported", "100% (2/5)"]
    drawn = status_map(statuses_at(tracker, 4), 4, "en")
    assert {t.name for t in drawn.data if t.fill} == {"Incomplete", "Not reported", "Not tracked"}
    trend = charts.area_trend(tracker, "TH-57", "en")
    overall_line = next(t for t in trend.data if t.name == "Overall")
    assert overall_line.y[-1] != overall_line.y[-1]  # no jump back to 100%: a gap
    assert next(t for t in trend.data if "Incomplete" in t.name).text == ("2 of 5 areas reported",)
    text = province_summary(tracker, "TH-57", range(1, 5), "en")
    assert "2 of 5 goal areas" in text and "Not reported:" in text


def test_map_names_tracked_provinces_and_carries_codes_for_a_click(tracker) -> None:
    points = status_map(statuses_at(tracker, 3), 3, "th").data[-1]
    named = {c: n for c, n in zip(points.customdata, points.text, strict=True) if n}
    assert named == {"TH-57": "เชียงราย", "TH-84": "สุราษฎร์ธานี", "TH-41": "อุดรธานี"}
    assert len(points.customdata) == 77


@pytest.mark.parametrize("lang", ["th", "en"])
def test_a_national_map_names_provinces_only_where_names_do_not_cover_each_other(lang: str) -> None:
    """77 provinces tracked: central Thailand's small provinces would write their names over each
    other (as the export showed); each name kept is centred on its province and clear of the rest."""
    from moral_metrics.figures.map import CELL, LINE, labels_that_fit
    from moral_metrics.reference.provinces import province_index

    provinces = province_index().provinces
    statuses = pd.DataFrame(
        {
            "province_code": [p.code for p in provinces],
            "score": 0.8,
            "status": "on_track",
            "areas_reported": 5,
            "areas_total": 5,
        }
    )
    points = status_map(statuses, 3, lang).data[-1]
    named = {c: n for c, n in zip(points.customdata, points.text, strict=True) if n}
    assert named.keys() == labels_that_fit({p.code: p.name(lang) for p in provinces})
    assert 15 <= len(named) < 77 and "TH-30" in named  # Nakhon Ratchasima, the largest, is named
    assert "TH-12" not in named  # Nonthaburi, small and beside Bangkok, is not
    assert points.textposition == "middle center"
    by_code = province_index().by_code
    boxes = [
        (by_code[c].label_lon, by_code[c].label_lat, CELL * (width_of(n) + 1) / 2, LINE / 2) for c, n in named.items()
    ]
    for (x1, y1, w1, h1), (x2, y2, w2, h2) in itertools.combinations(boxes, 2):
        assert abs(x1 - x2) >= w1 + w2 or abs(y1 - y2) >= h1 + h2


def test_counts_and_yes_no_get_whole_number_ticks(tracker) -> None:
    fig = charts.indicator_bars(tracker, "TH-57", "en")
    layout = fig.to_dict()["layout"]
    panels = len(set(tracker.records.query("province_code == 'TH-57'")["indicator"]))
    axes = [layout["yaxis"]] + [layout[f"yaxis{n}"] for n in range(2, panels + 1)]
    assert all(a.get("dtick") == 1 or a.get("tickformat") == ",d" or a.get("tickvals") == [0, 1] for a in axes)
    assert any(a.get("tickvals") == [0, 1] for a in axes)


def test_charts_zip_draws_only_the_chosen_years(tracker) -> None:
    for chart in briefing_charts(tracker, ["TH-57"], range(1, 4), "th"):
        fig = chart.build()
        assert "ปีที่ 4" not in (fig.layout.title.text or ""), chart.name
        for trace in fig.data:
            xs = [] if getattr(trace, "x", None) is None else list(trace.x)
            assert 4 not in xs and "ปีที่ 4" not in xs and trace.name != "ปีที่ 4", chart.name
    assert charts.area_trend(tracker, "TH-57", "th", range(1, 4)).layout.xaxis.tickvals == (1, 2, 3)


def test_exports_write_whole_numbers_percentages_sources_and_honour_years(tracker) -> None:
    rows = list(csv.DictReader(io.StringIO(records_csv(tracker, "en", range(1, 3)).decode("utf-8-sig"))))
    assert {r["Year"] for r in rows} == {"1", "2"}
    first = next(r for r in rows if r["Province"] == "Udon Thani" and r["Year"] == "1")
    assert (first["Target"], first["Actual"], first["Achievement"]) == ("5", "4", "80%")
    assert first["Source"] == "ผลการดำเนินงาน row 64"
    sheet = load_workbook(io.BytesIO(records_xlsx(tracker, "en", range(1, 3)))).active
    heads = [c.value for c in sheet[1]]
    cell = sheet.cell(row=2, column=heads.index("Achievement") + 1)
    assert cell.number_format == "0%" and isinstance(sheet.cell(row=2, column=heads.index("Target") + 1).value, int)


def test_compare_table_shows_percentages_and_no_none(tracker) -> None:
    table = shown_scores(aligned_scores(tracker, "th"), "th")
    values = table.drop(columns=["จังหวัด", "ปีที่"]).astype(str).to_numpy().ravel().tolist()
    assert "None" not in values and "nan" not in values
    assert all(v == "–" or v.endswith("%") or v.isdigit() or "/" in v for v in values)
    year4 = table[(table["จังหวัด"] == "เชียงราย") & (table["ปีที่"] == 4)].iloc[0]
    assert (year4["ภาพรวม"], year4["ด้านที่รายงาน"]) == ("100%", "2/5")


def test_indicator_table_puts_what_a_phone_needs_first(tracker) -> None:
    table = indicator_table(tracker, "TH-57", 2, "en")
    heads = [t(f"col.{c}", "en") for c in ("indicator", "target", "actual", "achievement", "status")]
    assert list(table.columns[:5]) == heads and t("col.source", "en") not in table.columns
    row = table.iloc[0]
    assert row[heads[3]] == round(100 * row[heads[2]] / row[heads[1]])  # whole per cent


def test_dates_are_buddhist_era_thai_months_and_bangkok_time(tracker) -> None:
    stamp = datetime(2026, 11, 25, 14, 37, tzinfo=UTC)
    assert date_text(stamp, "th", with_time=True) == "25 พฤศจิกายน 2569 เวลา 21:37 น. (เวลาประเทศไทย)"
    assert date_text(stamp.replace(tzinfo=None), "en", with_time=True) == "25 November 2026, 21:37 (Bangkok time)"
    assert date_text(date(2026, 11, 25), "th") == "25 พฤศจิกายน 2569"
    assert fiscal_of_years(tracker) == {1: "2563", 2: "2564", 3: "2565", 4: "2566"}


def test_each_record_keeps_its_cells_and_what_was_typed() -> None:
    """Issue 23: where a figure came from is read with it, not found again by re-reading a file."""
    records = load_tracker(sample_bytes()).tracker.records.set_index(["sheet", "row"])
    first = records.loc[("ผลการดำเนินงาน", 32)]
    assert (first["target_cell"], first["actual_cell"]) == ("E32", "F32")
    assert first["actual_typed"] is not None and first["file_id"] is None  # no upload yet


def test_compare_one_area_is_one_panel_with_each_province_by_programme_year(tracker) -> None:
    fig = charts.compare_area(tracker, ["TH-84", "TH-57"], "overall", "en")
    assert fig.layout.title.text.replace("<br>", " ") == "Provinces compared by programme year: Overall"
    assert [trace.name for trace in fig.data] == ["Surat Thani", "Chiang Rai"]
    assert "xaxis2" not in fig.layout  # one panel, where compare_areas draws six
    surat = fig.data[0]
    assert list(surat.x) == [1, 2, 3, 4]
    assert [round(y, 3) for y in surat.y[:3]] == [0.743, 0.854, 0.633]
    assert np.isnan(surat.y[3])  # Surat Thani has no year 4: a gap, never a zero
    six = charts.compare_areas(tracker, ["TH-84", "TH-57"], "en")
    assert np.array_equal(six.data[10].y, surat.y, equal_nan=True)  # the six panels' last: the same series


def test_a_markdown_table_shows_every_cell_as_written_and_numbers_to_the_right() -> None:
    """Issue 14: small tables are Markdown, so a cell must not become formatting, a link or a
    second column, and must read back exactly."""
    frame = pd.DataFrame(
        {
            "ปี | year": [1, 2, 3],
            "อัตรา": ["82%", "–", None],
            "ชื่อ": ["a|b *x*", "line\nbreak", "[link](http://x) $1$ <b>"],
            "ค่า": [1250.5, float("nan"), 3.0],
            "ด้าน": ["5/5", "2/5", "ทุกด้าน"],
        }
    )
    text = markdown_table(frame)
    rows = text.splitlines()
    assert rows[1] == "|---:|---:|---|---:|---|"  # numbers, percentages and dashes right; words left
    assert len(rows) == 5 and all(row.count("|") - row.count("\\|") == 6 for row in rows)
    assert markdown_table(frame.iloc[:2]).splitlines()[1].endswith("|---:|")  # "5/5" is a number
    back = read_markdown_table(text)
    assert list(back.columns) == ["ปี | year", "อัตรา", "ชื่อ", "ค่า", "ด้าน"]
    assert back["ชื่อ"].tolist() == ["a|b *x*", "line break", "[link](http://x) $1$ <b>"]
    assert back["ค่า"].tolist() == ["1,250.5", "", "3"] and back["อัตรา"].tolist() == ["82%", "–", ""]
    assert back["ปี | year"].tolist() == ["1", "2", "3"]


def test_an_actual_of_zero_is_drawn_unlike_a_year_not_reported(tracker) -> None:
    """Issue 24: a bar of height 0 looked like missing data; it carries "0", a missing year nothing."""
    import dataclasses

    records = tracker.records.copy()
    mine = records.index[(records["province_code"] == "TH-57") & (records["program_year"] == 1)]
    records.loc[mine[0], "actual"] = 0
    records.loc[mine[1], "actual"] = float("nan")
    zeroed = dataclasses.replace(tracker, records=records)
    fig = charts.indicator_bars(zeroed, "TH-57", "en")
    actual = [trace for trace in fig.data if trace.name == t("chart.actual", "en")]
    labelled = [(text, y) for trace in actual for text, y in zip(trace.text, trace.y, strict=True)]
    assert ("0", 0) in labelled
    assert all((text == "0") == (y == 0) for text, y in labelled)  # a missing year (NaN) has no label
    assert any(y != y for _, y in labelled)
