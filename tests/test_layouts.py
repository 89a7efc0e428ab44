"""Every layout, in Thai and in English, loads to the same records."""

from __future__ import annotations

import pandas as pd
import pytest
from builders import CANON, STARTS, long_book, per_province_book, to_bytes, wide_book

from moral_metrics import load_tracker

KEY = ["province_code", "program_year", "indicator"]


def expected() -> pd.DataFrame:
    rows = [
        {
            "province_code": c,
            "program_year": y,
            "fiscal_year": STARTS[c] + y - 1,
            "indicator": i,
            "target": float(t),
            "actual": float("nan") if a is None else float(a),
        }
        for c, y, i, t, a in CANON
    ]
    return pd.DataFrame(rows).sort_values(KEY).reset_index(drop=True)


def loaded(book) -> pd.DataFrame:
    result = load_tracker(to_bytes(book))
    assert result.ok, [(m.code, m.cell, m.message_en) for m in result.errors]
    records = result.tracker.records[expected().columns].copy()
    records["program_year"] = records["program_year"].astype(int)
    records["fiscal_year"] = records["fiscal_year"].astype(int)
    return records.sort_values(KEY).reset_index(drop=True)


BOOKS = {
    "long-program": lambda lang: long_book(lang, "program"),
    "long-fiscal": lambda lang: long_book(lang, "fiscal"),
    "long-both": lambda lang: long_book(lang, "both"),
    "wide-one-row": lambda lang: wide_book(lang),
    "wide-two-rows-merged": lambda lang: wide_book(lang, two_rows=True),
    "wide-two-rows-unmerged": lambda lang: wide_book(lang, two_rows=True, merged=False),
    "per-province-long": lambda lang: per_province_book(lang),
    "per-province-wide": lambda lang: per_province_book(lang, wide=True),
}


@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("layout", list(BOOKS))
def test_layout_loads_to_the_canonical_records(layout: str, lang: str) -> None:
    pd.testing.assert_frame_equal(loaded(BOOKS[layout](lang)), expected(), check_dtype=False)


def test_totals_row_is_skipped_with_a_warning() -> None:
    result = load_tracker(to_bytes(long_book("th")))
    totals = [m for m in result.warnings if m.code == "ignored_row"]
    assert [(m.sheet, m.cell, m.value) for m in totals] == [("ผลการดำเนินงาน", f"A{4 + len(CANON)}", "รวม")]


def test_missing_actual_is_a_warning_not_zero() -> None:
    result = load_tracker(to_bytes(long_book("en")))
    record = result.tracker.records.query("indicator == 'lessons_learned'").iloc[0]
    assert pd.isna(record["actual"]) and pd.isna(record["achievement"])
    warning = next(m for m in result.warnings if m.code == "missing_actual")
    position = next(n for n, row in enumerate(CANON, start=1) if row[4] is None)
    assert (warning.sheet, warning.cell) == ("Progress", f"E{3 + position}")


def test_provinces_table_lists_start_years() -> None:
    result = load_tracker(to_bytes(wide_book("th")))
    provinces = result.tracker.provinces.set_index("province_code")
    assert provinces.loc["TH-57", "start_year"] == 2563
    assert provinces.loc["TH-84", "province_en"] == "Surat Thani"
    assert not provinces["start_year_assumed"].any()


@pytest.mark.parametrize("lang", ["th", "en"])
def test_ods_workbook_loads_to_the_same_records(lang: str) -> None:
    from builders import ods_bytes

    result = load_tracker(ods_bytes(long_book(lang, "both")))
    assert result.ok, [(m.code, m.cell, m.message_en) for m in result.errors]
    records = result.tracker.records[expected().columns].copy()
    records[["program_year", "fiscal_year"]] = records[["program_year", "fiscal_year"]].astype(int)
    pd.testing.assert_frame_equal(records.sort_values(KEY).reset_index(drop=True), expected(), check_dtype=False)


def test_xlsm_with_macros_is_read_as_data() -> None:
    """An .xlsm is a zip like .xlsx plus a vbaProject.bin that is never run."""
    import io
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(to_bytes(long_book("th"))))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in source.infolist():
            z.writestr(item, source.read(item.filename))
        z.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 not a real macro project")
    result = load_tracker(out.getvalue())
    assert result.ok and len(result.tracker.records) == len(CANON)
