"""What the honourees and events pages share: the tracker as this reader may see it, filters bound
to the URL (so that a filtered view can be shared), and the Hall of Fame cards."""

from __future__ import annotations

import base64
import html
import string
from collections.abc import Callable, Sequence

import pandas as pd
import streamlit as st

from moral_metrics.figures.honours import Card
from moral_metrics.figures.privacy import for_audience
from moral_metrics.figures.safety import display_text
from moral_metrics.figures.style import status_color, style
from moral_metrics.model import Tracker
from moral_metrics.reference.parts import none, provides
from ui.auth import audience_of, current_actor
from ui.state import param, service, set_param, tr, viewed_tracker

CARD_STYLE = """<style>
.mm-card{display:flex;gap:.8rem;align-items:flex-start;border:1px solid $line;border-radius:.6rem;
padding:.8rem;margin-bottom:.8rem;background:$on_dark;min-height:9rem}
.mm-avatar{flex:0 0 3.2rem;height:3.2rem;border-radius:50%;background:$accent;color:$on_dark;display:flex;
align-items:center;justify-content:center;font-weight:700;font-size:1.1rem;overflow:hidden}
.mm-avatar img{width:100%;height:100%;object-fit:cover}
.mm-body{min-width:0;overflow-wrap:anywhere}.mm-name{font-weight:700;font-size:1.05rem}
.mm-meta{color:$meta;font-size:.9rem}.mm-tag{display:inline-block;background:$tag_fill;color:$tag_text;
border-radius:1rem;padding:0 .55rem;margin:.2rem .25rem 0 0;font-size:.85rem}
.mm-private{color:$private;font-style:italic}.mm-citation{font-size:.92rem;margin-top:.3rem}
</style>"""


@st.cache_resource(show_spinner=False, max_entries=16)
def _seen(key: tuple, audience: tuple[str, ...] | None, _tracker: Tracker) -> Tracker:
    return for_audience(_tracker, None if audience is None else frozenset(audience))


def seen_tracker() -> Tracker:
    """The viewed version as this reader may see it (``figures.privacy``): private names only of
    an editor's own provinces. Masked once per version and audience (199,999 events: not per visit)."""
    tracker, audience = viewed_tracker(), audience_of(current_actor())
    if tracker.version is None:  # not published: nothing to key it by
        return for_audience(tracker, audience)
    return _seen(tracker.key, None if audience is None else tuple(sorted(audience)), tracker)


def page_head(page: str, dataset: str) -> tuple[Tracker, pd.DataFrame]:
    """Title, version, intro; the tracker as this reader may see it and the page's dataset. A page
    with no rows of its dataset says so and stops."""
    from ui.widgets import version_caption

    tracker = seen_tracker()
    st.title(tr(f"page.{page}"))
    version_caption()
    st.caption(tr(f"{page}.intro"))
    rows = tracker.dataset(dataset)
    if rows.empty:
        st.info(tr(f"{page}.none"))
        st.stop()
    return tracker, rows


ALL = ""  # the "all" choice of a filter (not None: a select box shows None as "Choose an option")


def url_choice(label: str, options: Sequence, name: str, key: str, format_func: Callable) -> object:
    """A select box whose first choice is "all" (returned as None), bound to ``?<name>=``."""
    asked = param(name)
    chosen = next((o for o in options if str(o) == asked), ALL)
    st.session_state[key] = chosen

    def changed() -> None:
        set_param(name, st.session_state[key] if st.session_state[key] != ALL else None)

    picked = st.selectbox(
        label,
        [ALL, *options],
        key=key,
        format_func=lambda o: tr("fame.all") if o == ALL else format_func(o),
        on_change=changed,
    )
    picked = None if picked == ALL else picked
    if (str(picked) if picked is not None else None) != asked:
        set_param(name, picked)
    return picked


def styled(css: str) -> str:
    """The pages' CSS with the colours of ``data/style.toml`` (``$accent``, ``$line`` ...)."""
    return string.Template(css).substitute({**style()["ink"], "private": status_color("incomplete")})


def _text(value: object) -> str:
    return html.escape(display_text(value))


def card_html(card: Card, photos: dict[str, bytes] | None = None) -> str:
    """One card as HTML; every text from the tracker escaped; a photo only as the app's own bytes
    (a data URI), so that no viewer's browser asks any other site for it."""
    content = (photos or {}).get(card.photo) if card.photo else None
    picture = f'<img src="data:image/jpeg;base64,{base64.b64encode(content).decode()}" alt="">' if content else None
    avatar = picture or _text(card.initials)
    name = _text(card.name) if card.name else f'<span class="mm-private">{_text(tr("fame.private_name"))}</span>'
    tags = "".join(f'<span class="mm-tag">{_text(v)}</span>' for v in card.virtues)
    lines = [
        f'<div class="mm-name">{name}</div>',
        f'<div class="mm-meta">{_text(card.kind)} · {_text(card.place)} · {_text(card.when)}</div>',
        f"<div>{tags}</div>",
    ]
    if card.citation:
        lines.append(f'<div class="mm-citation">{_text(card.citation)}</div>')
    if card.name and not card.public:
        lines.append(f'<div class="mm-private">{_text(tr("fame.editors_only"))}</div>')
    return (
        f'<div class="mm-card"><div class="mm-avatar">{avatar}</div><div class="mm-body">{"".join(lines)}</div></div>'
    )


def show_cards(cards: list[Card], per_row: int = 3) -> None:
    st.markdown(styled(CARD_STYLE), unsafe_allow_html=True)
    photos = service().photos([c.photo for c in cards if c.photo]) if any(c.photo for c in cards) else {}
    columns = st.columns(per_row)
    for n, card in enumerate(cards):
        columns[n % per_row].markdown(card_html(card, photos), unsafe_allow_html=True)


@provides("province_section", "honourees", heading="coverage.heading", param="honouring")
def coverage_section(tracker: Tracker, province: str) -> None:
    """District x month honouring of one fiscal year, the months with none and the coverage rate."""
    from moral_metrics.figures.coverage import (
        coverage_heatmap,
        coverage_rate,
        fiscal_years,
        honouring_grid,
        month_names,
        quiet_months,
    )
    from moral_metrics.reference.formats import percent
    from ui.state import lang
    from ui.widgets import chart

    years = fiscal_years(tracker, province)
    if not years:
        st.info(tr("coverage.none"))
        return
    year = st.selectbox(tr("coverage.fiscal_year"), years, index=len(years) - 1, key="coverage_year")
    grid = honouring_grid(tracker, province, year)
    covered, total = coverage_rate(grid)
    rate = percent(covered / total) if total else "–"
    st.markdown(f"**{tr('coverage.rate', covered=covered, total=total, rate=rate)}**")
    quiet = quiet_months(grid)
    labels = dict(zip(grid.columns, month_names(year, lang()), strict=True))
    st.caption(tr("coverage.quiet", months=", ".join(labels[m] for m in quiet)) if quiet else tr("coverage.no_quiet"))
    name = tracker.province_names(lang()).get(province, province)
    title = tr("coverage.title", province=name, year=year)
    chart(coverage_heatmap(grid, title, lang()), name, f"honouring-fy{year}")


none("province_section", "events", "the calendar page shows a province's events (?province=)")
