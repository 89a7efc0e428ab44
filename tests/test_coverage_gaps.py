"""Behaviours that had no test: the indicators sheet, what changed between versions, the map,
the summary's trend sentences, and restoring a version that does not exist."""

from __future__ import annotations

import pytest
from builders import simple_long, to_bytes
from openpyxl import Workbook

from moral_metrics.access.roles import Actor
from moral_metrics.briefing.summary import FLAT, province_summary
from moral_metrics.figures.map import status_map
from moral_metrics.pipeline import load_tracker
from moral_metrics.reference.i18n import t
from moral_metrics.reference.messages import Refusal
from moral_metrics.reference.provinces import province_index
from moral_metrics.store.changes import changes_by_province, record_changes

START = {"เชียงราย": 2563}
EDITOR = Actor.central("บรรณาธิการ")


def with_indicators_sheet(rows: list[list[object]], progress: list[list[object]]) -> bytes:
    book = simple_long(progress, START)
    sheet = book.create_sheet("ตัวชี้วัดเพิ่มเติม")
    sheet.append(["รหัส", "ชื่อภาษาไทย", "ชื่อภาษาอังกฤษ", "ด้าน", "ประเภท", "ชื่ออื่น"])
    for row in rows:
        sheet.append(row)
    return to_bytes(book)


def test_an_indicators_sheet_adds_an_indicator_the_progress_sheet_can_use() -> None:
    data = with_indicators_sheet(
        [["volunteer_hours", "ชั่วโมงจิตอาสา", "Volunteer hours", "exchanges", "count", "จิตอาสา|ชม.จิตอาสา"]],
        [["เชียงราย", 1, "ชั่วโมงจิตอาสา", 100, 80], ["เชียงราย", 1, "ชม.จิตอาสา", 100, 80]],
    )
    result = load_tracker(data)
    assert result.ok, [(m.code, m.params) for m in result.errors]
    ind = result.tracker.catalogue.get("volunteer_hours")
    assert (ind.area, ind.kind, ind.name_en) == ("exchanges", "count", "Volunteer hours")
    records = result.tracker.records
    assert records[["indicator", "area", "actual"]].values.tolist() == [["volunteer_hours", "exchanges", 80.0]]
    assert [m.code for m in result.warnings] == ["duplicate_same"]  # the alias names the same indicator


def test_an_invalid_definition_lists_every_problem_as_values() -> None:
    data = with_indicators_sheet([["9bad", "เครือข่าย", "", "ด้านใหม่", "คะแนน", ""]], [["เชียงราย", 1, "networks", 5, 5]])
    message = next(m for m in load_tracker(data).errors if m.code == "unknown_indicator")
    assert (message.detail, message.sheet, message.cell) == ("definition", "ตัวชี้วัดเพิ่มเติม", "A2")
    assert message.params["problems"] == ["code", "area", "kind", "clash"]
    assert message.params["clashes"] == ["เครือข่าย"]
    assert "sector_drive" in message.text("en") and "เครือข่าย" in message.text("th")


def _tracker(rows: list[list[object]]):
    result = load_tracker(to_bytes(simple_long(rows, START)))
    assert result.ok
    return result.tracker


def test_diff_names_added_removed_and_changed_records() -> None:
    old = _tracker([["เชียงราย", 1, "networks", 5, 5], ["เชียงราย", 1, "participants", 100, 90]])
    new = _tracker([["เชียงราย", 1, "networks", 5, 6], ["เชียงราย", 2, "networks", 6, None]])
    changes = record_changes(old, new)
    rows = changes[["change", "program_year", "indicator", "field", "old", "new"]].values.tolist()
    assert ["removed", 1, "participants", "actual", 90.0, None] in rows
    assert ["changed", 1, "networks", "actual", 5.0, 6.0] in rows
    assert ["added", 2, "networks", "actual", None, None] in rows and len(rows) == 3
    counted = changes_by_province(old, new).set_index("province_code").loc["TH-57"]
    assert counted[["added", "changed", "unchanged", "removed"]].tolist() == [1, 1, 0, 1]  # the same rows
    assert record_changes(new, new).empty and len(record_changes(None, new)) == 2


def test_the_map_draws_all_77_provinces_by_status_with_a_hover_point_each() -> None:
    tracker = _tracker([["เชียงราย", 1, "networks", 5, 5]])
    overall = tracker.summary[tracker.summary["area"] == "overall"]
    fig = status_map(overall, 1, "en")
    shapes, points = fig.data[:-1], fig.data[-1]
    assert t("chart.not_tracked", "en") in [s.name for s in shapes]  # and one status group for Chiang Rai
    assert len(points.x) == 77 and fig.layout.template.layout.paper_bgcolor is not None
    hover = dict(zip(points.x, points.text, strict=True))
    chiang_rai = province_index().by_code["TH-57"]
    assert hover[chiang_rai.label_lon].startswith("Chiang Rai")
    assert all(s.fill == "toself" for s in shapes)  # plain filled shapes: no geo trace, nothing from a CDN


AREAS_ONE_EACH = ("networks", "drive_mechanisms", "knowledge_tools", "exchange_events")  # with strategy_stage


@pytest.mark.parametrize(
    ("second", "key"),
    [(10, "summary.trend_up"), (2, "summary.trend_down"), (5 * (1 + FLAT / 2), "summary.trend_flat")],
)
def test_summary_says_whether_the_overall_score_rose_fell_or_held(second: float, key: str) -> None:
    rows = [["เชียงราย", 1, code, 10, 5] for code in AREAS_ONE_EACH] + [["เชียงราย", 1, "strategy_stage", 2, 1]]
    rows += [["เชียงราย", 2, code, 10, second] for code in AREAS_ONE_EACH] + [["เชียงราย", 2, "strategy_stage", 2, 1]]
    tracker = _tracker(rows)  # every area reported in both years: a trend can be told
    overall = tracker.summary.query("area == 'overall'").set_index("program_year")["score"]
    text = province_summary(tracker, "TH-57", range(1, 3), "en")
    first, last = f"{overall[1]:.0%}", f"{overall[2]:.0%}"
    assert t(key, "en", first=first, first_year=1, last=last) in text


def test_restoring_a_version_that_does_not_exist_changes_nothing(make_store) -> None:
    store = make_store()
    before = (store.current_id(), store.history()["id"].tolist())
    with pytest.raises(Refusal) as refused:
        store.restore(42, EDITOR)
    assert (refused.value.code, refused.value.message.params) == ("version_not_found", {"version": 42})
    assert (store.current_id(), store.history()["id"].tolist()) == before


def test_empty_workbook_sheet_gives_no_progress_sheet_with_the_sheet_names() -> None:
    book = Workbook()
    book.active.title = "บันทึก"
    book.active.append(["ข้อความ"])
    message = next(m for m in load_tracker(to_bytes(book)).errors if m.code == "no_progress_sheet")
    assert message.params == {"sheets": ["บันทึก"]}
