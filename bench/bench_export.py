"""Benchmark briefing exports with the national tracker (77 provinces x 5 years).

* the deck for all 77 provinces, years 1-3, without PDF: goal < 10 s;
* 20 chart images (PNG) with a warm exporter (kaleido server already started): goal < 8 s;
  and, for reference, the first image (which starts the exporter) and the PDF conversion;
* with ``--estimate`` only: the Export page's first choice (issue 24), its pack built with a warm
  exporter against what ``briefing.plan.estimate`` told before building (the ratios should be near 1).

Usage: .venv/bin/python bench/bench_export.py [--estimate]
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_load import NATIONAL, ensure  # noqa: E402


def estimate_check(tracker) -> None:
    """Told against built, for the page's first choice, PNG and then PNG + SVG."""
    from moral_metrics.briefing import images
    from moral_metrics.briefing.export import build_pack
    from moral_metrics.briefing.plan import default_choice, estimate

    chosen, years = default_choice(tracker.province_codes), range(1, 4)
    images.render(charts_figure(tracker), "png")  # warm, as the page does when it opens
    for formats in (("png",), ("png", "svg")):
        told = estimate(tracker, chosen, years, formats=formats)
        start = time.perf_counter()
        pack, failed = build_pack(tracker, chosen, years, "th", formats=formats)
        took, size = time.perf_counter() - start, sum(len(v) for v in pack.values()) / 1e6
        print(
            f"{len(chosen)} provinces, {'+'.join(formats)}: built {took:.1f} s, {size:.1f} MB;"
            f" told {told.seconds:.1f} s, {told.megabytes:.1f} MB"
            f" (ratio {took / told.seconds:.2f} time, {size / told.megabytes:.2f} size)"
            f"{'; failed: ' + ', '.join(failed) if failed else ''}"
        )
    images.stop()


def charts_figure(tracker):
    from moral_metrics.figures.map import national_map

    return national_map(tracker, 1, "th")


def main() -> int:
    from pptx import Presentation

    from moral_metrics import load_tracker_file
    from moral_metrics.briefing import images
    from moral_metrics.briefing.deck import build_deck
    from moral_metrics.briefing.export import briefing_charts
    from moral_metrics.briefing.office import pptx_to_pdf

    ensure(NATIONAL, regenerate=False)
    tracker = load_tracker_file(NATIONAL.path).tracker
    if "--estimate" in sys.argv:
        estimate_check(tracker)
        return 0
    codes = tracker.provinces["province_code"].tolist()

    deck_times = []
    for _ in range(3):
        start = time.perf_counter()
        deck = build_deck(tracker, provinces=codes, years=range(1, 4), lang="th")
        deck_times.append(time.perf_counter() - start)
    slides = len(Presentation(io.BytesIO(deck)).slides)

    charts = list(islice(briefing_charts(tracker, codes, range(1, 4), "th"), 20))
    start = time.perf_counter()
    images.render(charts[0].build(), "png")
    first = time.perf_counter() - start
    start = time.perf_counter()
    sizes = [len(images.render(chart.build(), "png")) for chart in charts]
    twenty = time.perf_counter() - start
    images.stop()

    start = time.perf_counter()
    pdf = pptx_to_pdf(deck)
    pdf_time = time.perf_counter() - start

    deck_median = statistics.median(deck_times)
    print(
        f"deck, 77 provinces, years 1-3: {deck_median:.2f} s median of 3 ({slides} slides, {len(deck) / 1e6:.1f} MB)"
        f"  goal < 10 s: {'met' if deck_median < 10 else 'MISSED'}"
    )
    print(
        f"20 chart PNGs, warm exporter: {twenty:.2f} s ({twenty / 20:.2f} s each, {sum(sizes) / 1e6:.1f} MB)"
        f"  goal < 8 s: {'met' if twenty < 8 else 'MISSED'}"
    )
    print(f"first image, starting the exporter: {first:.2f} s")
    print(f"PDF of the 77-province deck (LibreOffice): {pdf_time:.2f} s ({len(pdf) / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
