"""Moral Metrics: the domain core of the moral-province tracker.

Reads, normalises, validates and scores Excel trackers, keeps published versions, and makes
figures and briefings. Nothing here imports Streamlit; the pages in ``pages/`` only show what
this package computes. The folders follow the data: see ``docs/architecture.md``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["LoadResult", "Tracker", "load_tracker", "load_tracker_file"]


def __getattr__(name: str) -> Any:
    # imported on first use, so that importing one stage (say the model) does not load them all
    if name in ("LoadResult", "Tracker"):
        from moral_metrics import model

        return getattr(model, name)
    if name in ("load_tracker", "load_tracker_file"):
        from moral_metrics import pipeline

        return getattr(pipeline, name)
    raise AttributeError(name)
