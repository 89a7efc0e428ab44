"""Look at an uploaded file's bytes before any parser does: what it is, and whether it is safe.

Everything here reads at most a bounded amount of memory, so a hostile file (a compression
bomb, an XML entity bomb, a sheet claiming a million rows) is refused before a parser
allocates anything for it.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from moral_metrics.ingest.celltext import HOLD_CHARS, StringRefs, TextRuns, shared_string_lengths
from moral_metrics.ingest.odsscan import scan_ods
from moral_metrics.ingest.xlsxscan import SheetScan, scan_sheet, shared_strings_part, sheet_names
from moral_metrics.ingest.zipparts import (
    Budget,
    FileProblem,
    chain,
    check_prolog,
    check_sheet_count,
    mb,
    stream,
    too_big,
)
from moral_metrics.reference.messages import Position
from moral_metrics.reference.settings import Limits

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SHARED_STRINGS = "xl/sharedStrings.xml"
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, KeyError, EOFError, ValueError, NotImplementedError, RuntimeError)
__all__ = ["FileProblem", "FileScan", "check_bytes", "sniff"]


@dataclass
class FileScan:
    format: str  # xlsx, xlsb, xls, ods
    sheets: dict[str, SheetScan] = field(default_factory=dict)  # by sheet name (xlsx only)
    cells: int = 0  # rows x columns of every sheet's grid so far: the reader's work for the whole file


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
    raise FileProblem("unreadable_file", "not_spreadsheet", kind="zip")


def _open_zip(data: bytes) -> tuple[zipfile.ZipFile, str]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        return archive, _zip_format(archive)
    except FileProblem:
        raise
    except _ZIP_ERRORS as exc:
        raise FileProblem("unreadable_file", "corrupt", reason=type(exc).__name__) from exc


def _watched(chunks: Iterable[bytes], runs: TextRuns) -> Iterator[bytes]:
    """``chunks`` passed on once ``runs`` has seen them: no cell text over the limit gets through."""
    for chunk in chunks:
        runs.feed(chunk)
        yield chunk


def _scan_part(
    data: bytes, info: zipfile.ZipInfo, result: FileScan, names: dict, refs: StringRefs, limits: Limits
) -> None:
    """Stream one XML part: check its prolog, size its sheet and its text, count every byte it inflates to."""
    chunks = stream(data, info, refs.budget)
    first = next(chunks, b"")
    check_prolog(info.filename, first[: 64 << 10])
    if info.filename in names or info.filename.startswith("xl/worksheets/sheet"):  # by the index, or the usual name
        sheet = names.get(info.filename, info.filename)
        text = _watched(chain(first, chunks), TextRuns(limits.max_cell_chars, sheet))
        result.sheets[sheet] = scan_sheet(refs.sheet(text, sheet), limits)
        _check_size(result, result.sheets[sheet], sheet, limits)
    elif result.format == "ods" and info.filename == "content.xml":
        text = _watched(chain(first, chunks), TextRuns(HOLD_CHARS, info.filename))  # cells: scan_ods
        for sheet, (rows, columns) in scan_ods(text, limits).items():
            _check_size(result, SheetScan(rows, columns), sheet, limits)
    else:
        for _ in chunks:
            pass


def _string_refs(data: bytes, archive: zipfile.ZipFile, budget: Budget, limits: Limits) -> StringRefs:
    """The shared strings' lengths, read before any sheet that points at them: from the part the
    relationships name and the usual one (a reader may take either), the longer of each string."""
    parts = tuple(
        n
        for n in dict.fromkeys((shared_strings_part(data, archive, budget), SHARED_STRINGS))
        if n in archive.NameToInfo
    )
    lengths = array("I")
    for name in parts:
        chunks = stream(data, archive.getinfo(name), budget)
        first = next(chunks, b"")
        check_prolog(name, first[: 64 << 10])
        more = shared_string_lengths(chain(first, chunks), name, limits.max_shared_strings)
        lengths = array("I", map(max, lengths, more)) + (more[len(lengths) :] or lengths[len(more) :])
    return StringRefs(lengths, limits.max_cell_chars, limits.max_total_chars, budget, parts)


def _sheet_parts(infos: list[zipfile.ZipInfo], fmt: str) -> int:
    """Worksheet parts an .xlsx/.xlsb archive holds (an .ods keeps every sheet in one part)."""
    ending = {"xlsx": ".xml", "xlsb": ".bin"}.get(fmt)
    return sum(1 for i in infos if ending and i.filename.startswith("xl/worksheets/") and i.filename.endswith(ending))


def check_zip(data: bytes, limits: Limits) -> FileScan:
    """Refuse bombs and oversized sheets in an .xlsx/.xlsm/.ods before calamine opens it."""
    archive, fmt = _open_zip(data)
    infos = archive.infolist()
    declared = sum(i.file_size for i in infos)
    if declared > limits.max_uncompressed_bytes:
        raise too_big(mb(declared), limits.max_uncompressed_bytes)
    check_sheet_count(_sheet_parts(infos, fmt), limits)  # from the archive's index: nothing inflated yet
    budget, result = Budget(limits.max_uncompressed_bytes), FileScan(fmt)
    try:
        names = sheet_names(data, archive, budget, limits) if fmt == "xlsx" else {}
        refs = _string_refs(data, archive, budget, limits) if fmt == "xlsx" else StringRefs(array("I"), 0, 0, budget)
        for info in infos:
            if (
                info.filename.endswith((".xml", ".rels")) or info.filename in names
            ) and info.filename not in refs.parts:
                _scan_part(data, info, result, names, refs, limits)
    except FileProblem:
        raise
    except _ZIP_ERRORS as exc:
        raise FileProblem("unreadable_file", "corrupt", reason=type(exc).__name__) from exc
    return result


def _check_size(result: FileScan, scan: SheetScan, sheet: str, limits: Limits) -> None:
    result.cells += scan.rows * scan.columns
    checks = (
        ("rows", scan.rows, limits.max_rows),
        ("columns", scan.columns, limits.max_columns),
        ("cells", scan.rows * scan.columns, limits.max_cells),  # the dense grid that gets read
        ("total_cells", result.cells, limits.max_total_cells),  # every sheet's grid together
    )
    for detail, value, limit in checks:
        if value > limit:
            raise FileProblem("file_too_large", detail, value=value, limit=limit, at=Position(sheet))


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
    raise FileProblem("unreadable_file", "not_spreadsheet", kind=kind)
