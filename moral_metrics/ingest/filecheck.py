"""Look at an uploaded file's bytes before any parser does: what it is, and whether it is safe.

Everything here reads at most a bounded amount of memory, so a hostile file (a compression
bomb, an XML entity bomb, a sheet claiming a million rows) is refused before a parser
allocates anything for it.
"""

from __future__ import annotations

import html
import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field

from moral_metrics.ingest.odsscan import scan_ods
from moral_metrics.reference.settings import Limits

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CHUNK = 1 << 20
_OVERLAP = 16 << 10
_ROW = re.compile(rb'<row[^>]*?\sr="(\d+)"')
_WIDE_CELL = re.compile(rb'<c r="([A-Z]{2,3})\d+"')
_ANY_CELL = re.compile(rb'<c r="([A-Z]{1,3})\d+"')
_DIMENSION = re.compile(rb'<dimension ref="(?:[A-Z]+\d+:)?([A-Z]+)(\d+)"')
# A formula whose cached value is missing: <f>..</f> then no <v>, or an empty <v/> on a
# non-string cell (an empty cached string, t="str", is a real value: =IF(..,"",..)).
_FORMULA = re.compile(rb'<c r="([A-Z]+\d+)"([^>]*)>(?:<f[^>]*/>|<f[^>]*>[^<]*</f>)(?:<v\s*/>|<v></v>)?</c>')
_ELEMENT_START = re.compile(rb"<[A-Za-z]")


class FileProblem(Exception):
    """A file that cannot be read safely; ``code`` and ``detail`` name the message."""

    def __init__(self, code: str, detail: str, **values: object) -> None:
        super().__init__(f"{code}.{detail}")
        self.code = code
        self.detail = detail
        self.values = values


@dataclass
class SheetScan:
    rows: int = 0
    columns: int = 0
    formulas_without_value: dict[str, None] = field(default_factory=dict)  # ordered set


@dataclass
class FileScan:
    format: str  # xlsx, xlsb, xls, ods
    sheets: dict[str, SheetScan] = field(default_factory=dict)  # by sheet name (xlsx only)


