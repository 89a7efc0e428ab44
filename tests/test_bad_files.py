"""Hostile and broken uploads: each one gets a clear refusal, never a traceback, a hang or an OOM.

The inputs are built in code (tests/hostile.py). The compression bombs inflate to 400 MB, so a
check that let them through to a parser would show up as a hang or a memory blow-up, not as a
slow pass; the Python-side peak allocation is also measured with tracemalloc.
"""

from __future__ import annotations

import dataclasses
import io
import json
import subprocess
import sys
import tracemalloc
import zipfile
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from openpyxl import load_workbook

from moral_metrics.briefing.template import ProvinceRow, write_tracker
from moral_metrics.model import LoadResult
from moral_metrics.pipeline import load_tracker
from moral_metrics.reference.messages import Message
from moral_metrics.reference.settings import Settings, settings

try:
    from tests import hostile
except ImportError:  # tests/ is not a package: pytest put the folder itself on sys.path
    import hostile

MEMORY_CEILING = 64 << 20  # bytes the Python side may allocate while refusing a bomb


def limits(**changes: object) -> Settings:
    base = settings()
    return dataclasses.replace(base, limits=dataclasses.replace(base.limits, **changes))


def load(data: bytes, config: Settings | None = None) -> LoadResult:
    result = load_tracker(data, config)  # must return, whatever the bytes
    assert isinstance(result, LoadResult)
    return result


def assert_texts(message: Message) -> None:
    assert message.message_th.strip()
    assert message.message_en.strip()
    assert message.message_th != message.message_en
    assert "msg." not in message.message_en  # an i18n key left unresolved


def refused(data: bytes, code: str, detail: str | None = None, config: Settings | None = None) -> Message:
    """Load ``data``; it must be refused with exactly one error, of ``code`` (and ``detail``)."""
    result = load(data, config)
    assert not result.ok
    assert result.tracker is None
    assert [m.code for m in result.errors] == [code], [(m.code, m.message_en) for m in result.errors]
    for message in result.messages:
        assert_texts(message)
    error = result.errors[0]
    assert error.severity == "error"
    if detail is not None:
        assert hostile.detail_of(error) == detail, error.message_en
    return error


def refused_within_memory(data: bytes, code: str, detail: str, config: Settings | None = None) -> Message:
    tracemalloc.start()
    try:
        error = refused(data, code, detail, config)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < MEMORY_CEILING, f"peak Python allocation {peak / 2**20:.0f} MB"
    return error


# --- not a workbook at all -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "detail"),
    [
        pytest.param(hostile.PLAIN_TEXT, "not_spreadsheet", id="plain-text"),
        pytest.param(b"just some words", "not_spreadsheet", id="ascii-text"),
        pytest.param(hostile.PDF, "not_spreadsheet", id="pdf"),
        pytest.param(hostile.EXE_MZ, "not_spreadsheet", id="exe-mz"),
        pytest.param(hostile.EXE_ELF, "not_spreadsheet", id="exe-elf"),
        pytest.param(b"\x1f\x8b\x08\x00" + b"\x00" * 40, "not_spreadsheet", id="gzip"),
        pytest.param(hostile.EMPTY, "empty", id="empty-bytes"),
        pytest.param(hostile.WHITESPACE, "empty", id="whitespace-only"),
        pytest.param(hostile.HTML_XLS, "html", id="html-table-as-xls"),
        pytest.param(b"<table border=1><tr><td>1</td></tr></table>", "html", id="html-bare-table"),
        pytest.param(b"\xef\xbb\xbf<table border=1><tr><td>1</td></tr></table>", "html", id="html-table-utf8-bom"),
        pytest.param(hostile.encrypted_ooxml(), "encrypted", id="encrypted-ooxml"),
        pytest.param(hostile.docx_like(), "not_spreadsheet", id="docx-zip"),
    ],
)
def test_not_a_workbook_is_refused(data: bytes, detail: str) -> None:
    error = refused(data, "unreadable_file", detail)
    assert error.cell is None and error.sheet is None


def test_zip_of_arbitrary_files_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("hello.txt", "สวัสดี")
        z.writestr("data.csv", "a,b\n1,2\n")
    refused(out.getvalue(), "unreadable_file", "not_spreadsheet")


def test_ole_file_that_is_no_workbook_is_refused() -> None:
    refused(hostile.CFB_MAGIC + b"\x00" * 2048, "unreadable_file", "corrupt")


# --- damaged workbooks ----------------------------------------------------------------------


@pytest.mark.parametrize("fraction", [0.1, 0.5, 0.9])
def test_truncated_xlsx_is_unreadable(fraction: float) -> None:
    data = hostile.workbook_bytes()
    refused(data[: int(len(data) * fraction)], "unreadable_file", "corrupt")


def test_first_half_of_a_real_tracker_is_unreadable() -> None:
    refused(hostile.truncated(valid_tracker()), "unreadable_file", "corrupt")


def test_workbook_without_data_is_refused() -> None:
    refused(hostile.empty_workbook(), "unreadable_file", "no_sheets")


