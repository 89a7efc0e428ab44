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
TRACE_TYPES = ("bar", "heatmap", "scatter", "scatterpolar")  # the trace types our figures draw


@lru_cache(maxsize=1)
def style() -> dict[str, Any]:
    return tomllib.loads((DATA_DIR / "style.toml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def template() -> go.layout.Template:
    """``TEMPLATE`` with trace defaults only for ``TRACE_TYPES``: the full one carries defaults for
    24 trace types, which every figure copied and checked (about 10 ms each, issue 14) and every
    chart sent to the browser (7 KB instead of 3.6 KB). Charts look the same."""
    import plotly.io as pio

    full = pio.templates[TEMPLATE]
    return go.layout.Template(layout=full.layout, data={kind: full.data[kind] for kind in TRACE_TYPES})


def ink(name: str) -> str:
    """A colour of ``[ink]`` in ``data/style.toml``: text, muted, on_dark, accent, head_fill..."""
    return style()["ink"][name]


def status_color(status: str) -> str:
    return style()["status"][status]


def grey_level(hex_color: str) -> float:
    """The colour's grey in print (0 black .. 255 white), by the usual luma weights."""
    r, g, b = (int(hex_color.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return 0.299 * r + 0.587 * g + 0.114 * b


def _linear(channel: int) -> float:
    value = channel / 255
    return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4


def luminance(hex_color: str) -> float:
    """WCAG 2 relative luminance (0 black .. 1 white)."""
    r, g, b = (_linear(int(hex_color.lstrip("#")[i : i + 2], 16)) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: str, other: str = "#FFFFFF") -> float:
    """WCAG 2 contrast ratio of two colours (1 .. 21); graphics want at least 3 against their ground."""
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_color(fill: str) -> str:
    """Dark text on light fills, white on dark ones."""
    return ink("on_dark") if grey_level(fill) < 128 else ink("text")


def series_color(n: int) -> str:
    colors = style()["series"]["colors"]
    return colors[n % len(colors)]


def apply(fig: go.Figure, title: str, *, height: int = 520, legend: bool = True, top: int = 0) -> go.Figure:
    """Template, fonts, title and margins common to every chart.

    The title is wrapped between words to fit a phone (Plotly does not wrap); ``top`` is room
    wanted between the title and the plot (for axis labels on top).
    """
    from moral_metrics.figures.text import lines

    font = style()["font"]
    title_lines = lines(title, font["title_width"])
    fig.update_layout(
        template=template(),
        title={
            "text": "<br>".join(title_lines),
            "font": {"size": font["title_size"]},
            "x": 0.01,
            "xanchor": "left",
            "y": 1.0,
            "yref": "container",
            "yanchor": "top",
            # Plotly lifts a title of several lines by the lines after the first: push it back down
            "pad": {"t": 12 + round(font["title_size"] * 1.3) * (len(title_lines) - 1)},
        },
        font={"family": font["family"], "size": font["size"], "color": ink("text")},
        colorway=style()["series"]["colors"],
        height=height + 28 * (len(title_lines) - 1),
        margin={"l": 20, "r": 20, "t": 40 + 28 * len(title_lines) + top, "b": 100 if legend else 40},
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
    """Plotly toolbar: a high-resolution PNG with a meaningful file name, and nothing else: zoom,
    pan and lasso only got in a reader's way, and a full toolbar covered a title on a phone."""
    return {
        "displaylogo": False,
        "modeBarButtonsToRemove": ["zoom", "pan", "select", "lasso2d", "zoomIn", "zoomOut", "autoScale", "resetScale"],
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 3},
    }
