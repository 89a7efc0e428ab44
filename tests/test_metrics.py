"""Achievement, area scores, overall and status bands, computed from trackers."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest
from builders import simple_long, to_bytes

from moral_metrics import load_tracker
from moral_metrics.metrics.scores import status
from moral_metrics.reference.settings import settings

START = {"เชียงราย": 2563}


def summary_of(rows):
    result = load_tracker(to_bytes(simple_long(rows, START)))
    assert result.ok, [(m.code, m.cell) for m in result.errors]
    return result.tracker, result.tracker.summary.set_index(["program_year", "area"])


def test_area_score_is_the_mean_of_capped_achievements() -> None:
    tracker, summary = summary_of(
        [
            ["เชียงราย", 1, "networks", 10, 13],  # 1.3 -> capped 1.0
            ["เชียงราย", 1, "organizations", 200, 100],  # 0.5
            ["เชียงราย", 1, "model_units", 40, 30],  # 0.75
        ]
    )
    achievements = tracker.records.set_index("indicator")["achievement"]
    assert achievements["networks"] == pytest.approx(1.3)
    assert summary.loc[(1, "sector_drive"), "score"] == pytest.approx((1.0 + 0.5 + 0.75) / 3)
    assert summary.loc[(1, "sector_drive"), "status"] == "on_track"


def test_overall_is_the_mean_of_reported_areas_and_a_partial_year_is_incomplete() -> None:
    _, summary = summary_of(
        [
            ["เชียงราย", 1, "networks", 10, 10],  # sector_drive 1.0
            ["เชียงราย", 1, "strategy_stage", 3, 1],  # strategy 1/3
            ["เชียงราย", 1, "monitoring_mechanism", "มี", "ไม่มี"],  # mechanisms 0
        ]
    )
    assert summary.loc[(1, "overall"), "score"] == pytest.approx((1 + 1 / 3 + 0) / 3)
    assert summary.loc[(1, "overall"), "status"] == "incomplete"
    assert summary.loc[(1, "overall"), ["areas_reported", "areas_total"]].tolist() == [3, 5]
    assert summary.loc[(1, "sector_drive"), ["areas_reported", "areas_total"]].tolist() == [1, 1]
    assert summary.loc[(1, "knowledge_tools"), "status"] == "no_data"
    assert pd.isna(summary.loc[(1, "knowledge_tools"), "score"])


def test_yes_no_scores_against_an_implicit_target_of_one() -> None:
    tracker, summary = summary_of([["เชียงราย", 2, "monitoring_mechanism", None, "✓"]])
    assert tracker.records.loc[0, "achievement"] == 1.0
    assert summary.loc[(2, "mechanisms"), "status"] == "achieved"


@pytest.mark.parametrize(("target", "actual"), [(None, 5), (0, 5), (5, None)])
def test_no_target_zero_target_or_no_actual_is_no_data_never_zero(target, actual) -> None:
    tracker, summary = summary_of([["เชียงราย", 1, "networks", target, actual]])
    assert pd.isna(tracker.records.loc[0, "achievement"])
    assert summary.loc[(1, "sector_drive"), "status"] == "no_data"


def test_zero_actual_against_a_target_is_zero_not_missing() -> None:
    tracker, summary = summary_of([["เชียงราย", 1, "networks", 5, 0]])
    assert tracker.records.loc[0, "achievement"] == 0.0
    assert summary.loc[(1, "sector_drive"), "status"] == "behind"


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (1.0, "achieved"),
        (0.99, "on_track"),
        (0.75, "on_track"),
        (0.74, "at_risk"),
        (0.5, "at_risk"),
        (0.49, "behind"),
        (None, "no_data"),
    ],
)
def test_status_bands(score, band) -> None:
    assert status(pd.Series([score], dtype=float), settings().status).tolist() == [band]


def test_bands_are_configurable() -> None:
    strict = dataclasses.replace(settings().status, on_track=0.9)
    assert status(pd.Series([0.8]), strict).tolist() == ["at_risk"]


def test_bands_come_from_the_environment(monkeypatch) -> None:
    from moral_metrics.reference import settings as config

    monkeypatch.setenv("MORAL_METRICS_STATUS_ON_TRACK", "0.9")
    config.settings.cache_clear()
    try:
        assert config.settings().status.on_track == 0.9
    finally:
        config.settings.cache_clear()


def test_sample_year_four_is_incomplete_not_achieved_and_silent_provinces_are_not_reported() -> None:
    """Issue 12: Chiang Rai's year 4 has 2 of 5 areas; the others did not report year 4."""
    from moral_metrics.metrics.scores import year_status
    from moral_metrics.reference.sample import sample_bytes

    tracker = load_tracker(sample_bytes()).tracker
    year4 = year_status(tracker.summary, tracker.provinces, tracker.records, 4).set_index("province_code")
    assert year4.loc["TH-57", ["status", "areas_reported", "areas_total"]].tolist() == ["incomplete", 2, 5]
    assert year4.loc[["TH-84", "TH-41"], "status"].tolist() == ["no_data", "no_data"]
    provinces = tracker.provinces.assign(start_year=[2563, 2564, 2563])  # Surat Thani a year later
    later = year_status(tracker.summary, provinces, tracker.records, 4).set_index("province_code")
    assert later.loc["TH-84", "status"] == "not_started"
    assert later.loc["TH-41", "status"] == "no_data"


def test_only_provinces_past_a_due_date_are_overdue() -> None:
    """Issue 24: a fiscal year under way, or whose due date is ahead, is nobody's fault yet."""
    import datetime as dt

    import pandas as pd

    from moral_metrics.figures.submissions import overdue_table
    from moral_metrics.metrics.reporting import completeness, overdue
    from moral_metrics.reference.i18n import t
    from moral_metrics.reference.sample import sample_bytes

    tracker = load_tracker(sample_bytes()).tracker  # three provinces with years 1-3 (Chiang Rai 1-4)
    empty = pd.DataFrame(columns=["dataset", "province_code", "period", "submitted_at"])
    table = completeness(tracker, empty, pd.DataFrame(), dt.date(2023, 10, 1))  # FY 2567 begins
    assert overdue(table, dt.date(2023, 12, 1)).empty  # FY 2566 ended; due 29 December, not yet passed
    later = overdue(table, dt.date(2024, 1, 15))  # every province's year 4 (FY 2566) short: 3, never 77
    assert later[["province_code", "program_years", "fiscal_years"]].values.tolist() == [
        ["TH-41", [4], [2566]],
        ["TH-57", [4], [2566]],  # partial: two of five areas
        ["TH-84", [4], [2566]],
    ]
    assert set(later["due_since"]) == {dt.date(2023, 12, 29)}
    last = pd.DataFrame({"province_code": ["TH-84"], "last_published_at": [pd.Timestamp("2024-01-02", tz="UTC")]})
    shown = overdue_table(later, last, "en")
    never = shown.set_index(t("col.province", "en")).loc["Udon Thani", t("completeness.col_last_at", "en")]
    assert never == t("completeness.never", "en")
