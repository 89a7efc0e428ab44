"""Tracker text is data: neutralised in exported CSV and Excel, never markup on screen."""

from __future__ import annotations

import csv
import io

from builders import simple_long, to_bytes
from openpyxl import load_workbook

from moral_metrics import load_tracker
from moral_metrics.briefing.export import records_csv, records_xlsx
from moral_metrics.figures.problems import messages_table
from moral_metrics.figures.safety import chart_text, markdown_text, neutralise
from moral_metrics.figures.tables import indicator_table

NOTES = ['=HYPERLINK("http://evil","x")', "+1+1", "-2+3", "@SUM(A1)", "ปกติ"]


def tracker():
    codes = ["networks", "organizations", "model_units", "drive_mechanisms", "knowledge_tools"]
    rows = [["เชียงราย", 1, code, 10, 12, note] for code, note in zip(codes, NOTES, strict=True)]
    book = simple_long(rows, {"เชียงราย": 2563})
    for row in book["ผล"].iter_rows(min_row=2):
        row[5].data_type = "s"  # text that merely starts with "=", as someone typed it, not a formula
    return load_tracker(to_bytes(book)).tracker


def test_neutralise_only_touches_text_that_starts_like_a_formula() -> None:
    assert [neutralise(n) for n in NOTES] == ['\'=HYPERLINK("http://evil","x")', "'+1+1", "'-2+3", "'@SUM(A1)", "ปกติ"]
    assert neutralise(-5.0) == -5.0 and neutralise(None) is None
    assert [neutralise(n) for n in ("-5", "+66", "-1,200.50", "-80%")] == ["-5", "+66", "-1,200.50", "-80%"]


def test_csv_export_has_no_live_formulas() -> None:
    rows = list(csv.reader(io.StringIO(records_csv(tracker(), "en").decode("utf-8-sig"))))
    notes = [r[-1] for r in rows[1:]]
    assert sorted(notes) == sorted(neutralise(n) for n in NOTES)
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row if not _number(cell))


def _number(cell: str) -> bool:
    try:
        float(cell)
        return True
    except ValueError:
        return False


def test_excel_export_has_no_formulas_only_text() -> None:
    sheet = load_workbook(io.BytesIO(records_xlsx(tracker(), "th"))).active
    notes = [row[-1] for row in sheet.iter_rows(min_row=2)]
    assert all(cell.data_type != "f" for cell in notes)
    assert sorted(c.value for c in notes) == sorted(neutralise(n) for n in NOTES)
    assert sheet["A1"].value == "จังหวัด"


def test_tables_shown_on_screen_are_neutralised_for_their_csv_download() -> None:
    table = indicator_table(tracker(), "TH-57", 1, "en")
    assert set(table["Note"]) == {neutralise(n) for n in NOTES}
    book = simple_long([["=cmd|'/c calc'!A1", 1, "networks", 1, 1]])
    book["ผล"]["A2"].data_type = "s"
    bad = load_tracker(to_bytes(book))
    report = messages_table(bad.messages, "en")
    assert report["Value found"].tolist() == ["'=cmd|'/c calc'!A1"]


def test_markdown_and_chart_text_are_shown_as_typed() -> None:
    assert markdown_text("[ข่าว](javascript:alert(1))") == "\\[ข่าว\\]\\(javascript\\:alert\\(1\\)\\)"
    assert chart_text('<a href="javascript:x">ตัวชี้วัด</a>') == '&lt;a href="javascript:x"&gt;ตัวชี้วัด&lt;/a&gt;'
