"""Issue 21, the store's side: a scoped editor's file may touch only their provinces, through
every part of it; locks refuse only changes; central actions are previewed, recorded and refused
where a locked year would change. Each test here failed on the code before the issue."""

from __future__ import annotations

import json

import pytest
from builders import add_assessments, simple_long, to_bytes
from recognition_books import event, honouree, recognition_book

from moral_metrics.access.roles import Actor
from moral_metrics.reference.messages import Refusal
from moral_metrics.service import Service, check_files

CENTRAL = Actor.central("ส่วนกลาง")
UDON = Actor.provincial("udon-clerk", {"TH-41"})
SURAT = Actor.provincial("surat-clerk", {"TH-84"})


def udon_rows(actual: float = 30, years=(1, 2)) -> list[list[object]]:
    return [["อุดรธานี", y, "networks", 6, actual + y] for y in years]


def udon_book(actual: float = 30, years=(1, 2), start: int = 2564):
    return simple_long(udon_rows(actual, years), {"อุดรธานี": start})


@pytest.fixture
def store(make_store) -> Service:
    """Udon Thani (2564 start) and Chiang Rai published by the central desk."""
    store = make_store()
    book = simple_long(
        [*udon_rows(), ["เชียงราย", 1, "networks", 13, 13], ["เชียงราย", 2, "networks", 13, 12]],
        {"อุดรธานี": 2564, "เชียงราย": 2563},
    )
    assert store.publish(to_bytes(book), "national.xlsx", CENTRAL).ok
    return store


def refusal(store: Service, book, actor: Actor = UDON) -> Refusal:
    with pytest.raises(Refusal) as caught:
        store.publish(to_bytes(book), "udon.xlsx", actor)
    return caught.value


# --- scope over every part of a file ---------------------------------------------------------


def test_a_provinces_sheet_row_for_another_province_is_out_of_scope_at_its_cell(store: Service) -> None:
    """Found 1: Chiang Rai's start year and Bangkok were applied from Udon's file."""
    before = store.current_id()
    book = simple_long(udon_rows(), {"อุดรธานี": 2564, "เชียงราย": 2568, "กรุงเทพมหานคร": 2566})
    refused = refusal(store, book)
    found = [(m.code, m.detail, m.params["provinces"], m.sheet, m.cell) for m in refused.messages]
    assert found == [
        ("out_of_scope", "details", ["TH-57"], "จังหวัด", "A3"),
        ("out_of_scope", "details", ["TH-10"], "จังหวัด", "A4"),
    ]
    assert store.current_id() == before


@pytest.mark.parametrize("part", ["records", "units", "honourees", "events"])
def test_rows_of_another_province_in_any_sheet_kind_are_out_of_scope(store: Service, part: str) -> None:
    surat = "สุราษฎร์ธานี"
    book = recognition_book(
        honourees=[honouree("นายดี มีสุข")] if part == "honourees" else (),
        events=[event("สมัชชาคุณธรรม")] if part == "events" else (),
        progress=[[surat, 1, "networks", 8, 8]] if part == "records" else udon_rows(),
    )
    book["จังหวัด"].delete_rows(2, 5)
    book["จังหวัด"].append(["อุดรธานี", 2564])
    if part == "records":
        book["จังหวัด"].append([surat, 2563])
    if part == "units":
        add_assessments(book, [[surat, "ไชยา", "องค์กร", "โรงเรียนไชยา", 2566, 2]])
    refused = refusal(store, book)
    rows = [m for m in refused.messages if m.detail == "rows"]
    assert [(m.code, m.params["provinces"], m.params["part"], m.params["rows"]) for m in rows] == [
        ("out_of_scope", ["TH-84"], part, 1)
    ]
    assert rows[0].sheet and rows[0].row == 2


