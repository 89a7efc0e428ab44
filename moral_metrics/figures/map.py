"""Thailand's 77 provinces as filled shapes, drawn without Plotly's geo traces.

Plotly's choropleth/scatter_geo fetch a base map from a CDN even with a custom GeoJSON, and
fail offline; plain filled scatter traces need nothing from the network, in the browser or in
image export. Polygons: Natural Earth 1:10m admin-1 (public domain), in ``data/``.
"""

from __future__ import annotations

import json
from functools import lru_cache

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from moral_metrics.figures.overview import score_text, statuses_at
from moral_metrics.figures.style import apply, ink, status_color, style
from moral_metrics.figures.text import width_of
from moral_metrics.metrics.scores import NOT_STARTED, STATUSES, UNTRACKED
from moral_metrics.model import Tracker
from moral_metrics.reference.i18n import t
from moral_metrics.reference.provinces import province_index, province_name
from moral_metrics.reference.settings import DATA_DIR

HEIGHT = 820  # pixels of the map figure; Thailand spans about 15 degrees of latitude in them
PIXEL = 15.0 / (HEIGHT - 150)  # degrees per pixel, about 0.022 (2.5 km)
TOLERANCE = PIXEL  # a point off the simplified outline by less than a pixel is not drawn
DIGITS = 2  # 0.01 degree (about 1 km, half a pixel) is as fine as the map can show


def _simplify(ring: list[list[float]], tolerance: float = TOLERANCE) -> list[list[float]]:
    """Douglas-Peucker: the ring's points that stand off the outline by at least ``tolerance``."""
    points = np.asarray(ring, dtype=float)
    keep = np.zeros(len(points), dtype=bool)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        if last - first < 2:
            continue
        inner = points[first + 1 : last]
        dx, dy = points[last] - points[first]
        norm = float(np.hypot(dx, dy))
        offsets = inner - points[first]
        distance = np.abs(dx * offsets[:, 1] - dy * offsets[:, 0]) / norm if norm else np.hypot(*offsets.T)
        far = int(np.argmax(distance))
        if distance[far] >= tolerance:
            keep[first + 1 + far] = True
            stack += [(first, first + 1 + far), (first + 1 + far, last)]
    kept = np.round(points[keep], DIGITS)
    return kept.tolist() if len(kept) >= 4 else np.round(points, DIGITS).tolist()


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
                thin = _simplify(ring)
                xs += [p[0] for p in thin] + [None]
                ys += [p[1] for p in thin] + [None]
        shapes[feature["properties"]["iso_3166_2"]] = (xs, ys)
    return shapes


ORDER = (*STATUSES, NOT_STARTED, UNTRACKED)
LABEL_SIZE = 13  # pixels, the names' font size
# A page column or a phone is narrower than the map's height implies, so a pixel spans more
# degrees there (a 1440 px page's column: about 1.35 times): names are measured 1.4 times as large.
CELL = 1.4 * 0.66 * LABEL_SIZE * PIXEL  # degrees one character cell of a name takes on the map
LINE = 1.4 * 1.25 * LABEL_SIZE * PIXEL  # degrees one line of a name takes


def _area(xs: list[float | None], ys: list[float | None]) -> float:
    """Square degrees inside the rings (shoelace), rings separated by None."""
    total, ring_x, ring_y = 0.0, [], []
    for x, y in [*zip(xs, ys, strict=True), (None, None)]:
        if x is None or y is None:
            if len(ring_x) > 2:
                total += abs(float(np.dot(ring_x, np.roll(ring_y, 1)) - np.dot(ring_y, np.roll(ring_x, 1)))) / 2
            ring_x, ring_y = [], []
        else:
            ring_x.append(x)
            ring_y.append(y)
    return total


@lru_cache(maxsize=1)
def areas() -> dict[str, float]:
    return {code: _area(*shape) for code, shape in outlines().items()}


