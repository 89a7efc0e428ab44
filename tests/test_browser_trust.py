"""Issue 13 in a real browser: who is an editor when the app is started plainly, behind a proxy,
or with OpenID Connect sign-in (a local test provider, tests/oidc.py, driven through ``st.login``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser import CHART, Server, editors_toml, free_port, new_page, publish_through, settle, shot, websocket_handshake
from oidc import Provider, secrets_toml
from playwright.sync_api import Page, expect
from proxy import Nginx

from moral_metrics.reference.i18n import t

EDITOR, OUTSIDER = "editor@moral.or.th", "someone@example.com"


def visit(browser, url: str, **context: object) -> Page:
    """A fresh browser profile (no cookies) opening ``url`` and waiting for its first run."""
    page = new_page(browser, url, height=1000, **context)
    page.wait_for_selector(CHART, timeout=120_000)
    settle(page)
    return page


def goto(browser, url: str) -> Page:
    """A fresh browser profile opening ``url`` (any page, charts or not) and waiting for its run."""
    page = new_page(browser, url, height=1000)
    page.locator("[data-testid=stSidebar]").wait_for(timeout=120_000)
    settle(page)
    return page


def sidebar(page: Page):
    return page.locator("[data-testid=stSidebar]")


def assert_viewer(page: Page) -> None:
    expect(sidebar(page).get_by_text("ข้อมูล", exact=True)).to_have_count(0)  # no editor page in the menu


def assert_editor(page: Page) -> None:
    expect(sidebar(page).get_by_text("ข้อมูล", exact=True)).to_have_count(1, timeout=90_000)


def test_plain_streamlit_run_is_read_only_even_on_the_server(browser, tmp_path: Path) -> None:
    plain = Server(f"sqlite:///{tmp_path / 'plain.db'}", local_editing=False)
    try:
        page = visit(browser, f"{plain.url}/")
        assert_viewer(page)
        expect(sidebar(page).get_by_text(t("auth.viewer_notice", "th"))).to_be_visible()
        first = goto(browser, f"{plain.url}/data")  # a bookmark to the editor's page, as the first request
        expect(first.locator("input[type=file]")).to_have_count(0)
        shot(page, "plain-run-read-only")
    finally:
        plain.stop()


@pytest.mark.parametrize(
    ("header", "value"),
    [("X-Real-IP", "8.8.8.8"), ("X-Forwarded-For", "127.0.0.1"), ("Forwarded", "for=8.8.8.8")],
)
def test_a_proxy_header_alone_makes_a_loopback_browser_a_viewer(browser, tmp_path: Path, header, value) -> None:
    local = Server(f"sqlite:///{tmp_path / 'local.db'}", local_editing=True)
    try:
        assert_editor(visit(browser, f"{local.url}/"))  # the same browser without the header edits
        page = visit(browser, f"{local.url}/", extra_http_headers={header: value})
        assert_viewer(page)
        expect(sidebar(page).get_by_text(t("auth.viewer_notice", "th"))).to_be_visible()
    finally:
        local.stop()


def test_through_nginx_a_client_is_a_viewer_until_signed_in(browser, tmp_path: Path) -> None:
    from moral_metrics.access.passphrase import hash_passphrase

    open_app = Server(f"sqlite:///{tmp_path / 'open.db'}", local_editing=True)  # what ./run app starts
    editors = editors_toml({"บรรณาธิการ": {"passphrase_hash": hash_passphrase("รหัสลับ-ทดสอบ"), "central": True}})
    gated = Server(f"sqlite:///{tmp_path / 'gated.db'}", local_editing=True, secrets=editors)
    proxy = Nginx(tmp_path / "nginx", [open_app.port, gated.port])
    try:
        first = goto(browser, proxy.url(0) + "data")  # a bookmark to the editor's page, as the first request
        expect(first.locator("input[type=file]")).to_have_count(0)
        assert_viewer(visit(browser, proxy.url(0)))  # local editing is on, but this is the proxy
        page = visit(browser, proxy.url(1))
        assert_viewer(page)
        side = sidebar(page)
        side.get_by_text("เข้าสู่ระบบผู้แก้ไข").first.click()
        side.get_by_label("ชื่อของคุณ").fill("บรรณาธิการ")
        side.get_by_label("รหัสผ่านผู้แก้ไข").fill("รหัสลับ-ทดสอบ")
        side.get_by_role("button", name="เข้าสู่ระบบผู้แก้ไข").click()
        expect(side.get_by_text("ผู้แก้ไข: บรรณาธิการ")).to_be_visible(timeout=90_000)
        assert_editor(page)
        side.get_by_text("ข้อมูล", exact=True).click()
        publish_through(page, tmp_path, [["ขอนแก่น", 1, "networks", 4, 4]], "proxied")
        shot(page, "nginx-signed-in-published")
        assert "GET /_stcore/health" in proxy.access_log()  # the page (and its websocket) came through nginx
    finally:
        proxy.stop()
        open_app.stop()
        gated.stop()


@pytest.fixture(scope="module")
def oidc_server(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("oidc")
    provider, port = Provider(), free_port()
    secrets = secrets_toml(provider, f"http://127.0.0.1:{port}", [EDITOR])
    server = Server(f"sqlite:///{folder / 'oidc.db'}", port, local_editing=True, secrets=secrets)
    server.database_url = f"sqlite:///{folder / 'oidc.db'}"
    yield server
    server.stop()
    provider.stop()


def sign_in_with_provider(page: Page, email: str) -> None:
    sidebar(page).get_by_role("button", name=t("auth.sign_in_oidc", "th"), exact=True).click()
    page.get_by_label("E-mail").fill(email)  # the provider's own page
    page.get_by_role("button", name="Continue").click()
    page.wait_for_selector(CHART, timeout=60_000)
    settle(page)


def test_oidc_editor_on_the_list_can_publish(browser, oidc_server: Server, tmp_path: Path) -> None:
    page = visit(browser, f"{oidc_server.url}/")
    assert_viewer(page)  # local editing is on, but a configured sign-in wins over it
    sign_in_with_provider(page, EDITOR)
    signed = t("auth.signed_in_as", "th", name=EDITOR, role=t("auth.role_editor", "th"))
    expect(sidebar(page).get_by_text(signed)).to_be_visible(timeout=90_000)
    assert_editor(page)
    sidebar(page).get_by_text("ข้อมูล", exact=True).click()
    publish_through(page, tmp_path, [["ขอนแก่น", 1, "networks", 4, 4]], "oidc")
    from moral_metrics.service import Service

    events = Service(oidc_server.database_url).history()
    assert events[["actor", "role", "action"]].values.tolist()[0] == [EDITOR, "editor", "publish"]
    shot(page, "oidc-editor-published")


def test_oidc_user_not_on_the_list_is_a_viewer_and_sign_out_returns_to_viewer(browser, oidc_server: Server) -> None:
    page = visit(browser, f"{oidc_server.url}/")
    sign_in_with_provider(page, OUTSIDER)
    signed = t("auth.signed_in_as", "th", name=OUTSIDER, role=t("auth.role_viewer", "th"))
    expect(sidebar(page).get_by_text(signed)).to_be_visible(timeout=90_000)
    assert_viewer(page)

    editor = visit(browser, f"{oidc_server.url}/")
    sign_in_with_provider(editor, EDITOR)
    assert_editor(editor)
    sidebar(editor).get_by_role("button", name=t("auth.sign_out", "th")).click()
    expect(sidebar(editor).get_by_role("button", name=t("auth.sign_in_oidc", "th"), exact=True)).to_be_visible(
        timeout=90_000
    )
    settle(editor)
    assert_viewer(editor)
    editor.goto(f"{oidc_server.url}/data")  # nor by its address, after signing out
    settle(editor)
    expect(editor.locator("input[type=file]")).to_have_count(0)


def test_a_cross_site_websocket_is_refused(tmp_path: Path) -> None:
    local = Server(f"sqlite:///{tmp_path / 'origin.db'}", local_editing=True)
    try:
        assert websocket_handshake(local.port, "http://evil.example").split()[1] == b"403"
        assert websocket_handshake(local.port, local.url).split()[1] == b"101"  # the app's own page
    finally:
        local.stop()


def test_tries_past_the_limit_are_not_checked_and_the_wait_follows_the_language(browser, tmp_path: Path) -> None:
    from moral_metrics.access.passphrase import hash_passphrase

    editors = editors_toml({"Somchai": {"passphrase_hash": hash_passphrase("รหัสลับ-ทดสอบ"), "central": True}})
    gated = Server(
        f"sqlite:///{tmp_path / 'tries.db'}",
        local_editing=False,
        secrets=editors,
        MORAL_METRICS_ACCESS_TRIES_PER_NAME="1",
    )
    try:
        page = visit(browser, f"{gated.url}/?lang=en")
        side = sidebar(page)
        side.get_by_text("Editor sign-in").first.click()
        side.get_by_label("Your name").fill("Somchai")
        for passphrase in ("wrong", "รหัสลับ-ทดสอบ"):  # the right one, after the name's one try is used
            side.get_by_label("Editor passphrase").fill(passphrase)
            side.get_by_role("button", name="Editor sign-in").click()
            settle(page)
        wait = t("auth.wait_minutes", "en", minutes=15)
        expect(side.get_by_text(t("auth.too_many", "en", wait=wait))).to_be_visible(timeout=90_000)
        assert_viewer(page)
        side.get_by_text("ไทย", exact=True).click()
        wait = t("auth.wait_minutes", "th", minutes=15)
        expect(side.get_by_text(t("auth.too_many", "th", wait=wait))).to_be_visible(timeout=90_000)
    finally:
        gated.stop()
