"""Streamlit AppTest: every page renders, uploads get the right report, publish and restore work.

Each test opens sessions with ``make_app`` (conftest): its own SQLite database, seeded with the
sample. Expected texts come from the translation table, so a wording change does not break them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import simple_long, to_bytes
from conftest import PAGES
from streamlit.testing.v1 import AppTest

from moral_metrics.reference.i18n import t

ROOT = Path(__file__).resolve().parent.parent
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def texts(at: AppTest) -> str:
    parts = [e.value for e in (*at.title, *at.subheader, *at.caption, *at.markdown, *at.success, *at.error, *at.info)]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("page", list(PAGES))
@pytest.mark.parametrize("lang", ["th", "en"])
def test_every_page_renders_the_sample(page: str, lang: str, make_app) -> None:
    at = make_app.open(page, lang=lang)
    assert at.title, page
    if page not in ("data", "export"):
        assert len(at.get("plotly_chart")) >= 1


def test_overview_counts_and_thai_labels(make_app) -> None:
    at = make_app.open("overview", year="2")
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["จังหวัดที่ติดตาม"], metrics["จังหวัดที่รายงาน"]) == ("3", "3")
    counts = next(m.value for m in at.markdown if m.value.startswith("**บรรลุเป้าหมาย**"))
    assert "**ตามแผน** 3 (" in counts and all(n in counts for n in ("เชียงราย", "สุราษฎร์ธานี", "อุดรธานี"))
    assert t("app.version_caption", version=1).split(" ·")[0] in texts(at)


def test_a_partial_year_is_incomplete_and_names_who_did_not_report(make_app) -> None:
    """Issue 12: year 4 of the sample has Chiang Rai with 2 of 5 areas, the others silent."""
    at = make_app.open("overview", year="4", lang="en")
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["Provinces tracked"], metrics["Provinces reported"]) == ("3", "1")
    counts = next(m.value for m in at.markdown if m.value.startswith("**Achieved**"))
    assert "**Achieved** 0" in counts and "**Incomplete** 1 (Chiang Rai)" in counts
    assert "**Not reported** 2 (Surat Thani, Udon Thani)" in counts


def test_province_page_shows_indicator_table_and_fiscal_years(make_app) -> None:
    at = make_app.open("province", province="TH-57", year="2")
    tables = [d.value for d in at.dataframe]
    assert tables[0].iloc[0]["ปีที่ 2"] == "2564"
    indicators = tables[-1]
    row = indicators[indicators["ตัวชี้วัด"] == "จำนวนเครือข่ายทางสังคมที่ร่วมขับเคลื่อน"].iloc[0]
    assert (row["เป้าหมาย"], row["ผล"], row["สถานะ"]) == (10.0, 13.0, "บรรลุเป้าหมาย")


def test_compare_aligns_provinces_by_programme_year(make_app) -> None:
    at = make_app.open("compare", lang="en")
    table = at.dataframe[0].value
    assert set(table["Province"]) == {"Chiang Rai", "Surat Thani", "Udon Thani"}
    assert sorted(table["Year"].unique().tolist()) == [1, 2, 3, 4]


def upload(at: AppTest, data: bytes, name: str = "tracker.xlsx") -> AppTest:
    at.file_uploader[0].set_value((name, data, XLSX))
    at.run()
    assert not at.exception, at.exception
    return at


def test_bad_upload_reports_errors_with_cells_and_cannot_publish(make_app) -> None:
    at = make_app.open("data", lang="en")
    bad = to_bytes(simple_long([["เชียงรายย", 1, "networks", 5, "ห้า"]], {"เชียงราย": 2563}))
    upload(at, bad)
    report = at.dataframe[0].value
    assert report[["Cell", "Code", "Suggestion"]].values.tolist() == [
        ["A2", "unknown_province", "เชียงราย"],
        ["E2", "bad_number", ""],
    ]
    assert "2 errors" in texts(at)
    assert at.button(key="FormSubmitter:publish-Publish this tracker").disabled


def test_publish_changes_what_a_fresh_session_sees_and_restore_brings_it_back(make_app) -> None:
    rows = [["ขอนแก่น", 1, "networks", 4, 4], ["Khon Kaen", 2, "networks", 6, 3]]
    good = to_bytes(simple_long(rows, {"ขอนแก่น": 2565}))
    at = make_app.open("data")
    upload(at, good, "khonkaen.xlsx")
    at.text_area[0].input("ข้อมูลทดลอง")
    at.button(key="FormSubmitter:publish-เผยแพร่ข้อมูลชุดนี้").click().run()
    assert not at.exception
    assert t("data.published", version=2) in texts(at)

    fresh = make_app.open("overview", year="1")
    assert {m.label: m.value for m in fresh.metric}["จังหวัดที่ติดตาม"] == "1"
    assert t("app.version_caption", version=2).split(" ·")[0] in texts(fresh)

    history = make_app.open("data")
    versions = history.dataframe[0].value
    assert versions["ฉบับที่"].tolist() == [2, 1]
    assert versions["โดย"].tolist() == ["สมชาย", "system"]
    assert "เพิ่ม 2 รายการ" in texts(history)
    history.selectbox(key="history_pick").select(1).run()
    history.button(key="restore_version").click().run()
    assert not history.exception
    assert t("data.restored", version=1) in texts(history)

    again = make_app.open("overview", year="1")
    assert {m.label: m.value for m in again.metric}["จังหวัดที่ติดตาม"] == "3"


def test_export_page_builds_deck_pdf_and_images(make_app) -> None:
    at = make_app.open("export", lang="en")
    at.multiselect(key="export_provinces").set_value(["TH-57"]).run()
    at.button(key="export_build").click().run()
    assert not at.exception, at.exception
    assert "Built in" in texts(at)
    assert [d.proto.label for d in at.get("download_button")] == [
        "Download the deck (.pptx)",
        "Download the PDF",
        "Download the chart images (PNG and SVG, .zip)",
        "Download CSV",
        "Download Excel",
    ]


def test_viewer_has_no_data_page_and_cannot_reach_it_directly(make_app) -> None:
    at = make_app.open("overview", editor=False)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(PAGES["data"])
    direct = AppTest.from_file(str(ROOT / "pages" / "data.py"), default_timeout=60).run()
    assert not direct.exception
    assert [e.value for e in direct.error] == ["หน้านี้สำหรับผู้แก้ไขเท่านั้น"]
    assert not direct.file_uploader and not direct.get("download_button")


def test_publish_and_restore_are_recorded_with_who_and_when(make_app) -> None:

    rows = [["ขอนแก่น", 1, "networks", 4, 4]]
    at = make_app.open("data")
    upload(at, to_bytes(simple_long(rows, {"ขอนแก่น": 2565})), "kk.xlsx")
    at.button(key="FormSubmitter:publish-เผยแพร่ข้อมูลชุดนี้").click().run()
    at.selectbox(key="history_pick").select(1).run()
    at.button(key="restore_version").click().run()
    events = make_app.store().events()
    assert events[["actor", "role", "action", "version_id"]].values.tolist() == [
        ["สมชาย", "editor", "restore", 1],
        ["สมชาย", "editor", "publish", 2],
        ["system", "editor", "publish", 1],
    ]
    assert events["at"].notna().all()


def test_a_database_failure_during_publish_is_reported_and_changes_nothing(make_app, monkeypatch) -> None:
    from sqlalchemy.exc import OperationalError

    from moral_metrics.store.storage import Store

    def refuse(*args, **kwargs):
        raise OperationalError("INSERT", {}, Exception("disk I/O error"))

    at = make_app.open("data", lang="en")
    upload(at, to_bytes(simple_long([["ขอนแก่น", 1, "networks", 4, 4]], {"ขอนแก่น": 2565})))
    monkeypatch.setattr(Store, "_insert", refuse)
    at.button(key="FormSubmitter:publish-Publish this tracker").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "Something unexpected went wrong. The published data is unchanged; please try again."
    ]
    assert make_app.store().current_id() == 1
