"""Issue 24: the overview's first screen as an executive reads it, with many provinces.

Counts per status as chips, the provinces furthest behind and the leaders first (the middle
folded into one row, every province on request), and a score shown precisely enough that two
provinces showing the same figure never sit in different bands.
"""

from __future__ import annotations

import pytest
from builders import simple_long, to_bytes

from moral_metrics import load_tracker
from moral_metrics.figures.overview import ranking, ranking_ends, status_chips, statuses_at
from moral_metrics.metrics.scores import status_bounds
from moral_metrics.reference.catalogue import default_catalogue
from moral_metrics.reference.formats import banded_percent
from moral_metrics.reference.i18n import t
from moral_metrics.reference.provinces import province_index

COUNTS = [i.code for i in default_catalogue().indicators if i.kind == "count"][:5]


@pytest.fixture(scope="module")
def many():
    """30 provinces, year 1, all five count indicators at 10 + n of a target of 40 (25%..97.5%)."""
    provinces = province_index().provinces[:30]
    rows = [[p.name_th, 1, code, 40, 10 + n] for n, p in enumerate(provinces) for code in COUNTS]
    loaded = load_tracker(to_bytes(simple_long(rows, {p.name_th: 2565 for p in provinces})))
    assert loaded.ok, loaded.errors
    return loaded.tracker


def test_the_ranking_shows_both_ends_and_folds_the_middle(many) -> None:
    ends = ranking_ends()
    bars = ranking(many, 1, "en", ends).data[0]
    names = many.province_names("en")
    order = statuses_at(many, 1).sort_values("score")["province_code"].tolist()
    assert list(bars.y[:ends]) == [names[c] for c in order[:ends]]  # furthest behind first (on top)
    assert bars.y[ends] == t("chart.ranking_folded", "en", count=30 - 2 * ends)
    assert list(bars.y[ends + 1 :]) == [names[c] for c in order[-ends:]]
    assert bars.customdata[ends] == ""  # the folded row opens no province
    every = ranking(many, 1, "en").data[0]
    assert len(every.y) == 30 and every.y[0] == names[order[0]]


def test_chips_count_every_status_in_the_maps_colours(many) -> None:
    statuses = statuses_at(many, 1)
    chips = status_chips(statuses, "th")
    for status, count in statuses["status"].value_counts().items():
        assert f"{t(f'status.{status}', 'th')} <b>{count}</b>" in chips
    assert "<script" not in chips and all(name not in chips for name in many.province_names("th").values())


@pytest.mark.parametrize(
    ("score", "shown"),
    [(0.8167, "82%"), (0.5, "50%"), (0.4996, "49.96%"), (0.7449, "74%"), (0.7496, "74.96%"), (0.99996, "99.99%")],
)
def test_a_score_is_never_shown_across_its_band(score: float, shown: str) -> None:
    assert banded_percent(score, status_bounds()) == shown
