"""Chart images (PNG, SVG, PDF) through kaleido 1.x driving a system Chromium.

One long-lived kaleido server per process: a browser per image costs seconds, the server a
fraction of one. The server is not thread-safe (Streamlit runs each session in its own thread,
and concurrent calls came back as each other's images), so every call holds one lock.
"""

from __future__ import annotations

import os
import shutil
import threading

import plotly.graph_objects as go
import plotly.io as pio

from moral_metrics.briefing.fonts import fontconfig_file
from moral_metrics.reference.messages import Refusal

FORMATS = ("png", "svg", "pdf")
TABS = 2
_LOCK = threading.Lock()
_running = False


class ExportUnavailable(Refusal):
    """No Chromium to render with; the message says how to install one."""

    def __init__(self) -> None:
        super().__init__("export_unavailable", "images", hint=HINT)


HINT = "apt-get install chromium  (BROWSER_PATH=...)"


def chromium_path() -> str | None:
    for candidate in (os.environ.get("BROWSER_PATH"), "chromium", "chromium-browser", "google-chrome"):
        if candidate and (found := shutil.which(candidate)):
            return found
    return None


def available() -> bool:
    return chromium_path() is not None


def _start() -> None:
    global _running
    if _running:
        return
    path = chromium_path()
    if path is None:
        raise ExportUnavailable()
    import kaleido

    os.environ["FONTCONFIG_FILE"] = str(fontconfig_file())  # inherited by the browser it starts
    pio.defaults.headers = None  # plotly 7 warns on every call otherwise
    # two tabs: a batch (``render_many``) draws two images at once, one per core
    kaleido.start_sync_server(n=TABS, mathjax=False, path=path, silence_warnings=True)
    _running = True


def render(
    fig: go.Figure, fmt: str = "png", *, width: int = 1280, height: int | None = None, scale: float = 2
) -> bytes:
    """The figure as an image file's bytes; ``height`` defaults to the figure's own."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    import kaleido

    height = height or int(fig.layout.height or 600)
    with _LOCK:
        _start()
        return kaleido.calc_fig_sync(fig, opts={"format": fmt, "width": width, "height": height, "scale": scale})


def render_many(jobs: list[tuple[go.Figure, str]], *, width: int = 1280, scale: float = 2) -> list[bytes]:
    """Several (figure, format) images in one call to the warm renderer, drawn ``TABS`` at a time
    (one call, so the renderer's lock is taken once and no answer can go to another caller)."""
    import tempfile
    from pathlib import Path

    import kaleido

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
        with _LOCK:
            _start()
            kaleido.write_fig_from_object_sync(specs, cancel_on_error=True)
        return [path.read_bytes() for path in paths]


def warm() -> None:
    """Start the renderer now, in the background (a page that will need it soon), so that the
    first image is quick; every later image reuses the same warm renderer."""
    if _running or not available():
        return

    def start() -> None:
        with _LOCK:
            _start()

    threading.Thread(target=start, daemon=True, name="kaleido-warm").start()


def stop() -> None:
    global _running
    with _LOCK:
        if _running:
            import kaleido

            kaleido.stop_sync_server(silence_warnings=True)
            _running = False
