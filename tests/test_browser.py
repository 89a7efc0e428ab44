"""The dashboard in a real browser: Debian's Chromium driven by Playwright, a real server.

Uploads a tracker through the file input, publishes it, sees a second session pick it up,
opens a province page and checks that Plotly drew its charts and the Thai text is there.
Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser import (
    CHART,
    Server,
    download_on_click,
    editors_toml,
    local_name,
    new_page,
    publish_through,
    settle,
    shot,
)
from builders import simple_long
from playwright.sync_api import Page, expect

from moral_metrics.reference.i18n import t

PUBLISH = t("data.publish_all", count=1)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    database = tmp_path_factory.mktemp("db") / "browser.db"
    running = Server(f"sqlite:///{database}")
    yield running
    running.stop()


def open_page(browser, url: str) -> Page:
    return new_page(browser, url, height=1000)


def publish_form(page: Page):
    """The publish form, and only it (a stale copy may linger for a moment during a rerun)."""
    return page.get_by_test_id("stForm").filter(has=page.get_by_role("button", name=PUBLISH)).last


def test_overview_draws_charts_in_thai(server: Server, browser) -> None:
    page = open_page(browser, f"{server.url}/?year=2")
    page.wait_for_selector(CHART, timeout=90_000)
    expect(page.get_by_role("heading", name="ระบบติดตามจังหวัดคุณธรรม")).to_be_visible()
    assert page.locator(".js-plotly-plot").count() == 2  # map, ranking; the heat map waits in its panel
    page.get_by_text(t("overview.grid_heading", "th"), exact=True).click()  # a reader opens it
    expect(page.get_by_text("สถานะรายด้านของแต่ละจังหวัด")).to_be_visible(timeout=90_000)
    expect(page.get_by_text("ปีที่ 2", exact=True).last).to_be_visible()  # the title's second line
    expect(page.locator(".js-plotly-plot")).to_have_count(3)
    assert "grid=true" in page.url  # the open panel is in the link
    shot(page, "overview-th")


def test_upload_check_publish_and_a_second_session_sees_it(server: Server, browser, tmp_path: Path) -> None:
    page = open_page(browser, f"{server.url}/data")
    expect(page.get_by_role("heading", name="ข้อมูล", exact=True)).to_be_visible(timeout=90_000)

    bad = tmp_path / "bad.xlsx"
    simple_long([["ขอนแก่นน", 1, "networks", 4, 4]], {"ขอนแก่น": 2565}).save(bad)
    page.locator("input[type=file]").set_input_files(str(bad))
    expect(page.get_by_text(t("data.some_failed"))).to_be_visible(timeout=90_000)
    shot(page, "data-bad-upload")

    good = tmp_path / "khonkaen.xlsx"
    simple_long([["ขอนแก่น", 1, "networks", 4, 4], ["ขอนแก่น", 2, "participants", 100, 80]], {"ขอนแก่น": 2565}).save(good)
    page.goto(f"{server.url}/data")  # a fresh list of files (the uploader adds to the list it has)
    expect(page.get_by_role("heading", name="ข้อมูล", exact=True)).to_be_visible(timeout=90_000)
    page.locator("input[type=file]").set_input_files(str(good))
    expect(page.get_by_text(t("data.will_change"))).to_be_visible(timeout=90_000)  # shown before any name
    expect(publish_form(page).get_by_role("button", name=PUBLISH)).to_be_disabled()
    local_name(page, "ทดสอบเบราว์เซอร์")  # local editing: the history's name, asked in the sidebar
    expect(publish_form(page).get_by_role("button", name=PUBLISH)).to_be_enabled(timeout=90_000)
    settle(page)  # a rerun in progress shows the old and the new form at once
    publish_form(page).get_by_role("button", name=PUBLISH).click()
    expect(page.get_by_text("เผยแพร่แล้วเป็นฉบับที่ 2")).to_be_visible(timeout=90_000)
    shot(page, "data-published")

    other = open_page(browser, f"{server.url}/province?province=TH-40")
    other.wait_for_selector(CHART, timeout=90_000)
    expect(other.get_by_text("ข้อมูลฉบับที่ 2").first).to_be_visible()
    expect(other.get_by_text("ขอนแก่น: ผลรายด้าน ปีที่ 1-2")).to_be_visible()
    assert other.locator(".js-plotly-plot").count() == 2  # areas over the years, radar
    shot(other, "province-khonkaen")


def test_language_switch_and_shared_link(server: Server, browser) -> None:
    page = open_page(browser, f"{server.url}/compare?lang=en")
    page.wait_for_selector(CHART, timeout=90_000)
    expect(page.get_by_role("heading", name="Compare")).to_be_visible()
    page.locator(".st-key-compare_area").get_by_role("combobox").click()  # one goal area at a time
    page.get_by_role("option", name="Strategy", exact=True).click()
    page.wait_for_url(re.compile(r"area=strategy_inclusion"), timeout=90_000)  # its code, not its label
    expect(page.get_by_text("programme year: Strategy")).to_be_visible(timeout=90_000)
    settle(page)
    page.locator("[data-testid=stSidebar]").get_by_text("ไทย", exact=True).click()
    expect(page.get_by_role("heading", name="เปรียบเทียบ")).to_be_visible(timeout=90_000)
    assert "lang=th" in page.url and "area=strategy_inclusion" in page.url
    expect(page.get_by_text("ตามปีที่ดำเนินการ: ยุทธศาสตร์")).to_be_visible(timeout=90_000)  # the same area
    shot(page, "compare-th")


def test_two_servers_sharing_postgresql_show_the_same_data(postgres, browser, tmp_path: Path) -> None:
    url = postgres.database()
    first, second = Server(url), Server(url)
    try:
        page = open_page(browser, f"{first.url}/data")
        publish_through(page, tmp_path, [["ขอนแก่น", 1, "networks", 4, 4]], "one")
        other = open_page(browser, f"{second.url}/?year=1")
        other.wait_for_selector(CHART, timeout=90_000)
        expect(other.get_by_text("ข้อมูลฉบับที่ 2").first).to_be_visible()
        expect(other.get_by_text("เบราว์เซอร์").first).to_be_visible()
        shot(other, "second-server-sees-publish")
    finally:
        first.stop()
        second.stop()


def test_passphrase_sign_in_gates_the_data_page(browser, tmp_path: Path) -> None:
    from moral_metrics.access.passphrase import hash_passphrase

    stored = hash_passphrase("รหัสลับ-ทดสอบ")
    editors = editors_toml({"บรรณาธิการ": {"passphrase_hash": stored, "central": True}})
    gated = Server(f"sqlite:///{tmp_path / 'gated.db'}", secrets=editors)
    try:
        page = open_page(browser, f"{gated.url}/")
        page.wait_for_selector(CHART, timeout=90_000)
        sidebar = page.locator("[data-testid=stSidebar]")
        expect(sidebar.get_by_text("ข้อมูล", exact=True)).to_have_count(0)  # no editor page in a viewer's menu
        sidebar.get_by_text("เข้าสู่ระบบผู้แก้ไข").first.click()
        sidebar.get_by_label("ชื่อของคุณ").fill("บรรณาธิการ")
        sidebar.get_by_label("รหัสผ่านผู้แก้ไข").fill("ผิด")
        sidebar.get_by_role("button", name="เข้าสู่ระบบผู้แก้ไข").click()
        expect(sidebar.get_by_text("รหัสผ่านไม่ถูกต้อง")).to_be_visible(timeout=90_000)
        sidebar.get_by_label("รหัสผ่านผู้แก้ไข").fill("รหัสลับ-ทดสอบ")
        sidebar.get_by_role("button", name="เข้าสู่ระบบผู้แก้ไข").click()
        expect(sidebar.get_by_text("ผู้แก้ไข: บรรณาธิการ")).to_be_visible(timeout=90_000)
        sidebar.get_by_text("ข้อมูล", exact=True).click()
        expect(page.get_by_role("heading", name="ข้อมูล", exact=True)).to_be_visible(timeout=90_000)
        publish_through(page, tmp_path, [["ขอนแก่น", 1, "networks", 4, 4]], "gated")
        shot(page, "passphrase-editor-published")
    finally:
        gated.stop()


def test_record_downloads_are_made_on_click(server: Server, browser, tmp_path: Path) -> None:
    page = open_page(browser, f"{server.url}/export")
    expect(page.get_by_role("heading", name="ส่งออก")).to_be_visible(timeout=90_000)
    settle(page)
    download = download_on_click(page, page.get_by_role("button", name="ดาวน์โหลด CSV"))
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    text = saved.read_bytes().decode("utf-8-sig")
    assert saved.name.endswith(".csv") and text.startswith("จังหวัด,ปีที่,ปีงบประมาณ,ตัวชี้วัด")


SHOWN = """([selector, want]) => {
  const e = document.querySelector(selector);
  return !!e && getComputedStyle(e, '::after').content === want;
}"""


@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_uploader_speaks_the_readers_language(server: Server, browser, lang: str) -> None:
    page = open_page(browser, f"{server.url}/data?lang={lang}")
    button = "[data-testid=stFileUploaderDropzone] > span button p"
    limit = t("data.upload_limit", lang, mb=25, types="XLSX, XLSM, XLS, ODS, XLSB")
    for selector, text in (
        (button, t("data.upload_button", lang)),
        ("[data-testid=stFileUploaderDropzoneInstructions] span", limit),
    ):
        page.wait_for_function(SHOWN, arg=[selector, f'"{text}"'], timeout=120_000, polling=200)
    assert page.locator(button).evaluate("(e) => getComputedStyle(e).fontSize") == "0px"  # Streamlit's English hidden
