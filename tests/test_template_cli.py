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


# Issue 24: a province's own workbook, from the published data, round trip through the command line.
SECRET = "นางสาวลับเฉพาะ ใจดี"


def _published(tmp_path: Path) -> str:
    """A database with Surat Thani (progress, units, a public and a private honouree, an event)
    and Chiang Rai (progress, a unit), published by the command line."""
    from builders import add_assessments
    from recognition_books import SURAT, event, honouree, recognition_book

    progress = [
        [SURAT, 4, "exchange_events", 1, 1],
        [SURAT, 4, "participants", 80, 80],
        [SURAT, 5, "networks", 10, None],  # a due year without its result: marked in the file
        ["เชียงราย", 1, "networks", 10, 13],
    ]
    book = recognition_book(
        honourees=[honouree("นายเปิดเผย ดีงาม"), honouree(SECRET, public="ไม่")],
        events=[event("สมัชชาคุณธรรมจังหวัด", participants=80)],
        progress=progress,
    )
    book["จังหวัด"].append(["เชียงราย", 2563])
    book["ทำเนียบคนดี"].add_image(_picture(), "H2")  # a photo embedded in the public honouree's row
    add_assessments(book, [[SURAT, "ไชยา", "องค์กร", "วัดเวียง", 2566, 3], ["เชียงราย", "แม่สาย", "ชุมชน", "บ้านดี", 2564, 2]])
    path, url = tmp_path / "national.xlsx", f"sqlite:///{tmp_path / 'clerk.db'}"
    book.save(path)
    done = cli("publish", str(path), "--by", "สคริปต์", "--database", url)
    assert done.returncode == 0 and json.loads(done.stdout)["version"] == 1, done.stdout + done.stderr
    return url


def _picture():
    import io

    from openpyxl.drawing.image import Image as Picture
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (600, 400), "teal").save(buffer, "PNG")
    return Picture(io.BytesIO(buffer.getvalue()))


def _kept(rows: list[dict]) -> list[dict]:
    """Rows as published, without where they were read from (a different file, sheet or row)."""
    return sorted(
        ({k: v for k, v in r.items() if k not in ("source", "sheet", "row", "file_id")} for r in rows), key=str
    )


def test_a_provinces_own_workbook_round_trips(tmp_path: Path) -> None:
    from moral_metrics.access.roles import Actor
    from moral_metrics.reference.i18n import t
    from moral_metrics.service import Service

    url = _published(tmp_path)
    out = tmp_path / "surat.xlsx"
    done = cli("template", str(out), "--province", "TH-84", "--database", url)
    assert done.returncode == 0, done.stderr
    report = json.loads(cli("check", str(out), "--json").stdout)
    assert (report["ok"], report["errors"]) == (True, [])
    assert [w["code"] for w in report["warnings"]] == ["missing_actual"]  # the due year's blank result
    status = json.loads(cli("status", "--json", "--include-private", "--database", url).stdout)
    for kind in ("records", "units", "honourees", "events"):
        mine = [r for r in status[kind] if r["province_code"] == "TH-84"]
        assert mine and _kept(report[kind]) == _kept(mine), kind  # only Surat Thani, exactly as published
    assert {r["province_code"] for r in report["summary"]} == {"TH-84"}
    again = cli("publish", str(out), "--by", "สคริปต์", "--database", url)
    assert again.returncode == 0 and json.loads(again.stdout)["version"] is None
    book = load_workbook(out)
    people = book[t("template.sheet_honourees", "th")]
    private = next(row for row in people.iter_rows(min_row=2, values_only=True) if row[4] == SECRET)
    assert private[-1] == t("template.public_no", "th")  # consent kept: the round trip changes nothing
    photos = [row[7] for row in people.iter_rows(min_row=2, values_only=True) if row[7]]
    assert len(photos) == 1 and photos[0].startswith("image:")  # the kept photo by its reference
    progress = book[t("template.sheet_progress", "th")]
    rows = {(r[1].value, r[3].value): r for r in progress.iter_rows(min_row=2) if r[0].value}
    networks = rows[(5, written("networks"))]
    assert networks[5].value is None and networks[5].fill.fgColor.rgb.endswith("FFF2CC")  # due and blank
    rows[(4, written("participants"))][5].value = 150
    rows[(4, written("exchange_events"))][4].value = 3
    book.save(out)
    service = Service(url)
    plan = service.plan(service.check([(out.name, out.read_bytes())]), Actor.central("สคริปต์"))
    changes = service.record_changes(plan, "TH-84")
    assert sorted(zip(changes["indicator"], changes["field"], changes["new"], strict=True)) == [
        ("exchange_events", "target", 3),
        ("participants", "actual", 150),
    ]
    assert plan.changes[["added", "changed", "removed"]].to_numpy().sum() == 2


def written(code: str) -> str:
    from moral_metrics.reference.catalogue import default_catalogue

    return default_catalogue().get(code).name("th")


