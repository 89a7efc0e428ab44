"""Tracker workbooks built in code, one canonical dataset in every layout and language."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from moral_metrics.reference.catalogue import default_catalogue

# (province code, programme year, indicator, target, actual); start years below
CANON: list[tuple[str, int, str, float | None, float | None]] = [
    ("TH-57", 1, "networks", 10, 13),
    ("TH-57", 1, "organizations", 150, 210),
    ("TH-57", 1, "strategy_stage", 1, 1),
    ("TH-57", 1, "monitoring_mechanism", 1, 0),
    ("TH-57", 2, "networks", 13, 13),
    ("TH-57", 2, "exchange_events", 2, 1),
    ("TH-57", 2, "participants", 1200, 1250),
    ("TH-57", 3, "lessons_learned", 4, None),
    ("TH-84", 1, "networks", 8, 8),
    ("TH-84", 1, "model_units", 50, 50),
    ("TH-84", 2, "drive_mechanisms", 3, 2),
    ("TH-84", 2, "knowledge_tools", 5, 6),
    ("TH-84", 3, "monitoring_mechanism", 1, 1),
]
STARTS = {"TH-57": 2563, "TH-84": 2563}
NAMES = {"TH-57": ("จ.เชียงราย", "Chiang Rai"), "TH-84": ("สุราษฎร์ฯ", "Surat Thani")}
THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")

HEAD = {
    "th": {
        "province": "จังหวัด",
        "program": "ปีที่",
        "fiscal": "ปีงบประมาณ",
        "indicator": "ตัวชี้วัด",
        "target": "เป้าหมาย",
        "actual": "ผล",
        "note": "หมายเหตุ",
        "start": "ปีงบประมาณที่เริ่ม (พ.ศ.)",
    },
    "en": {
        "province": "Province",
        "program": "Programme year",
        "fiscal": "Fiscal year",
        "indicator": "Indicator",
        "target": "Target",
        "actual": "Actual",
        "note": "Note",
        "start": "Start fiscal year",
    },
}


def province(code: str, lang: str) -> str:
    return NAMES[code][0 if lang == "th" else 1]


def indicator_name(code: str, lang: str) -> str:
    ind = default_catalogue().get(code)
    return ind.name_th if lang == "th" else ind.name_en


def value(code: str, number: float | None, lang: str) -> object:
    """How a person would type it: yes/no as words, Thai digits in some Thai cells."""
    if number is None:
        return None
    if default_catalogue().get(code).kind == "yesno":
        return {("th", 1): "มี", ("th", 0): "ไม่มี", ("en", 1): "yes", ("en", 0): "no"}[(lang, int(number))]
    if lang == "th" and number >= 1000:
        return f"{int(number):,}".translate(THAI_DIGITS)
    return number


def program_label(year: int, lang: str) -> str:
    return f"ปีที่ {str(year).translate(THAI_DIGITS)}" if lang == "th" else f"Year {year}"


def fiscal_label(code: str, year: int, lang: str) -> object:
    be = STARTS[code] + year - 1
    return f"พ.ศ. {be}" if lang == "th" else f"FY{be - 543}"


def to_bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def add_provinces(book: Workbook, lang: str, codes: Iterable[str] = STARTS) -> Worksheet:
    ws = book.create_sheet("Provinces" if lang == "en" else "รายชื่อจังหวัด")
    ws.append([HEAD[lang]["province"], HEAD[lang]["start"]])
    for code in codes:
        ws.append([province(code, lang), STARTS[code]])
    return ws


def titled(ws: Worksheet, lang: str) -> None:
    ws.append(["แบบติดตามจังหวัดคุณธรรม" if lang == "th" else "Moral province tracker"])
    ws.append([])


def long_book(lang: str = "th", years: str = "program", rows: Sequence[tuple] = CANON, total: bool = True) -> Workbook:
    """Long layout: one row per province, year and indicator, under two title rows."""
    book = Workbook()
    ws = book.active
    ws.title = "ผลการดำเนินงาน" if lang == "th" else "Progress"
    titled(ws, lang)
    h = HEAD[lang]
    year_heads = {"program": [h["program"]], "fiscal": [h["fiscal"]], "both": [h["program"], h["fiscal"]]}[years]
    ws.append([h["province"], *year_heads, h["indicator"], h["target"], h["actual"], h["note"]])
    for code, year, ind, target, actual in rows:
        ycells = {
            "program": [program_label(year, lang)],
            "fiscal": [fiscal_label(code, year, lang)],
            "both": [program_label(year, lang), fiscal_label(code, year, lang)],
        }[years]
        ws.append(
            [
                province(code, lang),
                *ycells,
                indicator_name(ind, lang),
                value(ind, target, lang),
                value(ind, actual, lang),
                None,
            ]
        )
    if total:
        ws.append(["รวม" if lang == "th" else "Total"])
    add_provinces(book, lang)
    return book


def _wide_rows(rows: Sequence[tuple]) -> dict[tuple[str, int], dict[str, tuple]]:
    grid: dict[tuple[str, int], dict[str, tuple]] = {}
    for code, year, ind, target, actual in rows:
        grid.setdefault((code, year), {})[ind] = (target, actual)
    return grid


def _indicators(rows: Sequence[tuple]) -> list[str]:
    return list(dict.fromkeys(r[2] for r in rows))


def wide_book(lang: str = "th", two_rows: bool = False, merged: bool = True, rows: Sequence[tuple] = CANON) -> Workbook:
    """Wide layout: province | year | a target and an actual column per indicator."""
    book = Workbook()
    ws = book.active
    ws.title = "ตาราง" if lang == "th" else "Table"
    titled(ws, lang)
    h, inds = HEAD[lang], _indicators(rows)
    if two_rows:
        top = [h["province"], h["program"]]
        for ind in inds:
            top += [indicator_name(ind, lang), None]
        ws.append(top)
        ws.append([None, None] + [h["target"], h["actual"]] * len(inds))
        if merged:
            ws.merge_cells(start_row=3, end_row=4, start_column=1, end_column=1)
            ws.merge_cells(start_row=3, end_row=4, start_column=2, end_column=2)
            for n in range(len(inds)):
                ws.merge_cells(start_row=3, end_row=3, start_column=3 + 2 * n, end_column=4 + 2 * n)
    else:
        head = [h["province"], h["program"]]
        for ind in inds:
            name = indicator_name(ind, lang)
            head += (
                [f"{name} ({h['target']})", f"{name} ({h['actual']})"]
                if lang == "th"
                else [f"{name} target", f"{name} actual"]
            )
        ws.append(head)
    for (code, year), cells in _wide_rows(rows).items():
        line = [province(code, lang), program_label(year, lang)]
        for ind in inds:
            target, actual = cells.get(ind, (None, None))
            line += [value(ind, target, lang), value(ind, actual, lang)]
        ws.append(line)
    add_provinces(book, lang)
    return book


def per_province_book(lang: str = "th", wide: bool = False, rows: Sequence[tuple] = CANON) -> Workbook:
    """One sheet per province, named after it, with no province column."""
    book = Workbook()
    book.remove(book.active)
    h = HEAD[lang]
    for code in dict.fromkeys(r[0] for r in rows):
        mine = [r for r in rows if r[0] == code]
        ws = book.create_sheet(province(code, lang))
        if wide:
            inds = _indicators(mine)
            ws.append(
                [h["program"]] + [f"{indicator_name(i, lang)} ({h[m]})" for i in inds for m in ("target", "actual")]
            )
            for (_, year), cells in _wide_rows(mine).items():
                line: list = [program_label(year, lang)]
                for ind in inds:
                    target, actual = cells.get(ind, (None, None))
                    line += [value(ind, target, lang), value(ind, actual, lang)]
                ws.append(line)
        else:
            ws.append([h["fiscal"], h["indicator"], h["target"], h["actual"]])
            for _, year, ind, target, actual in mine:
                ws.append(
                    [
                        fiscal_label(code, year, lang),
                        indicator_name(ind, lang),
                        value(ind, target, lang),
                        value(ind, actual, lang),
                    ]
                )
    add_provinces(book, lang)
    return book


def simple_long(
    rows: Sequence[Sequence[object]],
    starts: dict[str, object] | None = None,
    head: Sequence[str] = ("จังหวัด", "ปีที่", "ตัวชี้วัด", "เป้าหมาย", "ผล", "หมายเหตุ"),
) -> Workbook:
    """A minimal long tracker from literal cells (header on row 1, data from row 2)."""
    book = Workbook()
    ws = book.active
    ws.title = "ผล"
    ws.append(list(head))
    for line in rows:
        ws.append(list(line))
    if starts:
        sheet = book.create_sheet("จังหวัด")
        sheet.append(["จังหวัด", "ปีงบประมาณที่เริ่ม"])
        for name, year in starts.items():
            sheet.append([name, year])
    return book


def _ods_cell(value: object) -> str:
    from xml.sax.saxutils import escape

    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = f'office:value-type="float" office:value="{value}"'
        return f"<table:table-cell {number}><text:p>{value}</text:p></table:table-cell>"
    return f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>'


def ods_bytes(book: Workbook) -> bytes:
    """The same sheets and cells as an OpenDocument spreadsheet (.ods), written by hand."""
    tables = []
    for ws in book.worksheets:
        rows = "".join(
            "<table:table-row>" + "".join(_ods_cell(c.value) for c in line) + "</table:table-row>"
            for line in ws.iter_rows()
        )
        tables.append(f'<table:table table:name="{ws.title}">{rows}</table:table>')
    return ods_archive("".join(tables))


def ods_archive(tables: str) -> bytes:
    """An .ods file of ``tables`` (their ``<table:table>`` XML): content, mimetype and manifest."""
    import zipfile

    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content'
        ' xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        z.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest'
            ' xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry'
            ' manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
            "</manifest:manifest>",
            zipfile.ZIP_DEFLATED,
        )
    return out.getvalue()


# Issue 10: the assessments sheet (ผลการประเมิน), one unit per row.
UNIT_HEAD = {
    "th": ("จังหวัด", "อำเภอ", "ประเภท", "ชื่อหน่วย", "ปีงบประมาณ", "ระดับ"),
    "en": ("Province", "District", "Unit type", "Unit name", "Fiscal year", "Level"),
}


def add_assessments(
    book: Workbook, rows: Sequence[Sequence[object]], head: Sequence[str] = UNIT_HEAD["th"], title: str = "ผลการประเมิน"
) -> Worksheet:
    """An assessments sheet from literal cells (header on row 1, data from row 2)."""
    ws = book.create_sheet(title)
    ws.append(list(head))
    for line in rows:
        ws.append(list(line))
    return ws


def units_book(
    rows: Sequence[Sequence[object]], head: Sequence[str] = UNIT_HEAD["th"], progress: bool = True
) -> Workbook:
    """The canonical long tracker (Surat Thani started 2563) plus an assessments sheet."""
    book = simple_long([["สุราษฎร์ธานี", 1, "model_units", 50, 50]], {"สุราษฎร์ธานี": 2563}) if progress else Workbook()
    if not progress:
        book.active.title = "ว่าง"
    add_assessments(book, rows, head)
    return book
