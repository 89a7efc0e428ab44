"""Screenshots of every page at national scale, 1440 px and 390 px wide, in Thai and English.

The server runs on a private copy of ``bench/national.py``'s store (77 provinces, 20,000
assessments, 10,000 honourees, 5,000 events); each picture waits for the page to settle.
Pictures go to ``bench/out/screens/<page>-<lang>-<width>.png``.

Usage: .venv/bin/python bench/screens.py [--pages overview province ...] [--widths 1440 390]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "bench")]

from bench_app import SETTLED  # noqa: E402
from browser import CHROMIUM, CHROMIUM_ARGS, Server  # noqa: E402
from national import OUT, copy_of_database  # noqa: E402

PAGES = {
    "overview": "/?year=3",
    "province": "/province?province=TH-84&year=3",
    "compare": "/compare",
    "completeness": "/completeness",
    "export": "/export",
    "data": "/data",
    "fame": "/fame",
    "calendar": "/calendar",
}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", nargs="*", default=list(PAGES))
    parser.add_argument("--widths", type=int, nargs="*", default=[1440, 390])
    parser.add_argument("--langs", nargs="*", default=["th", "en"])
    parser.add_argument("--query", default="", help="extra query, e.g. 'grid=true&units=true'")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    folder = OUT / "screens"
    folder.mkdir(parents=True, exist_ok=True)
    server = Server(copy_of_database(Path(tempfile.mkdtemp(prefix="screens-"))))
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for width in args.widths:
                context = browser.new_context(viewport={"width": width, "height": 900 if width > 800 else 844})
                page = context.new_page()
                for name in args.pages:
                    for lang in args.langs:
                        path = PAGES[name]
                        query = "&".join(q for q in (f"lang={lang}", args.query) if q)
                        page.goto(f"{server.url}{path}{'&' if '?' in path else '?'}{query}")
                        page.wait_for_function(SETTLED, timeout=180_000, polling=100)
                        page.wait_for_timeout(300)  # Plotly's last relayout after settling
                        # Streamlit scrolls inside its own container: a page as tall as its content
                        tall = page.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight")
                        page.set_viewport_size({"width": width, "height": min(int(tall), 8000)})
                        page.wait_for_function(SETTLED, timeout=180_000, polling=100)
                        page.wait_for_timeout(500)
                        target = folder / f"{name}-{lang}-{width}.png"
                        page.screenshot(path=str(target), full_page=True)
                        print(target, flush=True)
                        page.set_viewport_size({"width": width, "height": 900 if width > 800 else 844})
                context.close()
            browser.close()
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
