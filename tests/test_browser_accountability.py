"""Issue 21 in a real browser and over real sockets: local editing only for this computer (a
foreign Host, DNS rebinding), the sign-in throttle behind nginx set up two ways, audit lines on
the server's standard error, confirmations that name what changes, and the caption after a
restore."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from browser import (
    CHART,
    CHROMIUM,
    CHROMIUM_ARGS,
    Server,
    editors_toml,
    local_name,
    new_page,
    publish_through,
    settle,
    shot,
    websocket_handshake,
)
from playwright.sync_api import Page, expect
from proxy import DEPLOY_HEADERS, REAL_IP_ONLY, Nginx

from moral_metrics.access.passphrase import hash_passphrase
from moral_metrics.reference.i18n import t

ROOT = Path(__file__).resolve().parent.parent
WAIT = 120_000


def run_app_flags() -> list[str]:
    """The ``--server.*`` options ``./run app`` starts Streamlit with, read from the script itself."""
    text = (ROOT / "run").read_text(encoding="utf-8")
    return [part for pair in re.findall(r"(--server\.(?:address|allowedHosts) \S+)", text) for part in pair.split()]


def handshake(port: int, host: str) -> bytes:
    """A websocket upgrade asking for the app by ``host``, from a page of that name."""
    return websocket_handshake(port, f"http://{host}", host)


def test_run_app_answers_only_to_loopback_names(tmp_path: Path) -> None:
    """Found 5: ``./run app`` listened on every address and accepted any Host header."""
    flags = run_app_flags()
    assert flags[:2] == ["--server.address", "127.0.0.1"] and "--server.allowedHosts" in flags
    app = Server(f"sqlite:///{tmp_path / 'run.db'}", local_editing=True, args=flags[2:])
    try:
        assert handshake(app.port, f"localhost:{app.port}").split()[1] == b"101"
        assert handshake(app.port, f"127.0.0.1:{app.port}").split()[1] == b"101"
        assert handshake(app.port, f"rebind.example:{app.port}").split()[1] == b"403"
    finally:
        app.stop()


def sidebar(page: Page):
    return page.locator("[data-testid=stSidebar]")


def test_a_page_reached_by_a_rebound_name_is_a_viewer(tmp_path: Path) -> None:
    """DNS rebinding: another site's name made to point at 127.0.0.1. Even without Streamlit's own
    host list, the app's rule refuses local editing to a page that asks by a foreign name."""
    from playwright.sync_api import sync_playwright

    app = Server(f"sqlite:///{tmp_path / 'rebind.db'}", local_editing=True)
    rules = "--host-resolver-rules=MAP rebind.test 127.0.0.1"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, rules])
            rebound = new_page(browser, f"http://rebind.test:{app.port}/")
            rebound.wait_for_selector(CHART, timeout=WAIT)
            settle(rebound)
            expect(sidebar(rebound).get_by_text(t("auth.viewer_notice", "th"))).to_be_visible()
            expect(sidebar(rebound).get_by_text(t("page.data", "th"), exact=True)).to_have_count(0)
            own = new_page(browser, f"http://localhost:{app.port}/")
            expect(sidebar(own).get_by_text(t("page.data", "th"), exact=True)).to_have_count(1, timeout=WAIT)
            browser.close()
    finally:
        app.stop()


def failed_try(browser, url: str, name: str, forged: str) -> str:
    """One wrong passphrase from a fresh browser that sends its own made-up X-Forwarded-For."""
    page = new_page(browser, url + "?lang=en", height=1000, extra_http_headers={"X-Forwarded-For": forged})
    side = sidebar(page)
    side.get_by_text(t("auth.sign_in", "en")).first.click(timeout=WAIT)
    side.get_by_label(t("auth.name", "en")).fill(name)
    side.get_by_label(t("auth.passphrase", "en")).fill("wrong-passphrase")
    side.get_by_role("button", name=t("auth.sign_in", "en")).click()
    alert = side.get_by_test_id("stAlert")
    expect(alert).to_be_visible(timeout=WAIT)
    settle(page)
    text = alert.inner_text()
    page.context.close()
    return text


