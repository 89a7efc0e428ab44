"""Issue 23: more than one app process, behind nginx (sticky by client address), on one PostgreSQL.

As docs/deploy.md sets it up: two ``streamlit run`` processes on one database and one shelf
folder, nginx's ``ip_hash`` upstream in front. A publish through one process is seen at once
through the other; a version's first screens are made once, by one worker, for both.
"""

from __future__ import annotations

import time
from pathlib import Path

from browser import CHART, Server, new_page, publish_through, settle
from playwright.sync_api import expect
from proxy import Nginx

from moral_metrics.reference.settings import settings
from moral_metrics.service import Service

WAIT = 120_000
ROWS = [("ขอนแก่น", 1, "networks", 4, 5), ("ขอนแก่น", 1, "organizations", 20, 30)]


def prebuilt(url: str, seconds: float = 240) -> dict:
    """The shelf's progress for the current version, once its worker says done."""
    deadline = time.monotonic() + seconds
    while not (progress := Service(url).prebuilt()).get("done"):
        assert time.monotonic() < deadline, f"no worker finished: {progress}"
        time.sleep(0.2)
    return progress


def shelf_files(folder: Path) -> dict[str, int]:
    return {str(p): p.stat().st_mtime_ns for p in folder.rglob("*.pickle")}


def tracked(page) -> str:
    return page.get_by_test_id("stMetricValue").first.inner_text()


def test_two_processes_share_the_database_and_the_made_charts(browser, postgres, tmp_path: Path, monkeypatch) -> None:
    url, shelf = postgres.database(), tmp_path / "shelf"
    env = {"MORAL_METRICS_STORAGE_CACHE_DIR": str(shelf), "MORAL_METRICS_STORAGE_PREBUILD": "1"}
    for name, value in env.items():  # this test reads the same shelf as the servers
        monkeypatch.setenv(name, value)
    settings.cache_clear()
    first, second = Server(url, **env), Server(url, **env)
    proxy = Nginx(tmp_path / "nginx", [first.port, second.port], balanced=True)
    try:
        page = new_page(browser, proxy.url() + "?lang=th")  # a viewer's browser, through the proxy
        expect(page.locator(CHART).first).to_be_visible(timeout=WAIT)
        settle(page)
        served = {line.rsplit(" ", 1)[1] for line in proxy.access_log().splitlines() if "_stcore" in line}
        assert len(served) == 1, served  # every request of this client went to one process
        progress = prebuilt(url)
        assert progress["made"] == progress["total"] > 0

        # the other process draws the same screen from the shelf: it makes and writes nothing
        other = second if served == {f"127.0.0.1:{first.port}"} else first
        before = shelf_files(shelf)
        viewer = new_page(browser, other.url + "/?lang=th")
        expect(viewer.locator(CHART).first).to_be_visible(timeout=WAIT)
        settle(viewer)
        assert tracked(viewer) == "3" and shelf_files(shelf) == before

        # a publish through one process (an editor on this computer) ...
        editor = new_page(browser, (first if other is second else second).url + "/data")
        publish_through(editor, tmp_path, ROWS, "khonkaen")
        # ... is seen at once through the other, and its first screens are made once, for both
        viewer.reload()
        # (the first real data replaces the three provinces of the sample: one province tracked)
        expect(viewer.get_by_test_id("stMetricValue").first).to_have_text("1", timeout=WAIT)
        ranked = viewer.locator(".js-plotly-plot .ytick text").filter(has_text="ขอนแก่น")  # the ranking's one bar
        expect(ranked.first).to_be_visible()
        progress = prebuilt(url)
        assert progress["made"] == progress["total"]
        stamps = {p.parent.name for p in shelf.rglob("*.pickle")}
        assert any(name.startswith("v2-") for name in stamps)
    finally:
        proxy.stop()
        first.stop()
        second.stop()
        settings.cache_clear()
