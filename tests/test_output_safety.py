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


def test_calendar_timeline_shows_event_titles_and_networks_as_text_not_links() -> None:
    """Issue 21: event titles and network names became clickable links in the chart."""
    import pandas as pd

    from moral_metrics.figures.timeline import timeline

    link = '<a href="https://evil.example">คลิก</a>'
    events = pd.DataFrame(
        [
            {"province_code": "TH-84", "district_code": None, "date": "2023-01-15", "end_date": None,
             "fiscal_year": 2566, "kind": "assembly", "title": link, "participants": 10, "virtues": [],
             "networks": "<b>เครือข่าย</b>", "sheet": "x", "row": 2},
        ]
    )  # fmt: skip
    for by in ("kind", "network"):
        fig = timeline(events, "t", "th", by=by)
        shown = str([trace.customdata for trace in fig.data]) + str([trace.y for trace in fig.data])
        assert "<a " not in shown and "<b>" not in shown and "&lt;a href" in shown


def test_every_data_grid_on_a_page_goes_through_the_neutralising_helper() -> None:
    """A data grid's toolbar downloads CSV: every one is made by ``ui.widgets.data_table``."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    files = [*root.glob("pages/*.py"), *root.glob("ui/*.py")]
    found = [f.name for f in files if "st.dataframe(" in f.read_text(encoding="utf-8") and f.name != "widgets.py"]
    assert found == []


def test_a_refusal_shows_a_chosen_name_as_text_not_a_link() -> None:
    """Issue 21: a locker's chosen name rendered as a Markdown link inside a refusal."""
    from moral_metrics.figures.problems import refusal_text
    from moral_metrics.reference.messages import Position, make

    name = "[กดที่นี่](javascript:alert(1))"
    locked = make(
        "locked", at=Position("ผล", 2), province="TH-41", year=2564, by=name, when="2026-12-03", rows=1, file="u"
    )
    text = refusal_text([locked], "th")
    import re

    assert not re.search(r"(?<!\\)[\[\]()]", text)  # every bracket escaped: no link can form
    assert r"\[กดที่นี่\]\(javascript\:alert\(1\)\)" in text
    assert text.startswith(r"**ผล\!2** · ")
