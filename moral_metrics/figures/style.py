"""The charts' shared look (``data/style.toml``): fonts, status colours, series colours.

Every figure sets its template explicitly: importing Streamlit changes Plotly's default
template to one whose placeholder colours export as black.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from typing import Any

import plotly.graph_objects as go

from moral_metrics.reference.settings import DATA_DIR

TEMPLATE = "plotly_white"


@lru_cache(maxsize=1)
def style() -> dict[str, Any]:
    return tomllib.loads((DATA_DIR / "style.toml").read_text(encoding="utf-8"))


def status_color(status: str) -> str:
    return style()["status"][status]


def series_color(n: int) -> str:
    colors = style()["series"]["colors"]
    return colors[n % len(colors)]


def apply(fig: go.Figure, title: str, *, height: int = 520, legend: bool = True) -> go.Figure:
    """Template, fonts, title and margins common to every chart."""
    font = style()["font"]
    fig.update_layout(
        template=TEMPLATE,
        title={"text": title, "font": {"size": font["title_size"]}, "x": 0.01, "xanchor": "left"},
        font={"family": font["family"], "size": font["size"], "color": "#212121"},
        colorway=style()["series"]["colors"],
        height=height,
        margin={"l": 20, "r": 20, "t": 70, "b": 100 if legend else 40},
        showlegend=legend,
        # below the plot, where a long Thai legend can wrap without covering the title
        legend={"orientation": "h", "yref": "container", "y": 0.0, "yanchor": "bottom", "x": 0.0},
        hoverlabel={"font": {"family": font["family"]}},
    )
    return fig


def empty(title: str, message: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return apply(fig, title, height=300, legend=False)


def download_config(filename: str) -> dict[str, Any]:
    """Plotly toolbar: a high-resolution PNG with a meaningful file name."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 3},
    }
