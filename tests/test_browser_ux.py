"""What an executive sees, in a real Chromium at 1440 and 390 px, in Thai and English (issue 12).

Drawn text is measured, not guessed: the heat map's column headers (SVG text of the x-axis
ticks) must not overlap each other, the legend or the title; chart titles must fit their chart.
A click on the map or the ranking opens the province; a selected table row shows its source.
Screenshots of every page go to tests/artifacts/ux-*.png.
"""

from __future__ import annotations

import itertools
import re

import pytest
from browser import WIDTHS, Server, click_until, new_page, open_chart_page, settle, steady
from browser import shot as save_shot
from playwright.sync_api import Page, expect

from moral_metrics.reference.i18n import t

BOXES = """(plot) => {
  const box = (e) => { const r = e.getBoundingClientRect();
    return {text: e.textContent, x: r.x, y: r.y, w: r.width, h: r.height}; };
  const all = (sel) => Array.from(plot.querySelectorAll(sel)).map(box).filter((b) => b.w > 0);
  return {ticks: all('.xaxislayer-above .xtick text'), legend: all('.legend .traces'),
          title: all('.g-gtitle text'), plot: box(plot)};
}"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    running = Server(f"sqlite:///{tmp_path_factory.mktemp('ux') / 'ux.db'}")
    yield running
    running.stop()


def open_page(browser, url: str, width: str = "desktop") -> Page:
    page = open_chart_page(browser, url, width)
    steady(page)
    return page


def shot(page: Page, name: str) -> None:
    """The whole page: Streamlit scrolls inside its own element, so the viewport is made tall."""
    page.set_viewport_size({"width": page.viewport_size["width"], "height": 3600})
    steady(page)
    save_shot(page, f"ux-{name}")


def plot_titled(page: Page, title: str):
    """The Plotly chart whose title starts with ``title`` (titles are wrapped into lines)."""
    first_words = title.split(" ")[0]
    page.wait_for_function(  # after a click the new page's charts may still be drawing
        """(want) => Array.from(document.querySelectorAll('.js-plotly-plot .g-gtitle'))
             .some((e) => (e.textContent || '').replace(/ /g, '') === want)""",
        arg=title.replace(" ", ""),
        timeout=120_000,
        polling=200,
    )
    plots = page.locator(".js-plotly-plot")
    for n in range(plots.count()):
        text = plots.nth(n).locator(".g-gtitle").text_content() or ""
        if text.startswith(first_words) and text.replace(" ", "") == title.replace(" ", ""):
            return plots.nth(n)
    raise AssertionError(f"no chart titled {title!r}")


def overlap(a: dict, b: dict, slack: float = 1.0) -> bool:
    return (
        a["x"] + slack < b["x"] + b["w"]
        and b["x"] + slack < a["x"] + a["w"]
        and a["y"] + slack < b["y"] + b["h"]
        and b["y"] + slack < a["y"] + a["h"]
    )


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["th", "en"])
def test_heat_map_headers_legend_and_titles_do_not_overlap(server, browser, lang: str, width: str) -> None:
    page = open_page(browser, f"{server.url}/?year=3&lang={lang}&grid=true", width)  # the grid, opened by link
    heat = plot_titled(page, t("chart.status_by_area", lang, year=3))
    boxes = heat.evaluate(BOXES)
    ticks = boxes["ticks"]
    assert len(ticks) == 6, ticks
    clashes = [(a["text"], b["text"]) for a, b in itertools.pairwise(ticks) if overlap(a, b)]
    assert clashes == []
    assert boxes["legend"], "the heat map has a legend"
    others = boxes["legend"] + boxes["title"]
    assert [(a["text"], b["text"]) for a in ticks for b in others if overlap(a, b)] == []
    for n in range(page.locator(".js-plotly-plot").count()):  # every title fits its chart
        plot = page.locator(".js-plotly-plot").nth(n).evaluate(BOXES)
        for line in plot["title"]:
            assert line["x"] + line["w"] <= plot["plot"]["x"] + plot["plot"]["w"] + 1, line["text"]
            assert line["y"] >= plot["plot"]["y"] - 1, f"title cut at the top: {line['text']}"
    shot(page, f"overview-{lang}-{width}")


def point_centre(plot, selector: str, index: int) -> tuple[float, float]:
    point = plot.locator(selector).nth(index)
    point.scroll_into_view_if_needed()
    box = point.bounding_box()
    assert box is not None
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def test_a_click_on_the_map_opens_the_province(server, browser) -> None:
    page = open_page(browser, f"{server.url}/?year=3")
    drawn = plot_titled(page, t("chart.map", "th", year=3))
    codes = drawn.evaluate("(plot) => plot.data[plot.data.length - 1].customdata")
    x, y = point_centre(drawn, ".scatterlayer .trace:last-child .point", list(codes).index("TH-57"))
    click_until(page, x, y, lambda ms: page.wait_for_url(re.compile(r"province=TH-57"), timeout=ms))
    expect(page.get_by_role("heading", name="รายจังหวัด")).to_be_visible(timeout=60_000)
    settle(page)
    plot_titled(page, t("chart.area_trend", "th", province="เชียงราย", first=1, last=4))


def test_a_click_on_the_ranking_opens_the_province(server, browser) -> None:
    page = open_page(browser, f"{server.url}/?year=3&lang=en")
    bars = plot_titled(page, t("chart.ranking", "en", year=3))
    codes = bars.evaluate("(plot) => plot.data[0].customdata")
    x, y = point_centre(bars, ".barlayer .trace:first-child .point", list(codes).index("TH-41"))
    click_until(page, x, y, lambda ms: page.wait_for_url(re.compile(r"province=TH-41"), timeout=ms))
    expect(page.get_by_role("heading", name="Province")).to_be_visible(timeout=60_000)
    settle(page)
    plot_titled(page, t("chart.area_trend", "en", province="Udon Thani", first=1, last=3))


@pytest.mark.parametrize("lang", ["th", "en"])
def test_a_selected_row_shows_where_its_figures_come_from(server, browser, lang: str) -> None:
    page = open_page(browser, f"{server.url}/province?province=TH-57&lang={lang}", "phone")
    grid = page.locator("[class*='st-key-indicators_'] [data-testid=stDataFrame]").first  # the indicator table
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    assert box is not None
    source = page.locator(".st-key-source_view")
    click_until(  # the first row's selection box
        page, box["x"] + 16, box["y"] + 35 + 17, lambda ms: expect(source).to_be_visible(timeout=ms)
    )
    expect(source).to_contain_text("sample_tracker.xlsx")
    expect(source).to_contain_text("ผลการดำเนินงาน")
    expect(source).to_contain_text("ผลการดำเนินงาน!E32")  # year 4 first row: the target cell
    expect(source).to_contain_text("ผลการดำเนินงาน!F32")
    shot(page, f"province-source-{lang}-phone")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("path", ["province?province=TH-57", "compare", "export"])
def test_every_page_opens_clean(server, browser, path: str, lang: str, width: str) -> None:
    page = new_page(browser, f"{server.url}/{path}{'&' if '?' in path else '?'}lang={lang}", width)
    page.wait_for_selector("h1", timeout=120_000)
    settle(page)
    assert page.locator("[data-testid=stException]").count() == 0
    body = page.locator("[data-testid=stMain]").inner_text()
    assert "None" not in body.split() and "nan" not in body.split()
    shot(page, f"{path.split('?')[0]}-{lang}-{width}")


def test_the_overview_by_its_own_name_is_the_overview_in_thai(server, browser) -> None:
    page = open_page(browser, f"{server.url}/overview?year=2")
    expect(page.get_by_role("heading", name="ระบบติดตามจังหวัดคุณธรรม")).to_be_visible()
    assert page.get_by_text("Page not found").count() == 0
    assert page.get_by_text("ไม่พบหน้า").count() == 0


def test_a_click_on_the_heat_map_opens_the_province(server, browser) -> None:
    page = open_page(browser, f"{server.url}/?year=3&lang=en&grid=true")
    heat = plot_titled(page, t("chart.status_by_area", "en", year=3))
    cells = heat.evaluate("(plot) => plot.data[1].customdata")
    x, y = point_centre(heat, ".scatterlayer .trace:first-child .point", list(cells).index("TH-84"))
    click_until(page, x, y, lambda ms: page.wait_for_url(re.compile(r"province=TH-84"), timeout=ms))
    settle(page)
    plot_titled(page, t("chart.area_trend", "en", province="Surat Thani", first=1, last=3))


@pytest.mark.parametrize("lang", ["th", "en"])
def test_small_chart_titles_do_not_overlap_on_a_phone(server, browser, lang: str) -> None:
    page = open_page(browser, f"{server.url}/province?province=TH-57&lang={lang}&indicator_chart=true", "phone")
    name = "เชียงราย" if lang == "th" else "Chiang Rai"
    bars = plot_titled(page, t("chart.indicators", lang, province=name, first=1, last=4))
    bars.scroll_into_view_if_needed()
    titles = bars.evaluate(
        """(plot) => Array.from(plot.querySelectorAll('.annotation-text')).map((e) => {
             const r = e.getBoundingClientRect();
             return {text: e.textContent, x: r.x, y: r.y, w: r.width, h: r.height}; })"""
    )
    assert len(titles) >= 10
    assert [(a["text"], b["text"]) for a, b in itertools.combinations(titles, 2) if overlap(a, b)] == []


def test_the_map_fills_its_column(server, browser) -> None:
    page = open_page(browser, f"{server.url}/?year=3")
    drawn = plot_titled(page, t("chart.map", "th", year=3))
    sizes = drawn.evaluate(
        """(plot) => { const area = plot.querySelector('.nsewdrag').getBoundingClientRect();
             return [area.width, plot.getBoundingClientRect().width]; }"""
    )
    width, column = sizes
    assert width >= 0.6 * column and width >= 300, sizes  # it was about 180 px of 384
