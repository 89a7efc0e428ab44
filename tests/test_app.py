"""Streamlit AppTest smoke tests: every page renders the sample without an exception."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent


def app() -> AppTest:
    return AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)


def test_overview_shows_the_sample_provinces_in_thai() -> None:
    at = app().run()
    assert not at.exception
    assert at.title[0].value == "ระบบติดตามจังหวัดคุณธรรม"
    table = at.dataframe[0].value
    assert set(table["จังหวัด"]) == {"เชียงราย", "สุราษฎร์ธานี", "อุดรธานี"}
    assert table.columns[:3].tolist() == ["จังหวัด", "ปีที่", "ปีงบประมาณ"]


def test_language_switch_to_english() -> None:
    at = app()
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception
    assert at.title[0].value == "Moral Metrics"
    assert set(at.dataframe[0].value["Province"]) == {"Chiang Rai", "Surat Thani", "Udon Thani"}


def test_sample_is_what_the_script_builds(tmp_path: Path) -> None:
    import subprocess
    import sys

    from moral_metrics import load_tracker_file

    out = tmp_path / "sample.xlsx"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "make_sample.py"), str(out)], check=True, timeout=120)
    fresh, shipped = load_tracker_file(out), load_tracker_file(ROOT / "data" / "sample_tracker.xlsx")
    assert fresh.ok and shipped.ok and shipped.messages == []
    assert fresh.tracker.records.equals(shipped.tracker.records)
    news = shipped.tracker.records.query("province_code == 'TH-57' and program_year == 2 and indicator == 'networks'")
    assert news["actual"].tolist() == [13.0]