@pytest.mark.parametrize(
    ("part", "fields"),
    [
        pytest.param(hostile.SHEET_PART, {"needed": 0xFF}, id="sheet-needs-zip-version-25.5"),
        pytest.param("[Content_Types].xml", {"needed": 0xFF}, id="content-types-needs-zip-version-25.5"),
        pytest.param(hostile.SHEET_PART, {"method": 99}, id="sheet-unknown-compression"),
        pytest.param("xl/workbook.xml", {"method": 99}, id="workbook-unknown-compression"),
    ],
)
def test_zip_entries_nobody_can_read_are_unreadable(part: str, fields: dict[str, int]) -> None:
    refused(hostile.patch_entry(hostile.workbook_bytes(), part, **fields), "unreadable_file", "corrupt")


@pytest.mark.parametrize("part", [hostile.SHEET_PART, "xl/workbook.xml"])
def test_zip_encrypted_entries_are_unreadable(part: str) -> None:
    """The ZIP "encrypted" flag (ZipCrypto, as `zip -e` writes it) on a part of an .xlsx."""
    data = hostile.patch_entry(hostile.workbook_bytes(), part, flags=0x1)
    error = refused(data, "unreadable_file")
    assert hostile.detail_of(error) in ("encrypted", "corrupt")


@pytest.mark.parametrize("where", ["sheet", "workbook"])
def test_xml_entity_bomb_is_refused(where: str) -> None:
    refused_within_memory(hostile.billion_laughs(where), "unreadable_file", "xml_entities")


@cache
def fuzz_seed() -> bytes:
    """One workbook for every example (openpyxl stamps the time, so each build differs)."""
    return hostile.workbook_bytes()


@hsettings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2048))
def test_random_bytes_never_raise(data: bytes) -> None:
    result = load(data)
    assert not result.ok
    assert result.errors
    for message in result.messages:
        assert_texts(message)


@hsettings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_damaged_xlsx_never_raises(data: st.DataObject) -> None:
    raw = bytearray(fuzz_seed())
    for _ in range(data.draw(st.integers(1, 8), label="flips")):
        at = data.draw(st.integers(0, len(raw) - 1), label="at")
        raw[at] = data.draw(st.integers(0, 255), label="byte")
    result = load(bytes(raw))  # may even still load; it must not raise
    for message in result.messages:
        assert_texts(message)


# --- size limits ------------------------------------------------------------------------------


def test_upload_over_the_limit_is_refused() -> None:
    refused(hostile.workbook_bytes(), "file_too_large", "upload", limits(max_upload_mb=0.001))


def test_upload_size_message_shows_a_size_over_the_limit() -> None:
    limit = 0.001
    data = hostile.workbook_bytes()
    error = refused(data, "file_too_large", "upload", limits(max_upload_mb=limit))
    assert error.value is not None
    assert float(error.value) > limit, f"the message says the file is {error.value} MB, limit {limit} MB"


def test_rows_over_the_limit_are_refused() -> None:
    error = refused(hostile.rows_sheet(1500), "file_too_large", "rows", limits(max_rows=1000))
    assert error.value == "1500"
    assert error.sheet == "Sheet"


def test_rows_without_numbers_are_counted() -> None:
    body = hostile.repeated(b"<row><c><v>1</v></c></row>", 1500 * 26, chunk_bytes=26 * 100)
    data = hostile.replace_part(hostile.workbook_bytes(), hostile.SHEET_PART, hostile.sheet_xml(body))
    error = refused(data, "file_too_large", "rows", limits(max_rows=1000))
    assert int(error.value) >= 1500


def test_rows_at_the_limit_are_not_refused_for_size() -> None:
    result = load(hostile.rows_sheet(1000), limits(max_rows=1000))
    assert "file_too_large" not in {m.code for m in result.messages}


def test_dimension_claiming_a_million_rows_is_refused() -> None:
    error = refused_within_memory(hostile.claims_million_rows(), "file_too_large", "rows")
    assert error.value == "1048576"
    assert error.sheet == "Sheet"


@pytest.mark.parametrize(("columns", "limit"), [(12, 10), (40, 30)])
def test_columns_over_the_limit_are_refused(columns: int, limit: int) -> None:
    error = refused(hostile.rows_sheet(3, columns), "file_too_large", "columns", limits(max_columns=limit))
    assert error.value == str(columns)
    assert error.sheet == "Sheet"


def test_columns_without_cell_references_are_counted() -> None:
    """r= is optional on <c>: a wide sheet without references is still refused."""
    row = b"<row>" + b"<c><v>1</v></c>" * 40 + b"</row>"
    data = hostile.replace_part(hostile.workbook_bytes(), hostile.SHEET_PART, hostile.sheet_xml([row] * 3))
    error = refused(data, "file_too_large", "columns", limits(max_columns=30))
    assert error.value == "40"


@cache
def row_bomb() -> bytes:
    return hostile.zip_bomb(400)


