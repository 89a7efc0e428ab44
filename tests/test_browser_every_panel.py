"""Issue 24: every page with every panel open, in Thai and English, on a desktop and a phone.

Fails on any raw translation key, ``None`` or ``NaN`` in what a reader sees: the page's text,
the text drawn in its charts, and the cells of its data grids (read through the accessible grid,
since Streamlit draws grids on a canvas).
"""

from __future__ import annotations

import os
import re

import pytest
from browser import Server, new_page, steady

from moral_metrics.reference.i18n import table

# every page, with every panel a link can open
URLS = {
    "overview": "/?year=2&grid=true&units=true&ranking_all=true",
    "province": "/province?province=TH-57&indicator_chart=true&units=true&honouring=true",
    "compare": "/compare?all_areas=true&indicator=true&units=true",
    "completeness": "/completeness",
    "export": "/export",
    "data": "/data",
    "fame": "/fame",
    "calendar": "/calendar",
}
SEEN = """() => {
  const main = document.querySelector('[data-testid=stAppViewContainer]');
  const charts = [...document.querySelectorAll('.js-plotly-plot text')].map(t => t.textContent);
  const cells = [...document.querySelectorAll('[role=gridcell], [role=columnheader]')].map(c => c.textContent);
  return [main ? main.innerText : '', ...charts, ...cells].join('\\n');
}"""
MISSING = re.compile(r"(?<![\w.])(None|NaN|nan|undefined)(?![\w.])")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    # PANELS_DATABASE: another store to look at (the national data of bench/national.py, by hand)
    url = os.environ.get("PANELS_DATABASE") or f"sqlite:///{tmp_path_factory.mktemp('db') / 'panels.db'}"
    running = Server(url)
    yield running
    running.stop()


def raw_keys(text: str) -> list[str]:
    """Words shaped like a key of the translation table (``data.change_unchanged``), whether or not
    the table has that key: a key missing from the table is shown as it is written."""
    namespaces = {key.split(".")[0] for key in table()}
    words = re.findall(r"(?<![\w.])[a-z_]+(?:\.[a-z0-9_]+)+", text)
    return sorted({w for w in words if w.split(".")[0] in namespaces and not w.endswith((".xlsx", ".csv", ".pptx"))})


def test_the_checks_catch_what_they_look_for() -> None:
    assert raw_keys("แผน data.change_unchanged 3 · national_all.xlsx") == ["data.change_unchanged"]
    assert raw_keys("chart.nothing_like_this") == ["chart.nothing_like_this"]
    assert MISSING.findall("ผล None · 84% · NaN · Nantes") == ["None", "NaN"]


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("width", ["desktop", "phone"])
@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("page_name", list(URLS))
def test_no_raw_key_none_or_nan_anywhere(server, browser, page_name: str, lang: str, width: str) -> None:
    url = URLS[page_name]
    page = new_page(browser, f"{server.url}{url}{'&' if '?' in url else '?'}lang={lang}", width)
    page.wait_for_selector("[data-testid=stMain] [data-testid=stElementContainer]", timeout=120_000)
    steady(page)
    seen = page.evaluate(SEEN)
    assert not page.locator("[data-testid=stException]").count(), seen[:2000]
    assert raw_keys(seen) == [], seen[:2000]
    assert MISSING.findall(seen) == [], [line for line in seen.splitlines() if MISSING.search(line)][:10]
    page.context.close()
