"""Dates in every form Thai staff write them (parse.dates), and a date's fiscal year."""

from __future__ import annotations

import datetime as dt

import pytest

from moral_metrics.parse.dates import month_words, parse_date
from moral_metrics.reference.calendar import DateProblem, fiscal_year, past_day

JAN_15 = dt.date(2023, 1, 15)


@pytest.mark.parametrize(
    "written",
    [
        "15/1/2566",
        "15/01/2566",
        "๑๕/๐๑/๒๕๖๖",
        "15.1.2566",
        "15-1-2566",
        "15 ม.ค. 2566",
        "15 ม.ค.2566",
        "15 มค 2566",
        "15 มกราคม 2566",
        "๑๕ มกราคม ๒๕๖๖",
        "15 มกราคม พ.ศ. 2566",
        "2023-01-15",
        "15/1/2023",
        "15 Jan 2023",
        "15 January 2023",
        "\u200b 15  ม.ค.  2566 ",
        dt.date(2023, 1, 15),
        dt.datetime(2023, 1, 15, 0, 0),
    ],
)
def test_every_written_form_reads_as_the_same_day(written: object) -> None:
    read = parse_date(written)
    assert read.ok and read.value == JAN_15 and not read.shifted


@pytest.mark.parametrize("written", ["15 ม.ค. 66", "15/1/66", "15 มกราคม ๖๖"])
def test_a_two_digit_year_is_an_error_suggesting_four_digits(written: str) -> None:
    read = parse_date(written)
    assert read.problem == "two_digit" and read.suggestion == 2566 and read.value is None


def test_a_date_cell_with_a_buddhist_era_year_is_read_as_be_and_marked() -> None:
    read = parse_date(dt.datetime(2566, 1, 15))
    assert read.ok and read.value == JAN_15 and read.shifted


def test_a_be_date_cell_that_is_no_day_in_the_common_era_is_unreadable() -> None:
    read = parse_date(dt.date(2568, 2, 29))  # 2568 is a leap year, 2025 is not
    assert read.problem == "text" and not read.shifted


@pytest.mark.parametrize("written", ["32/1/2566", "15/13/2566", "15 มกรา 2566", "พรุ่งนี้", "15/1/1500", 45000, True])
def test_what_is_no_date_is_refused(written: object) -> None:
    assert parse_date(written).problem == "text"


@pytest.mark.parametrize("blank", [None, "", "  ", "-"])
def test_a_blank_cell_is_no_date_and_no_problem(blank: object) -> None:
    read = parse_date(blank)
    assert read.ok and read.value is None


@pytest.mark.parametrize(
    ("day", "year"),
    [(dt.date(2022, 10, 1), 2566), (dt.date(2023, 9, 30), 2566), (dt.date(2023, 10, 1), 2567), (JAN_15, 2566)],
)
def test_the_fiscal_year_is_the_be_year_in_which_october_to_september_ends(day: dt.date, year: int) -> None:
    assert fiscal_year(day) == year


def test_every_month_has_its_thai_name_and_abbreviation() -> None:
    words = month_words()
    assert sorted(set(words.values())) == list(range(1, 13))
    assert words["มีค"] == 3 and words["กรกฎาคม"] == 7 and words["กพ"] == 2


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        ((None, None, None), None),
        ((2023, 12, 20), dt.date(2023, 12, 20)),
        ((2566, 12, 20), dt.date(2023, 12, 20)),  # Buddhist Era past 2400
        ((2567, 2, 29), dt.date(2024, 2, 29)),  # BE 2567 is 2024, a leap year
        ((2024, 6, 1), dt.date(2024, 6, 1)),  # today itself
    ],
)
def test_past_day_reads_ce_and_be_years(parts: tuple, expected: dt.date | None) -> None:
    assert past_day(*parts, today=dt.date(2024, 6, 1)) == expected


@pytest.mark.parametrize(
    ("parts", "code"),
    [
        ((2023, None, 20), "partial"),
        ((None, None, 1), "partial"),
        ((2566, 2, 29), "no_such_day"),  # 2023 is not a leap year
        ((2023, 4, 31), "no_such_day"),
        ((2024, 6, 2), "future"),
    ],
)
def test_past_day_refuses_what_names_no_past_day(parts: tuple, code: str) -> None:
    with pytest.raises(DateProblem) as problem:
        past_day(*parts, today=dt.date(2024, 6, 1))
    assert problem.value.code == code
