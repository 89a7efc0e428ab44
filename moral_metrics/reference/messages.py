"""Structured messages: every problem a user can meet, as a code with values and a position.

A message is stored and passed around untranslated (code, detail, parameters, position); its
Thai and English texts are made from ``data/i18n.toml`` only when it is shown, so a wording fix
reaches every stored version too. Checks add to one lazy collector, ``Problems``, that keeps
going after the first problem; failures that end an action early raise a ``Refusal``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

from moral_metrics.reference.formats import cell_text, column_letter
from moral_metrics.reference.i18n import LANGS, has, t, written
from moral_metrics.reference.settings import DATA_DIR

Severity = Literal["error", "warning"]


@lru_cache(maxsize=1)
def code_table() -> dict[str, tuple[Severity, int]]:
    """Message code -> (severity, sort order), from ``data/message_codes.csv``."""
    with (DATA_DIR / "message_codes.csv").open(encoding="utf-8") as fh:
        return {r["code"]: (r["severity"], int(r["order"])) for r in csv.DictReader(fh)}  # type: ignore[misc]


@lru_cache(maxsize=1)
def suggestion_kinds() -> dict[str, str]:
    """Message code -> how its suggestion is written (``indicator``: a code shown as its name)."""
    with (DATA_DIR / "message_codes.csv").open(encoding="utf-8") as fh:
        return {r["code"]: r["suggests"] for r in csv.DictReader(fh) if r.get("suggests")}


@dataclass(frozen=True)
class Position:
    """Where a value came from: sheet, Excel's 1-based row, 0-based column index."""

    sheet: str | None = None
    row: int | None = None
    col: int | None = None

    @property
    def column(self) -> str | None:
        return column_letter(self.col) if self.col is not None else None

    @property
    def cell(self) -> str | None:
        return f"{self.column}{self.row}" if self.col is not None and self.row is not None else None

    @property
    def ref(self) -> str | None:
        """``Sheet!F12`` (or ``Sheet!12`` without a column), as Excel writes a reference."""
        where = self.cell or (str(self.row) if self.row else None)
        if self.sheet and where:
            return f"{self.sheet}!{where}"
        return self.sheet or where


@dataclass(frozen=True)
class Message:
    code: str
    severity: Severity
    detail: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict)  # values (numbers, codes), never prose
    at: Position = field(default_factory=Position)
    value: str | None = None  # the cell as it was typed
    suggestion: str | None = None
    stored_text: Mapping[str, str] | None = None  # only for messages stored before params existed

    @property
    def sheet(self) -> str | None:
        return self.at.sheet

    @property
    def row(self) -> int | None:
        return self.at.row

    @property
    def column(self) -> str | None:
        return self.at.column

    @property
    def cell(self) -> str | None:
        return self.at.cell

    @property
    def key(self) -> str:
        detailed = f"msg.{self.code}.{self.detail}"
        return detailed if self.detail and has(detailed) else f"msg.{self.code}"

    def text(self, lang: str = "th") -> str:
        if self.stored_text is not None:
            return self.stored_text.get(lang) or self.stored_text.get("th", "")
        fill = {"value": self.value or "", "sheet": self.sheet or "", "row": self.row or "", "cell": self.cell or ""}
        return t(self.key, lang, **fill, **self.params)

    def suggestion_text(self, lang: str = "th") -> str:
        """The suggestion as the user would type it: an indicator's name from the template's
        drop-down, a column's header, not an internal code (stored as the code)."""
        if not self.suggestion:
            return ""
        kind = suggestion_kinds().get(self.code)
        return written(self.suggestion, kind, lang) if kind else self.suggestion

    @property
    def message_th(self) -> str:
        return self.text("th")

    @property
    def message_en(self) -> str:
        return self.text("en")

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of the command line and the database, texts made now."""
        return self.stored() | {f"message_{lang}": self.text(lang) for lang in LANGS}

    def stored(self) -> dict[str, Any]:
        """Untranslated: what is kept in the database."""
        out = {"severity": self.severity, "code": self.code, "detail": self.detail, "params": dict(self.params)}
        out |= {"sheet": self.sheet, "row": self.row, "column": self.column, "cell": self.cell}
        return out | {"value": self.value, "suggestion": self.suggestion}

    @classmethod
    def from_stored(cls, data: Mapping[str, Any]) -> Message:
        """A message read back from the database, in the current shape or the first build's."""
        col = data.get("column")
        at = Position(data.get("sheet"), data.get("row"), _column_index(col) if col else None)
        legacy = None if "params" in data else {lang: data.get(f"message_{lang}", "") for lang in LANGS}
        return cls(
            code=data["code"],
            severity=data["severity"],
            detail=data.get("detail"),
            params=data.get("params") or {},
            at=at,
            value=data.get("value"),
            suggestion=data.get("suggestion"),
            stored_text=legacy,
        )


def _column_index(letters: str) -> int:
    from openpyxl.utils.cell import column_index_from_string

    return column_index_from_string(letters) - 1


def make(
    code: str,
    *,
    detail: str | None = None,
    at: Position | None = None,
    value: Any = None,
    suggestion: Any = None,
    **params: Any,
) -> Message:
    """A message; its severity comes from the code table."""
    severity, _ = code_table()[code]
    return Message(
        code=code,
        severity=severity,
        detail=detail,
        params=params,
        at=at or Position(),
        value=cell_text(value),
        suggestion=cell_text(suggestion),
    )


class Problems:
    """The one lazy collector every check adds to: all problems, none stops the others."""

    def __init__(self, messages: Iterable[Message] = ()) -> None:
        self.messages: list[Message] = list(messages)

    def add(self, code: str, **fields: Any) -> Message:
        message = make(code, **fields)
        self.messages.append(message)
        return message

    def extend(self, messages: Iterable[Message]) -> None:
        self.messages.extend(messages)

    def has(self, *codes: str) -> bool:
        return any(m.code in codes for m in self.messages)

    @property
    def has_errors(self) -> bool:
        return any(m.severity == "error" for m in self.messages)

    def sorted(self) -> list[Message]:
        return sorted(self.messages, key=sort_key)


class Refusal(Exception):
    """A failure that stops an action, with the message (Thai and English) that says why.

    ``messages`` holds every reason when there are several (each cell of a file outside an
    editor's scope, each locked year it would change); ``message`` is the first.
    """

    def __init__(self, code: str, detail: str | None = None, **fields: Any) -> None:
        self.message = make(code, detail=detail, **fields)
        self.messages: list[Message] = [self.message]
        super().__init__(f"{code}.{detail}" if detail else code)

    @classmethod
    def of(cls, messages: list[Message]) -> Refusal:
        """A refusal for several reasons at once (at least one)."""
        first = sorted(messages, key=sort_key)
        refusal = cls.__new__(cls)
        Exception.__init__(refusal, first[0].code)
        refusal.message, refusal.messages = first[0], first
        return refusal

    @property
    def code(self) -> str:
        return self.message.code

    @property
    def detail(self) -> str | None:
        return self.message.detail

    def text(self, lang: str = "th") -> str:
        return self.message.text(lang)


def sort_key(message: Message) -> tuple:
    """Errors first, then by sheet, position and code order."""
    _, order = code_table()[message.code]
    return (message.severity != "error", message.sheet or "", message.row or 0, order)
