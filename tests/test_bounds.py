"""Bounded work per file (issue 23): text and cells are counted before any reader runs, on every
sheet kind; names, titles, notes and citations are held to their lengths at their cells."""

from __future__ import annotations

import dataclasses
import io
import zipfile

import hostile
import pytest
from bounded_books import amplified_citations, many_events, ods, ods_repeated_text, sparse_sheets, with_text
from builders import simple_long, to_bytes
from corpus import with_part
from recognition_books import EVENT_HEAD, event, honouree, recognition_book

import moral_metrics.ingest.workbook as workbook
from moral_metrics import load_tracker
from moral_metrics.ingest.celltext import shared_string_lengths, text_chars
from moral_metrics.ingest.filecheck import FileProblem, check_bytes
from moral_metrics.reference.settings import settings

LIMITS = settings().limits
START = {"เชียงราย": 2563}


@pytest.fixture
def no_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if calamine is asked to open the file: it must be refused before."""

    def never(*_args, **_kwargs):
        raise AssertionError("the reader was called")

    monkeypatch.setattr(workbook.CalamineWorkbook, "from_filelike", never)


def refusal(data: bytes, config=None) -> tuple[str, str | None, str | None, str | None, str | None]:
    result = load_tracker(data, config)
    assert not result.ok and len(result.errors) == 1, [(m.code, m.detail) for m in result.errors]
    m = result.errors[0]
    assert m.message_th and m.message_en and m.message_th != m.message_en
    return m.code, m.detail, m.sheet, m.cell, m.value


def limits(**changes: object):
    return dataclasses.replace(settings(), limits=dataclasses.replace(LIMITS, **changes))


def test_one_long_shared_string_behind_many_cells_is_refused_at_the_first_cell(no_reader) -> None:
    data = amplified_citations(1000, 1_000_000)
    assert len(data) < 60_000  # a small file: the reader would have made 1,000 copies
    assert refusal(data) == ("file_too_large", "cell_text", "ทำเนียบคนดี", "G2", "1000000")


def test_shared_strings_are_charged_once_per_cell_that_points_at_them(no_reader) -> None:
    code, detail, sheet, cell, value = refusal(amplified_citations(1000, 30_000))
    assert (code, detail, sheet) == ("file_too_large", "text", "ทำเนียบคนดี")
    # the cell where the total first passes the limit: 20,000,000 / 30,000 -> the 667th citation
    assert cell == f"G{LIMITS.max_total_chars // 30_000 + 2}" and int(value) > LIMITS.max_total_chars


def test_shared_strings_within_the_limits_load_as_their_text() -> None:
    result = load_tracker(amplified_citations(3, 40))
    assert result.ok, [(m.code, m.detail) for m in result.errors]
    citations = result.tracker.datasets["honourees"]["citation"]
    assert list(citations) == ["ก" * 40] * 3


def test_sparse_sheets_are_refused_by_their_cells_together(no_reader) -> None:
    data = sparse_sheets(50, 199_999, "Y")
    assert len(data) < 60_000
    code, detail, sheet, _, value = refusal(data)
    assert (code, detail, sheet) == ("file_too_large", "total_cells", "แผ่น3")  # 3 x 4,999,975 > 10 M
    assert int(value) == 3 * 199_999 * 25


def test_the_cell_budget_is_a_setting() -> None:
    config = limits(max_total_cells=2 * 199 * 25 - 1)
    assert refusal(sparse_sheets(2, 199, "Y"), config)[:3] == ("file_too_large", "total_cells", "แผ่น2")


@pytest.mark.parametrize("kind", ["progress", "honourees", "events"])
def test_a_cell_over_excels_limit_is_refused_before_reading_on_every_sheet_kind(kind: str, no_reader) -> None:
    text = "LONG-TEXT"
    book = {
        "progress": lambda: simple_long([["เชียงราย", 1, "networks", 10, 12, text]], START),
        "honourees": lambda: recognition_book(honourees=[honouree("สมชาย", citation=text)]),
        "events": lambda: recognition_book(events=[event("ประชุม", networks=text)]),
    }[kind]()
    where = {"progress": ("ผล", "F2"), "honourees": ("ทำเนียบคนดี", "G2"), "events": ("ปฏิทินความดี", "G2")}[kind]
    data = with_text(to_bytes(book), text, "ก" * (LIMITS.max_cell_chars + 1))
    assert refusal(data) == ("file_too_large", "cell_text", *where, str(LIMITS.max_cell_chars + 1))


def test_a_cell_of_exactly_the_limit_passes_the_scan() -> None:
    data = to_bytes(recognition_book(honourees=[honouree("สมชาย", citation="ก" * LIMITS.max_cell_chars)]))
    check_bytes(data, LIMITS)  # the citation's own limit (2,000) is the check's, at its cell
    codes = [(m.code, m.cell) for m in load_tracker(data).errors]
    assert codes == [("text_too_long", "G2")]


def test_entities_and_rich_text_count_as_the_characters_they_stand_for() -> None:
    assert text_chars(b"<t>a&amp;b&#3585;</t>") == 4
    assert text_chars(b"<r><t>ab</t></r><r><rPr><b/></rPr><t>c</t></r><rPh><t>zz</t></rPh>") == 3
    sst = (
        b'<sst><si><t>abc</t></si><si/><si><t xml:space="preserve">\xe0\xb8\x81 x</t></si><si><t>a&amp;b</t></si>'
        b"<si><r><t>ab</t></r><r><rPr><b/></rPr><t>c</t></r></si><si><t></t></si></sst>"
    )
    for size in (1, 5, 1000):  # however the stream is cut
        chunks = [sst[i : i + size] for i in range(0, len(sst), size)]
        assert list(shared_string_lengths(chunks, "s")) == [3, 0, 3, 3, 3, 0]
    long = b"<sst><si><t>" + "ก".encode() * 100_000 + b"</t></si><si><r><t>" + b"x" * 70_000 + b"</t></r></si></sst>"
    chunks = [long[i : i + 7000] for i in range(0, len(long), 7000)]  # strings longer than what is carried
    assert list(shared_string_lengths(chunks, "s")) == [100_000, 70_000]


def test_a_reference_cannot_hide_behind_spaces_or_another_spelling(no_reader) -> None:
    data = amplified_citations(2, 40)
    source = zipfile.ZipFile(io.BytesIO(data))
    part = next(n for n in source.namelist() if b't="s"' in source.read(n) and n.startswith("xl/worksheets/"))
    xml = source.read(part).replace(b't="s"><v>', b"t = 's'>" + b" " * 200_000 + b"<v>", 1)
    with pytest.raises(FileProblem) as caught:  # spaces inside a cell count as its text
        check_bytes(hostile.replace_part(data, part, [xml]), LIMITS)
    assert (caught.value.message.detail, caught.value.message.cell) == ("cell_text", "G2")


@pytest.mark.parametrize(
    "spelling",
    [
        b"t='s'><v>",
        b't="s" cm="1"><f>A1</f><v>',
        b't="s"><x:f t="shared" si="0"/><x:v xml:space="preserve">',
        b't="s"><extra/>\n<other>x</other><v>',
    ],
    ids=["quotes", "formula", "prefix", "other-elements"],
)
def test_every_spelling_of_a_shared_string_cell_is_charged(spelling: bytes, no_reader) -> None:
    data = amplified_citations(1000, 30_000)
    source = zipfile.ZipFile(io.BytesIO(data))
    part = next(n for n in source.namelist() if b't="s"' in source.read(n) and n.startswith("xl/worksheets/"))
    xml = source.read(part).replace(b't="s"><v>', spelling)
    assert refusal(hostile.replace_part(data, part, [xml]))[:3] == ("file_too_large", "text", "ทำเนียบคนดี")


def test_padding_between_rows_is_no_cells_text() -> None:
    with pytest.raises(FileProblem) as caught:
        check_bytes(hostile.padded_bomb(400), LIMITS)
    assert caught.value.message.detail == "uncompressed"


def test_ods_repeated_text_is_charged_for_every_copy(no_reader) -> None:
    data = ods_repeated_text(200, 400, 300)  # 200 x 400 copies of 300 characters: 24 M
    code, detail, sheet, _, value = refusal(data, limits(max_total_chars=1_000_000))
    assert (code, detail, sheet, value) == ("file_too_large", "text", "ทำเนียบ", str(400 + 200 * 400 * 300))


def test_ods_spaces_element_counts_the_spaces_it_stands_for(no_reader) -> None:
    data = ods(
        '<table:table-cell office:value-type="string"><text:p>a<text:s text:c="100000"/></text:p></table:table-cell>'
    )
    assert refusal(data) == ("file_too_large", "cell_text", "ทำเนียบ", "A1", "100001")


def test_a_long_note_on_a_progress_record_is_an_error_at_its_cell() -> None:
    note = "ก" * (LIMITS.max_text_chars + 1)
    result = load_tracker(to_bytes(simple_long([["เชียงราย", 1, "networks", 10, 12, note]], START)))
    [error] = result.errors
    assert (error.code, error.cell, error.params["role"], error.params["limit"]) == (
        "text_too_long",
        "F2",
        "note",
        LIMITS.max_text_chars,
    )


def test_a_wide_rows_long_note_is_reported_once() -> None:
    from builders import HEAD, wide_book

    book = wide_book()
    sheet = book["ตาราง"]
    col = sheet.max_column + 1
    sheet.cell(3, col, HEAD["th"]["note"])
    sheet.cell(4, col, "ก" * (LIMITS.max_text_chars + 1))  # one sheet row: a record per indicator
    errors = [m for m in load_tracker(to_bytes(book)).errors if m.code == "text_too_long"]
    assert len(errors) == 1


def test_a_long_unit_name_is_an_error_at_its_cell() -> None:
    from builders import units_book

    name = "ก" * (LIMITS.max_name_chars + 1)
    book = units_book([["สุราษฎร์ธานี", "ไชยา", "องค์กร", name, 2566, 3]])
    errors = [m for m in load_tracker(to_bytes(book)).errors if m.code == "text_too_long"]
    assert [(m.params["role"], m.params["limit"]) for m in errors] == [("unit_name", LIMITS.max_name_chars)]


def test_a_long_event_title_is_an_error_at_its_cell() -> None:
    book = recognition_book(events=[event("ก" * (LIMITS.max_name_chars + 1))])
    errors = [(m.code, m.sheet, m.cell) for m in load_tracker(to_bytes(book)).errors]
    assert errors == [("text_too_long", "ปฏิทินความดี", f"{chr(65 + EVENT_HEAD['th'].index('ชื่อกิจกรรม'))}2")]


def test_199999_events_load_as_data() -> None:
    result = load_tracker(many_events(199_999))
    assert result.ok, [(m.code, m.detail) for m in result.errors[:3]]
    assert len(result.tracker.datasets["events"]) == 199_999


def test_a_table_of_more_shared_strings_than_allowed_is_refused(no_reader) -> None:
    data = amplified_citations(3, 10)
    source = zipfile.ZipFile(io.BytesIO(data))
    table = source.read("xl/sharedStrings.xml").replace(b"</sst>", b"<si><t>x</t></si>" * 100 + b"</sst>")
    data = hostile.replace_part(data, "xl/sharedStrings.xml", [table])
    assert refusal(data, limits(max_shared_strings=100))[:2] == ("file_too_large", "shared_strings")


def test_a_long_indicator_name_on_an_indicators_sheet_is_an_error_at_its_cell() -> None:
    book = simple_long([["เชียงราย", 1, "networks", 5, 5]], START)
    sheet = book.create_sheet("ตัวชี้วัดเพิ่มเติม")
    sheet.append(["รหัส", "ชื่อภาษาไทย", "ชื่อภาษาอังกฤษ", "ด้าน", "ประเภท", "ชื่ออื่น"])
    sheet.append(["volunteer_hours", "ก" * (LIMITS.max_name_chars + 1), "Volunteer hours", "exchanges", "count", ""])
    errors = [(m.code, m.sheet, m.cell, m.params["role"]) for m in load_tracker(to_bytes(book)).errors]
    assert errors == [("text_too_long", "ตัวชี้วัดเพิ่มเติม", "B2", "ind_name_th")]


def _renamed(data: bytes, old: str, new: str) -> bytes:
    """``data`` with part ``old`` moved to ``new`` and every relationship and content type following it."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    short_old, short_new = old.removeprefix("xl/"), new.removeprefix("xl/")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in source.namelist():
            content = source.read(name)
            if name.endswith((".rels", ".xml")) and name != old:
                content = content.replace(old.encode(), new.encode()).replace(short_old.encode(), short_new.encode())
            archive.writestr(new if name == old else name, content)
    return out.getvalue()