def test_a_file_of_only_the_editors_province_passes_and_lists_what_changes(store: Service) -> None:
    plan = store.plan(check_files([("udon.xlsx", to_bytes(udon_book(40)))]), UDON)
    assert plan.ready and plan.changed_provinces == ["TH-41"] and plan.untouched == ["TH-57"]


def test_an_indicator_new_to_the_national_catalogue_needs_a_central_editor(store: Service) -> None:
    book = simple_long([["อุดรธานี", 1, "ชั่วโมงจิตอาสา", 100, 80]], {"อุดรธานี": 2564})
    sheet = book.create_sheet("ตัวชี้วัดเพิ่มเติม")
    sheet.append(["รหัส", "ชื่อภาษาไทย", "ชื่อภาษาอังกฤษ", "ด้าน", "ประเภท"])
    sheet.append(["volunteer_hours", "ชั่วโมงจิตอาสา", "Volunteer hours", "exchanges", "count"])
    refused = refusal(store, book)
    assert [(m.code, m.detail, m.value, m.cell) for m in refused.messages] == [
        ("not_central", "indicator", "volunteer_hours", "A2")
    ]
    plan = store.plan(check_files([("central.xlsx", to_bytes(book))]), CENTRAL)
    assert plan.ready and plan.indicators_added == ["volunteer_hours"]


def test_the_plan_and_history_name_every_province_whose_details_change(store: Service) -> None:
    book = simple_long([["เชียงราย", 1, "networks", 13, 13]], {"เชียงราย": 2563})
    book["จังหวัด"].cell(1, 3, "จำนวนเครือข่าย")
    book["จังหวัด"].cell(2, 3, 14)
    plan = store.plan(check_files([("cr.xlsx", to_bytes(book))]), CENTRAL)
    assert plan.fields() == {"TH-57": ["networks"]} and plan.changed_provinces == ["TH-57"]
    store.publish(to_bytes(book), "cr.xlsx", CENTRAL, "เครือข่ายเพิ่ม")
    last = store.history().iloc[0]
    detail = json.loads(last["detail"])
    assert last["provinces"] == "TH-57" and detail["fields"] == {"TH-57": ["networks"]}
    assert detail["note"] == "เครือข่ายเพิ่ม"


# --- locks that hold without blocking ----------------------------------------------------------


def test_unchanged_rows_of_a_locked_year_pass(store: Service) -> None:
    """Found 3a: the province's usual multi-year file was refused whole once one year was locked."""
    store.set_lock("TH-41", 2564, True, CENTRAL)
    book = simple_long([*udon_rows(), ["อุดรธานี", 3, "networks", 6, 40]], {"อุดรธานี": 2564})
    published = store.publish(to_bytes(book), "udon.xlsx", UDON)
    assert published.ok and published.provinces == ["TH-41"]


def test_a_change_to_a_locked_year_is_refused_naming_the_rows_who_and_when(store: Service) -> None:
    store.set_lock("TH-41", 2564, True, CENTRAL)
    refused = refusal(store, udon_book(50))
    [message] = refused.messages
    params = message.params
    assert (message.code, params["province"], params["year"], params["by"], params["rows"]) == (
        "locked", "TH-41", 2564, "ส่วนกลาง", 1,
    )  # fmt: skip
    assert params["when"] and (message.sheet, message.row) == ("ผล", 2)
    assert "ส่วนกลาง" in message.text("th") and "(โดย )" not in message.text("th")


def test_a_start_year_shift_that_moves_a_locked_year_is_refused(store: Service) -> None:
    """Found 3b: re-sending with another start year replaced a locked year's rows."""
    store.set_lock("TH-41", 2564, True, CENTRAL)
    refused = refusal(store, udon_book(30, start=2565))
    assert {m.params["year"] for m in refused.messages if m.code == "locked"} == {2564}


