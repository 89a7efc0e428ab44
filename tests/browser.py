"""A real dashboard server and a real Chromium for the browser tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def editors_toml(entries: dict[str, dict]) -> str:
    """An ``[editors]`` table of ``.streamlit/secrets.toml`` (docs/deploy.md) from plain values."""
    import json

    lines = []
    for identity, entry in entries.items():
        lines.append(f"[editors.{json.dumps(identity, ensure_ascii=False)}]")
        lines += [f"{key} = {json.dumps(value, ensure_ascii=False)}" for key, value in entry.items()]
    return "\n".join(lines) + "\n"


class Server:
    """``streamlit run dashboard.py`` on 127.0.0.1 with its own database.

    Local editing is on unless ``local_editing=False`` (the browser then is a viewer unless it
    signs in); ``secrets`` is the text of a secrets file (an editors table, ``[auth]``); ``args``
    go to ``streamlit run``. What the server prints (its audit lines among it) is in ``output()``.
    """

    def __init__(
        self,
        database_url: str,
        port: int | None = None,
        *,
        local_editing: bool = True,
        secrets: str | None = None,
        args=(),
        **env_extra: str,
    ) -> None:
        import tempfile

        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.folder = Path(tempfile.mkdtemp(prefix="moral-server-"))
        env = {**os.environ, "MORAL_METRICS_DATABASE_URL": database_url, **env_extra}
        env["MORAL_METRICS_ACCESS_LOCAL_EDITING"] = "1" if local_editing else "0"
        for legacy in ("MORAL_METRICS_EDITOR_PASSPHRASE_HASH", "MORAL_METRICS_EDITORS"):
            if legacy not in env_extra:
                env.pop(legacy, None)
        if secrets is not None:
            (self.folder / "secrets.toml").write_text(secrets, encoding="utf-8")
            args = ("--secrets.files", str(self.folder / "secrets.toml"), *args)
        # ./run app's own launcher: `streamlit run dashboard.py` with the pages' imports preloaded
        command = [sys.executable, "-m", "ui.serve", "--server.port", str(self.port),
                   "--server.address", "127.0.0.1", "--server.headless", "true", *args]  # fmt: skip
        self.log = (self.folder / "server.log").open("wb")  # a file, not a pipe nobody reads, which would fill
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self._wait()

    def output(self) -> str:
        """Everything the server has printed so far."""
        self.log.flush()
        return (self.folder / "server.log").read_text(encoding="utf-8", errors="replace")

    def _wait(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(self.output())
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise TimeoutError(f"streamlit did not answer on {self.url}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def websocket_handshake(port: int, origin: str, host: str | None = None) -> bytes:
    """The status line a websocket upgrade to the app's stream gets, from a page at ``origin``
    asking for the app by ``host`` (default: its own 127.0.0.1 address)."""
    import base64

    request = (
        f"GET /_stcore/stream HTTP/1.1\r\nHost: {host or f'127.0.0.1:{port}'}\r\nUpgrade: websocket\r\n"
        f"Connection: Upgrade\r\nSec-WebSocket-Key: {base64.b64encode(os.urandom(16)).decode()}\r\n"
        f"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: streamlit\r\nOrigin: {origin}\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
        connection.sendall(request.encode())
        return connection.recv(200).split(b"\r\n")[0]


ARTIFACTS = ROOT / "tests" / "artifacts"
CHART = ".js-plotly-plot .main-svg"
WIDTHS = {"desktop": (1440, 900), "phone": (390, 844)}
# Streamlit is busy while its status widget shows or an element is stale (greyed until the rerun
# redraws it). A rerun can start a moment after a click, so "quiet" means quiet for a while.
QUIET = """(quietFor) => {
  const busy = document.querySelector('[data-testid=stStatusWidget]')
    || document.querySelector('[data-stale=true]');
  const now = performance.now();
  if (busy || window.__quietSince === undefined || window.__quietSince === null) {
    window.__quietSince = busy ? null : now;
    return false;
  }
  return now - window.__quietSince >= quietFor;
}"""


def settle(page, timeout: float = 120_000, quiet_ms: int = 500) -> None:
    """Wait until the app has finished its run and stayed idle for ``quiet_ms`` (never a fixed sleep).
    A navigation in between (a sign-in or sign-out redirect) starts the wait again on the new page."""
    from playwright.sync_api import Error

    for attempt in range(3):
        try:
            page.evaluate("() => { window.__quietSince = null; }")
            page.wait_for_function(QUIET, arg=quiet_ms, timeout=timeout, polling=100)
            return
        except Error as error:
            if "Execution context was destroyed" not in str(error) or attempt == 2:
                raise
            page.wait_for_load_state(timeout=timeout)


STEADY = """(quietFor) => {
  const plots = Array.from(document.querySelectorAll('.js-plotly-plot'));
  const sign = plots.map((p) => { const r = p.getBoundingClientRect();
    return [r.x, r.y, r.width, r.height, p.querySelectorAll('text').length].join(','); }).join(';');
  const now = performance.now();
  if (sign !== window.__plotSign) { window.__plotSign = sign; window.__plotSince = now; return false; }
  return now - window.__plotSince >= quietFor;
}"""


def steady(page, timeout: float = 120_000, quiet_ms: int = 500) -> None:
    """Wait until the run has ended and every Plotly chart has kept its size and text for a while
    (Plotly lays a chart out again after it appears and after the window changes size)."""
    settle(page, timeout)
    page.evaluate("() => { window.__plotSign = null; }")
    page.wait_for_function(STEADY, arg=quiet_ms, timeout=timeout, polling=100)


def new_page(browser, url: str, width: str = "desktop", *, height: int | None = None, **context):
    """A fresh browser profile (no cookies, Thai locale unless told) opening ``url``."""
    w, h = WIDTHS[width]
    context.setdefault("locale", "th-TH")
    page = browser.new_context(viewport={"width": w, "height": height or h}, **context).new_page()
    page.goto(url)
    return page


def open_chart_page(browser, url: str, width: str = "desktop", **context):
    """``new_page`` that waits for the first chart and for the run to end."""
    page = new_page(browser, url, width, **context)
    page.wait_for_selector(CHART, timeout=120_000)
    settle(page)
    return page


def shot(page, name: str, whole: bool = False) -> None:
    """A screenshot in tests/artifacts/ (``whole``: the full height of the page, not the viewport)."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=whole)


