"""Small pieces several pages use: pickers bound to the URL, charts with download settings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from moral_metrics.figures.problems import refusal_text
from moral_metrics.figures.safety import markdown_text, neutralise_frame, safe_name
from moral_metrics.figures.style import download_config
from moral_metrics.figures.submissions import version_caption_text
from moral_metrics.figures.tables import markdown_table
from moral_metrics.metrics.scores import NOT_STARTED, SCORED, STATUSES
from moral_metrics.model import Tracker
from moral_metrics.reference.calendar import be_year
from moral_metrics.reference.messages import Refusal
from moral_metrics.reference.params import most, written
from ui.cache import bookkeeping
from ui.state import lang, param, param_value, set_param, switch_to, tr, viewed_version

_TABLE_CSS = (
    "<style>[data-testid=stMarkdownContainer] table {display: block; overflow-x: auto; max-width: 100%}</style>"
)


def light_table(frame: pd.DataFrame) -> None:
    """A few rows as a Markdown table: no Arrow code for the browser to load before the first chart
    (issue 14). A table wider than a phone scrolls sideways inside itself, not the page."""
    st.html(_TABLE_CSS)
    st.markdown(markdown_table(frame))


def data_table(frame: pd.DataFrame, **options) -> object:
    """A data grid of table text: every text cell neutralised, since its toolbar downloads CSV
    (a name such as ``=HYPERLINK(...)`` must not become a formula in a spreadsheet)."""
    return st.dataframe(neutralise_frame(frame), hide_index=True, **options)


def show_refusal(refused: Refusal) -> None:
    """Why an action was refused, every name in it as plain text (never a link or markup)."""
    st.error(refusal_text(refused.messages, lang()))


def chart(fig: go.Figure, *name_parts: object) -> None:
    st.plotly_chart(fig, config=download_config(safe_name(*name_parts)), theme=None)


def opened(label: str, key: str) -> DeltaGenerator | None:
    """A section below the first screen, built only once its reader opens it (issue 14).

    Closed, it costs the page one line: its charts and tables are neither made nor drawn, so the
    first screen's charts are not kept waiting. Open or closed is kept in the URL (``?key=true``),
    so a shared link opens the same sections.
    """
    box = st.expander(label, key=key, on_change="rerun", bind="query-params")
    return box if box.open else None


def province_chart(fig: go.Figure, key: str, by_name: dict[str, str], *name_parts: object) -> None:
    """A chart whose points are provinces: a click (a selected point) opens that province's page.

    A point names its province by its code in ``customdata`` or by its name on the y axis.
    """
    event = st.plotly_chart(
        fig,
        config=download_config(safe_name(*name_parts)),
        theme=None,
        key=key,
        on_select="rerun",
        selection_mode="points",
    )
    codes = set(by_name.values())
    for point in event.selection.points if event else []:
        found = point.get("customdata")
        code = found if found in codes else by_name.get(str(point.get("y")))
        if code:
            open_province(code)


def open_province(code: str) -> None:
    set_param("province", code)
    switch_to("pages/province.py")


def version_caption() -> None:
    """Which version is shown, since when it is current, by whom; the sample says it is one."""
    version, current = viewed_version()
    row = bookkeeping("versions").set_index("id").loc[version]
    caption = version_caption_text(version, row, bookkeeping("history"), current, lang())
    st.text(caption)  # plain text: no Markdown, so a URL in a name never becomes a link
    if row["is_sample"]:
        st.info(tr("app.sample_notice"), icon=":material/science:")


def _on_change(name: str, key: str) -> None:
    set_param(name, st.session_state[key])


def picker_names(tracker: Tracker) -> dict[str, str]:
    """Province code -> its option in a picker: in Thai with the English name beside it
    ("สุราษฎร์ธานี (Surat Thani)"), so typing either name finds it (a select box searches its labels)."""
    thai, english = tracker.province_names("th"), tracker.province_names("en")
    return {code: tr("widget.province_option", th=thai[code], en=english[code]) for code in thai}


def province_picker(tracker: Tracker, key: str = "province_pick") -> str | None:
    codes = tracker.province_codes
    if not codes:
        return None
    return url_selectbox(tr("province.choose"), codes, "province", key, picker_names(tracker).get)


def url_selectbox(label: str, options: list[str], name: str, key: str, format_func: Callable[[str], str]) -> str:
    """A selectbox bound to ``?name=``, holding the option's code (the same in every language;
    Streamlit's own binding would put the translated label in the link)."""
    asked = param_value(name)  # as the page names it: ?province=57 is TH-57
    st.session_state[key] = asked if asked in options else options[0]
    picked = st.selectbox(label, options, format_func=format_func, key=key, on_change=_on_change, args=(name, key))
    if asked != picked:
        set_param(name, picked)
    return picked


