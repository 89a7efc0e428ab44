"""The template's honourees and events sheets (issue 11), with drop-down lists for province,
district, kind, virtues and public; the district list is the districts lookup sheet's."""

from __future__ import annotations

from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from moral_metrics.briefing.sheets import header
from moral_metrics.briefing.template_units import districts_list, inline, validation
from moral_metrics.reference.i18n import t
from moral_metrics.reference.parts import provides
from moral_metrics.reference.recognition import EVENT_KINDS, HONOUREE_KINDS, VIRTUES

HONOUREE_SHEET_COLUMNS = (
    "province",
    "district",
    "honoured_on",
    "honouree_kind",
    "honouree_name",
    "virtues",
    "citation",
    "photo",
    "public",
)
EVENT_SHEET_COLUMNS = (
    "event_start",
    "event_end",
    "province",
    "district",
    "event_kind",
    "event_title",
    "event_networks",
    "participants",
    "virtues",
    "public",
)
_WIDTHS = {"honouree_name": 32, "citation": 44, "event_title": 40, "virtues": 30, "photo": 30, "district": 26}


def _sheet(
    book: Workbook, lang: str, title_key: str, columns: tuple[str, ...], rows: Iterable[dict], index: int
) -> tuple[Worksheet, int]:
    ws = book.create_sheet(t(title_key, lang), index=index)  # before the districts lookup sheet
    labels = [t(f"template.col_{c}", lang) for c in columns]
    header(ws, labels, [_WIDTHS.get(c, 18) for c in columns])
    count = 0
    for row in rows:
        ws.append([row.get(c) for c in columns])
        count += 1
    return ws, count


def _recognition_sheet(
    book: Workbook, province_list: str, lang: str, rows: Iterable[dict], blank_rows: int, which: str
) -> None:
    """One of the honourees (ทำเนียบคนดี) and events (ปฏิทินความดี) sheets, before the districts
    lookup sheet, with drop-downs for province, district, kind, virtues and public."""
    key, columns, kinds = {
        "honourees": ("template.sheet_honourees", HONOUREE_SHEET_COLUMNS, ("honouree_kind", HONOUREE_KINDS)),
        "events": ("template.sheet_events", EVENT_SHEET_COLUMNS, ("event_kind", EVENT_KINDS)),
    }[which]
    districts = districts_list(book, lang)
    if which == "honourees":  # one line of instructions for both sheets, after the steps
        info = book.worksheets[0]
        last = max((cell.row for cell in info["A"] if cell.value is not None), default=0)
        info.cell(row=last + 1, column=1, value=t("template.steps_recognition", lang))
    lookup = book.sheetnames.index(t("template.sheet_districts", lang))
    ws, count = _sheet(book, lang, key, columns, rows, lookup)
    last = count + blank_rows
    validation(ws, f"={province_list}", "province", "template.pick_province", lang, last, columns)
    validation(ws, districts, "district", "template.pick_district", lang, last, columns)
    validation(
        ws, inline(t(f"{kinds[0]}.{k}", lang) for k in kinds[1]), kinds[0], "template.pick_kind", lang, last, columns
    )
    validation(
        ws, inline(t(f"virtue.{v}", lang) for v in VIRTUES), "virtues", "template.pick_virtues", lang, last, columns
    )
    answers = inline(t(f"template.public_{v}", lang) for v in ("yes", "no"))
    validation(ws, answers, "public", "template.pick_public", lang, last, columns)


@provides("template", "honourees")
def honourees_sheet(book: Workbook, province_list: str, lang: str, rows: Iterable[dict], blank_rows: int) -> None:
    """Rows are dicts keyed by ``HONOUREE_SHEET_COLUMNS`` (missing keys stay blank)."""
    _recognition_sheet(book, province_list, lang, rows, blank_rows, "honourees")


@provides("template", "events")
def events_sheet(book: Workbook, province_list: str, lang: str, rows: Iterable[dict], blank_rows: int) -> None:
    """Rows are dicts keyed by ``EVENT_SHEET_COLUMNS`` (missing keys stay blank)."""
    _recognition_sheet(book, province_list, lang, rows, blank_rows, "events")
