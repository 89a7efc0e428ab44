"""A load result as JSON (the command-line contract) or as a readable report."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from moral_metrics.pipeline import RECORD_COLUMNS, LoadResult
from moral_metrics.reference.catalogue import areas
from moral_metrics.reference.i18n import t
from moral_metrics.reference.messages import Message

JSON_RECORD_FIELDS = tuple(c for c in RECORD_COLUMNS if c not in ("sheet", "row"))
JSON_SUMMARY_FIELDS = ("province_code", "program_year", "area", "score", "status")


def _plain(value: Any) -> Any:
    """JSON-safe: missing values become null, whole floats in integer columns become ints."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):
        value = value.item()
    return value


def _rows(frame: pd.DataFrame, fields: tuple[str, ...]) -> list[dict[str, Any]]:
    return [{f: _plain(row[f]) for f in fields} for row in frame.to_dict("records")]


def to_json(result: LoadResult) -> dict[str, Any]:
    tracker = result.tracker
    return {
        "ok": result.ok,
        "errors": [m.to_dict() for m in result.errors],
        "warnings": [m.to_dict() for m in result.warnings],
        "records": _rows(tracker.records, JSON_RECORD_FIELDS) if tracker else [],
        "summary": _rows(tracker.summary, JSON_SUMMARY_FIELDS) if tracker else [],
    }


def _where(message: Message, lang: str) -> str:
    if message.sheet and message.cell:
        return f"{message.sheet}!{message.cell}"
    if message.sheet and message.row:
        return f"{message.sheet}!{message.row}"
    return message.sheet or t("cli.workbook", lang)


def message_line(message: Message, lang: str) -> str:
    line = f"  {_where(message, lang)}  [{message.code}]  {message.text(lang)}"
    if message.suggestion:
        line += f"  ({t('cli.suggestion', lang)}: {message.suggestion})"
    return line


def _score(value: Any) -> str:
    value = _plain(value)
    return "  -  " if value is None else f"{value:5.0%}"


def _summary_lines(result: LoadResult, lang: str) -> list[str]:
    tracker = result.tracker
    if tracker is None or tracker.summary.empty:
        return []
    names = dict(
        zip(
            tracker.provinces["province_code"],
            tracker.provinces["province_en" if lang == "en" else "province_th"],
            strict=True,
        )
    )
    order = [a.code for a in areas()] + ["overall"]
    heads = [a.short(lang) for a in areas()] + [t("area.overall", lang)]
    lines = ["", t("cli.summary", lang), "  " + " | ".join([f"{'':20}", f"{t('cli.year', lang):>5}", *heads])]
    table = tracker.summary.pivot(index=["province_code", "program_year"], columns="area", values="score")
    for (code, year), row in table.iterrows():
        cells = [_score(row.get(a)) for a in order]
        lines.append("  " + " | ".join([f"{names.get(code, code):20}", f"{int(year):>5}", *cells]))
    return lines


def to_text(result: LoadResult, lang: str = "th") -> str:
    errors, warnings = result.errors, result.warnings
    if result.tracker is not None:
        head = t(
            "cli.loaded",
            lang,
            provinces=len(result.tracker.provinces),
            records=len(result.tracker.records),
            warnings=len(warnings),
        )
    else:
        head = t("cli.failed", lang, errors=len(errors), warnings=len(warnings))
    lines = [head]
    for title, group in (("cli.errors", errors), ("cli.warnings", warnings)):
        if group:
            lines += ["", f"{t(title, lang)} ({len(group)})", *(message_line(m, lang) for m in group)]
    return "\n".join(lines + _summary_lines(result, lang))
