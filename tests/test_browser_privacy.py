"""Issue 22 in a real browser, as an anonymous viewer: a name withdrawn in the latest publish is
gone from an old version's pages, and a photo's original address is never asked for by the
viewer's browser (a local listener counts who asks)."""

from __future__ import annotations

import io
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from browser import Server, new_page, settle, shot
from builders import to_bytes
from playwright.sync_api import expect
from recognition_books import event, honouree, recognition_book

from moral_metrics.access.roles import Actor
from moral_metrics.reference.i18n import t
from moral_metrics.reference.sample import sample_bytes
from moral_metrics.reference.settings import settings
from moral_metrics.service import Service

SECRET = "นางสาวลับเฉพาะ ไม่ประสงค์ออกนาม"
WAIT = 120_000


class Listener:
    """A photo host on 127.0.0.1 that answers a PNG and remembers every User-Agent that asked."""

    def __init__(self) -> None:
        from PIL import Image

        picture = io.BytesIO()
        Image.new("RGB", (320, 320), "green").save(picture, "PNG")
        asked = self.asked = []

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                asked.append(self.headers.get("User-Agent", ""))
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.end_headers()
                self.wfile.write(picture.getvalue())

            def log_message(self, *args) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory):
    """Version 2: the person public, with a photo from the listener; version 3: consent withdrawn."""
    import os

    listener = Listener()
    url = f"sqlite:///{tmp_path_factory.mktemp('privacy') / 'privacy.db'}"
    os.environ["MORAL_METRICS_PRIVACY_PHOTO_HOSTS"] = "127.0.0.1"
    settings.cache_clear()
    try:
        store = Service(url)
        store.seed(sample_bytes(), "sample_tracker.xlsx")
        central = Actor.central("ส่วนกลาง")
        for said in ("ใช่", "ไม่ยินยอม"):
            rows = [
                honouree(SECRET, public=said, photo=f"{listener.url}/photo.png"),
                honouree("นายดี มีสุข", photo=f"{listener.url}/other.png"),
            ]
            book = recognition_book(rows, [event(f"พิธียกย่อง {SECRET}")])
            assert store.publish(to_bytes(book), f"surat-{said}.xlsx", central).ok
    finally:
        del os.environ["MORAL_METRICS_PRIVACY_PHOTO_HOSTS"]
        settings.cache_clear()
    fetched_by_server = list(listener.asked)
    server = Server(url, local_editing=False)
    yield server, listener, fetched_by_server
    server.stop()
    listener.stop()


@pytest.mark.parametrize(
    "path", ["/fame?version=2&province=TH-84", f"/fame?version=2&q={SECRET}", "/calendar?version=2"]
)
def test_an_anonymous_viewer_never_sees_a_withdrawn_name_in_an_old_version(browser, published, path: str) -> None:
    server, listener, fetched_by_server = published
    page = new_page(browser, server.url + path)
    expect(page.get_by_role("heading", level=1)).to_be_visible(timeout=WAIT)
    settle(page)
    expect(page.get_by_text(t("app.viewing_old", version=2))).to_be_visible()
    assert SECRET not in page.locator("body").inner_text()  # (the search box holds what the reader typed)
    assert SECRET not in page.content().replace(f'value="{SECRET}"', "")
    shot(page, "privacy-old-version-" + path.split("?")[0].strip("/"))
    assert len(fetched_by_server) == 4  # the server fetched each photo once per file it checked
    assert all("MoralMetrics" in agent for agent in listener.asked)  # never the viewer's browser


def test_a_kept_photo_is_drawn_from_the_apps_own_bytes(browser, published) -> None:
    server, listener, _ = published
    page = new_page(browser, server.url + "/fame?province=TH-84")
    expect(page.get_by_role("heading", level=1)).to_be_visible(timeout=WAIT)
    settle(page)
    expect(page.locator(".mm-card").first).to_be_visible(timeout=WAIT)  # the cards' run may end after the title's
    expect(page.locator(".mm-avatar img")).to_have_count(1, timeout=WAIT)  # the public one only
    sources = page.locator(".mm-avatar img").evaluate_all("(images) => images.map((i) => i.src)")
    assert len(sources) == 1 and sources[0].startswith("data:image/jpeg;base64,")  # the public one only
    assert all("MoralMetrics" in agent for agent in listener.asked)
