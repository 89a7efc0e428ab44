"""Shared fixtures, built in code: databases, stores and dashboard sessions.

In the spirit of datasette's ``make_app_client``: ``make_store`` and ``make_app`` hand a test a
store or a Streamlit AppTest session on a database of its own, seeded with the sample tracker,
so tests never share state and never need a committed binary.
"""

import functools
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
# Made figures are shelved in a folder of this run's own, never the app's data/cache. The worker
# that makes a version's first screens after each publish would start a process per publish of
# the suite: off, except in the tests of it (test_prebuilt.py), which switch it on.
os.environ["MORAL_METRICS_STORAGE_CACHE_DIR"] = tempfile.mkdtemp(prefix="mm-shelf-")
os.environ.setdefault("MORAL_METRICS_STORAGE_PREBUILD", "0")
os.environ["MORAL_METRICS_TESTING_TODAY_PARAM"] = "1"  # ?today= moves the Calendar's today (tests only)

PASSPHRASE = "ขอแก้ไขข้อมูล-2569"
PAGES = {
    "overview": "pages/overview.py",
    "province": "pages/province.py",
    "compare": "pages/compare.py",
    "completeness": "pages/completeness.py",
    "export": "pages/export.py",
    "data": "pages/data.py",
    "fame": "pages/fame.py",  # issue 11
    "calendar": "pages/calendar.py",  # issue 11
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests are marked by their file or fixture: ``./run tests --quick`` leaves them out."""
    for item in items:
        uses = getattr(item, "fixturenames", ())
        if item.path.name.startswith("test_browser") or "browser" in uses:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def postgres():
    """One PostgreSQL server for the whole run (each test takes its own database in it)."""
    from pg import Cluster

    cluster = Cluster()
    yield cluster
    cluster.stop()


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium for a module's browser tests (each test opens its own context). Per module,
    not per run: Playwright's sync API keeps an event loop that AppTest tests must not meet."""
    from browser import CHROMIUM, CHROMIUM_ARGS
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian's chromium is needed: apt-get install chromium"
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path: Path) -> str:
    """The same storage tests against SQLite and a real PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return request.getfixturevalue("postgres").database()


@pytest.fixture
def make_store(tmp_path: Path) -> Callable:
    """``make_store(url=None, seeded=True)``: a Service on its own database (SQLite by default)."""
    from moral_metrics.reference.sample import sample_bytes
    from moral_metrics.service import Service

    def make(url: str | None = None, seeded: bool = True) -> Service:
        store = Service(url or f"sqlite:///{tmp_path / 'made.db'}")
        if seeded:
            store.seed(sample_bytes(), "sample_tracker.xlsx")
        return store

    return make


def editors_table(passphrase_hash: str) -> dict:
    """The editors table of the app tests: a central editor and a clerk of Udon Thani, each with
    their own passphrase (the same one here, hashed once)."""
    return {
        "สมชาย": {"passphrase_hash": passphrase_hash, "central": True},
        "udon-clerk": {"passphrase_hash": passphrase_hash, "provinces": ["TH-41"]},
    }


class AppFactory:
    """Dashboard sessions on one test database, as editors (signed in) or viewers."""

    def __init__(self, url: str, editors: dict) -> None:
        self.url = url
        self.editors = editors

    def open(self, page: str = "overview", *, editor: bool = True, name: str = "สมชาย", **params: str):
        from streamlit.testing.v1 import AppTest

        from ui.auth import SIGNED_IN

        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
        at.secrets["editors"] = self.editors
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
        if editor:  # the identity a passphrase was checked for; the form itself is driven in a browser
            at.session_state[SIGNED_IN] = name
            at.run()
        if page != "overview":
            at.switch_page(PAGES[page]).run()
        assert not at.exception, at.exception
        return at

    def store(self):
        from moral_metrics.service import Service

        return Service(self.url)


@pytest.fixture
def make_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppFactory:
    """A fresh database for the app, an editors table configured (passphrases stored as hashes only)."""
    import streamlit as st

    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("MORAL_METRICS_DATABASE_URL", url)
    monkeypatch.delenv("MORAL_METRICS_EDITOR_PASSPHRASE_HASH", raising=False)
    st.cache_resource.clear()
    st.cache_data.clear()
    return AppFactory(url, editors_table(_hashed()))


@functools.lru_cache(maxsize=1)
def _hashed() -> str:
    from moral_metrics.access.passphrase import hash_passphrase

    return hash_passphrase(PASSPHRASE)
