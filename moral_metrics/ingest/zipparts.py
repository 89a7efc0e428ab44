"""The parts of a zip archive (.xlsx, .xlsm, .ods), inflated by us with every byte counted.

zipfile stops reading a part at the size its header declares, so a part that lies about its
size would slip past a count made through it; here the raw stream is inflated chunk by chunk
and charged against a budget, and every XML part's prolog is checked for entity declarations
before anything parses it.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Iterable, Iterator

from moral_metrics.reference.messages import Refusal

_CHUNK = 1 << 20
_ELEMENT_START = re.compile(rb"<[A-Za-z]")


class FileProblem(Refusal):
    """A file that cannot be read safely; ``code`` and ``detail`` name the message."""


def mb(size: int) -> float:
    return round(size / 1048576, 1)


def too_big(value: object, limit: int) -> FileProblem:
    return FileProblem("file_too_large", "uncompressed", value=value, limit=mb(limit))


def check_sheet_count(count: int, limits) -> None:
    """Refuse a workbook with more sheets than ``limits.max_sheets``, before any sheet is read."""
    if count > limits.max_sheets:
        raise FileProblem("file_too_large", "sheets", value=count, limit=limits.max_sheets)


class Budget:
    """Bytes the archive's parts may still inflate to; declared sizes can lie, so count them."""

    def __init__(self, limit: int) -> None:
        self.limit = self.left = limit

    def charge(self, size: int) -> None:
        self.left -= size
        if self.left < 0:
            raise too_big(f"> {mb(self.limit)}", self.limit)


def _raw_member(data: bytes, info: zipfile.ZipInfo) -> memoryview:
    """A part's compressed bytes, located through its local header."""
    offset = info.header_offset
    if data[offset : offset + 4] != b"PK\x03\x04":
        raise FileProblem("unreadable_file", "corrupt", reason="bad local header")
    name_len, extra_len = struct.unpack("<HH", data[offset + 26 : offset + 30])
    start = offset + 30 + name_len + extra_len
    return memoryview(data)[start : start + info.compress_size]


def stream(data: bytes, info: zipfile.ZipInfo, budget: Budget) -> Iterator[bytes]:
    """A part's bytes chunk by chunk, inflated here with every byte charged to ``budget``."""
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


def check_prolog(name: str, first: bytes) -> None:
    start = _ELEMENT_START.search(first)
    prolog = first[: start.start()] if start else first
    if b"<!DOCTYPE" in prolog.upper() or b"<!ENTITY" in prolog.upper() or not start:
        raise FileProblem("unreadable_file", "xml_entities", part=name)


def chain(first: bytes, rest: Iterable[bytes]) -> Iterator[bytes]:
    yield first
    yield from rest


def small_part(data: bytes, archive: zipfile.ZipFile, name: str, budget: Budget) -> bytes:
    part = b"".join(stream(data, archive.getinfo(name), budget))
    check_prolog(name, part[: 64 << 10])
    return part
