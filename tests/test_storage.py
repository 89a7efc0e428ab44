"""Storage on SQLite and on a real PostgreSQL server: versions, restore, roles, load and faults."""

from __future__ import annotations

import subprocess
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import pytest
from builders import simple_long, to_bytes
from sqlalchemy import func, select, text

from moral_metrics.access.roles import Actor, NotAllowed
from moral_metrics.reference.sample import sample_bytes
from moral_metrics.service import Service
from moral_metrics.store import schema

HEAD_REVISION = "0006"  # the newest migration under moral_metrics/store/migrations/versions

ROOT = Path(__file__).resolve().parent.parent
EDITOR = Actor.central("ทดสอบ")
VIEWER = Actor.viewer("ผู้ชม")


def tracker_bytes(n: int) -> bytes:
    """A small valid tracker, different for each n."""
    return to_bytes(
        simple_long([["ขอนแก่น", 1, "networks", 10, n], ["ขอนแก่น", 2, "participants", 100, n]], {"ขอนแก่น": 2565})
    )


@pytest.fixture
def store(database_url: str) -> Service:
    seeded = Service(database_url)
    seeded.seed(sample_bytes(), "sample_tracker.xlsx")
    return seeded


def test_seed_publish_read_back_and_restore(store: Service) -> None:
    assert store.current_id() == 1
    data = tracker_bytes(7)  # once: openpyxl stamps the time into every file it writes
    published = store.publish(data, "kk.xlsx", EDITOR, "ทดลอง")
    assert published.ok and store.current_id() == published.version_id == 2
    back = store.tracker(2)
    assert back.records[["province_code", "program_year", "indicator", "actual"]].values.tolist() == [
        ["TH-40", 1, "networks", 7.0],
        ["TH-40", 2, "participants", 7.0],
    ]
    assert back.summary.equals(published.result.tracker.summary)
    assert store.content(2) == ("kk.xlsx", data)
    store.restore(1, EDITOR)
    assert store.current_id() == 1 and len(store.tracker(1).records) == 92
    versions = store.versions()
    assert versions["id"].tolist() == [2, 1] and versions["current"].tolist() == [False, True]
    assert store.history()["action"].tolist() == ["restore", "publish", "publish"]


def test_a_workbook_with_errors_is_not_stored(store: Service) -> None:
    result = store.publish(to_bytes(simple_long([["ขอนแก่นน", 1, "networks", 1, 1]])), "bad.xlsx", EDITOR)
    assert result.version_id is None and result.result.errors[0].code == "unknown_province"
    assert store.current_id() == 1 and len(store.versions()) == 1


def test_a_viewer_can_neither_publish_nor_restore(store: Service) -> None:
    with pytest.raises(NotAllowed):
        store.publish(tracker_bytes(1), "kk.xlsx", VIEWER)
    with pytest.raises(NotAllowed):
        store.restore(1, VIEWER)
    assert len(store.versions()) == 1 and len(store.history()) == 1


def test_schema_is_versioned_by_alembic(store: Service) -> None:
    with store.engine.connect() as db:
        assert db.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD_REVISION
    Service(store.url)  # a second server starting on the same database upgrades nothing and breaks nothing
    assert store.current_id() == 1


def _publish_in_process(url: str, n: int) -> int:
    published = Service(url).publish(tracker_bytes(n), f"kk{n}.xlsx", Actor.central(f"editor-{n}"))
    assert published.ok
    return published.version_id


@pytest.mark.slow
def test_twenty_publishes_at_once_from_separate_processes(store: Service) -> None:
    with ProcessPoolExecutor(max_workers=20, mp_context=get_context("spawn")) as pool:
        ids = list(pool.map(_publish_in_process, [store.url] * 20, range(100, 120)))
    assert sorted(ids) == list(range(2, 22))
    versions = store.versions()
    assert len(versions) == 21 and versions["id"].is_unique
    assert sorted(versions.loc[versions["uploader"] != "system", "uploader"]) == sorted(
        f"editor-{n}" for n in range(100, 120)
    )
    assert store.current_id() == 21  # the newest one is current
    with store.engine.connect() as db:
        assert db.scalar(select(func.count()).select_from(schema.records)) == 92 + 20 * 2
    assert (store.history()["action"] == "publish").sum() == 21


