"""Tables about submissions, in the reader's language: each uploaded file, what a publish would
change per province, the history of actions, and who has reported."""

from __future__ import annotations

import io
import json

import pandas as pd

from moral_metrics.figures.safety import display_text, neutralise_frame
from moral_metrics.model import LoadResult
from moral_metrics.reference.formats import number_text, percent
from moral_metrics.reference.i18n import date_text, t, written
from moral_metrics.reference.provinces import province_index, province_name


def files_table(results: list[tuple[str, LoadResult]], lang: str) -> pd.DataFrame:
    """One row per uploaded file: its provinces, records, errors and warnings."""
    rows = []
    for name, result in results:
        codes = result.tracker.province_codes if result.ok else []
        rows.append(
            {
                t("data.col_file", lang): display_text(name),
                t("data.col_provinces", lang): ", ".join(province_name(c, lang) for c in codes) or "–",
                t("data.col_records", lang): len(result.tracker.records) if result.ok else 0,
                t("data.col_errors", lang): len(result.errors),
                t("data.col_warnings", lang): len(result.warnings),
                t("data.col_state", lang): t("data.file_ok" if result.ok else "data.file_bad", lang),
            }
        )
    return neutralise_frame(pd.DataFrame(rows))


def changes_table(changes: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Per province, what publishing would do, counted in rows: added, changed, removed, the
    file's rows unchanged, and the province's other rows kept (when the plan counts them)."""
    if changes.empty:
        return pd.DataFrame()
    out = pd.DataFrame({t("col.province", lang): [province_name(c, lang) for c in changes["province_code"]]})
    for kind in ("added", "changed", "removed", "unchanged", "kept"):
        if kind in changes:
            out[t(f"data.col_rows_{kind}", lang)] = changes[kind].astype(int).to_numpy()
    if "details" in changes:
        fields = [", ".join(t(f"detail.{f}", lang) for f in found) or "–" for found in changes["details"]]
        out[t("data.change_details", lang)] = fields
    return out


def version_caption_text(version: int, row: pd.Series, events: pd.DataFrame, current: bool, lang: str) -> str:
    """A version by its own publisher and time; a current version that a restore brought back
    also says who restored it, when, and which version it replaced."""
    when = date_text(row["created_at"], lang, with_time=True)
    text = t("app.version_caption", lang, version=version, when=when, who=display_text(row["uploader"]))
    files = [display_text(name) for name in (row["filename"] or "–").split(", ")]  # joined so when stored
    key = "app.version_files_many" if len(files) > 1 else "app.version_files"
    text += " · " + t(key, lang, files=files, file=files[0])
    made = events[(events["version_id"] == version) & events["action"].isin(("publish", "remove", "restore"))]
    if current and len(made) and made.iloc[0]["action"] == "restore":
        last = made.iloc[0]
        before = json.loads(last["detail"] or "{}").get("from")
        moment = date_text(last["at"], lang, with_time=True)
        text += " · " + t("app.version_restored", lang, who=display_text(last["actor"]), when=moment, version=before)
    return text


def lock_state(province: str, fiscal_years: list[int], locks: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A province's fiscal years, each locked (by whom, when) or open."""
    mine = locks[locks["province_code"] == province].set_index("fiscal_year") if len(locks) else pd.DataFrame()
    states = []
    for year in fiscal_years:
        row = mine.loc[year] if year in mine.index else None
        if row is not None and bool(row["locked"]):
            when = date_text(row["at"], lang, with_time=True)
            states.append(t("data.lock_locked", lang, by=display_text(row["by"]), when=when))
        else:
            states.append(t("data.lock_open", lang))
    return pd.DataFrame({t("col.fiscal_year", lang): fiscal_years, t("data.col_lock", lang): states})


def record_changes(changes: pd.DataFrame, catalogue, lang: str) -> pd.DataFrame:
    """One province's changed records (``store.changes.record_changes``) with indicator names, not codes."""
    if changes.empty:
        return pd.DataFrame()
    names = {code: catalogue.get(code).name(lang) for code in changes["indicator"].unique() if catalogue.find(code)}
    return neutralise_frame(
        pd.DataFrame(
            {
                t("data.col_change", lang): [t(f"data.change_{c}", lang) for c in changes["change"]],
                t("col.year", lang): changes["program_year"].astype(int).to_numpy(),
                t("col.indicator", lang): [names.get(c, c) for c in changes["indicator"]],
                t("data.col_field", lang): [t(f"col.{f}", lang) for f in changes["field"]],
                t("data.col_old", lang): [number_or_text(v) for v in changes["old"]],
                t("data.col_new", lang): [number_or_text(v) for v in changes["new"]],
            }
        )
    )


def number_or_text(value: object) -> str:
    return value if isinstance(value, str) else number_text(value)


def history_table(events: pd.DataFrame, current: int | None, lang: str) -> pd.DataFrame:
    """Every action with when (Bangkok time), who, what and which provinces; the current version marked."""
    rows = []
    for event in events.itertuples():
        detail = json.loads(event.detail or "{}")
        provinces = [c for c in (event.provinces or "").split(",") if c]
        what = t(f"data.action_{event.action}", lang, year=detail.get("fiscal_year", ""))
        rows.append(
            {
                t("data.col_when", lang): date_text(event.at, lang, with_time=True),
                t("data.col_action", lang): what,
                t("data.col_who", lang): display_text(event.actor),
                t("data.col_provinces", lang): ", ".join(province_name(c, lang) for c in provinces) or "–",
                t("data.col_version", lang): int(event.version_id),
                t("data.col_files", lang): display_text(", ".join(detail.get("files", []))),
                t("data.col_note", lang): display_text(_note(event.action, detail, lang)),
            }
        )
    return neutralise_frame(pd.DataFrame(rows))


def _note(action: str, detail: dict, lang: str) -> str:
    """The action's own note, and for a restore which version it replaced."""
    restored = action == "restore" and detail.get("from")
    parts = [t("data.restored_from", lang, version=detail["from"])] if restored else []
    if detail.get("rows") and action in ("remove", "restore", "unlock"):
        parts.append(written(detail["rows"], "count_row", lang))
    if detail.get("note"):
        parts.append(str(detail["note"]))
    return " · ".join(parts) or "–"


def completeness_table(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Provinces x programme years, each cell the year's reporting status (with the count)."""
    if table.empty:
        return pd.DataFrame()
    labels = table.apply(lambda r: _cell(r, lang), axis=1)
    wide = table.assign(label=labels).pivot(index="province_code", columns="program_year", values="label")
    wide.columns = [t("chart.year_n", lang, year=int(y)) for y in wide.columns]
    order = [p.code for p in province_index().provinces]
    wide = wide.reindex(order)
    wide.insert(0, t("col.province", lang), [province_name(c, lang) for c in wide.index])
    return wide.reset_index(drop=True)


def _cell(row: pd.Series, lang: str) -> str:
    status = t(f"report_status.{row['status']}", lang)
    lock = " 🔒" if row["locked"] else ""
    due = row["status"] in ("reported", "late", "partial", "not_reported")
    return f"{status} ({row['reported']}/{row['expected']}){lock}" if due else status + lock


def rates_table(rates: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("col.year", lang): rates["program_year"].astype(int),
            t("data.col_expected_provinces", lang): rates["provinces"].astype(int),
            t("data.col_expected", lang): rates["expected"].astype(int),
            t("data.col_reported", lang): rates["reported"].astype(int),
            t("data.col_rate", lang): [percent(v) for v in rates["rate"]],
            t("data.col_on_time", lang): [percent(v) for v in rates["on_time_rate"]],
        }
    )


def overdue_table(overdue: pd.DataFrame, last: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The provinces whose data is overdue (``metrics.reporting.overdue``): the years missing,
    since when, and their last submission (or none)."""
    when = last.set_index("province_code")["last_published_at"] if len(last) else pd.Series(dtype=object)
    years = [
        ", ".join(t("completeness.year_fiscal", lang, year=p, fiscal=f) for p, f in zip(ps, fs, strict=True))
        for ps, fs in zip(overdue["program_years"], overdue["fiscal_years"], strict=True)
    ]
    return pd.DataFrame(
        {
            t("col.province", lang): [province_name(c, lang) for c in overdue["province_code"]],
            t("completeness.col_years_overdue", lang): years,
            t("completeness.col_due_since", lang): [date_text(d, lang) for d in overdue["due_since"]],
            t("completeness.col_last_at", lang): [
                date_text(when[c], lang) if c in when.index else t("completeness.never", lang)
                for c in overdue["province_code"]
            ],
        }
    )


def last_table(last: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Each province's last submission, the most recent first (sorted by the date, not its text)."""
    last = last.sort_values("last_published_at", ascending=False, kind="stable")
    return pd.DataFrame(
        {
            t("col.province", lang): [province_name(c, lang) for c in last["province_code"]],
            t("completeness.col_last_at", lang): [
                date_text(v, lang, with_time=True) for v in last["last_published_at"]
            ],
            t("completeness.col_last_by", lang): [display_text(v) for v in last["last_published_by"]],
            t("completeness.col_last_version", lang): last["last_version"].astype(int).to_numpy(),
        }
    )


def table_xlsx(frame: pd.DataFrame, sheet: str) -> bytes:
    """A table as shown, as a workbook whose sheet is named for what it holds (not "Sheet1")."""
    out = io.BytesIO()
    neutralise_frame(frame).to_excel(out, index=False, sheet_name=sheet[:31], engine="openpyxl")
    return out.getvalue()
