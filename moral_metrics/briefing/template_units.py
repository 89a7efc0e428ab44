"""The template's assessments sheet (issue 10) and the districts lookup sheet its drop-down uses.

The district drop-down lists "name (code)" so that a pick is unambiguous in every province (two
districts of Phra Nakhon Si Ayutthaya are both "Bang Sai" in English); the loader reads the code.
"""

from __future__ import annotations

from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from moral_metrics.briefing.sheets import header
from moral_metrics.reference.districts import district_index
from moral_metrics.reference.i18n import t
from moral_metrics.reference.parts import provides
from moral_metrics.reference.units import LEVELS, UNIT_TYPES

ACTIVITIES = range(1, 10)
UNIT_SHEET_COLUMNS = (
    "province",
    "district",
    "unit_type",
    "unit_name",
    "fiscal_year",
    "level",
    *(f"score_{n}" for n in ACTIVITIES),
    "meeting",
    "certified_on",
    "network",
    "unit_note",
)
_WIDTHS = {"province": 20, "district": 26, "unit_type": 16, "unit_name": 36, "fiscal_year": 16, "level": 20}


def _label(column: str, lang: str) -> str:
    if column.startswith("score_"):
        return t("template.col_score", lang, n=column.removeprefix("score_"))
    return t(f"template.col_{column}", lang)


def _letter(column: str, columns: tuple[str, ...] = UNIT_SHEET_COLUMNS) -> str:
    from openpyxl.utils.cell import get_column_letter

    return get_column_letter(columns.index(column) + 1)


def validation(
    ws: Worksheet,
    formula: str,
    column: str,
    prompt_key: str,
    lang: str,
    rows: int,
    columns: tuple[str, ...] = UNIT_SHEET_COLUMNS,
) -> None:
    """A drop-down list on ``column`` (one of ``columns``, the sheet's order) for ``rows`` rows
    (none for no rows: an empty sheet of a workbook written without blank rows)."""
    if rows < 1:
        return
    check = DataValidation(type="list", formula1=formula, allow_blank=True)
    check.prompt, check.showInputMessage = t(prompt_key, lang), True
    check.error, check.showErrorMessage = t(prompt_key, lang), False  # a typed name or code is fine too
    ws.add_data_validation(check)
    letter = _letter(column, columns)
    check.add(f"{letter}2:{letter}{rows + 1}")


def districts_list(book: Workbook, lang: str) -> str:
    """The range of the districts lookup sheet's drop-down labels (the sheet made once)."""
    name = t("template.sheet_districts", lang)
    if name not in book.sheetnames:
        return districts_sheet(book, lang)
    sheet = name.replace("'", "''")
    return f"='{sheet}'!$E$3:$E${max(book[name].max_row, 3)}"


def districts_sheet(book: Workbook, lang: str, province: str | None = None) -> str:
    """The lookup sheet of all districts (of ``province`` only, when given); returns the range of
    its drop-down labels."""
    ws = book.create_sheet(t("template.sheet_districts", lang))
    ws.append([t("template.districts_title", lang)])
    heads = ("district_code", "province", "district_th", "district_en", "district")
    ws.append([t(f"template.col_{h}", lang) for h in heads])
    for d in district_index().districts:
        if province is None or d.province == province:
            ws.append([d.code, d.province, d.name_th, d.name_en, d.label(lang)])
    for letter, width in zip("ABCDE", (14, 10, 26, 26, 32), strict=True):
        ws.column_dimensions[letter].width = width
    return districts_list(book, lang)


def inline(values: Iterable[str]) -> str:
    return '"' + ",".join(values) + '"'


@provides("template", "units")
def assessments_sheet(
    book: Workbook, province_list: str, lang: str, units: Iterable[dict] = (), blank_rows: int = 500
) -> Worksheet:
    """The assessments sheet with drop-downs for province, district, unit type, level and scores.

    ``units`` rows are dicts keyed by ``UNIT_SHEET_COLUMNS`` (missing keys stay blank).
    """
    districts = districts_list(book, lang)
    info = book.worksheets[0]
    last = max((cell.row for cell in info["A"] if cell.value is not None), default=0)
    info.cell(row=last + 1, column=1, value=t("template.steps_units", lang))  # after the steps
    ws = book.create_sheet(t("template.sheet_assessments", lang), index=3)
    header(ws, [_label(c, lang) for c in UNIT_SHEET_COLUMNS], [_WIDTHS.get(c, 12) for c in UNIT_SHEET_COLUMNS])
    count = 0
    for row in units:
        ws.append([row.get(c) for c in UNIT_SHEET_COLUMNS])
        count += 1
    rows = count + blank_rows
    validation(ws, f"={province_list}", "province", "template.pick_province", lang, rows)
    validation(ws, districts, "district", "template.pick_district", lang, rows)
    validation(
        ws, inline(t(f"unit_type.{u}", lang) for u in UNIT_TYPES), "unit_type", "template.pick_unit_type", lang, rows
    )
    validation(ws, inline(t(f"level.{v}", lang) for v in LEVELS), "level", "template.pick_level", lang, rows)
    for n in ACTIVITIES:
        validation(ws, inline("012"), f"score_{n}", "template.pick_score", lang, rows)
    return ws