def sniff(data: bytes) -> str:
    """What the bytes are, whatever the file is called."""
    head = data[:1024].removeprefix(b"\xef\xbb\xbf").lstrip()
    if not data.strip():
        return "empty"
    if data.startswith(CFB_MAGIC):
        return "encrypted" if "EncryptedPackage".encode("utf-16-le") in data[: 1 << 20] else "xls"
    if data.startswith(b"PK"):
        return "zip"
    lowered = head.lower()
    data = data.removeprefix(b"\xef\xbb\xbf")
    if lowered.startswith((b"<html", b"<!doctype html", b"<table", b"<?xml")) or b"<html" in lowered:
        return "html"
    if data.startswith(b"%PDF"):
        return "PDF"
    if data.startswith((b"MZ", b"\x7fELF")):
        return "executable"
    if data.startswith((b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf")):
        return "archive"
    return "text"


def _zip_format(archive: zipfile.ZipFile) -> str:
    names = set(archive.namelist())
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "xl/workbook.bin" in names:
        return "xlsb"
    if "content.xml" in names and "mimetype" in names and b"spreadsheet" in archive.read("mimetype")[:200]:
        return "ods"
    raise FileProblem("unreadable_file", "not_spreadsheet", kind="a ZIP archive / ไฟล์ ZIP")


def _mb(size: int) -> float:
    return round(size / 1048576, 1)


def _too_big(value: object, limit: int) -> FileProblem:
    return FileProblem("file_too_large", "uncompressed", value=value, limit=_mb(limit))


class _Budget:
    """Bytes the archive's parts may still inflate to; declared sizes can lie, so count them."""

    def __init__(self, limit: int) -> None:
        self.limit = self.left = limit

    def charge(self, size: int) -> None:
        self.left -= size
        if self.left < 0:
            raise _too_big(f"> {_mb(self.limit)}", self.limit)


def _raw_member(data: bytes, info: zipfile.ZipInfo) -> memoryview:
    """A part's compressed bytes, located through its local header."""
    offset = info.header_offset
    if data[offset : offset + 4] != b"PK\x03\x04":
        raise FileProblem("unreadable_file", "corrupt", reason="bad local header")
    name_len, extra_len = struct.unpack("<HH", data[offset + 26 : offset + 30])
    start = offset + 30 + name_len + extra_len
    return memoryview(data)[start : start + info.compress_size]


def _stream(data: bytes, info: zipfile.ZipInfo, budget: _Budget):
    """Yield a part's bytes chunk by chunk, inflating it ourselves and charging every byte.

    zipfile stops at the size the header declares, so a part that lies about its size would
    slip past a count made through it; inflating the raw stream sees everything.
    """
    if info.flag_bits & 0x1:
        raise FileProblem("unreadable_file", "encrypted")
    raw = _raw_member(data, info)
    if info.compress_type == zipfile.ZIP_STORED:
        for start in range(0, len(raw), _CHUNK):
            budget.charge(min(_CHUNK, len(raw) - start))
            yield bytes(raw[start : start + _CHUNK])
        return
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise FileProblem("unreadable_file", "corrupt", reason=f"compression {info.compress_type}")
    inflater = zlib.decompressobj(-15)
    for start in range(0, len(raw), _CHUNK):
        pending = bytes(raw[start : start + _CHUNK])
        while pending:
            out = inflater.decompress(pending, _CHUNK)
            pending = inflater.unconsumed_tail
            budget.charge(len(out))
            if out:
                yield out
    if not inflater.eof:
        raise FileProblem("unreadable_file", "corrupt", reason=f"{info.filename} is truncated")


def _check_prolog(name: str, first: bytes) -> None:
    start = _ELEMENT_START.search(first)
    prolog = first[: start.start()] if start else first
    if b"<!DOCTYPE" in prolog.upper() or b"<!ENTITY" in prolog.upper() or not start:
        raise FileProblem("unreadable_file", "xml_entities", part=name)


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n


def _last_row(text: bytes) -> int | None:
    """The r= of the last row tag in ``text``; None if that tag has none (r= is optional)."""
    pos = text.rfind(b"<row")
    while pos >= 0:
        if text[pos + 4 : pos + 5] in (b" ", b">", b"/"):
            m = _ROW.match(text, pos)
            return int(m.group(1)) if m else None
        pos = text.rfind(b"<row", 0, pos)
    return 0


def _scan_sheet(chunks, limits: Limits) -> SheetScan:
    """Rows, columns and value-less formulas of one worksheet part, streamed."""
    scan = SheetScan()
    cells = _WIDE_CELL if limits.max_columns >= 26 else _ANY_CELL
    tail = b""
    for n, chunk in enumerate(chunks):
        text = tail + chunk
        if n == 0 and (dim := _DIMENSION.search(text)):  # it sits before the data
            scan.columns, scan.rows = _column_number(dim.group(1)), int(dim.group(2))
        last = _last_row(text)
        if last is None:  # rows without r= follow the one before: count them, an upper bound
            last = scan.rows + chunk.count(b"<row ") + chunk.count(b"<row>")
        scan.rows = max(scan.rows, last)
        for m in cells.finditer(text):
            scan.columns = max(scan.columns, _column_number(m.group(1)))
        if b"<f" in text:
            for m in _FORMULA.finditer(text):
                if b't="str"' not in m.group(2):
                    scan.formulas_without_value.setdefault(m.group(1).decode(), None)
        tail = text[-_OVERLAP:]
    return scan


def check_zip(data: bytes, limits: Limits) -> FileScan:
    """Refuse bombs and oversized sheets in an .xlsx/.xlsm/.ods before calamine opens it."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
        fmt = _zip_format(archive)
    except FileProblem:
        raise
    except (zipfile.BadZipFile, zlib.error, KeyError, EOFError, ValueError, NotImplementedError, RuntimeError) as exc:
        raise FileProblem("unreadable_file", "corrupt", reason=type(exc).__name__) from exc
    declared = sum(i.file_size for i in infos)
    if declared > limits.max_uncompressed_bytes:
        raise _too_big(_mb(declared), limits.max_uncompressed_bytes)
    budget = _Budget(limits.max_uncompressed_bytes)
    result = FileScan(fmt)
    try:
        names = _sheet_names(data, archive, budget) if fmt == "xlsx" else {}
        for info in infos:
            if not info.filename.endswith((".xml", ".rels")):
                continue
            chunks = _stream(data, info, budget)
            first = next(chunks, b"")
            _check_prolog(info.filename, first[: 64 << 10])
            if info.filename.startswith("xl/worksheets/sheet"):
                scan = _scan_sheet(_chain(first, chunks), limits)
                sheet = names.get(info.filename, info.filename)
                result.sheets[sheet] = scan
                _check_size(scan, sheet, limits)
            elif fmt == "ods" and info.filename == "content.xml":
                for sheet, (rows, columns) in scan_ods(_chain(first, chunks), limits).items():
                    _check_size(SheetScan(rows, columns), sheet, limits)
            else:
                for _ in chunks:
                    pass
    except FileProblem:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError, RuntimeError) as exc:
        raise FileProblem("unreadable_file", "corrupt", reason=type(exc).__name__) from exc
    return result


def _small_part(data: bytes, archive: zipfile.ZipFile, name: str, budget: _Budget) -> bytes:
    part = b"".join(_stream(data, archive.getinfo(name), budget))
    _check_prolog(name, part[: 64 << 10])
    return part


def _sheet_names(data: bytes, archive: zipfile.ZipFile, budget: _Budget) -> dict[str, str]:
    """Worksheet part -> sheet name, from workbook.xml and its relationships."""
    rels = _small_part(data, archive, "xl/_rels/workbook.xml.rels", budget).decode("utf-8", "replace")
    book = _small_part(data, archive, "xl/workbook.xml", budget).decode("utf-8", "replace")
    targets = {
        m.group(1): m.group(2).lstrip("/").removeprefix("xl/")
        for m in re.finditer(r'<Relationship[^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"', rels)
    }
    targets |= {
        m.group(2): m.group(1).lstrip("/").removeprefix("xl/")
        for m in re.finditer(r'<Relationship[^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"', rels)
    }
    names = {}
    for m in re.finditer(r'<sheet\b[^>]*?name="([^"]*)"[^>]*?r:id="([^"]+)"', book):
        if m.group(2) in targets:
            names["xl/" + targets[m.group(2)]] = _unescape(m.group(1))
    return names


def _unescape(text: str) -> str:
    return html.unescape(text)


def _chain(first: bytes, rest):
    yield first
    yield from rest


def _check_size(scan: SheetScan, sheet: str, limits: Limits) -> None:
    checks = (
        ("rows", scan.rows, limits.max_rows),
        ("columns", scan.columns, limits.max_columns),
        ("cells", scan.rows * scan.columns, limits.max_cells),  # the dense grid that gets read
    )
    for detail, value, limit in checks:
        if value > limit:
            raise FileProblem("file_too_large", detail, value=value, limit=limit, sheet=sheet)


def check_bytes(data: bytes, limits: Limits) -> FileScan:
    """Identify the file and run every pre-parse check; raise ``FileProblem`` when refused."""
    if len(data) > limits.max_upload_bytes:
        size = len(data) / 1048576
        shown = round(size, 1) if round(size, 1) > limits.max_upload_mb else round(size, 3)
        raise FileProblem("file_too_large", "upload", value=shown, limit=limits.max_upload_mb)
    kind = sniff(data)
    if kind == "zip":
        return check_zip(data, limits)
    if kind == "xls":
        return FileScan("xls")
    if kind == "empty":
        raise FileProblem("unreadable_file", "empty")
    if kind in ("encrypted", "html"):
        raise FileProblem("unreadable_file", kind)
    names = {"text": "a text file / ไฟล์ข้อความ", "archive": "a compressed archive / ไฟล์บีบอัด"}
    raise FileProblem("unreadable_file", "not_spreadsheet", kind=names.get(kind, kind))
