"""A check report for people: the table (sortable, downloadable) and a list that reads on a phone.

Each problem names its cell as Excel writes it (``ผล!D2``), the cell text as typed, and what was
probably meant in the reader's words (an indicator's name, a column's header), never a code alone.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from moral_metrics.figures.safety import markdown_text, neutralise
from moral_metrics.reference.i18n import t
from moral_metrics.reference.messages import Message, sort_key

FIELDS = ("severity", "sheet", "cell", "rows", "problem", "value", "suggestion")  # no code: readers never need it
RANGES_SHOWN = 6  # past this many runs of rows, "and N more rows"


@dataclass(frozen=True)
class Group:
    """Identical problems (same code, sheet, column, value, text and suggestion) on several rows,
    told once: "51 rows in column A: ..." with the rows as runs (A2–A52)."""

    messages: tuple[Message, ...]

    @property
    def first(self) -> Message:
        return self.messages[0]

    def places(self, lang: str) -> str:
        """The rows as runs of consecutive rows, each as Excel names it: ``A2–A52, A60``."""
        rows = sorted({m.row for m in self.messages if m.row})
        if len(self.messages) == 1 or not rows:
            return _where(self.first)
        runs: list[list[int]] = []
        for row in rows:
            if runs and row == runs[-1][-1] + 1:
                runs[-1].append(row)
            else:
                runs.append([row])
        column = self.first.column or ""
        texts = [f"{column}{r[0]}" + (f"–{column}{r[-1]}" if len(r) > 1 else "") for r in runs]
        shown = ", ".join(texts[:RANGES_SHOWN])
        hidden = sum(len(r) for r in runs[RANGES_SHOWN:])
        return shown + (" " + t("report.more_rows", lang, count=hidden) if hidden else "")

    def ref(self, lang: str) -> str:
        sheet, where = self.first.sheet, self.places(lang)
        return f"{sheet}!{where}" if sheet and where else sheet or where or t("cli.workbook", lang)

    def text(self, lang: str) -> str:
        problem = self.first.text(lang)
        if len(self.messages) == 1:
            return problem
        where = self.first.column
        key = "report.grouped_column" if where else "report.grouped"
        return t(key, lang, count=len(self.messages), column=where or "", problem=problem)


def grouped(messages: list[Message]) -> list[Group]:
    """The messages, errors first, identical problems on several rows as one group each."""
    groups: dict[tuple, list[Message]] = {}
    for m in sorted(messages, key=sort_key):
        same = (m.severity, m.code, m.detail, m.sheet, m.column, m.value, m.suggestion, m.text("en"))
        groups.setdefault(same if m.row else (id(m),), []).append(m)  # a message without a row stays alone
    return [Group(tuple(found)) for found in groups.values()]


def _where(message: Message) -> str:
    return message.cell or (str(message.row) if message.row else "")


def messages_table(messages: list[Message], lang: str = "th") -> pd.DataFrame:
    """The validation report: errors first, identical problems on one line with their rows, with
    cells, problem, value and suggestion (text cells neutralised: the table is offered as CSV)."""
    rows = [
        {
            t("report.severity", lang): t(f"severity.{g.first.severity}", lang),
            t("report.sheet", lang): g.first.sheet or "",
            t("report.cell", lang): g.places(lang),
            t("report.rows", lang): len(g.messages),
            t("report.problem", lang): g.text(lang),
            t("report.value", lang): neutralise(g.first.value or ""),
            t("report.suggestion", lang): neutralise(g.first.suggestion_text(lang)),
        }
        for g in grouped(messages)
    ]
    return pd.DataFrame(rows, columns=[t(f"report.{k}", lang) for k in FIELDS])


def problem_item(message: Message | Group, lang: str = "th") -> str:
    """One problem (or a group of identical ones) as a Markdown list item that wraps on a narrow
    screen; tracker text escaped."""
    group = message if isinstance(message, Group) else Group((message,))
    message, text = group.first, group.text(lang)
    place = markdown_text(group.ref(lang))
    line = f"- **{place}** · {t(f'severity.{message.severity}', lang)}: {markdown_text(text)}"
    if message.value and message.value not in text:
        line += f"  \n  {t('report.value', lang)}: “{markdown_text(message.value)}”"
    if message.suggestion:
        line += f"  \n  {t('report.suggestion', lang)}: **{markdown_text(message.suggestion_text(lang))}**"
    return line


def refusal_text(messages: list[Message], lang: str = "th") -> str:
    """Why an action was refused, as Markdown with every tracker or user text escaped: one
    line, or a list when there are several reasons (each with its cell when it has one)."""
    lines = [
        (f"**{markdown_text(m.at.ref)}** · " if m.at.ref else "") + markdown_text(m.text(lang))
        for m in sorted(messages, key=sort_key)
    ]
    return lines[0] if len(lines) == 1 else "\n".join(f"- {line}" for line in lines)


def problem_list(messages: list[Message], lang: str = "th", limit: int = 200) -> str:
    """Errors first, identical problems once with their rows; past ``limit`` a line says how many
    more the table holds."""
    ordered = grouped(messages)
    lines = [problem_item(g, lang) for g in ordered[:limit]]
    if len(ordered) > limit:
        lines.append(t("report.more", lang, count=len(ordered) - limit))
    return "\n".join(lines)
