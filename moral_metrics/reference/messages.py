"""Structured validation messages: every problem in a workbook, with its cell and both languages."""

from __future__ import annotations

import csv
import string
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any, Literal

import pandas as pd

from moral_metrics.reference.i18n import has, t
from moral_metrics.reference.settings import DATA_DIR

Severity = Literal["error", "warning"]
FIELDS = (
    "severity",
    "code",
    "sheet",
    "row",
    "column",
    "cell",
    "value",
    "message_th",
    "message_en",
    "suggestion",
)


@lru_cache(maxsize=1)
def code_table() -> dict[str, tuple[Severity, int]]:
    """Message code -> (severity, sort order), from ``data/message_codes.csv``."""
    with (DATA_DIR / "message_codes.csv").open(encoding="utf-8") as fh:
        return {r["code"]: (r["severity"], int(r["order"])) for r in csv.DictReader(fh)}  # type: ignore[misc]


def column_letter(index: int) -> str:
    """0-based column index -> Excel letters (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = string.ascii_uppercase[rem] + letters
    return letters


@dataclass(frozen=True)
class Message:
    severity: Severity
    code: str
    sheet: str | None
    row: int | None
    column: str | None
    cell: str | None
    value: str | None
    message_th: str
    message_en: str
    suggestion: str | None

    def text(self, lang: str = "th") -> str:
        return self.message_en if lang == "en" else self.message_th

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _shown(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _in(values: dict[str, Any], lang: str) -> dict[str, Any]:
    """Placeholder values for one language: a {"th": .., "en": ..} value picks its own."""
    return {k: v[lang] if isinstance(v, dict) else v for k, v in values.items()}


def make(
    code: str,
    *,
    detail: str | None = None,
    sheet: str | None = None,
    row: int | None = None,
    col: int | None = None,
    value: Any = None,
    suggestion: Any = None,
    **fmt: Any,
) -> Message:
    """Build a message; ``row`` is Excel's 1-based row, ``col`` a 0-based column index."""
    severity, _ = code_table()[code]
    key = f"msg.{code}.{detail}" if detail and has(f"msg.{code}.{detail}") else f"msg.{code}"
    shown = _shown(value)
    letter = column_letter(col) if col is not None else None
    cell = f"{letter}{row}" if letter is not None and row is not None else None
    values = {
        "value": shown if shown is not None else "",
        "sheet": sheet or "",
        "row": row or "",
        "cell": cell or "",
        **fmt,
    }
    return Message(
        severity=severity,
        code=code,
        sheet=sheet,
        row=row,
        column=letter,
        cell=cell,
        value=shown,
        message_th=t(key, "th", **_in(values, "th")),
        message_en=t(key, "en", **_in(values, "en")),
        suggestion=_shown(suggestion),
    )


def sort_key(message: Message) -> tuple:
    """Errors first, then by code order, sheet and position."""
    _, order = code_table()[message.code]
    return (message.severity != "error", message.sheet or "", message.row or 0, order)


def to_frame(messages: list[Message], lang: str = "th") -> pd.DataFrame:
    """Messages as a table, errors first; ``message`` holds the text in ``lang``."""
    rows = [m.to_dict() | {"message": m.text(lang)} for m in sorted(messages, key=sort_key)]
    return pd.DataFrame(rows, columns=[*FIELDS, "message"])
