"""Streamlit AppTest: every page renders, uploads get the right report, publish and restore work.

Each test gets its own SQLite database (``MORAL_METRICS_DATABASE_URL``), seeded with the sample.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import simple_long, to_bytes
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
PAGES = {
    "overview": "pages/overview.py",
    "province": "pages/province.py",
    "compare": "pages/compare.py",
    "export": "pages/export.py",
    "data": "pages/data.py",
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


PASSPHRASE = "ขอแก้ไขข้อมูล-2569"


@pytest.fixture(autouse=True)
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh database per test, and an editor passphrase configured (stored as a hash only)."""
    from moral_metrics.access import hash_passphrase

    path = tmp_path / "mm.db"
    monkeypatch.setenv("MORAL_METRICS_DATABASE_URL", f"sqlite:///{path}")
    monkeypatch.setenv("MORAL_METRICS_EDITOR_PASSPHRASE_HASH", hash_passphrase(PASSPHRASE))
    import streamlit as st

    st.cache_resource.clear()
    st.cache_data.clear()
    return path


def sign_in(at: AppTest, name: str = "สมชาย") -> AppTest:
    """A session whose editor sign-in succeeded (the sign-in form itself is driven in a real
    browser in test_browser.py: AppTest does not deliver clicks on forms in the router)."""
    at.session_state["editor"] = True
    at.session_state["editor_name"] = name
    at.run()
    assert not at.exception, at.exception
    return at