KILLER = """
import os, signal, sys
sys.path.insert(0, {root!r}); sys.path.insert(0, {tests!r})
from moral_metrics.access.roles import Actor
from moral_metrics.store import storage
from moral_metrics.service import Service
from test_storage import tracker_bytes
def die(*args, **kwargs):  # after the version, records and provinces rows are written
    os.kill(os.getpid(), signal.SIGKILL)
storage.make_current = die
Service({url!r}).publish(tracker_bytes(5), "killed.xlsx", Actor.central("x"))
"""


def test_a_publish_killed_midway_leaves_the_previous_version_current_and_complete(store: Service) -> None:
    script = KILLER.format(root=str(ROOT), tests=str(ROOT / "tests"), url=store.url)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)
    assert done.returncode == -9, done.stderr.decode()
    fresh = Service(store.url)
    assert fresh.current_id() == 1
    assert fresh.versions()["id"].tolist() == [1]
    assert len(fresh.tracker(1).records) == 92
    assert fresh.publish(tracker_bytes(6), "after.xlsx", EDITOR).ok


@pytest.mark.slow
def test_fifty_viewers_never_see_a_half_written_version(store: Service) -> None:
    """50 viewer threads read the current version while publishes land; each read is whole."""
    payloads = [tracker_bytes(1), tracker_bytes(2), tracker_bytes(3), tracker_bytes(4)]  # each changes a value
    problems: list[str] = []
    reads = [0] * 50
    stop = threading.Event()

    def viewer(n: int) -> None:
        while not stop.is_set():
            version = store.current_id()
            with store.engine.connect() as db:
                expected = db.scalar(select(schema.versions.c.record_count).where(schema.versions.c.id == version))
            seen = len(store.tracker(version).records)
            if seen != expected:
                problems.append(f"version {version}: {seen} of {expected} records")
            reads[n] += 1

    viewers = [threading.Thread(target=viewer, args=(n,)) for n in range(50)]
    for thread in viewers:
        thread.start()
    try:
        for n, payload in enumerate(payloads):
            assert store.publish(payload, f"p{n}.xlsx", EDITOR).ok
    finally:
        stop.set()
        for thread in viewers:
            thread.join(timeout=60)
    assert problems == [] and store.current_id() == 1 + len(payloads)
    assert min(reads) >= 1 and sum(reads) >= 100


def test_a_database_from_the_first_build_is_adopted_and_keeps_its_data(database_url: str) -> None:
    """The first build created its tables without migrations (and events had no role)."""
    from datetime import UTC, datetime

    from sqlalchemy import insert

    from moral_metrics.store.database import make_engine

    engine = make_engine(database_url)
    from sqlalchemy import MetaData

    old = MetaData()  # the first build's tables, the audit table under its first name
    first_build = [schema.versions, schema.records, schema.provinces, schema.indicators, schema.current]
    for table in first_build:
        table.to_metadata(old)
    schema.history.to_metadata(old, name="events")
    old.create_all(engine)
    now = datetime.now(UTC)
    with engine.begin() as db:
        for table, column in (
            ("events", "role"),
            ("events", "provinces"),
            ("events", "detail"),
            ("versions", "is_sample"),
            *(("records", c) for c in ("file_id", "target_cell", "actual_cell", "target_typed", "actual_typed")),
        ):
            db.execute(text(f"ALTER TABLE {table} DROP COLUMN {column}"))
        db.execute(
            text(
                "INSERT INTO versions (created_at, uploader, filename, note, sha256, size, content, record_count, "
                "province_count, warning_count, warnings_json) VALUES (:at, 'system', 'old.xlsx', '', :sha, 1, :c, "
                "0, 0, 0, '[]')"
            ),
            {"at": now, "sha": "0" * 64, "c": b"x"},
        )
        db.execute(
            text("INSERT INTO events (at, actor, action, version_id) VALUES (:at, 'system', 'publish', 1)"), {"at": now}
        )
        db.execute(insert(schema.current).values(id=1, version_id=1))
    engine.dispose()
    store = Service(database_url)
    assert store.current_id() == 1
    assert store.history()[["actor", "role", "action"]].values.tolist() == [["system", "editor", "publish"]]
    with store.engine.connect() as db:
        assert db.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD_REVISION
    assert store.publish(tracker_bytes(3), "new.xlsx", EDITOR).ok and store.current_id() == 2


