"""Thailand's 77 provinces as filled shapes, drawn without Plotly's geo traces.

Plotly's choropleth/scatter_geo fetch a base map from a CDN even with a custom GeoJSON, and
fail offline; plain filled scatter traces need nothing from the network, in the browser or in
image export. Polygons: Natural Earth 1:10m admin-1 (public domain), in ``data/``.
"""

from __future__ import annotations

import json
from functools import lru_cache

import pandas as pd
import plotly.graph_objects as go

from moral_metrics.figures.style import apply, status_color, style
from moral_metrics.metrics import STATUSES
from moral_metrics.reference.formats import percent
from moral_metrics.reference.i18n import t
from moral_metrics.reference.provinces import province_index
from moral_metrics.reference.settings import DATA_DIR

TOLERANCE = 0.03  # degrees (about 3 km, 1-2 px on a national map): a fifth of the points


def _thin(ring: list[list[float]]) -> list[list[float]]:
    """Drop points closer than TOLERANCE to the last kept one; keep the ring closed."""
    kept = [ring[0]]
    for point in ring[1:-1]:
        if abs(point[0] - kept[-1][0]) + abs(point[1] - kept[-1][1]) >= TOLERANCE:
            kept.append(point)
    return [*kept, ring[-1]] if len(kept) >= 3 else ring


@lru_cache(maxsize=1)
def outlines() -> dict[str, tuple[list[float | None], list[float | None]]]:
    """Province code -> (lon, lat) of its rings, rings separated by None."""
    data = json.loads((DATA_DIR / "th_provinces.geojson").read_text(encoding="utf-8"))
    shapes = {}
    for feature in data["features"]:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        xs: list[float | None] = []
        ys: list[float | None] = []
        for polygon in polygons:
            for ring in polygon:
                thin = _thin(ring)
                xs += [p[0] for p in thin] + [None]
                ys += [p[1] for p in thin] + [None]
        shapes[feature["properties"]["iso_3166_2"]] = (xs, ys)
    return shapes


def status_map(overall: pd.DataFrame, year: int, lang: str) -> go.Figure:
    """``overall`` has province_code, score and status for the tracked provinces.

    One filled trace per status (not one per province: a browser draws 77 traces slowly) and
    one invisible marker per province at its label point, which carries the hover text.
    """
    groups, points = _shapes_by_status(overall, lang)
    fig = go.Figure()
    for group in sorted(groups, key=lambda g: STATUSES.index(g) if g in STATUSES else 99):
        fig.add_trace(_status_trace(group, groups[group], lang))
    fig.add_trace(
        go.Scatter(
            x=points["x"],
            y=points["y"],
            text=points["text"],
            mode="markers",
            hoverinfo="text",
            marker={"size": 14, "opacity": 0},
            showlegend=False,
        )
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1.0)
    apply(fig, t("chart.map", lang, year=year), height=760)
    fig.update_layout(
        legend={"orientation": "v", "yref": "paper", "y": 0.02, "yanchor": "bottom", "x": 0.99}, margin={"b": 20}
    )
    return fig


def _shapes_by_status(overall: pd.DataFrame, lang: str) -> tuple[dict[str, tuple[list, list]], dict[str, list]]:
    """Every province's outline grouped by its status, and its label point with hover text."""
    tracked = overall.set_index("province_code")
    groups: dict[str, tuple[list, list]] = {}
    points: dict[str, list] = {"x": [], "y": [], "text": []}
    for province in province_index().provinces:
        row = tracked.loc[province.code] if province.code in tracked.index else None
        group = row["status"] if row is not None else "untracked"
        xs, ys = groups.setdefault(group, ([], []))
        shape = outlines()[province.code]
        xs += shape[0]
        ys += shape[1]
        label = t(f"status.{group}", lang) if row is not None else t("chart.not_tracked", lang)
        points["x"].append(province.label_lon)
        points["y"].append(province.label_lat)
        score = f" {percent(row['score'])}" if row is not None else ""
        points["text"].append(f"{province.name(lang)}<br>{label}{score}")
    return groups, points


def _status_trace(group: str, shape: tuple[list, list], lang: str) -> go.Scatter:
    tracked = group in STATUSES
    return go.Scatter(
        x=shape[0],
        y=shape[1],
        fill="toself",
        mode="lines",
        hoverinfo="skip",
        fillcolor=status_color(group) if tracked else style()["map"]["untracked"],
        line={"color": style()["map"]["border"], "width": 0.6},
        name=t(f"status.{group}", lang) if tracked else t("chart.not_tracked", lang),
    )
