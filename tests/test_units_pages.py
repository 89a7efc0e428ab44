"""Issue 10 on screen and on paper: page sections, figures, the template sheet and the deck slide.

The sample tracker carries illustrative assessments (scripts/sample_units.py); Surat Thani's 50
model organisations over its 19 districts match the news fact and its model_units indicator.
"""

from __future__ import annotations

import io

import pytest
from builders import UNIT_HEAD, to_bytes, units_book
from openpyxl import load_workbook

from moral_metrics.briefing.template import ProvinceRow, write_tracker
from moral_metrics.figures.units import compare_levels, national_counts, province_counts, provinces_by_level
from moral_metrics.figures.units_tables import coverage, district_table, district_units, level_counts
from moral_metrics.pipeline import load_tracker, load_tracker_file
from moral_metrics.reference.i18n import t
from moral_metrics.reference.sample import SAMPLE_PATH


@pytest.fixture(scope="module")
def sample():
    result = load_tracker_file(SAMPLE_PATH)
    assert result.ok and result.messages == []
    return result.tracker


def test_the_sample_has_surat_thanis_50_model_organisations(sample) -> None:
    units = sample.dataset("units")
    year3 = units[(units["province_code"] == "TH-84") & (units["fiscal_year"] == 2565)]
    model = year3[(year3["level"] == 3) & (year3["unit_type"] == "organisation")]
    assert len(model) == 50 and model["district_code"].nunique() == 16
    assert coverage(year3, "TH-84") == (16, 19)


def test_district_table_lists_every_district_and_marks_the_unassessed(sample) -> None:
    table = district_table(sample, "TH-84", 2565, "en")
    assert len(table) == 19 and table.iloc[0, 0] == "8401"
    marked = table[t("units.col_assessed", "en")] == t("units.not_assessed", "en")
    assert table.loc[marked, t("units.col_district", "en")].tolist() == ["Phunphin", "Chai Buri", "Wiphawadi"]
    listed = district_units(sample, "TH-84", "8401", 2565, "th")
    assert len(listed) > 0 and set(listed[t("units.col_year", "th")]) == {2565}


def test_figures_stack_three_levels_in_order(sample) -> None:
    fig = province_counts(sample, "TH-84", "th")
    assert [trace.name for trace in fig.data] == [t(f"level.{n}", "th") for n in (1, 2, 3)]
    assert fig.layout.barmode == "stack"
    colours = [trace.marker.color for trace in fig.data]
    assert len(set(colours)) == 3
    assert (
        sum(national_counts(sample, 2565, "en").data[2].x)
        == level_counts(sample.dataset("units").query("fiscal_year == 2565"))[3].sum()
    )
    assert sum(provinces_by_level(sample, 2565, "en").data[0].x) == 3
    assert len(compare_levels(sample, ["TH-84", "TH-57"], "th").data) == 3


def test_pages_show_the_units_sections(make_app) -> None:
    at = make_app.open("province", province="TH-84", units="true")
    assert t("units.heading", "th") in [e.label for e in at.expander]
    assert len(at.dataframe) >= 3  # indicators, districts, units at province level
    at = make_app.open("overview", lang="en", units="true")
    assert t("units.heading", "en") in [e.label for e in at.expander]
    assert len(at.get("plotly_chart")) == 4  # map, ranking; units by level, provinces by level
    at = make_app.open("compare", units="true")
    assert t("units.heading", "th") in [e.label for e in at.expander]
    assert len(at.get("plotly_chart")) == 2  # areas; units by level


def test_a_closed_section_is_neither_made_nor_drawn(make_app) -> None:
    """Issue 14: what lies below the first screen waits until its reader opens it."""
    at = make_app.open("overview")
    panels = [t(f"{key}", "th") for key in ("overview.names_heading", "overview.grid_heading", "units.heading")]
    assert [e.label for e in at.expander] == panels
    assert len(at.get("plotly_chart")) == 2 and not at.selectbox  # map, ranking; no units year picker either
    at = make_app.open("overview", grid="true")  # the grid of provinces by goal area, opened by a link
    assert len(at.get("plotly_chart")) == 3
    at = make_app.open("province", province="TH-84")
    assert [e.label for e in at.expander] == [
        t("province.indicator_chart", "th"),
        t("units.heading", "th"),
        t("coverage.heading", "th"),
    ]
    assert len(at.get("plotly_chart")) == 2 and len(at.dataframe) == 1  # trend, radar; the indicator table
    at = make_app.open("province", province="TH-84", honouring="true")  # a link opens one section
    assert len(at.get("plotly_chart")) == 3 and len(at.dataframe) == 1
    at = make_app.open("compare")
    assert [e.label for e in at.expander] == [
        t("compare.all_areas", "th"),
        t("compare.by_indicator", "th"),
        t("units.heading", "th"),
    ]
    assert len(at.get("plotly_chart")) == 1  # one goal area at a time, overall first
    assert [s.key for s in at.selectbox] == ["compare_area"] and at.selectbox(key="compare_area").value == "overall"
    at = make_app.open("compare", indicator="true", area="strategy_inclusion")  # a link picks the area
    assert len(at.get("plotly_chart")) == 2 and at.selectbox(key="compare_indicator").value
    assert at.selectbox(key="compare_area").value == "strategy_inclusion"


