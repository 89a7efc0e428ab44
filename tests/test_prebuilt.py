"""Issue 23: a version's first screens are made once, before the first visitor, for every process.

A publish (and a server's start) starts a worker that makes the first screens of the current
version in both languages into a shelf that every process reads; two workers never build the
same shelf twice; what an erasure or a consent change may have made wrong is deleted, not only
left unused.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from builders import to_bytes
from recognition_books import honouree, recognition_book

from moral_metrics.access.roles import Actor
from moral_metrics.figures.first_screens import first_screens
from moral_metrics.figures.map import national_map
from moral_metrics.reference.i18n import LANGS
from moral_metrics.reference.settings import settings
from moral_metrics.service import Service
from moral_metrics.store.prebuilt import STALE_CLAIM_SECONDS, Prebuilt

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow  # each test waits for a worker process (5-15 s)
CENTRAL = Actor.central("ส่วนกลาง")
SURAT_CLERK = Actor.provincial("surat-clerk", {"TH-84"})
SECRET = "นางสาวชั้นวาง ทดสอบลบ"


@pytest.fixture
def prebuilding(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """The worker switched on, with a shelf folder of this test's own."""
    shelf = tmp_path / "shelf"
    monkeypatch.setenv("MORAL_METRICS_STORAGE_PREBUILD", "1")
    monkeypatch.setenv("MORAL_METRICS_STORAGE_CACHE_DIR", str(shelf))
    settings.cache_clear()
    yield shelf
    settings.cache_clear()


def finished(store: Service, seconds: float = 240) -> dict:
    """The worker's progress once it says done (it is a separate process: wait for it)."""
    deadline = time.monotonic() + seconds
    while not (progress := store.prebuilt()).get("done"):
        assert time.monotonic() < deadline, f"the worker did not finish: {progress}"
        time.sleep(0.1)
    return progress


def publish_secret(store: Service) -> int:
    book = recognition_book([honouree(SECRET, public="ใช่"), honouree("นายดี มีสุข")])
    done = store.publish(to_bytes(book), "surat.xlsx", SURAT_CLERK)
    assert done.ok
    return done.version_id


def test_a_publish_starts_a_worker_that_makes_every_first_screen_in_both_languages(prebuilding, make_store) -> None:
    store = make_store()
    version = publish_secret(store)
    assert store.prebuilt() and not store.prebuilt().get("done")  # said at once, before the worker is up
    progress = finished(store)
    tracker = store.tracker(version)
    screens = first_screens(tracker)
    assert progress == {"made": 2 * len(screens), "total": 2 * len(screens), "done": True}
    assert len(screens) >= 5  # map and ranking per programme year, a province, a comparison
    for language in LANGS:
        for build, params in screens:
            assert store.shelved(build, tracker, params, language), (build.__name__, params, language)


def test_a_coming_build_is_shown_and_a_dead_one_is_not(tmp_path: Path) -> None:
    """The Data page's bar: "starting" before the worker is up, the worker's own counts once it
    is, and nothing for a build whose worker stopped writing long ago (it died)."""
    shelf = Prebuilt(tmp_path, "sqlite:///x.db")
    shelf.starting("v1", 0)
    assert shelf.progress("v1", 0) == {"made": 0, "total": 0, "done": False}
    shelf.set_progress("v1", 0, 3, 30)
    shelf.starting("v1", 0)  # a build begun is left as it says
    assert shelf.progress("v1", 0) == {"made": 3, "total": 30, "done": False}
    path = next(tmp_path.rglob("progress.json"))
    long_ago = time.time() - STALE_CLAIM_SECONDS - 60
    os.utime(path, (long_ago, long_ago))
    assert shelf.progress("v1", 0) == {}
    shelf.set_progress("v1", 0, 30, 30)
    os.utime(path, (long_ago, long_ago))
    assert shelf.progress("v1", 0)["done"]  # a finished build stays finished


def test_another_process_takes_the_figure_from_the_shelf(prebuilding, make_store) -> None:
    store = make_store()
    assert store.publish(to_bytes(recognition_book([honouree("นายดี มีสุข")])), "s.xlsx", SURAT_CLERK).ok
    finished(store)
    other = Service(store.url)  # a second server process on the same database and folder
    tracker = other.tracker(other.current_id())
    build, params = first_screens(tracker)[0]
    assert build is national_map and other.shelved(build, tracker, params, "en")
    shelved = other.made(build, tracker, params, "en")
    assert json.loads(shelved.to_json()) == json.loads(national_map(tracker, *params, "en").to_json())


def test_two_workers_at_once_build_the_shelf_once(prebuilding, make_store) -> None:
    store = make_store()  # the sample only: no worker started yet
    command = [sys.executable, "-m", "moral_metrics", "prebuild", "--database", store.url]
    workers = [subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True) for _ in range(2)]
    made = sorted(int(w.communicate(timeout=300)[0].split(":")[1].strip(" }\n")) for w in workers)
    total = 2 * len(first_screens(store.tracker(store.current_id())))
    assert made == [0, total]
    assert finished(store)["made"] == total


def test_an_erasure_deletes_the_shelf_that_held_the_name(prebuilding, make_store) -> None:
    store = make_store()
    publish_secret(store)
    finished(store)
    shelf_bytes = b"".join(p.read_bytes() for p in prebuilding.rglob("*.pickle"))
    assert SECRET.encode() in shelf_bytes  # the shelved tracker held the name
    store.erase_person("TH-84", SECRET, CENTRAL)
    finished(store)  # the worker made the current version again
    shelf_bytes = b"".join(p.read_bytes() for p in prebuilding.rglob("*.pickle"))
    assert shelf_bytes and SECRET.encode() not in shelf_bytes


def test_a_newer_consent_revision_deletes_the_older_shelves(prebuilding, make_store) -> None:
    store = make_store()
    first = publish_secret(store)
    finished(store)
    before = {p.name for p in next(prebuilding.iterdir()).iterdir()}
    book = recognition_book([honouree(SECRET, public="ไม่"), honouree("นายดี มีสุข")])  # consent withdrawn
    assert store.publish(to_bytes(book), "surat.xlsx", SURAT_CLERK).ok
    finished(store)
    after = {p.name for p in next(prebuilding.iterdir()).iterdir()}
    assert before and not before & after
    assert store.tracker(first).dataset("honourees")["public"].tolist() == [False, True]


def test_a_server_start_makes_the_current_versions_first_screens(prebuilding, make_app) -> None:
    make_app.open("overview", editor=False)
    assert finished(make_app.store())["done"]