def test_a_sheet_under_an_unusual_name_is_scanned_as_its_index_names_it(no_reader) -> None:
    book = recognition_book(honourees=[honouree("สมชาย", citation="LONG-TEXT")])
    data = with_text(to_bytes(book), "LONG-TEXT", "ก" * (LIMITS.max_cell_chars + 1))
    data = _renamed(data, "xl/worksheets/sheet3.xml", "xl/data/people.xml")
    assert "xl/data/people.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert refusal(data)[:4] == ("file_too_large", "cell_text", "ทำเนียบคนดี", "G2")


def test_the_usual_shared_strings_part_counts_even_when_the_index_names_another(no_reader) -> None:
    data = _renamed(amplified_citations(1000, 1_000_000), "xl/sharedStrings.xml", "xl/strings.xml")
    source = zipfile.ZipFile(io.BytesIO(data))
    usual = source.read("xl/strings.xml")  # the long one where a reader may look by name; a short one named
    data = hostile.replace_part(data, "xl/strings.xml", [usual.replace("ก".encode() * 999_990, b"")])
    data = with_part(data, "xl/sharedStrings.xml", usual)
    assert refusal(data)[:4] == ("file_too_large", "cell_text", "ทำเนียบคนดี", "G2")


def test_references_are_charged_once_however_the_stream_is_cut() -> None:
    from array import array

    from moral_metrics.ingest.celltext import StringRefs
    from moral_metrics.ingest.zipparts import Budget

    lengths = array("I", [n % 51 for n in range(1000)])
    cells = [(r, j, (r * 5 + j) % 1000) for r in range(1, 20_001) for j in range(3)]
    rows: dict[int, bytes] = {}
    for r, j, i in cells:
        rows[r] = rows.get(r, b"") + b'<c r="%s%d" s="1" t="s"><v>%d</v></c>' % (b"ABC"[j : j + 1], r, i)
    sheet = b"<worksheet><sheetData>" + b"".join(b'<row r="%d">%s</row>' % kv for kv in rows.items()) + b"</sheetData>"
    expected = sum(lengths[i] for _, _, i in cells)
    for size in (len(sheet), 1 << 20, 150_000, 139_000, 9_999):
        refs = StringRefs(lengths, LIMITS.max_cell_chars, 10**12, Budget(1 << 30))
        for _ in refs.sheet((sheet[i : i + size] for i in range(0, len(sheet), size)), "x"):
            pass
        assert refs.total == expected, size
