"""Count a workbook's text before any reader holds it: no cell over Excel's limit, no amplification.

A shared string is stored once and each cell of type ``s`` points at it by number, but the
reader gives every cell its own copy: a few kilobytes of XML pointing a thousand cells at one
long string become gigabytes. So the lengths of sharedStrings.xml's strings are read first
(streamed), and then every reference a worksheet makes is charged against a workbook-wide budget
of characters. Inline text (``<is>``, ``<v>`` of a formula string, an .ods paragraph) is checked
as it streams past too, so no single cell over the limit ever reaches the reader.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable, Iterator

from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

from moral_metrics.ingest.zipparts import Budget, FileProblem
from moral_metrics.reference.messages import Position

TAG_BYTES = 1 << 16  # longer than any tag a spreadsheet writes (attributes and all)
HOLD_CHARS = 1 << 20  # text a part may hold in one run before it is refused outright (what is buffered)
_TAG_NAME = re.compile(rb"<(/?)(?:\w+:)?(\w+)")
_CELL_PARTS = {b"c", b"v", b"f", b"is", b"t", b"r", b"rPr", b"rPh"}
_CONTINUATION = bytes(range(0x80, 0xC0))  # UTF-8 bytes that do not start a character
_TAG = re.compile(rb"<[^>]*>")
_PHONETIC = re.compile(rb"<rPh\b.*?</rPh>", re.S)  # reading aids, not the string's text
_ENTITY = re.compile(rb"&#?[A-Za-z0-9]{1,8};")
# One string: plain text in one <t> (nearly all), or anything else between <si> and </si>.
_SI = re.compile(rb"<si><t(?:\s[^>]*)?>([^<]*)</t></si>|<si>(.*?)</si>|<si/>", re.S)
# A shared-string cell's type and value, in any spelling XML allows (quotes, spaces, a prefix).
_REF = re.compile(
    rb"""\st\s*=\s*["']s["'][^>]*>"""
    rb"(?:[^<]|<(?!(?:\w+:)?[cv]\b|/(?:\w+:)?c>))*"  # whatever else the cell holds, up to its value
    rb"<(?:\w+:)?v\b[^>]*>\s*(\d+)\s*<"
)
_CELL_REF = re.compile(rb'<c\b[^>]*?\sr="([A-Z]{1,3}\d{1,7})"')


def text_chars(xml: bytes) -> int:
    """Characters of text in an XML fragment: tags and phonetic runs left out, an entity is one."""
    if b"<" in xml:
        xml = _TAG.sub(b"", _PHONETIC.sub(b"", xml) if b"<rPh" in xml else xml)
    chars = len(xml.translate(None, _CONTINUATION))
    if b"&" in xml:
        chars -= sum(len(e) - 1 for e in _ENTITY.findall(xml))
    return chars


def _inside_cell(tag: bytes) -> bool:
    """Whether text after ``tag`` belongs to a cell (``<c ..>``, its value, formula or rich text)."""
    m = _TAG_NAME.match(tag)
    return bool(m) and m.group(2) in _CELL_PARTS and not (m.group(1) and m.group(2) == b"c")


def _run_chars(run: bytes, in_cell: bool) -> int:
    """A run's characters. Blank space between cells and rows (padding) is no cell's text: the
    byte budget bounds it; inside a cell it counts, so no reference can hide behind it."""
    return 0 if not in_cell and run.isspace() else text_chars(run)


def _cell_before(text: bytes, pos: int) -> str | None:
    """The reference of the cell whose XML ``pos`` falls in (looked for a little way back)."""
    start = text.rfind(b"<c ", max(0, pos - 65536), pos + 3)
    m = _CELL_REF.match(text, start) if start >= 0 else None
    return m.group(1).decode() if m else None


def position(sheet: str | None, cell: str | None) -> Position:
    """Position of an Excel reference such as ``F12`` (sheet only when there is none)."""
    if not cell:
        return Position(sheet)
    col, row = coordinate_from_string(cell)
    return Position(sheet, row, column_index_from_string(col) - 1)


def too_long(chars: int, limit: int, sheet: str | None, cell: str | None) -> FileProblem:
    return FileProblem("file_too_large", "cell_text", value=chars, limit=limit, at=position(sheet, cell))


class TextRuns:
    """Refuse, as a part streams past, any stretch of text (or tag) longer than ``limit`` characters.

    Text never holds a ``<``, so a cell over the limit shows as a gap of more than ``limit`` bytes
    between two ``<``; such gaps are found by jumping ``limit`` bytes at a time (a few steps per
    megabyte) and only they are counted exactly. A tag that long is refused the same way: no
    spreadsheet writes one, and it would break the bound the reference counting relies on.
    """

    def __init__(self, limit: int, sheet: str | None) -> None:
        self.limit, self.sheet = limit, sheet
        self.carry = b""  # from the last '<' of the chunks seen, while short
        self.open: tuple[int, str | None] | None = None  # a long run still going: characters, cell

    def feed(self, chunk: bytes) -> None:
        if self.open is not None:
            end = chunk.find(b"<")
            chars = self.open[0] + _run_chars(chunk if end < 0 else chunk[:end], self.open[0] > 0)
            self._check(chars, self.open[1])
            if end < 0:
                self.open = (chars, self.open[1])
                return
            self.open, chunk = None, chunk[end:]
        text, self.carry = self.carry + chunk, b""
        pos = text.find(b"<")
        while pos >= 0:
            window_end = pos + self.limit + 1
            nearer = text.rfind(b"<", pos + 1, window_end)
            if nearer >= 0:
                pos = nearer
            elif window_end >= len(text):  # the text ends before a gap could be long
                self.carry = text[pos:]
                return
            else:
                pos = self._long_gap(text, pos)

    def _long_gap(self, text: bytes, pos: int) -> int:
        """Count the text after the tag at ``pos``; the next '<', or -1 when the chunk ends first."""
        nxt = text.find(b"<", pos + self.limit + 1)
        stop = len(text) if nxt < 0 else nxt
        tag_end = text.find(b">", pos, stop)
        cell = _cell_before(text, pos)
        if tag_end < 0 and nxt < 0 and len(text) - pos <= TAG_BYTES:  # a long tag the chunk cuts
            self.carry = text[pos:]
            return -1
        if tag_end < 0 or tag_end - pos > TAG_BYTES:  # a tag this long is no spreadsheet's
            raise too_long(stop - pos, self.limit, self.sheet, cell)
        chars = _run_chars(text[tag_end + 1 : stop], _inside_cell(text[pos : tag_end + 1]))
        self._check(chars, cell)
        if nxt < 0:
            self.open = (chars, cell)
        return nxt

    def _check(self, chars: int, cell: str | None) -> None:
        if chars > self.limit:
            raise too_long(chars, self.limit, self.sheet, cell)


