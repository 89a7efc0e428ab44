"""Moral Metrics: the domain core of the moral-province tracker.

Reads, normalises, validates and scores Excel trackers. Nothing here imports Streamlit;
the pages in ``pages/`` only show what this package computes.
"""

from moral_metrics.pipeline import LoadResult, Tracker, load_tracker, load_tracker_file

__all__ = ["LoadResult", "Tracker", "load_tracker", "load_tracker_file"]