def click_until(page, x: float, y: float, reached, timeout: float = 120_000, tries: int = 2) -> None:
    """Click at (x, y) until ``reached()`` holds: under load the first click can land before Plotly
    has bound its handlers. ``reached`` waits itself (e.g. ``page.wait_for_url``) and raises if not."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for attempt in range(tries):
        page.mouse.click(x, y)
        try:
            reached(timeout / tries)
            return
        except (PlaywrightTimeout, AssertionError):
            if attempt == tries - 1:
                raise
            settle(page)


def download_on_click(page, button, timeout: float = 120_000):
    """Click ``button`` once, after the page has settled, and return the download it starts. The
    app sends a download's file with the page (no file made on click), so one click is enough."""
    settle(page)
    with page.expect_download(timeout=timeout) as download:
        button.click(timeout=timeout)
    return download.value


def local_name(page, name: str = "เบราว์เซอร์") -> None:
    """With local editing, give the name the history records (asked in the sidebar) once."""
    from playwright.sync_api import expect

    from moral_metrics.reference.i18n import t

    settle(page)  # the sidebar drawn whole: the field is there with local editing, and only then
    field = page.locator("[data-testid=stSidebar]").get_by_label(t("auth.your_name_history", "th"), exact=True)
    if field.count() and not field.input_value():
        field.fill(name)
        field.press("Enter")
        expect(field).to_have_value(name)
        settle(page)


def publish_through(page, tmp_path: Path, rows: list, name: str) -> None:
    """Upload one tracker on the Data page and publish it (texts from the translation table)."""
    from builders import simple_long
    from playwright.sync_api import expect

    from moral_metrics.reference.i18n import t

    path = tmp_path / f"{name}.xlsx"
    simple_long(rows, {"ขอนแก่น": 2565}).save(path)
    expect(page.get_by_role("heading", name=t("page.data", "th"), exact=True)).to_be_visible(timeout=60_000)
    local_name(page)
    page.locator("input[type=file]").set_input_files(str(path))
    button = page.get_by_role("button", name=t("data.publish_all", "th", count=1))
    expect(button).to_be_enabled(timeout=120_000)
    settle(page)  # a rerun in progress shows the old and the new form at once
    form = page.get_by_test_id("stForm").filter(has=button).last
    form.get_by_role("button", name=t("data.publish_all", "th", count=1)).click()
    expect(page.get_by_text(t("data.published", "th", version=2))).to_be_visible(timeout=120_000)
