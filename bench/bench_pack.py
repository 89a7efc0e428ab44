"""Benchmark the Export page's pack of the sample tracker: what "Build" makes, step by step.

The pack is the deck (3 provinces, years 1-3), its PDF through LibreOffice when installed, and
the charts ZIP (PNG of every briefing chart; SVG too when asked, timed apart as
"total_with_svg"). The image renderer is started once and
kept warm, as the Export page does when it opens (``images.warm``), so the timed runs measure
what a user waits for after pressing the button. Goal: the whole pack in < 6 s.

Usage: .venv/bin/python bench/bench_pack.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GOAL = 6.0


def timed(step) -> tuple[float, object]:
    started = time.perf_counter()
    result = step()
    return time.perf_counter() - started, result


def one_pack(tracker, codes: list[str], years: range) -> dict[str, float]:
    """Each step alone, then the whole pack as the Export page builds it (PDF beside the charts)."""
    from moral_metrics.briefing import images, office
    from moral_metrics.briefing.export import briefing, build_pack, charts_zip

    took: dict[str, float] = {}
    took["deck"], deck = timed(lambda: briefing(tracker, codes, years, "th", source="sample_tracker.xlsx (v1)"))
    if office.soffice_path() is not None:
        took["pdf"], _ = timed(lambda: office.pptx_to_pdf(deck))
    if images.available():
        took["charts_zip"], _ = timed(lambda: charts_zip(tracker, codes, years, "th", ("png",)))
    took["total"], (_, failed) = timed(lambda: build_pack(tracker, codes, years, "th", "sample_tracker.xlsx (v1)"))
    assert not failed, failed
    both = ("png", "svg")
    took["total_with_svg"], _ = timed(lambda: build_pack(tracker, codes, years, "th", "v1", formats=both))
    return took


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs

    from moral_metrics import load_tracker
    from moral_metrics.briefing import images
    from moral_metrics.figures import text
    from moral_metrics.reference.sample import sample_bytes

    tracker = load_tracker(sample_bytes()).tracker
    codes, years = tracker.province_codes, range(1, 4)
    cold, _ = timed(lambda: images.available() and images.render(__import__("plotly").graph_objects.Figure()))
    segmenter, _ = timed(lambda: text.words("อุ่นเครื่อง"))
    print(f"renderer start (once per process): {cold:.2f} s; Thai segmenter load: {segmenter:.2f} s")
    results = [one_pack(tracker, codes, years) for _ in range(runs)]
    for step in results[0]:
        values = [r[step] for r in results]
        print(f"{step:>11}: median {statistics.median(values):.2f} s  (runs: {', '.join(f'{v:.2f}' for v in values)})")
    total = statistics.median(r["total"] for r in results)
    print(f"pack of the sample: {total:.2f} s, goal < {GOAL:.0f} s: {'met' if total < GOAL else 'NOT met'}")
    images.stop()
    return 0 if total < GOAL else 1


if __name__ == "__main__":
    raise SystemExit(main())
