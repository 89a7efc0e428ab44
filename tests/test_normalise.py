"""Cell values as people type them: numbers, yes/no, years, and comparison keys."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from moral_metrics.parse.normalise import (
    BLANK,
    YearCell,
    is_blank,
    parse_number,
    parse_year,
    parse_yes_no,
)
from moral_metrics.reference.vocabulary import _groups, clean_text, is_word, key, prefixes, thai_digits, words

TO_THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
SPACES = " \t\n\r\u00a0\u2000\u2009\u200a\u202f\u205f\u3000"
THAI_LETTERS = "กขคงจฉชซญดตถทนบปผพฟภมยรลวศสหอฮะาิีึืุูเแโใไ่้๊๋็์ๆ"
LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
SAFE_INTEGERS = st.integers(min_value=-(2**53), max_value=2**53)


def thai(text: str) -> str:
    return text.translate(TO_THAI)


def value(parsed):
    assert parsed.ok, parsed
    return parsed.value


# --- numbers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0", 0.0),
        ("๐", 0.0),
        ("12", 12.0),
        (" 12 ", 12.0),
        ("๑๒", 12.0),
        ("1,250", 1250.0),
        ("๑,๒๕๐", 1250.0),
        ("1,234,567", 1234567.0),
        ("1,250.5", 1250.5),
        ("๑,๒๕๐.๕", 1250.5),
        ("3.", 3.0),
        (".5", 0.5),
        ("+5", 5.0),
        ("-5", -5.0),
        ("-๑๒", -12.0),
        ("12\u00a0", 12.0),
        ("\ufeff12", 12.0),
        ("1\u200b250", 1250.0),
        ("1 250", 1250.0),
    ],
)
def test_parse_number_text(text: str, expected: float) -> None:
    assert value(parse_number(text)) == expected


@pytest.mark.parametrize("raw", [0, 0.0, 7, 2.5, -3])
def test_parse_number_passes_numbers(raw: float) -> None:
    assert value(parse_number(raw)) == float(raw)


@pytest.mark.parametrize(
    "blank",
    [None, float("nan"), "", " ", "\t\n", "\u00a0", "\u200b", "\u200b \u00a0\ufeff", "-", "n/a", "N/A", "ไม่มีข้อมูล"],
)
def test_parse_number_of_blank_is_missing_not_zero(blank: object) -> None:
    parsed = parse_number(blank)
    assert parsed == BLANK
    assert parsed.ok and parsed.value is None


@given(st.text(alphabet=SPACES + ZERO_WIDTH, max_size=20))
def test_parse_number_of_any_whitespace_is_missing(text: str) -> None:
    assert is_blank(text)
    parsed = parse_number(text)
    assert parsed.ok and parsed.value is None


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [("10,000.-บาท", "10000"), ("12abc", "12"), ("ประมาณ ๒๐ คน", "20"), ("abc", None), ("1-2 3-4", None)],
)
def test_parse_number_refuses_text_with_a_suggestion(text: str, suggestion: str | None) -> None:
    parsed = parse_number(text)
    assert parsed.problem == "text"
    assert parsed.value is None
    assert parsed.suggestion == suggestion


@pytest.mark.parametrize("text", ["12,34", "1,2,3", "1.234,5", "1e", "--5", "5-"])
def test_badly_grouped_or_malformed_numbers_are_refused(text: str) -> None:
    """Not silently 1234 or 12.34: a misplaced separator is a question for the user."""
    parsed = parse_number(text)
    assert parsed.problem == "text"
    assert parsed.value is None


@pytest.mark.parametrize("raw", [True, False, dt.date(2021, 1, 1), dt.datetime(2021, 1, 1), dt.time(12, 0)])
def test_parse_number_refuses_booleans_and_dates(raw: object) -> None:
    assert parse_number(raw).problem == "text"


@given(SAFE_INTEGERS)
def test_thai_digits_parse_like_arabic_digits(n: int) -> None:
    assert value(parse_number(thai(str(n)))) == value(parse_number(str(n))) == n


@given(st.integers(min_value=0, max_value=2**53))
def test_thousands_separators(n: int) -> None:
    assert value(parse_number(f"{n:,}")) == n
    assert value(parse_number(thai(f"{n:,}"))) == n
    assert value(parse_number(f"-{n:,}")) == -n


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=99))
def test_thousands_separators_with_decimals(whole: int, cents: int) -> None:
    text = f"{whole:,}.{cents:02d}"
    assert value(parse_number(text)) == float(f"{whole}.{cents:02d}")


@given(st.floats(min_value=0, allow_nan=False, allow_infinity=False))
@example(0.5)
@example(1e-05)  # str() writes it as "1e-05"
@example(1e16)  # str() writes it as "1e+16"
def test_float_text_round_trips(x: float) -> None:
    assert value(parse_number(str(x))) == x


@given(st.integers(min_value=0, max_value=2**53))
def test_int_text_round_trips(n: int) -> None:
    assert value(parse_number(str(n))) == n


# --- yes / no ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("มี", 1.0),
        ("ไม่มี", 0.0),
        ("ใช่", 1.0),
        ("ไม่ใช่", 0.0),
        ("yes", 1.0),
        ("no", 0.0),
        ("Yes", 1.0),
        ("NO", 0.0),
        ("y", 1.0),
        ("n", 0.0),
        ("✓", 1.0),
        ("✔", 1.0),
        ("✗", 0.0),
        ("True", 1.0),
        ("False", 0.0),
        ("TRUE", 1.0),
        ("false", 0.0),
        (True, 1.0),
        (False, 0.0),
        (1, 1.0),
        (0, 0.0),
        (1.0, 1.0),
        ("1", 1.0),
        ("0", 0.0),
        ("๑", 1.0),
        ("๐", 0.0),
        ("  มี ", 1.0),
        ("\u200bไม่มี\u00a0", 0.0),
        ("ผ่าน", 1.0),
        ("ไม่ผ่าน", 0.0),
    ],
)
def test_yes_no_words(raw: object, expected: float) -> None:
    assert value(parse_yes_no(raw)) == expected


@pytest.mark.parametrize("raw", ["maybe", "2", 2, 0.5, "ไม่แน่ใจ", dt.date(2021, 1, 1)])
def test_yes_no_refuses_other_answers(raw: object) -> None:
    parsed = parse_yes_no(raw)
    assert parsed.problem == "yesno"
    assert parsed.value is None


@pytest.mark.parametrize("blank", [None, "", "  ", "\u200b", "-", "ไม่มีข้อมูล"])
def test_yes_no_blank_is_missing(blank: object) -> None:
    assert parse_yes_no(blank) == BLANK


def test_yes_and_no_vocabularies_do_not_overlap() -> None:
    assert words("yes") and words("no")
    assert not words("yes") & words("no")
    assert not (words("yes") | words("no")) & words("blank")


# --- years -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "hint", "expected"),
    [
        ("2564", "year", YearCell(fiscal=2564)),
        (2564, "year", YearCell(fiscal=2564)),
        (2564.0, "year", YearCell(fiscal=2564)),
        ("๒๕๖๔", "year", YearCell(fiscal=2564)),
        ("พ.ศ. ๒๕๖๔", "year", YearCell(fiscal=2564)),
        ("พ.ศ.2564", "year", YearCell(fiscal=2564)),
        ("ปีงบประมาณ 2564", "year", YearCell(fiscal=2564)),
        ("ปีงบประมาณ พ.ศ. 2564", "year", YearCell(fiscal=2564)),
        ("B.E. 2564", "year", YearCell(fiscal=2564)),
        ("FY2021", "year", YearCell(fiscal=2564)),
        ("FY 2021", "year", YearCell(fiscal=2564)),
        ("ค.ศ. 2021", "year", YearCell(fiscal=2564)),
        ("2021", "year", YearCell(fiscal=2564)),
        (2021, "fiscal_year", YearCell(fiscal=2564)),
        ("ปีที่ ๒", "year", YearCell(program=2)),
        ("ปีที่ 2", "year", YearCell(program=2)),
        ("Year 2", "year", YearCell(program=2)),
        ("year2", "year", YearCell(program=2)),
        ("2", "year", YearCell(program=2)),
        ("๒", "program_year", YearCell(program=2)),
        (2, "year", YearCell(program=2)),
        (2.0, "program_year", YearCell(program=2)),
        ("ปีที่ 2 (2564)", "year", YearCell(program=2, fiscal=2564)),
        ("ปีที่ ๒ (พ.ศ. ๒๕๖๔)", "year", YearCell(program=2, fiscal=2564)),
    ],
)
def test_parse_year(raw: object, hint: str, expected: YearCell) -> None:
    assert value(parse_year(raw, hint)) == expected


@pytest.mark.parametrize(
    ("raw", "suggestion"),
    [("64", 2564), (64, 2564), ("ปีงบ 64", 2564), ("พ.ศ. 65", 2565), ("FY21", 2564), ("FY64", 2564)],
)
def test_two_digit_fiscal_year_is_only_a_suggestion(raw: object, suggestion: int) -> None:
    parsed = parse_year(raw, "fiscal_year")
    assert parsed.problem == "fiscal"
    assert parsed.value is None
    assert parsed.suggestion == suggestion


@pytest.mark.parametrize(
    ("date", "fiscal"),
    [
        (dt.datetime(2021, 3, 1), 2564),
        (dt.datetime(2021, 9, 30, 23, 59), 2564),
        (dt.datetime(2021, 10, 1), 2565),  # the Thai fiscal year starts on 1 October
        (dt.date(2020, 12, 31), 2564),
    ],
)
def test_date_in_a_year_cell_is_refused_with_its_fiscal_year(date: dt.date, fiscal: int) -> None:
    parsed = parse_year(date)
    assert parsed.problem == "text"
    assert parsed.value is None
    assert parsed.suggestion == fiscal


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_any_date_suggests_its_thai_fiscal_year(date: dt.date) -> None:
    expected = date.year + 543 + (1 if date.month >= 10 else 0)
    assert parse_year(date).suggestion == expected


@given(st.integers(min_value=1000, max_value=9999))
def test_year_in_thai_digits_reads_like_arabic(n: int) -> None:
    assert parse_year(thai(str(n))) == parse_year(str(n)) == parse_year(n)


@given(st.integers(min_value=1, max_value=99))
def test_programme_year_in_thai_digits_reads_like_arabic(n: int) -> None:
    expected = YearCell(program=n)
    assert value(parse_year(thai(f"ปีที่ {n}"))) == expected
    assert value(parse_year(f"Year {n}")) == expected
    assert value(parse_year(n, "program_year")) == expected


@pytest.mark.parametrize("blank", [None, "", "  ", "\u200b", "-"])
def test_blank_year_is_missing(blank: object) -> None:
    assert parse_year(blank) == BLANK


@pytest.mark.parametrize("raw", ["ปีหน้า", "abc", True, dt.time(1, 2), 2.5, "2564-2565 และ 2566"])
def test_unreadable_years_are_refused(raw: object) -> None:
    parsed = parse_year(raw)
    assert parsed.problem is not None
    assert parsed.value is None


def test_text_year_with_a_decimal_point_reads_like_the_number() -> None:
    """A year typed as "1.0" is programme year 1 (as the number 1.0 is), never year 10."""
    assert parse_year("1.0") == parse_year(1.0) == parse_year(1.0, "year")
    assert value(parse_year("1.0")) == YearCell(program=1)


@pytest.mark.parametrize("raw", ["2.5", "0.5", "ปีที่ 1.5", "1-2", "ปีที่ 2-3"])
def test_fractional_or_range_years_are_refused_not_glued(raw: str) -> None:
    """Dropping the dot or dash would turn "2.5" into year 25 and "1-2" into year 12."""
    parsed = parse_year(raw)
    assert parsed.problem is not None, f"{raw!r} was read as {parsed.value}"


# --- comparison keys and clean text --------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Chiang Rai", "chiangrai"),
        ("Chiang\u00a0Rai", "CHIANG  RAI"),
        ("Chiang\u200bRai", "Chiang Rai"),
        ("ค่าเป้\nาหมาย", "ค่าเป้าหมาย"),
        ("ปีที่ ๒", "ปีที่2"),
        ("Nong-Khai", "nong khai"),
        ("จ. เชียงราย", "จ.เชียงราย"),
    ],
)
def test_key_equal_pairs(a: str, b: str) -> None:
    assert key(a) == key(b)


@given(st.text())
def test_key_is_idempotent(text: str) -> None:
    assert key(key(text)) == key(text)


@given(st.text(), st.data())
def test_key_ignores_zero_width_characters(text: str, data: st.DataObject) -> None:
    at = data.draw(st.integers(0, len(text)), label="at")
    junk = data.draw(st.text(alphabet=ZERO_WIDTH, min_size=1, max_size=3), label="junk")
    assert key(text[:at] + junk + text[at:]) == key(text)


@given(st.text(), st.data())
def test_key_ignores_inner_whitespace_of_any_kind(text: str, data: st.DataObject) -> None:
    at = data.draw(st.integers(0, len(text)), label="at")
    space = data.draw(st.text(alphabet=SPACES, min_size=1, max_size=3), label="space")
    assert key(text[:at] + space + text[at:]) == key(text)
    assert key(text.replace(" ", "\u00a0")) == key(text)


@given(st.text(alphabet=LATIN + THAI_LETTERS + "0123456789๐๑๒๓๔๕๖๗๘๙ "))
def test_key_ignores_case(text: str) -> None:
    assert key(text.upper()) == key(text.lower()) == key(text)


@given(st.text(alphabet="0123456789"))
def test_key_reads_thai_digits_as_arabic(digits: str) -> None:
    assert key(thai(digits)) == key(digits) == digits
    assert thai_digits(thai(digits)) == digits


@given(st.text())
def test_clean_text_is_idempotent_and_trimmed(text: str) -> None:
    cleaned = clean_text(text)
    assert clean_text(cleaned) == cleaned
    assert cleaned == cleaned.strip()
    assert "  " not in cleaned
    assert not set(cleaned) & set(ZERO_WIDTH + "\u00a0\n\t")


def test_prefixes_are_longest_first() -> None:
    for group in ("fiscal_be_prefix", "fiscal_ce_prefix", "program_prefix"):
        found = prefixes(group)
        assert found
        assert [len(p) for p in found] == sorted((len(p) for p in found), reverse=True)


def test_unknown_vocabulary_group_is_empty() -> None:
    assert words("no-such-group") == frozenset()


@pytest.mark.parametrize(
    ("raw", "cell", "number"),
    [
        (3.0, "3", "3"),
        (2.5, "2.5", "2.5"),
        (1250.0, "1250", "1,250"),
        (7, "7", "7"),
        (None, None, "–"),
        ("", None, None),
    ],
)
def test_cell_and_number_text(raw: object, cell: str | None, number: str | None) -> None:
    from moral_metrics.reference.formats import cell_text, number_text

    assert cell_text(raw) == cell
    if number is not None:
        assert number_text(raw) == number


_TEXT = st.text(alphabet=st.sampled_from("รวมยอดไม่ระบุna/-–— 0123456789๐๑๒๓๔๕\u200b\u00adTotalSUM"), max_size=14)


@given(_TEXT)
@example("รวม")
@example(" ร\u200bวม ")
@example("ไม่ระบุ")
@example("n/a")
@example("-")
@example("รวม ๑")
def test_word_lookups_take_shortcuts_without_changing_an_answer(text: str) -> None:
    """Issue 14: digits and zero-width characters are looked for before anything is translated,
    and text with a digit skips the key of a group that has no digit; the answers are the slow ones."""
    assert thai_digits(text) == text.translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789"))
    assert "\u200b" not in clean_text(text) and "\u00ad" not in key(text)
    for group in _groups():
        assert is_word(text, group) == (key(text) in words(group)), group