def labels_that_fit(names: dict[str, str]) -> set[str]:
    """The provinces whose name can be written on the map, centred on its label point, without
    covering another name or leaving the map.

    Largest province first; a name that would cover one already placed is left out (central
    Thailand's small provinces crowd each other; their names stay in the hover text).
    """
    by_code = province_index().by_code
    xs = [x for shape, _ in outlines().values() for x in shape if x is not None]
    west, east = min(xs), max(xs)
    placed: list[tuple[float, float, float, float]] = []
    kept: set[str] = set()
    for code in sorted(names, key=lambda c: -areas().get(c, 0.0)):
        x, y, half = by_code[code].label_lon, by_code[code].label_lat, CELL * (width_of(names[code]) + 1) / 2
        box = (x - half, y - LINE / 2, x + half, y + LINE / 2)
        if west <= box[0] and box[2] <= east and all(_apart(box, other) for other in placed):
            placed.append(box)
            kept.add(code)
    return kept


def _apart(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]


def status_map(statuses: pd.DataFrame, year: int, lang: str) -> go.Figure:
    """``statuses`` (``metrics.year_status``): province_code, score, status, areas_reported and
    areas_total of each province of the tracker; any other province is "not tracked".

    One filled trace per status (not one per province: a browser draws 77 traces slowly) and
    one marker per province at its label point, which carries its name, its hover text and its
    code (``customdata``, for a click); the tracked provinces are named on the map where their
    names do not cover each other (``labels_that_fit``).
    """
    groups, points = _shapes_by_status(statuses, lang)
    fig = go.Figure()
    for group in sorted(groups, key=ORDER.index):
        fig.add_trace(_status_trace(group, groups[group], lang))
    fig.add_trace(
        go.Scatter(
            x=points["x"],
            y=points["y"],
            hovertext=points["text"],
            text=points["label"],
            customdata=points["code"],
            mode="markers+text",
            textposition="middle center",
            textfont={"size": LABEL_SIZE, "color": ink("text")},
            hoverinfo="text",
            marker={"size": 16, "opacity": 0},
            showlegend=False,
        )
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1.0)
    apply(fig, t("chart.map", lang, year=year), height=HEIGHT)
    fig.update_layout(margin={"l": 0, "r": 0, "b": 110}, dragmode=False, clickmode="event+select")
    return fig


def national_map(tracker: Tracker, year: int, lang: str) -> go.Figure:
    """The map of every province's status at programme ``year``."""
    return status_map(statuses_at(tracker, year), year, lang)


def _shapes_by_status(statuses: pd.DataFrame, lang: str) -> tuple[dict[str, tuple[list, list]], dict[str, list]]:
    """Every province's outline grouped by its status, and its label point with hover text."""
    tracked = statuses.set_index("province_code")
    groups: dict[str, tuple[list, list]] = {}
    points: dict[str, list] = {"x": [], "y": [], "text": [], "label": [], "code": []}
    shown = labels_that_fit({c: province_name(c, lang) for c in tracked.index if c in outlines()})
    for province in province_index().provinces:
        row = tracked.loc[province.code] if province.code in tracked.index else None
        group = row["status"] if row is not None else UNTRACKED
        xs, ys = groups.setdefault(group, ([], []))
        shape = outlines()[province.code]
        xs += shape[0]
        ys += shape[1]
        text = t(f"status.{group}", lang)
        if row is not None and row["score"] == row["score"]:
            text = f"{text} {score_text(row['score'], group, row['areas_reported'], row['areas_total'], lang)}"
        points["x"].append(province.label_lon)
        points["y"].append(province.label_lat)
        points["text"].append(f"{province.name(lang)}<br>{text}")
        points["label"].append(province.name(lang) if province.code in shown else "")
        points["code"].append(province.code)
    return groups, points


def _status_trace(group: str, shape: tuple[list, list], lang: str) -> go.Scatter:
    return go.Scatter(
        x=np.array(shape[0], dtype=np.float32),  # None between rings -> NaN, a gap as before; Plotly
        y=np.array(shape[1], dtype=np.float32),  # checks an array at once, a list point by point
        fill="toself",
        mode="lines",
        hoverinfo="skip",
        fillcolor=style()["map"]["untracked"] if group == UNTRACKED else status_color(group),
        line={"color": style()["map"]["border"], "width": 0.6},
        name=t(f"status.{group}", lang),
    )
