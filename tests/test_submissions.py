"""Submissions from many provinces: a province's file updates only that province.

National file first, then one province's file: every other province and year stays as it was;
the same data twice makes no version; two files with one province-year conflict; a scoped
editor and a locked year are refused in the core; removal is its own recorded action.
"""

from __future__ import annotations

import threading

import pytest
from builders import CANON, STARTS, long_book, simple_long, to_bytes

from moral_metrics.access.roles import Actor
from moral_metrics.reference.messages import Refusal
from moral_metrics.service import Service

CENTRAL = Actor.central("ส่วนกลาง")
UDON_CLERK = Actor.provincial("เจ้าหน้าที่อุดร", {"TH-41"})


def udon(actual: float = 30, years=(1, 2)) -> bytes:
    rows = [["อุดรธานี", y, "networks", 6, actual + y] for y in years]
    return to_bytes(simple_long(rows, {"อุดรธานี": 2564}))


@pytest.fixture
def store(make_store) -> Service:
    store = make_store()
    national = store.publish(to_bytes(long_book("th")), "national.xlsx", CENTRAL)
    assert national.ok and national.provinces == ["TH-57", "TH-84"]  # the sample was replaced whole
    return store


def test_a_provinces_file_leaves_every_other_province_as_it_was(store: Service) -> None:
    before = store.tracker(store.current_id())
    published = store.publish(udon(), "udon.xlsx", UDON_CLERK)
    assert published.ok and published.provinces == ["TH-41"]
    after = store.tracker(published.version_id)
    others = ["province_code", "program_year", "indicator", "target", "actual"]
    kept = after.records[after.records["province_code"] != "TH-41"][others].reset_index(drop=True)
    assert kept.equals(before.records[others].reset_index(drop=True))
    assert set(after.province_codes) == {"TH-57", "TH-84", "TH-41"}
    udon_rows = after.records[after.records["province_code"] == "TH-41"]
    assert udon_rows[["program_year", "actual"]].values.tolist() == [[1, 31.0], [2, 32.0]]


def test_a_later_file_replaces_only_the_years_it_has(store: Service) -> None:
    store.publish(udon(30, years=(1, 2)), "udon.xlsx", UDON_CLERK)
    published = store.publish(udon(40, years=(2,)), "udon-year2.xlsx", UDON_CLERK)
    records = store.tracker(published.version_id).records
    mine = records[records["province_code"] == "TH-41"]
    assert mine[["program_year", "actual"]].values.tolist() == [[1, 31.0], [2, 42.0]]


def test_the_same_data_again_makes_no_new_version(store: Service) -> None:
    first = store.publish(udon(), "udon.xlsx", UDON_CLERK)
    again = store.publish(udon(), "udon-again.xlsx", UDON_CLERK)
    assert first.ok and not again.ok and again.unchanged
    assert store.current_id() == first.version_id and len(store.versions()) == 3


def test_a_double_click_publishes_once(store: Service) -> None:
    data, results = udon(7), []
    clicks = [threading.Thread(target=lambda: results.append(store.publish(data, "u.xlsx", UDON_CLERK))) for _ in "ab"]
    for click in clicks:
        click.start()
    for click in clicks:
        click.join()
    assert sorted(r.ok for r in results) == [False, True] and len(store.versions()) == 3


def test_several_files_publish_as_one_version(store: Service) -> None:
    kk = to_bytes(simple_long([["ขอนแก่น", 1, "networks", 4, 4]], {"ขอนแก่น": 2565}))
    published = store.publish_files([("udon.xlsx", udon()), ("khonkaen.xlsx", kk)], CENTRAL, "สองจังหวัด")
    assert published.ok and published.provinces == ["TH-40", "TH-41"]
    assert store.versions().iloc[0]["filename"] == "udon.xlsx, khonkaen.xlsx"
    slices = store.table("slices")
    assert set(slices.loc[slices["version_id"] == published.version_id, "province_code"]) == {"TH-40", "TH-41"}