def test_a_plan_counts_the_files_rows_and_keeps_the_rest(make_store) -> None:
    """Issue 24: a one-year file of a province says what it changes among its own rows, and counts
    the province's other rows as kept, not as "unchanged"; rows and values are told apart."""
    store = make_store(seeded=False)
    rows = [["ขอนแก่น", year, code, 10, 10] for year in (1, 2, 3) for code in ("networks", "participants")]
    assert store.publish(to_bytes(simple_long(rows, {"ขอนแก่น": 2565})), "all.xlsx", EDITOR).version_id == 1
    one = [["ขอนแก่น", 1, "networks", 12, 11], ["ขอนแก่น", 1, "participants", 10, 10]]  # one row, two values
    plan = store.plan(store.check([("one.xlsx", to_bytes(simple_long(one, {"ขอนแก่น": 2565})))]), EDITOR)
    counts = plan.changes.set_index("province_code").loc["TH-40"]
    assert counts[["added", "changed", "removed", "unchanged", "kept"]].tolist() == [0, 1, 0, 1, 4]
    values = store.record_changes(plan, "TH-40")
    assert (len(values), len(values.drop_duplicates(["program_year", "indicator"]))) == (2, 1)


def test_the_same_file_twice_is_a_duplicate_not_a_conflict(make_store, tmp_path: Path) -> None:
    """Issue 24: a file uploaded twice is used once (the command line names the duplicate)."""
    import json

    from commands import cli

    from moral_metrics.service import distinct_files

    one, other = tracker_bytes(1), tracker_bytes(2)
    files = [("a.xlsx", one), ("b.xlsx", other), ("a-copy.xlsx", one)]
    assert distinct_files(files) == ([("a.xlsx", one), ("b.xlsx", other)], [("a-copy.xlsx", "a.xlsx")])
    store = make_store(seeded=False)
    published = store.publish_files([("a.xlsx", one), ("a-copy.xlsx", one)], EDITOR)
    assert (published.version_id, len(published.checked)) == (1, 1)
    path = tmp_path / "b.xlsx"
    path.write_bytes(other)
    done = cli("publish", str(path), str(path), "--by", "ทดสอบ", "--database", store.url)
    out = json.loads(done.stdout)
    assert (done.returncode, out["version"], out["duplicates"]) == (0, 2, [{"file": "b.xlsx", "same_as": "b.xlsx"}])


def test_a_back_filled_file_counts_as_received_when_it_really_came_in(make_store, tmp_path: Path) -> None:
    """Issue 24: on-time reporting counts from the day a central editor says the file came in."""
    import datetime as dt
    import json

    from commands import cli

    from moral_metrics.metrics.reporting import completeness
    from moral_metrics.reference.messages import Refusal

    store = make_store(seeded=False)
    clerk = Actor.provincial("เจ้าหน้าที่", {"TH-40"})
    with pytest.raises(Refusal) as refused:
        store.publish_files([("kk.xlsx", tracker_bytes(1))], clerk, received=dt.date(2023, 12, 20))
    assert refused.value.message.code == "not_central" and store.current_id() is None
    path = tmp_path / "kk.xlsx"
    path.write_bytes(tracker_bytes(1))
    late = cli("publish", str(path), "--by", "ทดสอบ", "--database", store.url, "--received-on", "2099-01-01")
    assert late.returncode == 2 and store.current_id() is None  # a day still to come
    done = cli("publish", str(path), "--by", "ทดสอบ", "--database", store.url, "--received-on", "2566-12-20")
    assert (done.returncode, json.loads(done.stdout)["version"]) == (0, 1), done.stderr  # Buddhist Era
    table = completeness(store.tracker(1), store.table("slices"), store.table("locks"), dt.date(2024, 6, 1))
    mine = table[table["province_code"] == "TH-40"].set_index("program_year")
    assert mine.loc[[1, 2], "fiscal_year"].tolist() == [2565, 2566]
    assert mine.loc[[1, 2], "on_time"].tolist() == [False, True]  # FY 2566 due 29 December 2023: in time
    publish = store.history().query("action == 'publish'").iloc[0]
    assert json.loads(publish["detail"])["received_on"] == "2023-12-20"
