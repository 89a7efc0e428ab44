"""Text from a tracker is data, never code: no formulas in exported files, no markup on screen."""

from __future__ import annotations

import html
import re

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[-+]?\d[\d,]*(\.\d+)?%?")  # "-5" is minus five, not a formula
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")
# Bidirectional controls (they can make "x\u202egpj.xlsx" read as "xslx.jpg") and zero-width
# characters (invisible, so two names that look alike differ): never part of a name we show.
INVISIBLE = re.compile("[\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def neutralise(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Every text cell neutralised; numbers stay numbers (so -5 is still minus five)."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise).astype(object)
    return out


def display_text(text: object) -> str:
    """A name or note to show: without bidirectional controls or zero-width characters."""
    return INVISIBLE.sub("", str(text))


def markdown_text(text: object) -> str:
    """Text shown through Markdown exactly as written (but for invisible characters)."""
    return _MARKDOWN.sub(r"\\\1", display_text(text))


def chart_text(text: object) -> str:
    """Text placed in a Plotly title or label: its HTML subset must not see tags in it."""
    return html.escape(display_text(text), quote=False)


def safe_name(*parts: object) -> str:
    """A file name from Thai or English words, with no path, reserved or control characters."""
    text = display_text("_".join(str(p) for p in parts if p not in (None, "")))
    text = re.sub(r'[\\/:*?"<>|\x00-\x1f\s]+|\.{2,}', "-", text)  # path, reserved and control characters
    return text.strip("-._")[:120] or "chart"
