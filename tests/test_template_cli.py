"""The blank template and the command line, end to end through a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from builders import long_book, simple_long
from commands import cli
from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parent.parent


def test_template_has_instructions_lists_and_drop_downs(tmp_path: Path) -> None:
    out = tmp_path / "blank.xlsx"
    done = cli("template", str(out))
    assert done.returncode == 0, done.stderr
    book = load_workbook(out)
    assert book.sheetnames == [
        "คำแนะนำ",
        "จังหวัด",
        "ผลการดำเนินงาน",
        "ผลการประเมิน",  # issue 10
        "ทำเนียบคนดี",  # issue 11
        "ปฏิทินความดี",
        "รายชื่ออำเภอ",
    ]
    assert book["คำแนะนำ"]["H79"].value is None and book["คำแนะนำ"]["H78"].value  # 77 provinces
    progress = book["ผลการดำเนินงาน"]
    formulas = sorted(v.formula1 for v in progress.data_validations.dataValidation)
    assert formulas == ["='คำแนะนำ'!$H$2:$H$78", "='คำแนะนำ'!$I$2:$I$11"]
    assert [c.value for c in progress[1]][:4] == [
        "จังหวัด / Province",
        "ปีที่ / Programme year",
        "ปีงบประมาณ (พ.ศ.) / Fiscal year (B.E.)",
        "ตัวชี้วัด / Indicator",
    ]


def test_blank_template_checks_clean(tmp_path: Path) -> None:
    out = tmp_path / "blank.xlsx"
    cli("template", str(out), "--lang", "en")
    done = cli("check", str(out), "--json")
    report = json.loads(done.stdout)
    assert (done.returncode, report["ok"], report["errors"], report["warnings"], report["records"]) == (
        0,
        True,
        [],
        [],
        [],
    )


def test_filled_template_round_trips(tmp_path: Path) -> None:
    from moral_metrics import load_tracker_file
    from moral_metrics.briefing.template import ProvinceRow, write_tracker

    out = tmp_path / "filled.xlsx"
    write_tracker(
        out,
        [ProvinceRow("เชียงราย", 2563, 13)],
        [
            {
                "province": "เชียงราย",
                "program_year": 2,
                "indicator": "จำนวนผู้เข้าร่วมเวทีแลกเปลี่ยนเรียนรู้",
                "target": 100,
                "actual": 120,
                "note": "สมัชชาคุณธรรม",
            }
        ],
    )
    result = load_tracker_file(out)
    assert result.ok and result.messages == []
    record = result.tracker.records.iloc[0]
    assert (record["indicator"], record["fiscal_year"], record["achievement"], record["note"]) == (
        "participants",
        2564,
        1.2,
        "สมัชชาคุณธรรม",
    )
    assert result.tracker.provinces.loc[0, "networks"] == 13


def test_check_json_contract(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    long_book("th", "both").save(path)
    done = cli("check", str(path), "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    from moral_metrics.model import DATASETS

    assert set(report) == {"ok", "errors", "warnings", "records", "summary", *DATASETS}  # issue 10: "units"
    assert report["units"] == []
    record = next(r for r in report["records"] if r["indicator"] == "participants")
    assert record == {
        "province_code": "TH-57",
        "province_th": "เชียงราย",
        "province_en": "Chiang Rai",
        "program_year": 2,
        "fiscal_year": 2564,
        "indicator": "participants",
        "area": "exchanges",
        "target": 1200.0,
        "actual": 1250.0,
        "achievement": 1250 / 1200,
        "note": None,
        "source": record["source"],
    }
    assert record["source"]["file"] == path.name and record["source"]["actual_cell"].startswith(("E", "F"))  # issue 23
    missing = next(r for r in report["records"] if r["indicator"] == "lessons_learned")
    assert missing["actual"] is None and missing["achievement"] is None
    overall = [s for s in report["summary"] if s["area"] == "overall"]
    assert {(s["province_code"], s["program_year"]) for s in overall} == {
        ("TH-57", 1),
        ("TH-57", 2),
        ("TH-57", 3),
        ("TH-84", 1),
        ("TH-84", 2),
        ("TH-84", 3),
    }
    assert len(report["summary"]) == 6 * 6
    assert report["warnings"][0].keys() == {
        "severity",
        "code",
        "detail",
        "params",
        "sheet",
        "row",
        "column",
        "cell",
        "value",
        "message_th",
        "message_en",
        "suggestion",
    }


def test_check_exit_codes_and_readable_report(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlsx"
    simple_long([["เชียงรายย", 1, "networks", 5, 5]]).save(bad)
    done = cli("check", str(bad), "--lang", "en")
    assert done.returncode == 1
    assert "ผล!A2" in done.stdout and "unknown_province" in done.stdout and "เชียงราย" in done.stdout
    thai = cli("check", str(bad))
    assert "ไม่รู้จักชื่อจังหวัด" in thai.stdout
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"hello, this is not a workbook")
    assert cli("check", str(junk)).returncode == 2
    assert cli("check", str(tmp_path / "absent.xlsx")).returncode == 2
    assert cli("frobnicate").returncode == 2


def test_sample_is_what_the_script_builds(tmp_path: Path) -> None:
    from moral_metrics import load_tracker_file

    out = tmp_path / "sample.xlsx"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "make_sample.py"), str(out)], check=True, timeout=120)
    fresh, shipped = load_tracker_file(out), load_tracker_file(ROOT / "data" / "sample_tracker.xlsx")
    assert fresh.ok and shipped.ok and shipped.messages == []
    assert fresh.tracker.records.equals(shipped.tracker.records)
    news = shipped.tracker.records.query("province_code == 'TH-57' and program_year == 2 and indicator == 'networks'")
    assert news["actual"].tolist() == [13.0]
    assert set(shipped.tracker.provinces["province_code"]) == {"TH-57", "TH-84", "TH-41"}