def test_remove_refuses_a_locked_year_and_says_when_there_is_nothing(store: Service) -> None:
    store.set_lock("TH-41", 2564, True, CENTRAL)
    assert store.removal("TH-41", {1}).locked
    with pytest.raises(Refusal) as refused:
        store.remove("TH-41", {1}, CENTRAL)
    assert refused.value.code == "locked"
    assert store.removal("TH-41", {2}).rows == 1 and store.remove("TH-41", {2}, CENTRAL, "ส่งซ้ำ") is not None
    assert store.removal("TH-41", set()).nothing and store.remove("TH-41", set(), CENTRAL) is None
    assert store.removal("TH-99", None).nothing


def test_a_restore_that_changes_a_locked_year_asks_first(store: Service) -> None:
    store.publish(to_bytes(udon_book(70)), "udon.xlsx", UDON)
    store.set_lock("TH-41", 2564, True, CENTRAL)
    preview = store.restoring(2)
    assert preview.provinces == ["TH-41"] and preview.rows == 2 and preview.locked
    with pytest.raises(Refusal):
        store.restore(2, CENTRAL)
    assert store.restore(2, CENTRAL, "ผิดฉบับ", over_locks=True) == 3
    detail = json.loads(store.history().iloc[0]["detail"])
    assert (detail["from"], detail["note"], detail["locked_changed"]) == (3, "ผิดฉบับ", 1)
    assert store.restore(2, CENTRAL) is None  # already current: nothing recorded


def test_locking_twice_changes_nothing_the_second_time(store: Service) -> None:
    assert store.set_lock("TH-41", 2564, True, CENTRAL) is True
    assert store.set_lock("TH-41", 2564, True, CENTRAL) is False
    assert (store.history()["action"] == "lock").sum() == 1
    assert store.unlocking("TH-41", 2564) == 1


# --- who ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("action", ["publish", "remove", "restore", "lock"])
def test_every_action_needs_a_name(store: Service, action: str) -> None:
    """Found 4: with local editing, lock, restore and remove were recorded with an empty "by"."""
    nameless = Actor.central("")
    run = {
        "publish": lambda: store.publish(to_bytes(udon_book(9)), "u.xlsx", nameless),
        "remove": lambda: store.remove("TH-41", None, nameless),
        "restore": lambda: store.restore(1, nameless),
        "lock": lambda: store.set_lock("TH-41", 2564, True, nameless),
    }[action]
    with pytest.raises(Refusal) as refused:
        run()
    assert refused.value.code == "no_name" and (store.history()["actor"] != "").all()


def test_central_actions_need_central_rights(store: Service) -> None:
    everywhere = Actor("national-clerk", "editor", None, False)  # every province, not central
    for run in (lambda: store.set_lock("TH-41", 2564, True, everywhere), lambda: store.restore(1, everywhere)):
        with pytest.raises(Refusal) as refused:
            run()
        assert refused.value.code == "not_central"
    assert store.publish(to_bytes(udon_book(5)), "u.xlsx", everywhere).ok


# --- the command line, with the same identities -------------------------------------------------


def secrets_file(tmp_path) -> str:
    from moral_metrics.access.passphrase import hash_passphrase

    hashed = hash_passphrase("not-asked-on-the-command-line")
    path = tmp_path / "secrets.toml"
    path.write_text(
        f'[editors."udon-clerk"]\npassphrase_hash = "{hashed}"\nprovinces = ["TH-41"]\n'
        '[editors."desk@moral.or.th"]\ncentral = true\n',
        encoding="utf-8",
    )
    return str(path)


def run_json(*args: str):
    from commands import cli

    done = cli(*args)
    return done, (json.loads(done.stdout) if done.stdout.strip() else None)


