"""The template's honourees and events sheets (issue 11), with drop-down lists for province,
district, kind, virtues and public; the district list is the districts lookup sheet's."""

from __future__ import annotations

from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from moral_metrics.briefing.template_units import districts_list, inline, validation
from moral_metrics.reference.i18n import t
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
    from moral_metrics.briefing.template import _header

    ws = book.create_sheet(t(title_key, lang), index=index)  # before the districts lookup sheet
    labels = [t(f"template.col_{c}", lang) for c in columns]
    _header(ws, labels, [_WIDTHS.get(c, 18) for c in columns])
    count = 0
    for row in rows:
        ws.append([row.get(c) for c in columns])
        count += 1
    return ws, count


def recognition_sheets(
    book: Workbook, province_list: str, lang: str, honourees: Iterable[dict], events: Iterable[dict], blank_rows: int
) -> None:
    """The honourees (ทำเนียบคนดี) and events (ปฏิทินความดี) sheets. Rows are dicts keyed by
    ``HONOUREE_SHEET_COLUMNS`` / ``EVENT_SHEET_COLUMNS`` (missing keys stay blank)."""
    districts = districts_list(book, lang)
    info = book.worksheets[0]
    last = max((cell.row for cell in info["A"] if cell.value is not None), default=0)
    info.cell(row=last + 1, column=1, value=t("template.steps_recognition", lang))  # after the steps
    virtues = inline(t(f"virtue.{v}", lang) for v in VIRTUES)
    lookup = book.sheetnames.index(t("template.sheet_districts", lang))
    for n, (key, columns, rows, kinds) in enumerate(
        (
            ("template.sheet_honourees", HONOUREE_SHEET_COLUMNS, honourees, ("honouree_kind", HONOUREE_KINDS)),
            ("template.sheet_events", EVENT_SHEET_COLUMNS, events, ("event_kind", EVENT_KINDS)),
        )
    ):
        ws, count = _sheet(book, lang, key, columns, rows, lookup + n)
        last = max(count, blank_rows)
        validation(ws, f"={province_list}", "province", "template.pick_province", lang, last, columns)
        validation(ws, districts, "district", "template.pick_district", lang, last, columns)
        words = inline(t(f"{kinds[0]}.{k}", lang) for k in kinds[1])
        validation(ws, words, kinds[0], "template.pick_kind", lang, last, columns)
        validation(ws, virtues, "virtues", "template.pick_virtues", lang, last, columns)
        if "public" in columns:
            answers = inline(t(f"template.public_{v}", lang) for v in ("yes", "no"))
            validation(ws, answers, "public", "template.pick_public", lang, last, columns)
