"""Read back the Markdown tables pages draw (``figures.tables.markdown_table``), cell by cell."""

from __future__ import annotations

import re

import pandas as pd

_BAR = re.compile(r"(?<!\\)\|")
_ESCAPED = re.compile(r"\\(.)")


def read_markdown_table(text: str) -> pd.DataFrame:
    """Header, rows and cells (unescaped, as text) of the one table in ``text``."""
    lines = [line.strip() for line in text.splitlines() if line.strip().startswith("|")]
    rows = [[_read(c) for c in _BAR.split(line.strip("|"))] for line in lines]
    return pd.DataFrame(rows[2:], columns=rows[0])


def _read(cell: str) -> str:
    """A cell as read: escapes dropped, a header's word joiners and no-break spaces as plain text."""
    return _ESCAPED.sub(r"\1", cell.strip()).replace("\u2060", "").replace("\u00a0", " ")


def unescaped(text: str) -> str:
    """Markdown source as the reader sees it: escapes such as ``\\.`` and ``\\-`` dropped."""
    return _ESCAPED.sub(r"\1", text)


def errors(at) -> list[str]:
    """The error boxes of an AppTest page, as read."""
    return [unescaped(e.value) for e in at.error]


def markdown_tables(at) -> list[pd.DataFrame]:
    """Every Markdown table an AppTest page shows, in page order."""
    return [read_markdown_table(m.value) for m in at.markdown if m.value.lstrip().startswith("|")]