def test_template_has_the_assessments_sheet_with_drop_downs(tmp_path) -> None:
    out = tmp_path / "t.xlsx"
    write_tracker(out, [ProvinceRow("สุราษฎร์ธานี", 2563)], units=[
        {"province": "สุราษฎร์ธานี", "district": "ไชยา (8406)", "unit_type": "องค์กร", "unit_name": "วัดเวียง",
         "fiscal_year": 2565, "level": "คุณธรรมต้นแบบ", "score_1": 2},
    ])  # fmt: skip
    book = load_workbook(out)
    sheet = book[t("template.sheet_assessments", "th")]
    formulas = {v.formula1 for v in sheet.data_validations.dataValidation}
    assert "'รายชื่ออำเภอ'!$E$3:$E$930" in {f.lstrip("=") for f in formulas}
    assert '"องค์กร,ชุมชน,อำเภอ,จังหวัด"' in formulas and '"0,1,2"' in formulas
    assert book["รายชื่ออำเภอ"]["E3"].value == "พระนคร (1001)"
    result = load_tracker_file(out)
    assert result.ok and result.messages == []
    unit = result.tracker.dataset("units").iloc[0]
    assert (unit["district_code"], unit["level"], unit["scores"][0]) == ("8406", 3, 2)


def test_deck_has_a_units_slide_per_province_with_units() -> None:
    from pptx import Presentation

    from moral_metrics.briefing.deck import build_deck

    rows = [["สุราษฎร์ธานี", "ไชยา", "องค์กร", "วัด", 2563, 3]]
    tracker = load_tracker(to_bytes(units_book(rows))).tracker
    deck = Presentation(io.BytesIO(build_deck(tracker, lang="en")))
    texts = [shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame]
    assert any(t("units.deck_title", "en", province="Surat Thani", year=2563) in text for text in texts)
    assert any(t("units.coverage", "en", assessed=1, total=19) in text for text in texts)


def test_a_published_version_keeps_its_units(make_store, sample) -> None:
    store = make_store()
    units = store.tracker(store.current_id()).dataset("units")
    expected = sample.dataset("units")
    assert len(units) == len(expected) > 0
    assert units["scores"].tolist() == expected["scores"].tolist()
    assert units["district_code"].tolist() == expected["district_code"].tolist()  # a blank stays None
    assert district_table(store.tracker(store.current_id()), "TH-84", 2565, "th").equals(
        district_table(sample, "TH-84", 2565, "th")
    )


def test_units_with_activity_scores_publish_over_units_with_scores(make_store) -> None:
    """The list of nine scores is compared as a value when a publish lists what changes."""
    from moral_metrics.access.roles import Actor

    store = make_store()
    head = (*UNIT_HEAD["th"], *(f"กิจกรรมที่ {n}" for n in range(1, 10)))
    for level in (2, 3):
        rows = [["สุราษฎร์ธานี", "ไชยา", "องค์กร", "วัด", 2563, level, *[1] * 9]]
        published = store.publish(to_bytes(units_book(rows, head)), f"units{level}.xlsx", Actor.central("ทดสอบ"))
        assert published.ok
    units = store.tracker(store.current_id()).dataset("units")
    assert units["level"].tolist() == [3] and units["scores"].tolist() == [[1] * 9]


def test_units_charts_keep_labels_level_and_levels_out_of_thin_bars(sample) -> None:
    """Issue 24: many categories are horizontal bars (no 90 degree labels), counts are grouped
    (2,000), and the province's own level is named by the axis and hover, not written in a bar."""
    from moral_metrics.figures.units import province_level_trend

    for lang, fig in (("th", province_counts(sample, "TH-84", "th")), ("en", compare_levels(sample, ["TH-84"], "en"))):
        assert {trace.orientation for trace in fig.data} == {"h"}
        assert fig.layout.xaxis.tickformat == ",d" and fig.layout.xaxis.title.text == t("units.axis_count", lang)
    assert national_counts(sample, 2565, "en").layout.xaxis.tickformat == ",d"
    assert provinces_by_level(sample, 2565, "en").data[0].orientation == "h"
    own = province_level_trend(sample, "TH-84", "en")
    assert own.layout.xaxis.tickangle == 0 and own.data[0].orientation == "h"
    assert own.data[0].text is None and set(own.data[0].customdata) <= {t(f"level.{n}", "en") for n in (1, 2, 3)}
