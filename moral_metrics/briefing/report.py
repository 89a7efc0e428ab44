"""A load result as JSON (the command-line contract) or as a readable report."""

from __future__ import annotations

from typing import Any

from moral_metrics.figures.problems import Group, grouped
from moral_metrics.model import DATASETS, JSON_RECORD_FIELDS, SUMMARY_COLUMNS, LoadResult, plain_rows
from moral_metrics.reference.catalogue import areas
from moral_metrics.reference.formats import is_missing, percent
from moral_metrics.reference.i18n import t
from moral_metrics.reference.messages import Message


def _source(row: dict, files: dict[int, str] | str, cells: bool) -> dict[str, Any]:
    """Where a row came from: its file's name, sheet and row (and, for a record, its cells)."""
    file = files if isinstance(files, str) else files.get(row.get("file_id"))
    found = {"file": file, "sheet": row.get("sheet"), "row": row.get("row")}
    if cells:
        found |= {"target_cell": row.get("target_cell"), "actual_cell": row.get("actual_cell")}
    return found


def _with_sources(frame, fields: tuple[str, ...], files: dict[int, str] | str, cells: bool) -> list[dict]:
    shown = plain_rows(frame, fields)
    where = plain_rows(frame, ("sheet", "row", "file_id", *(("target_cell", "actual_cell") if cells else ())))
    return [row | {"source": _source(place, files, cells)} for row, place in zip(shown, where, strict=True)]


def to_json(result: LoadResult, files: dict[int, str] | str = "") -> dict[str, Any]:
    """The check's (or the published data's) JSON: every record and dataset row with its
    ``source``; ``files`` is the checked file's name, or the stored uploads' names by id."""
    tracker = result.tracker
    return {
        "ok": result.ok,
        "errors": [m.to_dict() for m in result.errors],
        "warnings": [m.to_dict() for m in result.warnings],
        "records": _with_sources(tracker.records, JSON_RECORD_FIELDS, files, True) if tracker else [],
        "summary": plain_rows(tracker.summary, SUMMARY_COLUMNS) if tracker else [],
        **{
            d.name: _with_sources(tracker.dataset(d.name), d.json_columns, files, False) if tracker else []
            for d in DATASETS.values()
        },
    }


def message_line(message: Message | Group, lang: str) -> str:
    """One problem, or identical problems on several rows told once (``figures.problems.Group``)."""
    group = message if isinstance(message, Group) else Group((message,))
    message = group.first
    where = group.ref(lang) if message.sheet else t("cli.workbook", lang)
    line = f"  {where}  [{message.code}]  {group.text(lang)}"
    if message.suggestion:
        line += f"  ({t('cli.suggestion', lang)}: {message.suggestion_text(lang)})"
    return line


def _score(value: Any) -> str:
    return "  -  " if is_missing(value) else f"{percent(value):>5}"


def _summary_lines(result: LoadResult, lang: str) -> list[str]:
    tracker = result.tracker
    if tracker is None or tracker.summary.empty:
        return []
    names = tracker.province_names(lang)
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
            lines += ["", f"{t(title, lang)} ({len(group)})", *(message_line(g, lang) for g in grouped(group))]
    return "\n".join(lines + _summary_lines(result, lang))
