"""Photos embedded in a workbook: each image anchored in a sheet's row, read from the archive
with every byte counted (``zipparts``), checked and made small before anything keeps it.

A photo is stored with the version and served by the app itself, so a viewer's browser never
fetches a third-party address for it (issue 22).
"""

from __future__ import annotations

import hashlib
import io
import posixpath
import re
import zipfile

from moral_metrics.ingest.xlsxscan import sheet_names
from moral_metrics.ingest.zipparts import Budget, small_part, stream
from moral_metrics.reference.settings import Limits

MAX_IMAGE_BYTES = 5 << 20  # one photo as stored in the workbook
MAX_SIDE = 8000  # pixels, either way, before it is made small
THUMBNAIL = 240  # pixels: what a card shows
_REL = re.compile(r"<Relationship\b[^>]*>")
_ANCHOR = re.compile(r"<(?:\w+:)?(?:two|one)CellAnchor\b.*?</(?:\w+:)?(?:two|one)CellAnchor>", re.S)
_ROW = re.compile(r"<(?:\w+:)?row>(\d+)</(?:\w+:)?row>")
_EMBED = re.compile(r'r:embed="([^"]+)"')


def _attribute(tag: str, name: str) -> str | None:
    found = re.search(rf'\b{name}="([^"]*)"', tag)
    return found.group(1) if found else None


def _targets(data: bytes, archive: zipfile.ZipFile, rels: str, budget: Budget, kind: str) -> dict[str, str]:
    """Relationship id -> the part it points at (resolved), for one kind of relationship."""
    if rels not in archive.namelist():
        return {}
    text = small_part(data, archive, rels, budget).decode("utf-8", "replace")
    base = posixpath.dirname(posixpath.dirname(rels))  # xl/worksheets/_rels/x.rels -> xl/worksheets
    found = {}
    for tag in _REL.findall(text):
        if (_attribute(tag, "Type") or "").endswith(kind) and (target := _attribute(tag, "Target")):
            found[_attribute(tag, "Id") or ""] = posixpath.normpath(posixpath.join(base, target)).lstrip("/")
    return found


def _rels_of(part: str) -> str:
    return posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")


def _image(data: bytes, archive: zipfile.ZipFile, name: str, budget: Budget) -> bytes | None:
    info = archive.getinfo(name) if name in archive.namelist() else None
    if info is None or info.file_size > MAX_IMAGE_BYTES:
        return None
    content = b"".join(stream(data, info, budget))
    return content if len(content) <= MAX_IMAGE_BYTES else None


def anchored(data: bytes, limits: Limits) -> dict[tuple[str, int], bytes]:
    """(sheet name, Excel row) -> the bytes of the first image anchored in that row (xlsx only)."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        return {}
    archive, budget = zipfile.ZipFile(io.BytesIO(data)), Budget(limits.max_uncompressed_bytes)
    if "xl/workbook.xml" not in archive.namelist():
        return {}
    found: dict[tuple[str, int], bytes] = {}
    for part, sheet in sheet_names(data, archive, budget, limits).items():
        for drawing in _targets(data, archive, _rels_of(part), budget, "/drawing").values():
            if drawing not in archive.namelist():
                continue
            media = _targets(data, archive, _rels_of(drawing), budget, "/image")
            text = small_part(data, archive, drawing, budget).decode("utf-8", "replace")
            for anchor in _ANCHOR.findall(text):
                row, embed = _ROW.search(anchor), _EMBED.search(anchor)
                if row and embed and embed.group(1) in media and (sheet, int(row.group(1)) + 1) not in found:
                    content = _image(data, archive, media[embed.group(1)], budget)
                    if content is not None:
                        found[(sheet, int(row.group(1)) + 1)] = content
    return found


def small(content: bytes) -> tuple[str, bytes] | None:
    """The photo checked (a PNG, JPEG, GIF or WebP image of sane dimensions) and made small for a
    card, as (``image:<sha256>``, JPEG bytes); None when it is not such an image."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(content)) as image:
            if image.format not in ("PNG", "JPEG", "GIF", "WEBP") or max(image.size) > MAX_SIDE:
                return None
            image.draft("RGB", (THUMBNAIL * 2, THUMBNAIL * 2))
            picture = image.convert("RGB")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
    picture.thumbnail((THUMBNAIL, THUMBNAIL))
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=82)
    made = out.getvalue()
    return "image:" + hashlib.sha256(made).hexdigest(), made