@pytest.mark.parametrize("headers", [DEPLOY_HEADERS, REAL_IP_ONLY], ids=["as-deploy-md", "x-real-ip-only"])
def test_the_throttle_counts_the_real_client_behind_nginx(browser, tmp_path: Path, headers: str) -> None:
    """Found 5: with a proxy that sets only X-Real-IP, a client's own X-Forwarded-For was counted,
    so every try came from a new made-up address. Audit lines come from the server's stderr."""
    editors = editors_toml({"udon-clerk": {"passphrase_hash": hash_passphrase("ถูกต้อง-2569"), "provinces": ["TH-41"]}})
    limits = {"MORAL_METRICS_ACCESS_TRIES_PER_ADDRESS": "3", "MORAL_METRICS_ACCESS_TRIES_PER_NAME": "50"}
    app = Server(f"sqlite:///{tmp_path / 'throttle.db'}", local_editing=False, secrets=editors, **limits)
    proxy = Nginx(tmp_path / "nginx", [app.port], headers)
    try:
        shown = [failed_try(browser, proxy.url(0), f"name-{n}", f"203.0.113.{n}") for n in range(4)]
        refused = t("auth.too_many", "en", wait="")  # the wait itself depends on how long the tries took
        assert all(refused not in s for s in shown[:3]) and refused in shown[3], shown
        lines = [json.loads(line.split(" moral_metrics.audit ", 1)[1]) for line in audit_lines(app)]
        tried = [line for line in lines if line["action"].startswith("sign_in")]
        assert [line["action"] for line in tried] == ["sign_in_failed"] * 3 + ["sign_in_throttled"]
        assert {line["address"] for line in tried} == {"127.0.0.1"}  # never one the client made up
        assert "wrong-passphrase" not in app.output()
    finally:
        proxy.stop()
        app.stop()


def audit_lines(server: Server) -> list[str]:
    return [line for line in server.output().splitlines() if " moral_metrics.audit " in line]


def click_key(page: Page, key: str) -> None:
    """Click the button whose widget key is ``key`` (its element carries ``st-key-<key>``). While a
    rerun redraws the page the old element stays, marked stale, beside the new one: not that one."""
    button = page.locator(f".st-key-{key}:not([data-stale=true]) button")
    expect(button).to_be_enabled(timeout=WAIT)
    button.click()


def flash(page: Page, text: str) -> None:
    expect(page.get_by_test_id("stAlert").filter(has_text=text)).to_be_visible(timeout=WAIT)
    settle(page)


def confirm(page: Page, heading: str, key: str, name: str) -> None:
    """The confirmation names what changes; nothing happens until its own button is pressed."""
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_text(heading)).to_be_visible(timeout=WAIT)
    settle(page)
    shot(page, f"confirm-{name}")
    dialog.locator(f".st-key-{key} button").click()


def test_central_actions_ask_first_and_a_restore_says_who_restored(browser, tmp_path: Path) -> None:
    app = Server(f"sqlite:///{tmp_path / 'central.db'}", local_editing=True)
    try:
        page = new_page(browser, f"{app.url}/data", height=1400)
        expect(page.get_by_role("heading", name=t("page.data", "th"), exact=True)).to_be_visible(timeout=WAIT)
        assert page.locator(".st-key-lock button").is_disabled()  # no name yet: nothing can be changed
        local_name(page)
        publish_through(page, tmp_path, [["ขอนแก่น", 1, "networks", 4, 4]], "kk")  # version 2
        click_key(page, "lock")
        flash(page, t("data.locked", province="ขอนแก่น", year=2565))
        state = page.locator("[role=gridcell]").filter(has_text=re.compile("รับรองและล็อกแล้ว โดย เบราว์เซอร์"))
        expect(state).to_have_count(1, timeout=WAIT)  # the lock state, where it is set
        expect(page.locator(".st-key-lock button")).to_have_count(0)  # locked: only unlock is offered
        click_key(page, "unlock")
        confirm(page, t("data.confirm_unlock", province="ขอนแก่น", year=2565), "confirm_unlock", "unlock")
        flash(page, t("data.unlocked", province="ขอนแก่น", year=2565))
        page.locator(".st-key-remove_whole label").click()
        settle(page)
        click_key(page, "remove_province")
        heading = t("data.confirm_remove", province="ขอนแก่น", which=t("data.whole_province"))
        confirm(page, heading, "confirm_remove", "remove")
        flash(page, t("data.removed", province="ขอนแก่น", rows=1))  # version 3
        page.locator(".st-key-history_pick").get_by_role("combobox").click()
        page.get_by_role("option", name="2", exact=True).click()
        settle(page)
        click_key(page, "restore_version")
        confirm(page, t("data.confirm_restore", version=2), "confirm_restore", "restore")
        flash(page, t("data.restored", version=2))
        page.goto(f"{app.url}/")
        page.wait_for_selector(CHART, timeout=WAIT)
        settle(page)
        caption = page.get_by_text(re.compile("^ข้อมูลฉบับที่ 2 · เผยแพร่ .* โดย เบราว์เซอร์ · ไฟล์ kk.xlsx · นำกลับมาใช้"))
        expect(caption).to_contain_text("นำกลับมาใช้โดย เบราว์เซอร์", timeout=WAIT)
        expect(caption).to_contain_text("แทนฉบับที่ 3")
        shot(page, "caption-after-restore")
        actions = [json.loads(line.split(" moral_metrics.audit ", 1)[1]) for line in audit_lines(app)]
        done = [
            (a["action"], a.get("by"))
            for a in actions
            if a["action"] in ("publish", "lock", "unlock", "remove", "restore")
        ]
        assert done == [(a, "เบราว์เซอร์") for a in ("publish", "lock", "unlock", "remove", "restore")]
    finally:
        app.stop()