@pytest.mark.slow
def test_command_line_acts_as_an_editor_of_the_table_with_their_scope(store: Service, tmp_path) -> None:
    secrets, url = secrets_file(tmp_path), store.url
    path = tmp_path / "udon.xlsx"
    udon_book(60).save(path)
    done, out = run_json("publish", str(path), "--as", "udon-clerk", "--secrets", secrets, "--database", url)
    assert done.returncode == 0 and out["version"] == 3 and out["provinces"] == ["TH-41"]
    assert '"action": "publish"' in done.stderr and '"by": "udon-clerk"' in done.stderr  # the audit line
    chiang = tmp_path / "cr.xlsx"
    simple_long([["เชียงราย", 1, "networks", 13, 1]], {"เชียงราย": 2563}).save(chiang)
    done, out = run_json("publish", str(chiang), "--as", "udon-clerk", "--secrets", secrets, "--database", url)
    assert done.returncode == 1 and out["version"] is None and out["refused"]["code"] == "out_of_scope"
    assert sorted((r["detail"], r["sheet"], r["row"], r["cell"]) for r in out["refusals"]) == [
        ("details", "จังหวัด", 2, "A2"),
        ("rows", "ผล", 2, None),
    ]
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    done, out = run_json("publish", str(broken), "--as", "udon-clerk", "--secrets", secrets, "--database", url)
    assert done.returncode == 2 and '"action": "upload_refused"' in done.stderr and "unreadable_file" in done.stderr
    for name in ("udon clerk", "udon-clerk\u200b", "nobody"):
        done, out = run_json("publish", str(path), "--as", name, "--secrets", secrets, "--database", url)
        assert done.returncode == 1 and out["refused"]["code"] == "not_allowed", name


@pytest.mark.slow
def test_command_line_lock_unlock_remove_restore(store: Service, tmp_path) -> None:
    secrets, url = secrets_file(tmp_path), store.url
    who = ("--secrets", secrets, "--database", url)
    done, out = run_json("lock", "TH-41", "2564", "--as", "udon-clerk", *who)
    assert done.returncode == 1 and out["refused"]["code"] == "not_central"
    done, out = run_json("lock", "อุดรธานี", "2564", "--as", "desk@moral.or.th", *who)
    assert done.returncode == 0 and out["changed"] is True
    done, out = run_json("lock", "TH-41", "2564", "--as", "desk@moral.or.th", *who)
    assert done.returncode == 0 and out["version"] is None and out["changed"] is False
    status = run_json("status", "--json", "--database", url)[1]
    udon = next(p for p in status["provinces"] if p["province_code"] == "TH-41")
    assert udon["years"]["1"]["locked"] is True and udon["years"]["2"]["locked"] is False
    done, out = run_json("remove", "TH-41", "--years", "1", "--as", "udon-clerk", *who)
    assert done.returncode == 1 and out["refused"]["code"] == "locked"
    done, out = run_json("remove", "TH-41", "--years", "2", "--as", "udon-clerk", *who)
    assert done.returncode == 0 and out["version"] == 3 and out["rows"] == 1
    done, out = run_json("unlock", "TH-41", "2564", "--by", "ผู้ดูแลระบบ", *who)
    assert done.returncode == 0 and out["changed"] is True
    done, out = run_json("restore", "2", "--by", "ผู้ดูแลระบบ", "--note", "คืนค่า", *who)
    assert done.returncode == 0 and (out["version"], out["replaced"]) == (2, 3)
    assert run_json("restore", "2", "--by", "ผู้ดูแลระบบ", *who)[1]["version"] is None
    assert run_json("lock", "TH-99", "2564", "--by", "x", *who)[0].returncode == 2  # no such province
    assert run_json("lock", "TH-41", "๒๕๖๔", "--by", "x", *who)[0].returncode == 2
    assert run_json("restore", "2", *who)[0].returncode == 2  # neither --as nor --by
    history = store.history()
    assert history["actor"].tolist()[:4] == ["ผู้ดูแลระบบ", "ผู้ดูแลระบบ", "udon-clerk", "desk@moral.or.th"]


def test_status_into_a_closed_pipe_ends_quietly(store: Service) -> None:
    import subprocess
    import sys

    from commands import ROOT

    command = f"{sys.executable} -m moral_metrics status --json --database {store.url} | head -c 100"
    done = subprocess.run(command, shell=True, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr
