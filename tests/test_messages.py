"""One test per validation code: the code, the cell, the value and the suggestion."""

from __future__ import annotations

import pytest
from builders import simple_long, to_bytes
from openpyxl import Workbook

from moral_metrics import load_tracker
from moral_metrics.reference.catalogue import default_catalogue
from moral_metrics.reference.i18n import t

START = {"เชียงราย": 2563}


def run(book: Workbook):
    return load_tracker(to_bytes(book))


def only(result, code: str):
    found = [m for m in result.messages if m.code == code]
    assert found, [(m.code, m.cell, m.message_en) for m in result.messages]
    return found


def fields(message) -> tuple:
    return (message.severity, message.code, message.sheet, message.cell, message.value, message.suggestion)


def test_unknown_province_suggests_the_nearest_thai_name() -> None:
    result = run(simple_long([["เชียงรายย", 1, "networks", 5, 5]], START))
    assert not result.ok and result.tracker is None
    assert fields(only(result, "unknown_province")[0]) == (
        "error",
        "unknown_province",
        "ผล",
        "A2",
        "เชียงรายย",
        "เชียงราย",
    )


@pytest.mark.parametrize(
    "name", ["จ.เชียงราย", "จังหวัดเชียงราย", "Chiangrai", "CHIANG RAI", "TH-57", "เชียง\u200bราย ", "Chiang Rai Province"]
)
def test_province_variants_resolve(name: str) -> None:
    result = run(simple_long([[name, 1, "networks", 5, 5]], START))
    assert result.ok, [(m.code, m.value) for m in result.errors]
    assert result.tracker.records["province_code"].tolist() == ["TH-57"]


def test_blank_province_on_a_data_row() -> None:
    result = run(simple_long([[None, 1, "networks", 5, 5]], START))
    message = only(result, "unknown_province")[0]
    assert (message.cell, message.value, message.suggestion) == ("A2", None, None)


def test_unknown_indicator_in_a_long_sheet() -> None:
    result = run(simple_long([["เชียงราย", 1, "networkz", 5, 5]], START))
    assert fields(only(result, "unknown_indicator")[0]) == (
        "error",
        "unknown_indicator",
        "ผล",
        "C2",
        "networkz",
        "networks",
    )


def test_unknown_indicator_in_a_wide_header_is_reported_once_at_the_header() -> None:
    book = Workbook()
    ws = book.active
    ws.title = "wide"
    ws.append(["จังหวัด", "ปีที่", "เครือข่าย (เป้าหมาย)", "เครือข่าย (ผล)", "ความสุขมวลรวม (เป้าหมาย)", "ความสุขมวลรวม (ผล)"])
    ws.append(["เชียงราย", 1, 5, 5, 1, 1])
    ws.append(["เชียงราย", 2, 5, 5, 1, 1])
    messages = only(run(book), "unknown_indicator")
    assert [(m.sheet, m.cell, m.value) for m in messages] == [
        ("wide", "E1", "ความสุขมวลรวม (เป้าหมาย)"),
        ("wide", "F1", "ความสุขมวลรวม (ผล)"),
    ]


@pytest.mark.parametrize(
    ("cell", "suggestion"), [("สิบ", None), ("120 คน", "120"), ("1,2,3", None), ("10,000.-บาท", "10000")]
)
def test_bad_number(cell: str, suggestion: str | None) -> None:
    result = run(simple_long([["เชียงราย", 1, "participants", cell, 5]], START))
    assert fields(only(result, "bad_number")[0]) == ("error", "bad_number", "ผล", "D2", cell, suggestion)


def test_stage_out_of_range_and_yes_no_word_errors() -> None:
    result = run(
        simple_long(
            [["เชียงราย", 1, "strategy_stage", 4, 2], ["เชียงราย", 1, "monitoring_mechanism", 1, "บางส่วน"]], START
        )
    )
    assert [(m.cell, m.value) for m in only(result, "bad_number")] == [("D2", "4"), ("E3", "บางส่วน")]


def test_negative_value() -> None:
    result = run(simple_long([["เชียงราย", 1, "networks", 5, -3]], START))
    assert fields(only(result, "negative_value")[0]) == ("error", "negative_value", "ผล", "E2", "-3", None)


@pytest.mark.parametrize(("year", "detail_value"), [("ปีที่ 11", "11"), (0, "0"), ("ปีหน้า", "ปีหน้า")])
def test_bad_programme_year(year: object, detail_value: str) -> None:
    result = run(simple_long([["เชียงราย", year, "networks", 5, 5]], START))
    message = only(result, "bad_year")[0]
    assert (message.cell, message.value) == ("B2", detail_value)


def test_bad_fiscal_year_out_of_range_and_two_digit_suggestion() -> None:
    head = ("จังหวัด", "ปีงบประมาณ", "ตัวชี้วัด", "เป้าหมาย", "ผล")
    result = run(
        simple_long([["เชียงราย", 2800, "networks", 5, 5], ["เชียงราย", 64, "organizations", 5, 5]], START, head)
    )
    messages = only(result, "bad_year")
    assert {(m.cell, m.value, m.suggestion) for m in messages} == {("B2", "2800", None), ("B3", "64", "2564")}


def test_year_before_the_start_year_is_bad_year() -> None:
    head = ("จังหวัด", "ปีงบประมาณ", "ตัวชี้วัด", "เป้าหมาย", "ผล")
    result = run(simple_long([["เชียงราย", 2560, "networks", 5, 5]], START, head))
    assert only(result, "bad_year")[0].cell == "B2"


def test_blank_year_is_bad_year() -> None:
    result = run(simple_long([["เชียงราย", None, "networks", 5, 5]], START))
    assert only(result, "bad_year")[0].cell == "B2"


def test_year_conflict_between_programme_and_fiscal_year() -> None:
    head = ("จังหวัด", "ปีที่", "ปีงบประมาณ", "ตัวชี้วัด", "เป้าหมาย", "ผล")
    result = run(simple_long([["เชียงราย", 2, 2566, "networks", 5, 5]], START, head))
    message = only(result, "year_conflict")[0]
    assert (message.severity, message.cell, message.value, message.suggestion) == ("error", "B2", "2", "4")


def test_start_year_given_twice_differently() -> None:
    book = simple_long([["เชียงราย", 1, "networks", 5, 5]])
    sheet = book.create_sheet("จังหวัด")
    sheet.append(["จังหวัด", "ปีงบประมาณที่เริ่ม"])
    sheet.append(["เชียงราย", 2563])
    sheet.append(["Chiang Rai", 2564])
    message = only(run(book), "year_conflict")[0]
    assert (message.sheet, message.cell, message.value) == ("จังหวัด", "B3", "2564")


def test_duplicate_with_other_values_is_an_error_on_the_later_row() -> None:
    result = run(simple_long([["เชียงราย", 1, "networks", 5, 5], ["เชียงราย", "ปีที่ 1", "เครือข่าย", 5, 6]], START))
    message = only(result, "duplicate_conflict")[0]
    assert (message.severity, message.cell) == ("error", "C3")
    assert not result.ok


def test_duplicate_with_same_values_is_a_warning_and_counted_once() -> None:
    result = run(simple_long([["เชียงราย", 1, "networks", 5, 5], ["Chiang Rai", 1, "networks", "๕", 5]], START))
    message = only(result, "duplicate_same")[0]
    assert (message.severity, message.cell) == ("warning", "C3")
    assert len(result.tracker.records) == 1


def test_missing_column() -> None:
    result = run(simple_long([["เชียงราย", 1, "networks", 5]], START, ("จังหวัด", "ปีที่", "ตัวชี้วัด", "เป้าหมาย")))
    message = only(result, "missing_column")[0]
    assert (message.sheet, message.row, message.cell, message.value) == ("ผล", 1, None, None)
    assert (message.params["role"], message.suggestion_text("th"), message.suggestion_text("en")) == (
        "actual",
        "ผล",
        "actual",
    )


def test_a_renamed_header_is_reported_at_its_cell_with_its_text() -> None:
    head = ("จังหวัด", "ปีที่", "ตัวชี้วัด", "เป้าหมาย", "ผลลัพธ์จริง", "หมายเหตุ")
    result = run(simple_long([["เชียงราย", 1, "networks", 5, 4, ""]], START, head))
    message = only(result, "missing_column")[0]
    assert (message.cell, message.value, message.suggestion_text("th")) == ("E1", "ผลลัพธ์จริง", "ผล")


def test_an_unknown_indicator_suggests_the_name_on_the_templates_list() -> None:
    message = only(run(simple_long([["เชียงราย", 1, "networkz", 5, 5]], START)), "unknown_indicator")[0]
    names = default_catalogue().get("networks")
    assert message.suggestion == "networks"  # stored as the code, shown as the name
    assert (message.suggestion_text("th"), message.suggestion_text("en")) == (names.name("th"), names.name("en"))


def test_no_progress_sheet_names_the_sheets_it_looked_at() -> None:
    book = Workbook()
    book.active.title = "งบประมาณ"
    book.active.append(["รายการ", "จำนวนเงิน"])
    book.active.append(["ค่าอาหาร", 500])
    result = run(book)
    message = only(result, "no_progress_sheet")[0]
    assert "งบประมาณ" in message.message_th and "งบประมาณ" in message.message_en
    assert only(result, "ignored_sheet")[0].sheet == "งบประมาณ"


def test_unknown_sheet_is_ignored_with_a_warning_and_the_rest_loads() -> None:
    book = simple_long([["เชียงราย", 1, "networks", 5, 5]], START)
    book.create_sheet("โน้ต").append(["อะไรก็ได้"])
    result = run(book)
    assert result.ok
    assert [m.sheet for m in result.warnings if m.code == "ignored_sheet"] == ["โน้ต"]


