"""Chart images (PNG, SVG, PDF) through kaleido 1.x driving a system Chromium.

One long-lived renderer per process: a browser per image costs seconds, a warm one a fraction
of one. It is not thread-safe (Streamlit runs each session in its own thread, and concurrent calls
came back as each other's images), so every call holds one lock. kaleido's own sync server waits
for an answer without limit, and under load a lost tab left a session (and the lock) waiting for
ever; here each call has a deadline, after which the renderer is replaced and the user told.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import os
import shutil
import threading
from collections.abc import Callable, Coroutine
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio

from moral_metrics.briefing.fonts import fontconfig_file
from moral_metrics.reference.messages import Refusal

FORMATS = ("png", "svg", "pdf")
TABS = 2
START_SECONDS = 90  # the browser's start on a busy machine
RENDER_SECONDS = 180  # one call (at most a few charts): longer is stuck, not slow
log = logging.getLogger(__name__)
_LOCK = threading.Lock()


class ExportUnavailable(Refusal):
    """No Chromium to render with; the message says how to install one."""

    def __init__(self) -> None:
        super().__init__("export_unavailable", "images", hint=HINT)


class RenderFailed(Refusal):
    """The renderer gave no answer in time; the next call starts a new one."""

    def __init__(self) -> None:
        super().__init__("export_failed", "images")


HINT = "apt-get install chromium  (BROWSER_PATH=...)"


def chromium_path() -> str | None:
    for candidate in (os.environ.get("BROWSER_PATH"), "chromium", "chromium-browser", "google-chrome"):
        if candidate and (found := shutil.which(candidate)):
            return found
    return None


def available() -> bool:
    return chromium_path() is not None


class _Renderer:
    """One kaleido (a Chromium with ``TABS`` tabs) on an event loop in a thread of its own."""

    def __init__(self, path: str) -> None:
        self._loop = asyncio.new_event_loop()
        threading.Thread(target=self._loop.run_forever, daemon=True, name="kaleido").start()
        try:
            self.kaleido = self.call(self._open(path), START_SECONDS)
        except BaseException:
            self._loop.call_soon_threadsafe(self._loop.stop)
            raise

    @staticmethod
    async def _open(path: str) -> Any:
        import kaleido

        opened = kaleido.Kaleido(n=TABS, mathjax=False, path=path)
        await opened.open()
        return opened

    def call(self, work: Coroutine[Any, Any, Any], seconds: float) -> Any:
        future = asyncio.run_coroutine_threadsafe(work, self._loop)
        try:
            return future.result(timeout=seconds)
        except concurrent.futures.TimeoutError:
            future.cancel()
            raise RenderFailed() from None

    def close(self) -> None:
        try:
            self.call(self.kaleido.close(), 30)
        except (RenderFailed, RuntimeError, OSError):  # stuck or gone: its loop is stopped all the same
            log.exception("the chart renderer did not close")
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)


_renderer: _Renderer | None = None


def _ready() -> _Renderer:
    """The warm renderer, started when there is none (the caller holds ``_LOCK``)."""
    global _renderer
    if _renderer is None:
        path = chromium_path()
        if path is None:
            raise ExportUnavailable()
        os.environ["FONTCONFIG_FILE"] = str(fontconfig_file())  # inherited by the browser it starts
        pio.defaults.headers = None  # plotly 7 warns on every call otherwise
        _renderer = _Renderer(path)
    return _renderer


def draw(work: Callable[[Any], Coroutine[Any, Any, Any]], seconds: float | None = None) -> Any:
    """``work(kaleido)`` on the warm renderer, answered within ``seconds`` (``RENDER_SECONDS``) or
    ``RenderFailed``, and the renderer replaced: one stuck call never holds every later one."""
    global _renderer
    with _LOCK:
        renderer = _ready()
        try:
            return renderer.call(work(renderer.kaleido), seconds or RENDER_SECONDS)
        except RenderFailed:
            log.warning("the chart renderer gave no answer in %s s; starting a new one", seconds or RENDER_SECONDS)
            renderer.close()
            _renderer = None
            raise


def render(
    fig: go.Figure, fmt: str = "png", *, width: int = 1280, height: int | None = None, scale: float = 2
) -> bytes:
    """The figure as an image file's bytes; ``height`` defaults to the figure's own."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    opts = {"format": fmt, "width": width, "height": height or int(fig.layout.height or 600), "scale": scale}
    return draw(lambda kaleido: kaleido.calc_fig(fig, opts=opts))


def render_many(jobs: list[tuple[go.Figure, str]], *, width: int = 1280, scale: float = 2) -> list[bytes]:
    """Several (figure, format) images in one call to the warm renderer, drawn ``TABS`` at a time
    (one call, so the renderer's lock is taken once and no answer can go to another caller)."""
    import tempfile
    from pathlib import Path

    if any(fmt not in FORMATS for _, fmt in jobs):
        raise ValueError([fmt for _, fmt in jobs])
    with tempfile.TemporaryDirectory(prefix="charts-") as folder:
        paths = [Path(folder) / f"{n}.{fmt}" for n, (_, fmt) in enumerate(jobs)]
        specs = [
            {
                "fig": fig,
                "path": str(path),
                "opts": {"format": fmt, "width": width, "height": int(fig.layout.height or 600), "scale": scale},
            }
            for (fig, fmt), path in zip(jobs, paths, strict=True)
        ]
        draw(lambda kaleido: kaleido.write_fig_from_object(specs, cancel_on_error=True))
        return [path.read_bytes() for path in paths]


def warm() -> None:
    """Start the renderer now, in the background (a page that will need it soon), so that the
    first image is quick; every later image reuses the same warm renderer."""
    if _renderer is not None or not available():
        return

    def start() -> None:
        with _LOCK:
            try:
                _ready()
            except (Refusal, RuntimeError, OSError):  # the first image says so to its user
                log.exception("the chart renderer did not start")

    threading.Thread(target=start, daemon=True, name="kaleido-warm").start()


def stop() -> None:
    global _renderer
    with _LOCK:
        if _renderer is not None:
            _renderer.close()
            _renderer = None
