"""A province's own workbook (issue 24): its published rows of every sheet kind, drop-downs of its
districts, the fiscal years now due marked, and instructions in the clerk's language.

Written from the published data through ``briefing.workbook`` so that it reads back as exactly
what is published: uploaded unchanged it changes nothing, and each edited cell is one change.
The marks (a fill, an instructions table) are formatting only; the loader ignores them.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from moral_metrics.briefing.sheets import BOLD
from moral_metrics.briefing.template import PROGRESS_COLUMNS
from moral_metrics.briefing.workbook import published_book
from moral_metrics.figures.privacy import Audience
from moral_metrics.metrics.reporting import due_date
from moral_metrics.model import Tracker
from moral_metrics.reference.calendar import fiscal_year, thai_today
from moral_metrics.reference.i18n import date_text, t
from moral_metrics.reference.provinces import province_name
from moral_metrics.reference.settings import settings

BLANK_ROWS = 200  # drop-downs reach this far below the province's rows, for the rows a clerk adds
DUE_FILL = PatternFill("solid", fgColor="FFF2CC")  # a due year's blank result: fill it in
DUE_STATES = ("open", "overdue", "complete", "later")


@dataclass(frozen=True)
class DueYear:
    """One programme year of a province: its fiscal year, when it is due, how much is reported."""

    program_year: int
    fiscal_year: int
    due_on: dt.date
    reported: int
    expected: int
    state: str  # one of DUE_STATES

    @property
    def marked(self) -> bool:
        """Whether the clerk should fill in this year now."""
        return self.state in ("open", "overdue")


def due_years(tracker: Tracker, code: str, today: dt.date | None = None) -> list[DueYear]:
    """The province's programme years (3 at least, through the one under way) with their fiscal year and state: ``open``
    (the year is under way or its data not yet late), ``overdue``, ``complete`` or ``later``."""
    starts = tracker.provinces.set_index("province_code")["start_year"].dropna()
    if code not in starts.index:
        return []
    today = today or thai_today()
    start, expected = int(starts[code]), len(tracker.catalogue.codes)
    mine = tracker.records[(tracker.records["province_code"] == code) & tracker.records["actual"].notna()]
    counts = mine.groupby("program_year").size().to_dict()
    now = fiscal_year(today) - start + 1  # the programme year under way today
    last = min(max([3, now, *(int(y) for y in mine["program_year"].dropna())]), settings().validation.max_program_year)
    years = []
    for year in range(1, last + 1):
        fiscal, reported = start + year - 1, int(counts.get(year, 0))
        due_on = due_date(fiscal).date()  # the last whole day: the moment itself is early on the next, Thai time
        if reported >= expected:
            state = "complete"
        elif fiscal > fiscal_year(today):
            state = "later"
        else:
            state = "overdue" if today > due_on else "open"
        years.append(DueYear(year, fiscal, due_on, reported, expected, state))
    return years


def _instructions(ws: Worksheet, code: str, version: int | None, years: list[DueYear], lang: str) -> None:
    """Below the general steps: whose file this is and one line per programme year, due ones filled."""
    row = max((cell.row for cell in ws["A"] if cell.value is not None), default=0) + 2
    title = t("template.own_title", lang, province=province_name(code, lang), version=version)
    ws.cell(row=row, column=1, value=title).font = BOLD
    ws.cell(row=row + 1, column=1, value=t("template.own_steps", lang))
    ws.cell(row=row + 3, column=1, value=t("template.due_heading", lang)).font = BOLD
    for n, year in enumerate(years, start=row + 4):
        line = t(
            "template.due_line",
            lang,
            year=year.program_year,
            fiscal=year.fiscal_year,
            due=date_text(year.due_on, lang),
            reported=year.reported,
            expected=year.expected,
            state=t(f"template.due_{year.state}", lang),
        )
        cell = ws.cell(row=n, column=1, value=line)
        if year.marked:
            cell.fill = DUE_FILL


def _mark_progress(ws: Worksheet, years: list[DueYear]) -> None:
    """Fill the blank results of the years now due, so the clerk sees what is asked of them."""
    due = {y.program_year for y in years if y.marked}
    year_col = PROGRESS_COLUMNS.index("program_year") + 1
    actual_col = PROGRESS_COLUMNS.index("actual") + 1
    for row in ws.iter_rows(min_row=2):
        if row[year_col - 1].value in due and row[actual_col - 1].value is None:
            row[actual_col - 1].fill = DUE_FILL


def province_book(tracker: Tracker, code: str, lang: str, audience: Audience, today: dt.date | None = None) -> Workbook:
    """The province's own workbook (see the module's docstring), private names as ``audience`` may see."""
    book = published_book(tracker, lang, audience, [code], blank_rows=BLANK_ROWS)
    provinces = book[t("template.sheet_provinces", lang)]
    if provinces.max_row < 2:  # nothing published yet: the province's row for the clerk to complete
        provinces.append([province_name(code, lang)])
    years = due_years(tracker, code, today)
    _instructions(book.worksheets[0], code, tracker.version, years, lang)
    _mark_progress(book[t("template.sheet_progress", lang)], years)
    return book


def province_workbook(
    tracker: Tracker, code: str, lang: str, audience: Audience, today: dt.date | None = None
) -> bytes:
    """``province_book`` as the bytes of an .xlsx file."""
    out = io.BytesIO()
    province_book(tracker, code, lang, audience, today).save(out)
    return out.getvalue()
