"""Every message code in data/message_codes.csv is raised here by a case that asserts it.

One parametrised test per code, so a new code without a case fails on its own (like datasette's
check that the documentation covers every setting). Each case returns the message it provoked
and the fields it must have; assertions are on fields and parameters, never on the wording.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from builders import simple_long, to_bytes, units_book
from openpyxl import Workbook

from moral_metrics.pipeline import load_tracker
from moral_metrics.reference.messages import Message, Refusal, code_table
from moral_metrics.reference.settings import settings

START = {"เชียงราย": 2563}


def first(book: Workbook | bytes, code: str, config=None) -> Message:
    data = book if isinstance(book, bytes) else to_bytes(book)
    found = [m for m in load_tracker(data, config).messages if m.code == code]
    assert found, f"{code} was not raised"
    return found[0]


def refused(action: Callable[[], Any]) -> Message:
    with pytest.raises(Refusal) as caught:
        action()
    return caught.value.message


def _row(*cells: object, starts=START, head=None) -> Workbook:
    return simple_long([list(cells)], starts, head) if head else simple_long([list(cells)], starts)


def _no_progress() -> Message:
    book = Workbook()
    book.active.title = "งบประมาณ"
    book.active.append(["รายการ", "จำนวนเงิน"])
    return first(book, "no_progress_sheet")


def _start_twice() -> Message:
    book = _row("เชียงราย", 1, "networks", 5, 5, starts=None)
    sheet = book.create_sheet("จังหวัด")
    sheet.append(["จังหวัด", "ปีงบประมาณที่เริ่ม"])
    sheet.append(["เชียงราย", 2563])
    sheet.append(["Chiang Rai", 2564])
    return first(book, "year_conflict")


def _too_long() -> Message:
    config = dataclasses.replace(settings(), limits=dataclasses.replace(settings().limits, max_cell_chars=50))
    return first(_row("เชียงราย", 1, "networks", 5, 5, "ก" * 51), "file_too_large", config)


def _formula() -> Message:
    from corpus import formula_without_value

    return first(formula_without_value(), "formula_without_value")


def _store(tmp: Path):
    from moral_metrics.service import Service

    return Service(f"sqlite:///{tmp / 'codes.db'}")


def _not_allowed(tmp: Path) -> Message:
    from moral_metrics.access.roles import Actor

    data = to_bytes(_row("เชียงราย", 1, "networks", 5, 5))
    return refused(lambda: _store(tmp).publish(data, "x.xlsx", Actor.viewer("ผู้ชม")))


def _version_not_found(tmp: Path) -> Message:
    from moral_metrics.access.roles import Actor

    return refused(lambda: _store(tmp).restore(99, Actor.central("บรรณาธิการ")))


def _export_unavailable(monkeypatch: pytest.MonkeyPatch) -> Message:
    from moral_metrics.briefing import office

    monkeypatch.setattr(office, "soffice_path", lambda: None)  # as on a server without LibreOffice
    return refused(lambda: office.pptx_to_pdf(b"deck"))


def _export_failed() -> Message:
    from moral_metrics.briefing import office

    return refused(lambda: office.pptx_to_pdf(b"this is not a PowerPoint file"))


def _submission_refusal(tmp: Path, code: str) -> Message:
    from moral_metrics.access.roles import Actor

    store = _store(tmp)
    udon = [("u.xlsx", to_bytes(simple_long([["อุดรธานี", 1, "networks", 6, 6]], {"อุดรธานี": 2564})))]
    central = Actor.central("ส่วนกลาง")
    clerk = Actor.provincial("อุดร", {"TH-41"})
    if code == "conflict":
        twin = to_bytes(simple_long([["อุดรธานี", 1, "networks", 6, 7]], {"อุดรธานี": 2564}))
        return refused(lambda: store.publish_files([*udon, ("v.xlsx", twin)], central))
    if code == "not_central":
        return refused(lambda: store.set_lock("TH-41", 2564, True, clerk))
    if code == "out_of_scope":
        return refused(lambda: store.publish(to_bytes(_row("เชียงราย", 1, "networks", 5, 5)), "c.xlsx", clerk))
    if code == "no_name":
        return refused(lambda: store.publish_files(udon, Actor.central(" ")))
    store.publish_files(udon, central)
    store.set_lock("TH-41", 2564, True, central)  # the same rows again pass; a changed value does not
    changed = [("u.xlsx", to_bytes(simple_long([["อุดรธานี", 1, "networks", 6, 9]], {"อุดรธานี": 2564})))]
    return refused(lambda: store.publish_files(changed, clerk))


CASES: dict[str, tuple[Callable[..., Message], dict[str, Any]]] = {
    "unreadable_file": (lambda: first(b"just text", "unreadable_file"), {"detail": "not_spreadsheet"}),
    "file_too_large": (_too_long, {"detail": "cell_text", "cell": "F2", "value": "51", "params": {"limit": 50}}),
    "no_progress_sheet": (_no_progress, {"params": {"sheets": ["งบประมาณ"]}}),
    "missing_column": (
        lambda: first(_row("เชียงราย", 1, "networks", 5, head=("จังหวัด", "ปีที่", "ตัวชี้วัด", "เป้าหมาย")), "missing_column"),
        {"sheet": "ผล", "row": 1, "params": {"role": "actual"}},
    ),
    "unknown_province": (
        lambda: first(_row("เชียงรายย", 1, "networks", 5, 5), "unknown_province"),
        {"cell": "A2", "value": "เชียงรายย", "suggestion": "เชียงราย"},
    ),
    "unknown_indicator": (
        lambda: first(_row("เชียงราย", 1, "networkz", 5, 5), "unknown_indicator"),
        {"cell": "C2", "suggestion": "networks"},
    ),
    "bad_number": (
        lambda: first(_row("เชียงราย", 1, "strategy_stage", 4, 2), "bad_number"),
        {"cell": "D2", "detail": "range", "params": {"kind": "stage"}},
    ),
    "negative_value": (lambda: first(_row("เชียงราย", 1, "networks", 5, -3), "negative_value"), {"cell": "E2"}),
    "bad_year": (
        lambda: first(_row("เชียงราย", "ปีที่ 11", "networks", 5, 5), "bad_year"),
        {"cell": "B2", "detail": "program", "params": {"low": 1, "high": 10}},
    ),
    "year_conflict": (_start_twice, {"detail": "start", "cell": "B3", "params": {"province": "TH-57", "other": 2563}}),
    "duplicate_conflict": (
        lambda: first(
            simple_long([["เชียงราย", 1, "networks", 5, 5], ["เชียงราย", 1, "เครือข่าย", 5, 6]], START),
            "duplicate_conflict",
        ),
        {"cell": "C3", "params": {"province": "TH-57", "year": 1, "indicator": "networks", "first": "ผล!C2"}},
    ),
    "ignored_sheet": (lambda: first(_no_progress_book_with_note(), "ignored_sheet"), {"sheet": "โน้ต"}),
    "ignored_row": (
        lambda: first(simple_long([["เชียงราย", 1, "networks", 5, 5], ["รวม"]], START), "ignored_row"),
        {"detail": "total", "cell": "A3", "value": "รวม"},
    ),
    "assumed_start_year": (
        lambda: first(
            _row("อุดรธานี", 2565, "networks", 6, 6, starts=None, head=("จังหวัด", "ปีงบประมาณ", "ตัวชี้วัด", "เป้าหมาย", "ผล")),
            "assumed_start_year",
        ),
        {"row": 2, "params": {"province": "TH-41", "year": 2565}},
    ),
    "missing_actual": (
        lambda: first(_row("เชียงราย", 1, "networks", 5, None), "missing_actual"),
        {"cell": "E2", "params": {"province": "TH-57", "year": 1, "indicator": "networks"}},
    ),
    "outlier": (
        lambda: first(_row("เชียงราย", 1, "participants", 10, 31), "outlier"),
        {"cell": "E2", "value": "31", "params": {"target": "10", "ratio": "3"}},
    ),
    "formula_without_value": (_formula, {"sheet": "ผล"}),
    "duplicate_same": (
        lambda: first(
            simple_long([["เชียงราย", 1, "networks", 5, 5], ["Chiang Rai", 1, "networks", 5, 5]], START),
            "duplicate_same",
        ),
        {"cell": "C3", "params": {"province": "TH-57", "year": 1, "indicator": "networks", "first": "ผล!C2"}},
    ),
    "not_allowed": (_not_allowed, {"params": {"name": "ผู้ชม"}}),
    "version_not_found": (_version_not_found, {"params": {"version": 99}}),
    "export_unavailable": (_export_unavailable, {"detail": "pdf"}),
    "export_failed": (_export_failed, {"detail": "pdf"}),
    "out_of_scope": (
        lambda tmp: _submission_refusal(tmp, "out_of_scope"),
        {"params": {"name": "อุดร", "provinces": ["TH-57"], "file": "c.xlsx"}},
    ),
    "not_central": (lambda tmp: _submission_refusal(tmp, "not_central"), {"params": {"name": "อุดร"}}),
    "conflict": (
        lambda tmp: _submission_refusal(tmp, "conflict"),
        {"params": {"file": "v.xlsx", "other": "u.xlsx", "province": "TH-41", "year": 1}},
    ),
    "locked": (
        lambda tmp: _submission_refusal(tmp, "locked"),
        {"cell": None, "row": 2, "params": {"file": "u.xlsx", "province": "TH-41", "year": 2564, "by": "ส่วนกลาง"}},
    ),
    "no_name": (lambda tmp: _submission_refusal(tmp, "no_name"), {"params": {}}),
}

# Issue 10: the assessments sheet (Surat Thani, started 2563; its progress reports 50 model units).
SURAT = "สุราษฎร์ธานี"


def _units(code: str, *rows: list) -> Message:
    return first(units_book(list(rows)), code)


CASES |= {
    "unknown_district": (
        lambda: _units("unknown_district", [SURAT, "อ.ไชยาา", "องค์กร", "วัด", 2566, 3]),
        {"cell": "B2", "suggestion": "ไชยา", "params": {"province": "TH-84"}},
    ),
    "district_other_province": (
        lambda: _units("district_other_province", [SURAT, "เชียงแสน", "องค์กร", "วัด", 2566, 3]),
        {"cell": "B2", "params": {"province": "TH-84", "other": "TH-57", "district": "5708"}},
    ),
    "ambiguous_district": (
        lambda: _units("ambiguous_district", ["พระนครศรีอยุธยา", "Bang Sai", "community", "Ban A", 2566, "Model"]),
        {"cell": "B2", "params": {"province": "TH-14", "codes": ["1404", "1413"]}},
    ),
    "missing_district": (
        lambda: _units("missing_district", [SURAT, None, "ชุมชน", "ชุมชนบ้านดอน", 2566, 1]),
        {"cell": "B2", "params": {"unit_type": "community"}},
    ),
    "unknown_unit_type": (
        lambda: _units("unknown_unit_type", [SURAT, "ไชยา", "บริษัท", "บริษัท ก", 2566, 3]),
        {"cell": "C2", "value": "บริษัท"},
    ),
    "unknown_level": (
        lambda: _units("unknown_level", [SURAT, "ไชยา", "องค์กร", "วัด", 2566, "ดีเยี่ยม"]),
        {"cell": "F2", "value": "ดีเยี่ยม"},
    ),
    "bad_score": (
        lambda: first(
            units_book(
                [[SURAT, "ไชยา", "องค์กร", "วัด", 2566, 3, 2, 3]],
                head=("จังหวัด", "อำเภอ", "ประเภท", "ชื่อหน่วย", "ปีงบประมาณ", "ระดับ", "กิจกรรมที่ 1", "กิจกรรมที่ 2"),
            ),
            "bad_score",
        ),
        {"cell": "H2", "value": "3", "params": {"activity": 2}},
    ),
    "missing_unit_name": (
        lambda: _units("missing_unit_name", [SURAT, "ไชยา", "องค์กร", None, 2566, 3]),
        {"cell": "D2"},
    ),
    "duplicate_unit": (
        lambda: _units(
            "duplicate_unit",
            [SURAT, "ไชยา", "องค์กร", "วัดพระบรมธาตุ", 2566, 3],
            [SURAT, "อ.ไชยา", "Organisation", "วัดพระบรมธาตุ ", "ปีงบประมาณ ๒๕๖๖", "ต้นแบบ"],
        ),
        {"cell": "D3", "params": {"province": "TH-84", "year": 2566, "first": "ผลการประเมิน!D2"}},
    ),
    "model_units_mismatch": (
        lambda: _units("model_units_mismatch", [SURAT, "ไชยา", "องค์กร", "วัด", 2563, "องค์กรคุณธรรมต้นแบบ"]),
        {"sheet": "ผล", "row": 2, "params": {"province": "TH-84", "year": 2563, "reported": 50, "counted": 1}},
    ),
}


def _no_progress_book_with_note() -> Workbook:
    book = _row("เชียงราย", 1, "networks", 5, 5)
    book.create_sheet("โน้ต").append(["อะไรก็ได้"])
    return book


def _call(case: Callable[..., Message], request: pytest.FixtureRequest) -> Message:
    import inspect

    wanted = inspect.signature(case).parameters
    given = {"tmp": request.getfixturevalue("tmp_path"), "monkeypatch": request.getfixturevalue("monkeypatch")}
    return case(**{name: given[name] for name in wanted})


@pytest.mark.parametrize("code", sorted(code_table()))
def test_code_is_raised_and_asserted(code: str, request: pytest.FixtureRequest) -> None:
    case, expected = CASES[code]  # a code without a case fails here, on its own
    message = _call(case, request)
    assert message.code == code and message.severity == code_table()[code][0]
    for name, value in expected.items():
        if name == "params":
            assert {k: message.params.get(k) for k in value} == value
        else:
            assert getattr(message, name) == value, name
    assert message.message_th and message.message_en and "{" not in message.message_th + message.message_en


def test_every_case_is_a_known_code() -> None:
    assert set(CASES) <= set(code_table())


# Issue 11: honourees and events (Surat Thani, started 2563; fiscal 2566 reports 2 exchanges, 120 people).
def _recognition(code: str, honourees=(), events=()) -> Message:
    from recognition_books import recognition_book

    return first(recognition_book(honourees, events), code)


def _honouree(name: str = "นางสาวใจดี มีสุข", **cells: object) -> list:
    from recognition_books import honouree

    return honouree(name, **cells)


def _photo_unavailable(monkeypatch: pytest.MonkeyPatch) -> Message:
    """A link on an allowed host that gives no image (here: nothing listens there)."""
    from browser import free_port
    from recognition_books import recognition_book

    from moral_metrics.service import check_files

    monkeypatch.setenv("MORAL_METRICS_PRIVACY_PHOTO_HOSTS", "127.0.0.1")
    settings.cache_clear()
    try:
        book = recognition_book([_honouree(photo=f"http://127.0.0.1:{free_port()}/a.jpg")])
        [checked] = check_files([("photo.xlsx", to_bytes(book))])
    finally:
        monkeypatch.delenv("MORAL_METRICS_PRIVACY_PHOTO_HOSTS")
        settings.cache_clear()
    return next(m for m in checked.result.messages if m.code == "photo_unavailable")


def _event(title: object = "สมัชชาคุณธรรม", **cells: object) -> list:
    from recognition_books import event

    return event(title, **cells)


CASES |= {
    "bad_date": (
        lambda: _recognition("bad_date", [_honouree(date="15 ม.ค. 66")]),
        {"cell": "C2", "detail": "two_digit", "suggestion": "2566", "value": "15 ม.ค. 66"},
    ),
    "date_era": (
        lambda: _recognition("date_era", [_honouree(date=__import__("datetime").datetime(2566, 1, 15))]),
        {"cell": "C2", "params": {"read": "2023-01-15"}},
    ),
    "end_before_start": (
        lambda: _recognition("end_before_start", events=[_event(end="14/1/2566")]),
        {"cell": "B2", "params": {"start": "2023-01-15", "end": "2023-01-14"}},
    ),
    "unknown_virtue": (
        lambda: _recognition("unknown_virtue", [_honouree(virtues="พอเพียง, กตัญู")]),
        {"cell": "F2", "value": "กตัญู", "suggestion": "กตัญญู"},
    ),
    "unknown_kind": (
        lambda: _recognition("unknown_kind", events=[_event(kind="งานวัด")]),
        {"cell": "E2", "value": "งานวัด", "params": {"sheet_kind": "event_kind"}},
    ),
    "missing_name": (
        lambda: _recognition("missing_name", events=[_event(title=None)]),
        {"cell": "F2", "detail": "blank", "params": {"what": "title"}},
    ),
    "bad_participants": (
        lambda: _recognition("bad_participants", events=[_event(participants=-5)]),
        {"cell": "H2", "detail": "negative", "value": "-5"},
    ),
    "names_not_public": (
        lambda: _recognition("names_not_public", [_honouree(public="บางที"), _honouree("ผู้ที่สอง", public=None)]),
        {"cell": "I2", "params": {"count": 2, "blank": 1, "unknown": 1, "words": ["บางที"]}},
    ),
    "text_too_long": (
        lambda: _recognition("text_too_long", [_honouree(citation="ก" * 2001)]),
        {"cell": "G2", "params": {"role": "citation", "limit": 2000, "length": 2001}},
    ),
    "private_name_in_event": (
        lambda: _recognition("private_name_in_event", [_honouree(public="ไม่")], [_event("พิธียกย่อง นางสาวใจดี มีสุข")]),
        {"sheet": "ปฏิทินความดี", "row": 2, "params": {"honouree": "ทำเนียบคนดี!2"}},
    ),
    "photo_not_allowed": (
        lambda: _recognition("photo_not_allowed", [_honouree(photo="https://photos.example.com/a.jpg")]),
        {"sheet": "ทำเนียบคนดี", "row": 2, "params": {"count": 1, "hosts": []}},
    ),
    "photo_unavailable": (_photo_unavailable, {"sheet": "ทำเนียบคนดี", "row": 2}),
    "duplicate_honouree": (
        lambda: _recognition("duplicate_honouree", [_honouree(), _honouree(date="15 มกราคม 2566")]),
        {"cell": "E3", "params": {"province": "TH-84", "date": "2023-01-15", "first": "ทำเนียบคนดี!E2"}},
    ),
    "events_mismatch": (
        lambda: _recognition("events_mismatch", events=[_event(participants=120)]),
        {"sheet": "ผล", "row": 2, "params": {"province": "TH-84", "year": 2566, "reported": 2, "counted": 1}},
    ),
    "participants_mismatch": (
        lambda: _recognition(
            "participants_mismatch", events=[_event(), _event(kind="แลกเปลี่ยนเรียนรู้", participants=100)]
        ),
        {"sheet": "ผล", "row": 3, "params": {"province": "TH-84", "year": 2566, "reported": 120, "counted": 160}},
    ),
}
