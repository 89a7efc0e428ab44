"""The bundled sample tracker (built by scripts/make_sample.py)."""

from __future__ import annotations

from moral_metrics.reference.settings import DATA_DIR

SAMPLE_PATH = DATA_DIR / "sample_tracker.xlsx"


def sample_bytes() -> bytes:
    return SAMPLE_PATH.read_bytes()
