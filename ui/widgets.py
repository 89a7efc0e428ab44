"""Small pieces several pages use: pickers bound to the URL, charts with download settings."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from moral_metrics.figures.safety import display_text, safe_name
from moral_metrics.figures.style import download_config
from moral_metrics.model import Tracker
from moral_metrics.reference.formats import when_text
from ui.state import lang, param, set_param, store, tr, viewed_version


def chart(fig: go.Figure, *name_parts: object) -> None:
    st.plotly_chart(fig, config=download_config(safe_name(*name_parts)), theme=None)


def version_caption() -> None:
    """Which version is shown, since when it is current, by whom; the sample says it is one."""
    version, _ = viewed_version()
    row = store().versions().set_index("id").loc[version]
    events = store().events()
    made = events[events["version_id"] == version]
    moment, actor = (made.iloc[0]["at"], made.iloc[0]["actor"]) if len(made) else (row["created_at"], row["uploader"])
    who, file = display_text(actor), display_text(row["filename"] or "–")
    caption = tr("app.version_caption", version=version, when=when_text(moment, lang()), who=who, file=file)
    st.text(caption)  # plain text: no Markdown, so a URL in a name never becomes a link
    if row["is_sample"]:
        st.info(tr("app.sample_notice"), icon=":material/science:")


def _on_change(name: str, key: str) -> None:
    set_param(name, st.session_state[key])


def province_picker(tracker: Tracker, key: str = "province_pick") -> str | None:
    codes = tracker.province_codes
    if not codes:
        return None
    names = tracker.province_names(lang())
    asked = param("province")
    chosen = asked if asked in codes else codes[0]
    st.session_state[key] = chosen
    picked = st.selectbox(
        tr("province.choose"), codes, format_func=names.get, key=key, on_change=_on_change, args=("province", key)
    )
    if asked != picked:
        set_param("province", picked)
    return picked


def year_picker(years: list[int], default: int, key: str = "year_pick", label_key: str = "overview.year") -> int:
    asked = param("year")
    chosen = int(asked) if asked and asked.isdigit() and int(asked) in years else default
    st.session_state[key] = chosen
    picked = st.segmented_control(
        tr(label_key),
        years,
        key=key,
        format_func=lambda y: tr("chart.year_n", year=y),
        on_change=_on_change,
        args=("year", key),
        help=tr("overview.help_year"),
    )
    return int(picked if picked is not None else chosen)
