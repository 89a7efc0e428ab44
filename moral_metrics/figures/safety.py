"""Text from a tracker is data, never code: no formulas in exported files, no markup on screen."""

from __future__ import annotations

import html
import re

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def neutralise(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Every text cell neutralised; numbers stay numbers (so -5 is still minus five)."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise).astype(object)
    return out


def markdown_text(text: object) -> str:
    """Text shown through Markdown (captions, messages) exactly as written, links and all."""
    return _MARKDOWN.sub(r"\\\1", str(text))


def chart_text(text: object) -> str:
    """Text placed in a Plotly title or label: its HTML subset must not see tags in it."""
    return html.escape(str(text), quote=False)


def safe_name(*parts: object) -> str:
    """A file name from Thai or English words, with no path, reserved or control characters."""
    text = "_".join(str(p) for p in parts if p not in (None, ""))
    text = re.sub(r'[\\/:*?"<>|\x00-\x1f\s]+|\.{2,}', "-", text)  # path, reserved and control characters
    return text.strip("-._")[:120] or "chart"