def test_a_provinces_own_workbook_lists_its_districts_and_years(tmp_path: Path) -> None:
    from moral_metrics.reference.districts import district_index
    from moral_metrics.reference.i18n import t

    url = _published(tmp_path)
    out = tmp_path / "surat-en.xlsx"
    assert cli("template", str(out), "--province", "สุราษฎร์ธานี", "--database", url, "--lang", "en").returncode == 0
    book = load_workbook(out)
    lookup = book[t("template.sheet_districts", "en")]
    codes = [row[0] for row in lookup.iter_rows(min_row=3, values_only=True)]
    assert codes == [d.code for d in district_index().districts if d.province == "TH-84"]
    units = book[t("template.sheet_assessments", "en")]
    lists = {str(v.sqref): v.formula1 for v in units.data_validations.dataValidation}
    assert lists["B2:B202"] == f"='{lookup.title}'!$E$3:$E${len(codes) + 2}"  # one unit and room for 200 more
    steps = [c.value for c in book.worksheets[0]["A"] if c.value]
    assert t("template.own_title", "en", province="Surat Thani", version=1) in steps
    assert any(line.startswith("Programme year 5 (") for line in steps)
    assert cli("template", str(out), "--province", "Atlantis", "--database", url).returncode == 2
    empty = f"sqlite:///{tmp_path / 'empty.db'}"
    assert cli("template", str(out), "--province", "TH-84", "--database", empty).returncode == 2


def test_due_years_of_a_province() -> None:
    import datetime as dt

    from builders import to_bytes
    from recognition_books import recognition_book

    from moral_metrics.briefing.province_book import due_years
    from moral_metrics.pipeline import load_tracker

    tracker = load_tracker(to_bytes(recognition_book())).tracker  # Surat Thani, started 2563, year 4 partly
    years = due_years(tracker, "TH-84", dt.date(2025, 11, 1))  # fiscal 2569 under way: programme year 7
    assert [(y.program_year, y.fiscal_year, y.state) for y in years] == [
        (1, 2563, "overdue"),
        (2, 2564, "overdue"),
        (3, 2565, "overdue"),
        (4, 2566, "overdue"),
        (5, 2567, "overdue"),
        (6, 2568, "open"),  # due 90 days after 30 September 2025
        (7, 2569, "open"),
    ]
    assert years[3].reported == 2 and years[5].due_on == dt.date(2025, 12, 29)
    assert due_years(tracker, "TH-57") == []  # not in the data


def test_check_tells_identical_problems_once(tmp_path: Path) -> None:
    """Issue 24: a misspelt province on three rows is one line naming the rows, in the text report."""
    from moral_metrics.reference.i18n import t

    bad = tmp_path / "bad.xlsx"
    simple_long([["สุราษฏร์ธานี", year, "networks", 5, 5] for year in (1, 2, 3)], {"สุราษฎร์ธานี": 2563}).save(bad)
    done = cli("check", str(bad), "--lang", "en")
    lines = [line for line in done.stdout.splitlines() if "unknown_province" in line]
    assert done.returncode == 1 and len(lines) == 1 and "ผล!A2–A4" in lines[0]
    problem = t("msg.unknown_province", "en", value="สุราษฏร์ธานี")
    assert t("report.grouped_column", "en", count=3, column="A", problem=problem) in lines[0]
    assert len(json.loads(cli("check", str(bad), "--json").stdout)["errors"]) == 3  # JSON keeps each message


def test_a_provinces_own_workbook_carries_the_indicators_a_central_editor_added(tmp_path: Path) -> None:
    """Issue 24: an indicator added by a central editor is defined in the workbook, so it reads back."""
    from builders import to_bytes

    from moral_metrics.access.roles import Actor
    from moral_metrics.briefing.province_book import province_workbook
    from moral_metrics.service import Service

    book = simple_long([["ขอนแก่น", 1, "networks", 5, 5], ["ขอนแก่น", 1, "วัดที่ร่วมโครงการ", 4, 3]], {"ขอนแก่น": 2565})
    extra = book.create_sheet("ตัวชี้วัดเพิ่มเติม")
    extra.append(["รหัส", "ชื่อภาษาไทย", "ชื่อภาษาอังกฤษ", "ด้าน", "ประเภท", "ชื่ออื่น"])
    extra.append(["temples", "วัดที่ร่วมโครงการ", "Temples taking part", "sector_drive", "count", "วัด, temples joined"])
    store, central = Service(f"sqlite:///{tmp_path / 'extra.db'}"), Actor.central("ส่วนกลาง")
    assert store.publish(to_bytes(book), "kk.xlsx", central).version_id == 1
    for lang in ("th", "en"):
        own = province_workbook(store.tracker(1), "TH-40", lang, frozenset({"TH-40"}))
        [checked] = store.check([("own.xlsx", own)])
        assert checked.result.ok, [m.to_dict() for m in checked.result.errors]
        assert "temples" in set(checked.result.tracker.records["indicator"])
        assert store.plan([checked], Actor.provincial("เจ้าหน้าที่", {"TH-40"})).unchanged  # no refusal either


def test_the_published_workbook_of_progress_alone_reads_back() -> None:
    """Empty sheets written without blank rows carry no drop-down (a list on no rows cannot be)."""
    from builders import to_bytes

    from moral_metrics.briefing.workbook import published_workbook
    from moral_metrics.pipeline import load_tracker

    tracker = load_tracker(to_bytes(simple_long([["ขอนแก่น", 1, "networks", 5, 4]], {"ขอนแก่น": 2565}))).tracker
    again = load_tracker(published_workbook(tracker, "th", None))
    assert again.ok and again.tracker.records[["indicator", "target", "actual"]].values.tolist() == [["networks", 5, 4]]