def test_two_files_with_the_same_province_and_year_are_refused(store: Service) -> None:
    with pytest.raises(Refusal) as refused:
        store.publish_files([("a.xlsx", udon(1)), ("b.xlsx", udon(2))], CENTRAL)
    assert refused.value.code == "conflict"
    assert refused.value.message.params == {"file": "b.xlsx", "other": "a.xlsx", "province": "TH-41", "year": 1}
    assert len(store.versions()) == 2


def test_a_file_with_an_error_publishes_none_of_the_files(store: Service) -> None:
    bad = to_bytes(simple_long([["อุดรธานีี", 1, "networks", 6, 6]]))
    published = store.publish_files([("good.xlsx", udon()), ("bad.xlsx", bad)], CENTRAL)
    assert not published.ok and [c.result.ok for c in published.checked] == [True, False]
    assert published.checked[1].result.errors[0].code == "unknown_province" and len(store.versions()) == 2


def test_a_scoped_editor_cannot_publish_another_province(store: Service) -> None:
    with pytest.raises(Refusal) as refused:
        store.publish(to_bytes(long_book("th")), "national.xlsx", UDON_CLERK)
    assert {m.code for m in refused.value.messages} == {"out_of_scope"}
    assert sorted({p for m in refused.value.messages for p in m.params["provinces"]}) == ["TH-57", "TH-84"]
    assert all(m.sheet and m.row for m in refused.value.messages)  # each names where in the file
    assert "Chiang Rai" in refused.value.text("en") and len(store.versions()) == 2


def test_a_locked_province_year_refuses_new_data_until_unlocked(store: Service) -> None:
    store.publish(udon(), "udon.xlsx", UDON_CLERK)
    store.set_lock("TH-41", 2564, True, CENTRAL)
    with pytest.raises(Refusal) as refused:
        store.publish(udon(50), "late.xlsx", UDON_CLERK)
    assert refused.value.code == "locked"
    params = {k: v for k, v in refused.value.message.params.items() if k != "when"}
    assert params == {"file": "late.xlsx", "province": "TH-41", "year": 2564, "by": "ส่วนกลาง", "rows": 1}
    with pytest.raises(Refusal):
        store.set_lock("TH-41", 2564, False, UDON_CLERK)  # only a central editor unlocks
    store.set_lock("TH-41", 2564, False, CENTRAL)
    assert store.publish(udon(50), "late.xlsx", UDON_CLERK).ok
    actions = store.history()[["action", "provinces"]].values.tolist()
    assert actions[:3] == [["publish", "TH-41"], ["unlock", "TH-41"], ["lock", "TH-41"]]


def test_removing_a_province_is_its_own_recorded_action(store: Service) -> None:
    store.publish(udon(), "udon.xlsx", UDON_CLERK)
    version = store.remove("TH-41", None, CENTRAL, "ส่งผิดจังหวัด")
    tracker = store.tracker(version)
    assert "TH-41" not in tracker.province_codes and set(tracker.province_codes) == {"TH-57", "TH-84"}
    assert store.history().iloc[0][["action", "provinces"]].tolist() == ["remove", "TH-41"]
    assert store.remove("TH-41", None, CENTRAL) is None  # nothing left to remove: no version


def test_concurrent_publishes_of_different_provinces_lose_nothing(store: Service) -> None:
    kk = to_bytes(simple_long([["ขอนแก่น", 1, "networks", 4, 4]], {"ขอนแก่น": 2565}))
    files = [("udon.xlsx", udon()), ("kk.xlsx", kk), ("udon2.xlsx", udon(60))]
    threads = [threading.Thread(target=store.publish, args=(data, name, CENTRAL)) for name, data in files]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    current = store.tracker(store.current_id())
    assert {"TH-40", "TH-41", "TH-57", "TH-84"} <= set(current.province_codes)
    publishes = store.history().query("action == 'publish'")
    assert len(publishes) == 5  # the sample, the national file and the three: all in the history
    assert len(CANON) == len(current.records[current.records["province_code"].isin(STARTS)])