@cache
def padded_bomb() -> bytes:
    return hostile.padded_bomb(400)


def test_zip_bomb_is_refused() -> None:
    data = row_bomb()
    assert len(data) < 4 << 20  # a few MB that inflate to 400 MB
    refused_within_memory(data, "file_too_large", "uncompressed")


def test_zip_bomb_of_padding_is_refused() -> None:
    refused_within_memory(padded_bomb(), "file_too_large", "uncompressed")


@pytest.mark.parametrize("fix_crc", [False, True], ids=["true-crc", "crc-of-declared-prefix"])
def test_zip_bomb_lying_about_its_size_is_refused(fix_crc: bool) -> None:
    """The central directory says 64 KB; the part really inflates to 400 MB."""
    data = hostile.lie_about_size(padded_bomb(), hostile.SHEET_PART, 64 << 10, fix_crc=fix_crc)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.getinfo(hostile.SHEET_PART).file_size == 64 << 10
    refused_within_memory(data, "file_too_large", "uncompressed")


CHILD = """
import dataclasses, json, resource, sys
import hostile
from moral_metrics.reference.settings import settings
from moral_metrics.pipeline import load_tracker

rows, columns, max_rows = map(int, sys.argv[1:4])
base = settings()
config = dataclasses.replace(base, limits=dataclasses.replace(base.limits, max_rows=max_rows))
data = hostile.ods_repeated_cells(rows, columns)
load_tracker(hostile.workbook_bytes())  # warm up every lazy import and table
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
result = load_tracker(data, config)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
errors = result.errors
print(json.dumps({
    "size": len(data),
    "codes": [m.code for m in errors],
    "details": [hostile.detail_of(m) for m in errors],
    "grown_mb": (after - before) / 1024,
}))
"""


def test_ods_repeated_rows_are_refused_before_they_are_inflated() -> None:
    """A few hundred bytes of .ods claiming 100,000 rows x 100 cells (number-rows-repeated).

    Over max_rows it must be refused like the xlsx whose <dimension> claims a million rows:
    before a parser materialises the cells. Run in a child process to measure its peak memory
    (an unguarded parser takes well over a gigabyte here).
    """
    repo = Path(__file__).resolve().parents[1]
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": f"{repo}:{repo / 'tests'}"}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, "100000", "100", "50000"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=repo,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["size"] < 2000
    assert report["codes"] == ["file_too_large"]
    assert report["details"] == ["rows"]
    assert report["grown_mb"] < 300, f"refusing it took {report['grown_mb']:.0f} MB more memory"


# --- a formula without its cached value ------------------------------------------------------

PROGRESS = [
    {
        "province": "เชียงราย",
        "program_year": 1,
        "fiscal_year": 2564,
        "indicator": "networks",
        "target": 100,
        "actual": 80,
    },
    {
        "province": "เชียงราย",
        "program_year": 2,
        "fiscal_year": 2565,
        "indicator": "networks",
        "target": 100,
        "actual": 90,
    },
]


def valid_tracker() -> bytes:
    out = io.BytesIO()
    write_tracker(out, [ProvinceRow("เชียงราย", 2564, 10)], PROGRESS, lang="en")
    return out.getvalue()


def with_formula(cell: str, formula: str) -> tuple[bytes, str]:
    book = load_workbook(io.BytesIO(valid_tracker()))
    sheet = book.worksheets[2]
    sheet[cell] = formula
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), sheet.title


def test_valid_tracker_loads_cleanly() -> None:
    result = load(valid_tracker())
    assert result.ok, [(m.code, m.cell, m.message_en) for m in result.messages]
    assert not result.errors


def test_formula_without_cached_value_is_a_warning_on_its_cell() -> None:
    data, sheet = with_formula("F3", "=E3*0.9")
    result = load(data)
    assert result.ok, [(m.code, m.cell) for m in result.errors]
    found = [m for m in result.warnings if m.code == "formula_without_value"]
    assert len(found) == 1
    warning = found[0]
    assert (warning.severity, warning.sheet, warning.cell, warning.row, warning.column) == (
        "warning",
        sheet,
        "F3",
        3,
        "F",
    )
    assert_texts(warning)
    # the cell counts as blank: the row has a target and no actual
    assert any(m.code == "missing_actual" and m.row == 3 for m in result.warnings)


def test_formula_with_cached_value_is_not_flagged() -> None:
    data, _ = with_formula("F3", "=E3*0.9")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        part = next(n for n in archive.namelist() if n.startswith("xl/worksheets/sheet3"))
        xml = archive.read(part)
    empty = (b"<v />", b"<v/>", b"<v></v>")  # openpyxl writes one or another, with or without lxml
    assert any(e in xml for e in empty)
    for e in empty:
        xml = xml.replace(e, b"<v>90</v>")
    result = load(hostile.replace_part(data, part, [xml]))
    assert result.ok
    assert "formula_without_value" not in {m.code for m in result.messages}
    assert result.tracker is not None
    assert 90.0 in set(result.tracker.records["actual"])