def provinces_picker(tracker: Tracker, default: list[str], key: str = "compare_pick") -> list[str]:
    """Provinces to compare, bound to ``?provinces=`` (DOPA codes) so a shared link shows them.

    At most ``most("provinces")``: a pick beyond it is undone with a message in the reader's
    language (Streamlit's own limit says so in English only); a link with more keeps the first
    ones (its notice comes from ``ui.state.url_notices``).
    """
    codes, limit = tracker.province_codes, most("provinces")
    asked = param_value("provinces")
    chosen = [c for c in default if c in codes] if asked is None else [c for c in asked if c in codes]
    st.session_state[key] = chosen

    def changed() -> None:
        picked = st.session_state[key]
        if len(picked) > limit:  # the widget is set back to the link's choice on the rerun
            st.session_state[f"{key}_refused"] = True
        else:
            set_param("provinces", written(picked))

    picked = st.multiselect(
        tr("compare.choose"),
        codes,
        format_func=picker_names(tracker).get,
        key=key,
        on_change=changed,
        placeholder=tr("widget.choose"),
        help=tr("compare.limit_help", limit=limit),
    )
    if st.session_state.pop(f"{key}_refused", False):
        st.warning(tr("compare.too_many", limit=limit), icon=":material/block:")
    if param("provinces") is not None and param("provinces") != written(picked):
        set_param("provinces", written(picked))  # the link says what is shown (first 12, codes it holds)
    return picked


def year_picker(
    years: list[int],
    default: int,
    key: str = "year_pick",
    label_key: str = "overview.year",
    fiscal: dict[int, str] | None = None,
) -> int:
    """A programme-year switch bound to ``?year=``; with ``fiscal``, each year says its fiscal year."""
    fiscal = fiscal or {}
    asked = param_value("year")
    chosen = asked if asked in years else default
    st.session_state[key] = chosen
    picked = st.segmented_control(
        tr(label_key),
        years,
        key=key,
        format_func=lambda y: (
            tr("chart.year_fiscal", year=y, fiscal=fiscal[y]) if y in fiscal else tr("chart.year_n", year=y)
        ),
        on_change=_on_change,
        args=("year", key),
        help=tr("overview.help_year"),
    )
    return int(picked if picked is not None else chosen)


def day_fields(label: str, help: str, key: str, today: dt.date, years: int = 10) -> tuple[int | None, ...]:
    """Year, month and day pickers, each "—" until chosen: Streamlit's date input writes only
    Common-Era dates, and a Thai reader expects a Buddhist-Era year and Thai month names."""
    st.markdown(markdown_text(label), help=help)
    blank = tr("date.pick_blank")
    months = tr("date.months").split("|")
    choices = (
        ("day", list(range(1, 32)), str),
        ("month", list(range(1, 13)), lambda m: months[m - 1]),
        ("year", list(range(today.year, today.year - years, -1)), lambda y: str(be_year(y) if lang() == "th" else y)),
    )
    picked: dict[str, int | None] = {}
    for column, (part, options, text) in zip(st.columns([1, 2, 1.4]), choices, strict=True):
        picked[part] = column.selectbox(
            tr(f"date.pick_{part}"),
            [None, *options],
            format_func=lambda value, text=text: blank if value is None else text(value),
            key=f"{key}_{part}",
        )
    return picked["year"], picked["month"], picked["day"]


def status_counts(statuses: pd.DataFrame, names: dict[str, str]) -> str:
    """One line for a phone's first screen: each status, its count and the provinces in it."""
    parts = []
    for status in (*STATUSES, NOT_STARTED):
        mine = [markdown_text(names[c]) for c in statuses.loc[statuses["status"] == status, "province_code"]]
        if mine or status in SCORED:
            listed = f" ({', '.join(mine)})" if mine else ""
            parts.append(f"**{tr(f'status.{status}')}** {len(mine)}{listed}")
    return " · ".join(parts)


_UPLOADER_CSS = """<style>
[data-testid=stFileUploaderDropzone] > span button [data-testid=stMarkdownContainer] p {{font-size: 0}}
[data-testid=stFileUploaderDropzone] > span button [data-testid=stMarkdownContainer] p::after {{
  content: "{button}"; font-size: 1rem}}
[data-testid=stFileUploaderDropzoneInstructions] span {{font-size: 0}}
[data-testid=stFileUploaderDropzoneInstructions] span::after {{content: "{limit}"; font-size: 0.875rem}}
</style>"""


def uploader_texts(types: list[str]) -> None:
    """Streamlit's file uploader writes its button and size limit in English with no setting to
    change them; these two are swapped for the reader's language (CSS, so nothing else moves)."""
    from moral_metrics.reference.settings import settings

    def css(text: str) -> str:
        return text.replace("\\", "\\\\").replace('"', '\\"')

    limit = tr("data.upload_limit", mb=settings().limits.max_upload_mb, types=", ".join(t.upper() for t in types))
    st.html(_UPLOADER_CSS.format(button=css(tr("data.upload_button")), limit=css(limit)))
