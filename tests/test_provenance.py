"""Issue 23: where every figure came from is stored at publish, with its own upload, through
merges; nothing re-reads an upload to show it. (Before, the Province page re-read the version's
first file and matched by sheet and row: Udon's actual 31 was shown as Khon Kaen's cell.)"""

from __future__ import annotations

import json

from builders import simple_long, to_bytes
from commands import cli
from recognition_books import honouree, recognition_book

from moral_metrics.access.roles import Actor
from moral_metrics.service import Service

CENTRAL = Actor.central("ส่วนกลาง")


def one_province(name: str, start: int, actual: float) -> bytes:
    """A province's own file from the shared template: every province's rows at the same cells."""
    return to_bytes(
        simple_long([[name, 1, "networks", 6, actual], [name, 2, "networks", 6, actual + 1]], {name: start})
    )


def sources(store: Service, version: int, province: str) -> list[tuple]:
    records = store.tracker(version).records
    mine = records[records["province_code"] == province]
    names = {i: u["filename"] for i, u in store.uploads(mine["file_id"].dropna().tolist()).items()}
    return [
        (names[r["file_id"]], r["sheet"], r["row"], r["actual_cell"], r["actual_typed"])
        for r in mine.to_dict("records")
    ]


def test_a_merged_version_keeps_each_rows_own_upload_and_cells(make_store) -> None:
    store = make_store()
    udon, khonkaen = one_province("อุดรธานี", 2564, 31), one_province("ขอนแก่น", 2565, 77)
    first = store.publish_files([("udon.xlsx", udon), ("khonkaen.xlsx", khonkaen)], CENTRAL).version_id
    assert sources(store, first, "TH-41") == [("udon.xlsx", "ผล", 2, "E2", "31"), ("udon.xlsx", "ผล", 3, "E3", "32")]
    assert sources(store, first, "TH-40") == [
        ("khonkaen.xlsx", "ผล", 2, "E2", "77"),
        ("khonkaen.xlsx", "ผล", 3, "E3", "78"),
    ]
    second = store.publish(one_province("อุดรธานี", 2564, 40), "udon-again.xlsx", CENTRAL).version_id
    assert sources(store, second, "TH-41")[0] == ("udon-again.xlsx", "ผล", 2, "E2", "40")
    assert sources(store, second, "TH-40")[0] == ("khonkaen.xlsx", "ผล", 2, "E2", "77")  # kept from its own upload
    uploads = store.uploads(store.tracker(second).records["file_id"].dropna().unique().tolist())
    assert {u["version_id"] for u in uploads.values()} == {first, second}  # and who published each, when


def test_rows_below_the_province_keep_their_upload_too(make_store) -> None:
    store = make_store()
    version = store.publish(to_bytes(recognition_book([honouree("นายดี มีสุข")])), "surat.xlsx", CENTRAL).version_id
    people = store.tracker(version).dataset("honourees")
    [file_id] = people["file_id"].unique().tolist()
    assert store.uploads([file_id])[file_id]["filename"] == "surat.xlsx"


def test_check_and_status_json_name_each_rows_source(make_store, tmp_path) -> None:
    store = make_store()
    path = tmp_path / "udon.xlsx"
    path.write_bytes(one_province("อุดรธานี", 2564, 31))
    checked = json.loads(cli("check", str(path), "--json").stdout)
    assert checked["records"][0]["source"] == {
        "file": "udon.xlsx", "sheet": "ผล", "row": 2, "target_cell": "D2", "actual_cell": "E2"
    }  # fmt: skip
    store.publish_files([("udon.xlsx", path.read_bytes()), ("kk.xlsx", one_province("ขอนแก่น", 2565, 77))], CENTRAL)
    status = json.loads(cli("status", "--json", "--database", store.url).stdout)
    by_file = {(r["province_code"], r["source"]["file"]) for r in status["records"] if r["program_year"] == 1}
    assert {("TH-41", "udon.xlsx"), ("TH-40", "kk.xlsx")} <= by_file
