"""A check report for people: the table (sortable, downloadable) and a list that reads on a phone.

Each problem names its cell as Excel writes it (``ผล!D2``), the cell text as typed, and what was
probably meant in the reader's words (an indicator's name, a column's header), never a code alone.
"""

from __future__ import annotations

import pandas as pd

from moral_metrics.figures.safety import markdown_text, neutralise
from moral_metrics.reference.i18n import t
from moral_metrics.reference.messages import Message, sort_key

FIELDS = ("severity", "sheet", "cell", "problem", "value", "suggestion", "code")


def _where(message: Message) -> str:
    return message.cell or (str(message.row) if message.row else "")


def messages_table(messages: list[Message], lang: str = "th") -> pd.DataFrame:
    """The validation report: errors first, with cell, problem, value and suggestion (text cells
    neutralised, as Streamlit's table offers them as CSV)."""
    rows = [
        {
            t("report.severity", lang): t(f"severity.{m.severity}", lang),
            t("report.sheet", lang): m.sheet or "",
            t("report.cell", lang): _where(m),
            t("report.problem", lang): m.text(lang),
            t("report.value", lang): neutralise(m.value or ""),
            t("report.suggestion", lang): neutralise(m.suggestion_text(lang)),
            t("report.code", lang): m.code,
        }
        for m in sorted(messages, key=sort_key)
    ]
    return pd.DataFrame(rows, columns=[t(f"report.{k}", lang) for k in FIELDS])


def problem_item(message: Message, lang: str = "th") -> str:
    """One problem as a Markdown list item that wraps on a narrow screen; tracker text escaped."""
    text = message.text(lang)
    place = markdown_text(message.at.ref or t("cli.workbook", lang))
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
    """Errors first; past ``limit`` a line says how many more the table holds."""
    ordered = sorted(messages, key=sort_key)
    lines = [problem_item(m, lang) for m in ordered[:limit]]
    if len(ordered) > limit:
        lines.append(t("report.more", lang, count=len(ordered) - limit))
    return "\n".join(lines)
