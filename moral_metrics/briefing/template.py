"""Write trackers: the blank template, the sample, and a published tracker as a workbook.

One layout (the long one) with bilingual headers, drop-down lists for province and indicator,
and an instructions sheet that also holds the lists the drop-downs use.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from moral_metrics.briefing.sheets import BOLD, header
from moral_metrics.briefing.template_units import districts_sheet
from moral_metrics.model import DATASETS
from moral_metrics.reference.catalogue import Catalogue, areas, default_catalogue, kinds
from moral_metrics.reference.i18n import t
from moral_metrics.reference.parts import load, part
from moral_metrics.reference.provinces import province_index

PROGRESS_COLUMNS = ("province", "program_year", "fiscal_year", "indicator", "target", "actual", "note")
load("moral_metrics.briefing", "template_")  # each kind's sheet registers itself (reference.parts)


@dataclass
class ProvinceRow:
    province: str
    start_year: int | None = None
    networks: float | None = None


def _instructions(ws: Worksheet, catalogue: Catalogue, lang: str) -> tuple[str, str]:
    ws["A1"] = t("template.title", lang)
    ws["A1"].font = Font(bold=True, size=14)
    for n, line in enumerate(t("template.steps", lang).splitlines(), start=3):
        ws.cell(row=n, column=1, value=line)
    ws.column_dimensions["A"].width = 100
    heads = [
        "template.list_provinces",
        "template.list_indicators",
        "template.list_codes",
        "template.list_areas",
        "template.list_kinds",
    ]
    for col, head in enumerate(heads, start=8):
        ws.cell(row=1, column=col, value=t(head, lang)).font = BOLD
    for n, p in enumerate(sorted(province_index().provinces, key=lambda p: p.name_th), start=2):
        ws.cell(row=n, column=8, value=p.name(lang))
    area_names = {a.code: a.name(lang) for a in areas()}
    for n, ind in enumerate(catalogue.indicators, start=2):
        ws.cell(row=n, column=9, value=ind.name(lang))
        ws.cell(row=n, column=10, value=ind.code)
        ws.cell(row=n, column=11, value=area_names[ind.area])
        ws.cell(row=n, column=12, value=kinds()[ind.kind].name_en if lang == "en" else kinds()[ind.kind].name_th)
    for col, width in zip("HIJKL", (22, 44, 22, 34, 16), strict=True):
        ws.column_dimensions[col].width = width
    sheet = ws.title.replace("'", "''")
    last_p, last_i = len(province_index().provinces) + 1, len(catalogue.indicators) + 1
    return f"'{sheet}'!$H$2:$H${last_p}", f"'{sheet}'!$I$2:$I${last_i}"


IND_COLUMNS = ("ind_code", "ind_name_th", "ind_name_en", "ind_area", "ind_kind", "ind_aliases")


def _extra_indicators(book: Workbook, catalogue: Catalogue, lang: str) -> None:
    """The indicators sheet for the catalogue's indicators beyond the standard ones (added by a
    central editor), so that a workbook the app writes reads back with them (issue 24)."""
    standard = set(default_catalogue().codes)
    extras = [ind for ind in catalogue.indicators if ind.code not in standard]
    if not extras:
        return
    ws = book.create_sheet(t("template.sheet_indicators", lang), index=len(book.sheetnames) - 1)  # before districts
    header(ws, [t(f"template.col_{c}", lang) for c in IND_COLUMNS], [24, 44, 44, 24, 16, 30])
    for ind in extras:
        ws.append([ind.code, ind.name_th, ind.name_en, ind.area, ind.kind, ", ".join(ind.aliases) or None])


def _dropdown(ws: Worksheet, source: str, column: str, prompt_key: str, lang: str, rows: int) -> None:
    if rows < 1:  # an empty sheet written without blank rows: no range to put a list on
        return
    check = DataValidation(type="list", formula1=f"={source}", allow_blank=True)
    check.prompt, check.showInputMessage = t(prompt_key, lang), True
    check.error, check.showErrorMessage = t(prompt_key, lang), True
    ws.add_data_validation(check)
    check.add(f"{column}2:{column}{rows + 1}")


def write_tracker(
    out: str | Path | IO[bytes],
    provinces: Iterable[ProvinceRow] = (),
    progress: Iterable[dict] = (),
    **options: Any,
) -> None:
    """Write a tracker workbook (``tracker_book``); with no provinces and no progress rows, the blank template."""
    tracker_book(provinces, progress, **options).save(out)


def tracker_book(
    provinces: Iterable[ProvinceRow] = (),
    progress: Iterable[dict] = (),
    *,
    lang: str = "th",
    catalogue: Catalogue | None = None,
    blank_rows: int = 500,
    districts_of: str | None = None,
    **kinds: Iterable[dict],
) -> Workbook:
    """A tracker workbook; with no provinces and no progress rows, the blank template.

    ``progress`` rows are dicts with the keys of ``PROGRESS_COLUMNS`` (missing keys stay blank);
    the rows of each kind below the province come by its name (``units=``, ``honourees=``,
    ``events=``) and go to the sheet its template part writes (``reference.parts``). Drop-downs
    reach ``blank_rows`` rows below the data; ``districts_of`` (a province code) limits the
    district drop-downs to that province's districts (a province's own workbook, issue 24).
    """
    catalogue = catalogue or default_catalogue()
    book = Workbook()
    info = book.active
    info.title = t("template.sheet_instructions", lang)
    province_list, indicator_list = _instructions(info, catalogue, lang)
    sheet = book.create_sheet(t("template.sheet_provinces", lang))
    header(sheet, [t(f"template.col_{c}", lang) for c in ("province", "start_year", "networks")], [24, 30, 22])
    listed = [[row.province, row.start_year, row.networks] for row in provinces]
    for line in listed:
        sheet.append(line)
    _dropdown(sheet, province_list, "A", "template.pick_province", lang, max(len(listed), 100))
    sheet = book.create_sheet(t("template.sheet_progress", lang))
    header(sheet, [t(f"template.col_{c}", lang) for c in PROGRESS_COLUMNS], [20, 14, 18, 44, 14, 14, 40])
    count = 0
    for row in progress:
        sheet.append([row.get(c) for c in PROGRESS_COLUMNS])
        count += 1
    rows = count + blank_rows
    _dropdown(sheet, province_list, "A", "template.pick_province", lang, rows)
    _dropdown(sheet, indicator_list, "D", "template.pick_indicator", lang, rows)
    districts_sheet(book, lang, districts_of)  # last sheet: the kinds' sheets go before it
    for kind in DATASETS:  # each kind's sheet, in the order the kinds are declared
        part("template", kind).provider(book, province_list, lang, kinds.get(kind, ()), blank_rows)
    _extra_indicators(book, catalogue, lang)
    book.active = 2 if count else 1
    return book
