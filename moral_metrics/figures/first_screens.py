"""What the pages' first screens show of a version: made before the first visitor (issue 23).

Each entry is a figure or table builder (``build(tracker, *params, lang)``) and its parameters,
as a page asks ``ui.cache.made`` for it with its default choices: the Overview's map and ranking
at every programme year (its year switch is on the first screen), the Province page's first
province, the Compare page's default provinces. ``figure_key`` is the one name both the pages
and the builder file them under.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from moral_metrics.figures.charts import area_trend, compare_area, radar
from moral_metrics.figures.map import national_map
from moral_metrics.figures.overview import ranking_ends, ranking_folded
from moral_metrics.figures.tables import compare_table, program_fiscal_years
from moral_metrics.metrics.scores import OVERALL
from moral_metrics.model import Tracker

COMPARED = 5  # provinces the Compare page starts with

Builder = Callable[..., Any]


def figure_key(build: Builder, params: tuple, language: str, view: str) -> tuple:
    """What a made figure or table is filed under, within its version and consent revision."""
    return f"{build.__module__}.{build.__qualname__}", params, language, view


def default_compared(tracker: Tracker) -> list[str]:
    return tracker.province_codes[:COMPARED]


def first_screens(tracker: Tracker) -> list[tuple[Builder, tuple]]:
    """Every builder and parameters the first screens of the pages ask for, for ``tracker``."""
    years = sorted(int(y) for y in tracker.summary["program_year"].unique())
    made: list[tuple[Builder, tuple]] = []
    for year in years:
        made += [(national_map, (year,)), (ranking_folded, (year, ranking_ends()))]
    if provinces := tracker.province_codes:
        first, compared = provinces[0], tuple(default_compared(tracker))
        made += [(program_fiscal_years, (first,)), (area_trend, (first,)), (radar, (first,))]
        made += [(compare_area, (compared, OVERALL)), (compare_table, (compared,))]
    return made