def test_command_line_publish_and_status(tmp_path) -> None:
    import json

    from commands import cli

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    national, one, bad = tmp_path / "national.xlsx", tmp_path / "udon.xlsx", tmp_path / "bad.xlsx"
    long_book("th").save(national)
    one.write_bytes(udon())
    simple_long([["อุดรธานีี", 1, "networks", 6, 6]]).save(bad)
    first = cli("publish", str(national), "--by", "สคริปต์", "--database", url)
    assert first.returncode == 0 and json.loads(first.stdout)["provinces"] == ["TH-57", "TH-84"]
    second = json.loads(cli("publish", str(one), "--by", "สคริปต์", "--database", url).stdout)
    assert (second["version"], second["provinces"]) == (2, ["TH-41"])
    again = cli("publish", str(one), "--by", "สคริปต์", "--database", url)
    assert again.returncode == 0 and json.loads(again.stdout)["version"] is None
    refused = cli("publish", str(bad), "--by", "สคริปต์", "--database", url)
    assert refused.returncode == 1 and json.loads(refused.stdout)["errors"]["bad.xlsx"][0]["code"] == "unknown_province"
    other = tmp_path / "udon-copy.xlsx"
    other.write_bytes(udon(99))
    conflict = cli("publish", str(one), str(other), "--by", "สคริปต์", "--database", url)
    assert conflict.returncode == 1 and json.loads(conflict.stdout)["refused"]["code"] == "conflict"
    status = json.loads(cli("status", "--json", "--database", url).stdout)
    assert status["version"] == 2 and len(status["provinces"]) == 77
    udon_status = next(p for p in status["provinces"] if p["province_code"] == "TH-41")
    assert (udon_status["last_version"], udon_status["last_published_by"]) == (2, "สคริปต์")
    assert udon_status["years"]["1"]["reported"] == 1 and udon_status["years"]["1"]["fiscal_year"] == 2564
    assert {r["province_code"] for r in status["records"]} == {"TH-41", "TH-57", "TH-84"}


def test_changes_are_counted_per_province_and_slices_name_their_fiscal_year() -> None:
    """The comparison behind a publish's preview and its "same data" refusal (made column by
    column for speed, issue 14): one moved value is one changed row of one province."""
    import dataclasses

    from moral_metrics import load_tracker
    from moral_metrics.reference.sample import sample_bytes
    from moral_metrics.store.changes import changes_by_province, same_data
    from moral_metrics.store.merge import slices

    sample = load_tracker(sample_bytes()).tracker
    blank = sample.records.index[sample.records["province_code"] == "TH-57"][0]
    records = sample.records.copy()
    records.loc[blank, "note"] = float("nan")
    base = dataclasses.replace(sample, records=records)
    records = records.copy()
    row = records.index[(records["province_code"] == "TH-84") & (records["program_year"] == 2)][0]
    records.loc[row, "actual"] = records.loc[row, "actual"] + 1
    records.loc[blank, "note"] = None  # a blank written another way is the same blank, not the text "None"
    edited = dataclasses.replace(base, records=records)
    counts = changes_by_province(base, edited).set_index("province_code")
    assert counts.loc["TH-84", ["added", "changed", "removed"]].tolist() == [0, 1, 0]
    assert counts.loc["TH-57", ["added", "changed", "removed"]].tolist() == [0, 0, 0]
    assert same_data(base, base) and not same_data(base, edited)
    found = {(s.dataset, s.province_code, s.period): s for s in slices(base)}
    assert counts.loc["TH-57", "unchanged"] == sum(s.rows for s in found.values() if s.province_code == "TH-57")
    assert found[("records", "TH-84", 1)].fiscal_year == 2563  # Surat Thani started in 2563
    assert found[("records", "TH-84", 3)].fiscal_year == 2565
    assert sum(s.rows for s in found.values() if s.dataset == "records") == len(base.records)