def session(page: str = "overview", editor: bool = True, **params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    if editor:
        sign_in(at)
    if page != "overview":
        at.switch_page(PAGES[page]).run()
    assert not at.exception, at.exception
    return at


def texts(at: AppTest) -> str:
    parts = [e.value for e in (*at.title, *at.subheader, *at.caption, *at.markdown, *at.success, *at.error, *at.info)]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("page", list(PAGES))
@pytest.mark.parametrize("lang", ["th", "en"])
def test_every_page_renders_the_sample(page: str, lang: str) -> None:
    at = session(page, lang=lang)
    assert at.title, page
    if page not in ("data", "export"):
        assert len(at.get("plotly_chart")) >= 1


def test_overview_counts_and_thai_labels() -> None:
    at = session("overview", year="2")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["จังหวัดที่ติดตาม"] == "3"
    assert sum(int(metrics[k]) for k in ("บรรลุเป้าหมาย", "ตามแผน", "เสี่ยง", "ล่าช้า")) == 3
    assert "ข้อมูลฉบับที่ 1" in texts(at)


def test_province_page_shows_indicator_table_and_fiscal_years() -> None:
    at = session("province", province="TH-57", year="2")
    tables = [d.value for d in at.dataframe]
    assert tables[0].iloc[0]["ปีที่ 2"] == "2564"
    indicators = tables[-1]
    row = indicators[indicators["ตัวชี้วัด"] == "จำนวนเครือข่ายทางสังคมที่ร่วมขับเคลื่อน"].iloc[0]
    assert (row["เป้าหมาย"], row["ผล"], row["สถานะ"]) == (10.0, 13.0, "บรรลุเป้าหมาย")


def test_compare_aligns_provinces_by_programme_year() -> None:
    at = session("compare", lang="en")
    table = at.dataframe[0].value
    assert set(table["Province"]) == {"Chiang Rai", "Surat Thani", "Udon Thani"}
    assert sorted(table["Year"].unique().tolist()) == [1, 2, 3, 4]


def upload(at: AppTest, data: bytes, name: str = "tracker.xlsx") -> AppTest:
    at.file_uploader[0].set_value((name, data, XLSX))
    at.run()
    assert not at.exception, at.exception
    return at


def test_bad_upload_reports_errors_with_cells_and_cannot_publish() -> None:
    at = session("data", lang="en")
    bad = to_bytes(simple_long([["เชียงรายย", 1, "networks", 5, "ห้า"]], {"เชียงราย": 2563}))
    upload(at, bad)
    report = at.dataframe[0].value
    assert report[["Cell", "Code", "Suggestion"]].values.tolist() == [
        ["A2", "unknown_province", "เชียงราย"],
        ["E2", "bad_number", ""],
    ]
    assert "2 errors" in texts(at)
    assert at.button(key="FormSubmitter:publish-Publish this tracker").disabled


def test_publish_changes_what_a_fresh_session_sees_and_restore_brings_it_back() -> None:
    rows = [["ขอนแก่น", 1, "networks", 4, 4], ["Khon Kaen", 2, "networks", 6, 3]]
    good = to_bytes(simple_long(rows, {"ขอนแก่น": 2565}))
    at = session("data")
    upload(at, good, "khonkaen.xlsx")
    at.text_area[0].input("ข้อมูลทดลอง")
    at.button(key="FormSubmitter:publish-เผยแพร่ข้อมูลชุดนี้").click().run()
    assert not at.exception
    assert "เผยแพร่แล้วเป็นฉบับที่ 2" in texts(at)

    fresh = session("overview", year="1")
    assert {m.label: m.value for m in fresh.metric}["จังหวัดที่ติดตาม"] == "1"
    assert "ข้อมูลฉบับที่ 2" in texts(fresh)

    history = session("data")
    versions = history.dataframe[0].value
    assert versions["ฉบับที่"].tolist() == [2, 1]
    assert versions["โดย"].tolist() == ["สมชาย", "system"]
    assert "เพิ่ม 2 รายการ" in texts(history)
    history.selectbox(key="history_pick").select(1).run()
    history.button(key="restore_version").click().run()
    assert not history.exception
    assert "ฉบับที่ 1 เป็นฉบับปัจจุบันแล้ว" in texts(history)

    again = session("overview", year="1")
    assert {m.label: m.value for m in again.metric}["จังหวัดที่ติดตาม"] == "3"


def test_export_page_builds_deck_pdf_and_images() -> None:
    at = session("export", lang="en")
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


def test_viewer_has_no_data_page_and_cannot_reach_it_directly() -> None:
    at = session("overview", editor=False)
    assert (
        "pages/data.py" not in " ".join(str(p) for p in at._tree._page_paths)
        if hasattr(at._tree, "_page_paths")
        else True
    )
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(PAGES["data"])
    direct = AppTest.from_file(str(ROOT / "pages" / "data.py"), default_timeout=60).run()
    assert not direct.exception
    assert [e.value for e in direct.error] == ["หน้านี้สำหรับผู้แก้ไขเท่านั้น"]
    assert not direct.file_uploader and not direct.get("download_button")


def test_publish_and_restore_are_recorded_with_who_and_when() -> None:
    from moral_metrics.store.storage import Store

    rows = [["ขอนแก่น", 1, "networks", 4, 4]]
    at = session("data")
    upload(at, to_bytes(simple_long(rows, {"ขอนแก่น": 2565})), "kk.xlsx")
    at.button(key="FormSubmitter:publish-เผยแพร่ข้อมูลชุดนี้").click().run()
    at.selectbox(key="history_pick").select(1).run()
    at.button(key="restore_version").click().run()
    events = Store().events()
    assert events[["actor", "role", "action", "version_id"]].values.tolist() == [
        ["สมชาย", "editor", "restore", 1],
        ["สมชาย", "editor", "publish", 2],
        ["system", "editor", "publish", 1],
    ]
    assert events["at"].notna().all()


def test_a_database_failure_during_publish_is_reported_and_changes_nothing(monkeypatch) -> None:
    from sqlalchemy.exc import OperationalError

    from moral_metrics.store.storage import Store

    def refuse(*args, **kwargs):
        raise OperationalError("INSERT", {}, Exception("disk I/O error"))

    at = session("data", lang="en")
    upload(at, to_bytes(simple_long([["ขอนแก่น", 1, "networks", 4, 4]], {"ขอนแก่น": 2565})))
    monkeypatch.setattr(Store, "_insert", refuse)
    at.button(key="FormSubmitter:publish-Publish this tracker").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "Something unexpected went wrong. The published data is unchanged; please try again."
    ]
    assert Store().current_id() == 1
