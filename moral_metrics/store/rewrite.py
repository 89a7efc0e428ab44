"""A stored upload rewritten without some strings (an erased person's name, citation, photo link)
and without the images anchored in that person's rows. An .xlsx or .xlsm is rewritten cell by
cell; any other format that holds one of the strings cannot be rewritten here and is dropped."""

from __future__ import annotations

import hashlib
import io
import zipfile

from python_calamine import CalamineError, CalamineWorkbook, PasswordError, XmlError, ZipError

XLSX_TYPES = (".xlsx", ".xlsm")
UNREADABLE = (CalamineError, PasswordError, XmlError, ZipError, zipfile.BadZipFile, ValueError, KeyError, OSError)


def _holds(content: bytes, strings: dict[str, str | None]) -> bool:
    """Whether any cell of the workbook (any format calamine reads) holds one of the strings."""
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(content))
        for name in book.sheet_names:
            for row in book.get_sheet_by_name(name).to_python():
                if any(isinstance(v, str) and any(s in v for s in strings) for v in row):
                    return True
    except UNREADABLE:  # a stored file that cannot be read cannot be shown to hold nothing
        return True
    return False


def _cell(value: object, strings: dict[str, str | None]) -> object:
    if not isinstance(value, str):
        return value
    if value in strings:
        return None
    for old in sorted(strings, key=len, reverse=True):
        value = value.replace(old, "…" if strings[old] == "" else "")
    return value


def _rewrite_xlsx(content: bytes, strings: dict[str, str | None], positions: set[tuple[str, int]]) -> bytes:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content), keep_vba=zipfile.is_zipfile(io.BytesIO(content)) and _has_vba(content))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.value = _cell(cell.value, strings)
        rows = {r for s, r in positions if s == sheet.title}
        sheet._images = [i for i in sheet._images if _anchor_row(i) not in rows]  # photos in those rows
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _has_vba(content: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        return any(n.endswith("vbaProject.bin") for n in z.namelist())


def _anchor_row(image) -> int | None:
    anchor = getattr(image, "anchor", None)
    start = getattr(anchor, "_from", None)
    return start.row + 1 if start is not None else None  # 0-based in the drawing, 1-based in a sheet


def scrubbed_file(
    content: bytes, filename: str, strings: dict[str, str | None], positions: set[tuple[str, int]]
) -> bytes | None:
    """The file without ``strings`` (None: it holds none of them; b"": it could not be rewritten)."""
    if not content or not _holds(content, strings):
        return None
    if filename.lower().endswith(XLSX_TYPES):
        try:
            rewritten = _rewrite_xlsx(content, strings, positions)
        except UNREADABLE:  # a file openpyxl cannot rewrite is dropped, never kept whole
            return b""
        return b"" if _holds(rewritten, strings) else rewritten
    return b""


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()