def shared_string_lengths(chunks: Iterable[bytes], part: str, most: int | None = None) -> array:
    """Characters of each string of sharedStrings.xml, in order, streamed. A string over the cell
    limit is refused where a cell shows it (see ``StringRefs``): only longer runs than a reader
    should ever buffer are refused here, and a table of more than ``most`` strings (the reader
    keeps every one, referenced or not)."""
    lengths = array("I")
    runs = TextRuns(HOLD_CHARS, part)
    carry, open_chars = b"", -1  # open_chars >= 0: inside a string that began in an earlier chunk
    for chunk in chunks:
        runs.feed(chunk)
        text, pos = carry + chunk, 0
        if open_chars >= 0:
            end = text.find(b"</si>")
            if end < 0:
                cut = _safe_cut(text)
                open_chars, carry = open_chars + text_chars(text[:cut]), text[cut:]
                continue
            lengths.append(open_chars + text_chars(text[:end]))
            pos, open_chars = end + 5, -1
        end = max(text.rfind(b"</si>", pos), text.rfind(b"<si/>", pos))  # the last whole string's end
        if end >= 0:
            items, pos = _SI.findall(text, pos, end + 5), end + 5
            lengths.extend(_item_chars(plain, rich) for plain, rich in items)
        if most is not None and len(lengths) > most:
            raise FileProblem("file_too_large", "shared_strings", value=len(lengths), limit=most)
        rest = text[pos:]
        start = rest.find(b"<si>")  # a string the chunk ends inside
        if start < 0:
            carry = rest[-8:]  # a "<si>" cut in two by the chunk's end
        elif len(rest) - start > 1 << 16:  # a long one: count what is here, carry only a cut tag
            cut = max(start, _safe_cut(rest))
            open_chars, carry = text_chars(rest[start:cut]), rest[cut:]
        else:
            carry = rest[start:]
    return lengths


def _item_chars(plain: bytes, rich: bytes) -> int:
    if rich or b"&" in plain:
        return text_chars(rich or plain)
    return len(plain.translate(None, _CONTINUATION))


def _safe_cut(text: bytes) -> int:
    """Where ``text`` may be cut without splitting a tag: its last '<' (or its end)."""
    last = text.rfind(b"<")
    return len(text) if last < 0 else last


class StringRefs:
    """Characters the worksheets' shared-string cells hand the reader, charged across the workbook."""

    def __init__(
        self, lengths: array, cell_limit: int, total_limit: int, budget: Budget, parts: tuple[str, ...] = ()
    ) -> None:
        self.lengths, self.cell_limit, self.total_limit = lengths, cell_limit, total_limit
        self.budget, self.parts = budget, parts  # the archive's byte budget; the strings' own parts
        self.total = 0

    def sheet(self, chunks: Iterable[bytes], sheet: str) -> Iterator[bytes]:
        """Pass ``chunks`` through, counting the references in them. Each chunk is counted up to
        a cell's start (no reference spans one) at least ``keep`` bytes from its end; the rest is
        carried over. A reference is shorter than that: ``TextRuns`` refuses longer tags and text."""
        keep = 2 * TAG_BYTES + 4096
        carry = b""
        for chunk in chunks:
            yield chunk
            text = carry + chunk
            cut = len(text) - keep
            boundary = text.rfind(b"<c ", 0, cut) if cut > 0 else 0
            boundary = boundary if boundary > 0 else max(cut, 0)
            self._charge(text, boundary, sheet)
            carry = text[boundary:]
        self._charge(carry, len(carry), sheet)

    def _charge(self, text: bytes, end: int, sheet: str) -> None:
        """Charge the references that lie wholly before ``end`` (the rest come round again)."""
        if not self.lengths or not end:
            return
        size, lengths = len(self.lengths), self.lengths
        chars = [lengths[i] if i < size else 0 for i in map(int, _REF.findall(text, 0, end))]
        if not chars:
            return
        if max(chars) <= self.cell_limit and self.total + sum(chars) <= self.total_limit:
            self.total += sum(chars)
            return
        for m, n in zip(_REF.finditer(text, 0, end), chars, strict=True):  # find the cell that passes
            cell = position(sheet, _cell_before(text, m.start()))
            if n > self.cell_limit:
                raise FileProblem("file_too_large", "cell_text", value=n, limit=self.cell_limit, at=cell)
            self.total += n
            if self.total > self.total_limit:
                raise FileProblem("file_too_large", "text", value=self.total, limit=self.total_limit, at=cell)
