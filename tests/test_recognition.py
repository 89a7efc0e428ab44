"""Honourees and events sheets: recognised, parsed, checked, merged and in the command line's JSON."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from builders import to_bytes, units_book
from recognition_books import EVENT_HEAD, HONOUREE_HEAD, SURAT, event, honouree, recognition_book

from moral_metrics.access.roles import Actor
from moral_metrics.model import EVENT_JSON, HONOUREE_JSON
from moral_metrics.pipeline import load_tracker

ROOT = Path(__file__).resolve().parent.parent
EDITOR = Actor.central("สมชาย")


def _load(book):
    return load_tracker(to_bytes(book))


def _codes(result) -> list[tuple[str, str | None, str]]:
    return [(m.code, m.detail, m.at.cell) for m in result.messages]


def test_both_sheets_load_in_thai_and_english_headers_with_every_date_form() -> None:
    for lang in ("th", "en"):
        rows = [
            honouree("นายสมชาย ใจดี"),
            honouree("นางสมศรี", date="๑๕/๐๑/๒๕๖๖", virtues="สุจริต/วินัย\nกตัญญู"),
            honouree("วัดพระบรมธาตุ", kind="องค์กร", date="15 ม.ค. 2566", virtues="Honesty Gratitude"),
            honouree("ชุมชนบ้านดอน", kind="community", date="2023-01-20", district="8406", virtues="volunteer spirit"),
            honouree("นายเอ", date=dt.datetime(2023, 1, 15), district=None, virtues="พอเพียงวินัย"),
        ]
        events = [event("สมัชชา", date="15 มกราคม 2566", end="16/1/2566"), event("เวที", kind="exchange")]
        result = _load(recognition_book(rows, events, lang=lang))
        assert result.ok and _codes(result) == []
        people = result.tracker.dataset("honourees")
        assert people["date"].tolist() == ["2023-01-15"] * 3 + ["2023-01-20", "2023-01-15"]
        assert people["virtues"].tolist() == [
            ["sufficiency", "volunteering"],
            ["honesty", "discipline", "gratitude"],
            ["honesty", "gratitude"],
            ["volunteering"],
            ["sufficiency", "discipline"],
        ]
        assert people["kind"].tolist() == ["person", "person", "organisation", "community", "person"]
        assert people["district_code"].tolist() == ["8406"] * 4 + [None]
        held = result.tracker.dataset("events")
        assert held["end_date"].tolist() == ["2023-01-16", None] and held["kind"].tolist() == ["assembly", "exchange"]


def test_an_honouree_without_a_date_takes_the_fiscal_year_and_programme_years_count_from_the_start() -> None:
    book = recognition_book()
    sheet = book.create_sheet("คนดี")
    sheet.append(["จังหวัด", "ปีงบประมาณ", "ประเภท", "ชื่อ", "คุณธรรม"])
    sheet.append([SURAT, "พ.ศ. ๒๕๖๖", "บุคคล", "นายบี", "จิตอาสา"])
    sheet.append([SURAT, "ปีที่ 2", "บุคคล", "นายซี", "จิตอาสา"])
    result = _load(book)
    people = result.tracker.dataset("honourees")
    assert people["fiscal_year"].tolist() == [2566, 2564] and people["date"].tolist() == [None, None]


def test_a_date_and_fiscal_year_both_missing_is_an_error_at_the_date() -> None:
    result = _load(recognition_book([honouree("นายเอ", date=None)]))
    assert not result.ok and _codes(result) == [("bad_date", "blank", "C2")]


def test_every_problem_is_reported_with_its_cell_and_nothing_is_loaded() -> None:
    rows = [
        honouree("ก", virtues="พอเพยง"),
        honouree("ข", kind="บริษัท"),
        honouree("ค", district="เชียงแสน"),
        honouree("ง", date="31/2/2566"),
        honouree("จ", date="1/1/2400"),
        honouree("ฉ", date="15/1/2450"),
    ]
    events = [event("ก", participants="ห้าสิบ"), event("ข", end="1/1/2566"), event("ค", participants=2.5)]
    result = _load(recognition_book(rows, events))
    assert result.tracker is None
    found = set(_codes(result))
    assert {
        ("unknown_virtue", None, "F2"),
        ("unknown_kind", None, "D3"),
        ("district_other_province", None, "B4"),
        ("bad_date", None, "C5"),
        ("bad_date", "range", "C6"),
        ("bad_date", "range", "C7"),
        ("bad_participants", None, "H2"),
        ("end_before_start", None, "B3"),
        ("bad_participants", None, "H4"),
    } <= found
    virtue = next(m for m in result.messages if m.code == "unknown_virtue")
    assert virtue.value == "พอเพยง" and virtue.suggestion == "พอเพียง"


def test_same_name_on_another_date_is_no_duplicate() -> None:
    result = _load(recognition_book([honouree("นายเอ"), honouree("นายเอ", date="15/2/2566")]))
    assert result.ok and len(result.tracker.dataset("honourees")) == 2


def test_cross_checks_give_both_numbers_and_leave_matching_years_alone() -> None:
    events = [event("ก", participants=70), event("ข", kind="แลกเปลี่ยนเรียนรู้", participants=50), event("ค", kind="ประชุม")]
    assert _codes(_load(recognition_book(events=events))) == []
    result = _load(recognition_book(events=[event("ก", participants=70)]))
    found = {m.code: m.params for m in result.warnings}
    assert found["events_mismatch"]["reported"] == 2 and found["events_mismatch"]["counted"] == 1
    assert found["participants_mismatch"]["reported"] == 120 and found["participants_mismatch"]["counted"] == 70


def test_an_assessments_sheet_is_still_read_as_units() -> None:
    result = _load(units_book([[SURAT, "ไชยา", "องค์กร", "วัด", 2566, 3]]))
    assert len(result.tracker.dataset("units")) == 1 and result.tracker.dataset("honourees").empty


def test_check_json_follows_the_command_line_contract(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    rows = [honouree("นายเอ", public="ไม่เผยแพร่"), honouree("นายบี", district=None)]
    path.write_bytes(to_bytes(recognition_book(rows, [event("สมัชชา", end="16/1/2566")])))
    run = [sys.executable, "-m", "moral_metrics", "check", str(path), "--json"]
    out = json.loads(subprocess.run(run, cwd=ROOT, capture_output=True, text=True, check=True).stdout)
    people, events = out["honourees"], out["events"]
    assert [tuple(p) for p in people] == [(*HONOUREE_JSON, "source")] * 2
    assert [tuple(e) for e in events] == [(*EVENT_JSON, "source")]
    assert people[0] == {
        "province_code": "TH-84",
        "district_code": "8406",
        "date": "2023-01-15",
        "fiscal_year": 2566,
        "kind": "person",
        "name": "นายเอ",
        "virtues": ["sufficiency", "volunteering"],
        "public": False,
        "source": {"file": path.name, "sheet": "ทำเนียบคนดี", "row": 2},  # issue 23
    }
    assert people[1]["district_code"] is None and people[1]["public"] is True
    assert events[0]["end_date"] == "2023-01-16" and events[0]["participants"] == 60 and events[0]["virtues"] == []


@pytest.mark.parametrize("dataset", ["honourees", "events"])
def test_a_province_file_replaces_its_fiscal_years_on_publish(make_store, dataset: str) -> None:
    store = make_store(seeded=False)
    first = recognition_book([honouree("นายเอ")], [event("สมัชชา")])
    store.publish(to_bytes(first), "a.xlsx", EDITOR)
    second = recognition_book([honouree("นายบี", date="1/11/2566")], [event("เวที", date="1/11/2566")], progress=[])
    store.publish(to_bytes(second), "b.xlsx", EDITOR)
    rows = store.tracker(store.current_id()).dataset(dataset)
    assert sorted(rows["fiscal_year"].tolist()) == [2566, 2567]
    assert isinstance(rows["virtues"].iloc[0], list)


def test_the_headers_name_every_role_of_their_alias_files() -> None:
    from moral_metrics.parse.headers import match_role

    assert [match_role(h, aliases="sheets/honourees.csv") for h in HONOUREE_HEAD["en"]] == [
        "province",
        "district",
        "date",
        "kind",
        "name",
        "virtues",
        "citation",
        "photo",
        "public",
    ]
    assert [match_role(h, aliases="sheets/events.csv") for h in EVENT_HEAD["th"]] == [
        "date",
        "end_date",
        "province",
        "district",
        "kind",
        "title",
        "networks",
        "participants",
        "virtues",
        "public",
    ]


def test_status_json_has_the_published_honourees_and_events(tmp_path: Path) -> None:
    from commands import cli

    url = f"sqlite:///{tmp_path / 'status.db'}"
    path = tmp_path / "t.xlsx"
    path.write_bytes(to_bytes(recognition_book([honouree("นายเอ", public="ไม่เผยแพร่")], [event("สมัชชา")])))
    assert cli("publish", str(path), "--by", "สคริปต์", "--database", url).returncode == 0
    status = json.loads(cli("status", "--json", "--database", url).stdout)
    assert [tuple(p) for p in status["honourees"]] == [(*HONOUREE_JSON, "source")]
    assert status["honourees"][0]["public"] is False and status["honourees"][0]["source"]["file"] == path.name
    assert [tuple(e) for e in status["events"]] == [(*EVENT_JSON, "source")] and status["events"][0]["title"] == "สมัชชา"