def test_assumed_start_year_when_only_fiscal_years_are_given() -> None:
    head = ("จังหวัด", "ปีงบประมาณ", "ตัวชี้วัด", "เป้าหมาย", "ผล")
    result = run(simple_long([["อุดรธานี", 2565, "networks", 6, 6], ["อุดรธานี", 2564, "networks", 6, 6]], None, head))
    message = only(result, "assumed_start_year")[0]
    assert (message.severity, message.cell, message.sheet, message.row) == ("warning", None, "ผล", 3)
    assert result.tracker.records["program_year"].tolist() == [1, 2]
    assert bool(result.tracker.provinces.loc[0, "start_year_assumed"])


def test_programme_years_only_and_no_start_year_leave_fiscal_year_null() -> None:
    result = run(simple_long([["อุดรธานี", 2, "networks", 6, 6]]))
    assert result.ok and not [m for m in result.warnings if m.code == "assumed_start_year"]
    assert result.tracker.records["fiscal_year"].isna().all()


def test_outlier_warning() -> None:
    result = run(simple_long([["เชียงราย", 1, "participants", 10, 31]], START))
    assert fields(only(result, "outlier")[0]) == ("warning", "outlier", "ผล", "E2", "31", None)


def test_cell_longer_than_the_limit_is_refused_with_its_cell() -> None:
    import dataclasses

    from moral_metrics.reference.settings import settings

    config = dataclasses.replace(settings(), limits=dataclasses.replace(settings().limits, max_cell_chars=50))
    result = load_tracker(to_bytes(simple_long([["เชียงราย", 1, "networks", 5, 5, "ก" * 51]], START)), config)
    message = only(result, "file_too_large")[0]
    assert (message.cell, message.value, result.ok) == ("F2", "51", False)


def test_the_report_list_names_cells_typed_values_and_meant_names_in_both_languages() -> None:
    from moral_metrics.figures.problems import messages_table, problem_list

    book = simple_long([["เชียงราย", 1, "networks", -5, 4], ["เชียงราย", 2, "networkz", 3, 4]], START)
    result = run(book)
    names = default_catalogue().get("networks")
    th, en = problem_list(result.messages, "th"), problem_list(result.messages, "en")
    assert th.splitlines()[0].startswith("- **ผล\\!D2** · ข้อผิดพลาด")
    assert "'-5" not in th and f"**{names.name('th')}**" in th and f"**{names.name('en')}**" in en
    table = messages_table(result.messages, "en")
    assert table[["Cell", "Value found", "Suggestion"]].values.tolist() == [
        ["D2", "-5", ""],
        ["C3", "networkz", names.name("en")],
    ]
    assert problem_list(result.messages, "en", limit=1).splitlines()[-1] == t("report.more", "en", count=1)


@pytest.mark.parametrize(("errors", "text"), [(1, "(1 error)"), (2, "(2 errors)"), (0, "(0 errors)")])
def test_counted_words_are_singular_for_one(errors: int, text: str) -> None:
    assert t("data.report_of", "en", file="a.xlsx", errors=errors).endswith(text)
    assert t("data.report_of", "th", file="a.xlsx", errors=errors).endswith(f"ข้อผิดพลาด {errors} รายการ)")


def test_identical_problems_on_many_rows_are_told_once_with_their_rows() -> None:
    """Issue 24: one misspelt province on 51 rows is one problem, its rows as runs (A2–A52)."""
    from moral_metrics.figures.problems import grouped, messages_table, problem_list

    wrong = "สุราษฏร์ธานี"  # ฏ for ฎ
    rows = [[wrong, 1, "networks", n, n] for n in range(1, 52)] + [["เชียงรายย", 2, "networks", 5, 5]]
    rows += [[wrong, 3, "networks", 1, 1], [wrong, 2, "participants", 1, 1]]  # rows 54 and 55 of the same problem
    result = run(simple_long(rows, {"สุราษฎร์ธานี": 2563}))
    assert len(only(result, "unknown_province")) == 54
    groups = grouped(result.messages)
    surat = next(g for g in groups if g.first.value == wrong)
    assert (len(surat.messages), surat.places("en"), surat.ref("en")) == (53, "A2–A52, A54–A55", "ผล!A2–A52, A54–A55")
    assert surat.text("en") == t("report.grouped_column", "en", count=53, column="A", problem=surat.first.text("en"))
    listed = problem_list(result.messages, "th").splitlines()
    assert listed[0].startswith("- **ผล\\!A2–A52, A54–A55** · ข้อผิดพลาด: 53 แถวในคอลัมน์ A")
    assert any("สุราษฎร์ธานี" in line for line in listed[:3])  # did you mean: the right spelling
    table = messages_table(result.messages, "th")
    assert table[t("report.rows", "th")].tolist() == [53, 1]
    assert "unknown_province" not in table.to_string()  # no internal code in the reader's table


def test_runs_of_rows_past_the_shown_ones_are_counted() -> None:
    from moral_metrics.figures.problems import grouped
    from moral_metrics.reference.messages import Position, make

    messages = [make("unknown_province", at=Position("ผล", row, 0), value="x") for row in range(2, 40, 2)]
    group = grouped(messages)[0]
    assert group.places("en") == "A2, A4, A6, A8, A10, A12 " + t("report.more_rows", "en", count=13)
