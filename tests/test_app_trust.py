"""Issue 13 in the dashboard (Streamlit AppTest): who is local, what the sidebar says, the
throttle's wait in the reader's language, and uploaded names shown as plain text."""

from __future__ import annotations

import io

import pytest
from builders import simple_long, to_bytes
from conftest import PAGES
from pptx import Presentation

from moral_metrics.access.roles import Actor
from moral_metrics.access.throttle import Throttle
from moral_metrics.reference.i18n import t
from moral_metrics.reference.settings import settings

HOSTILE_UPLOADER = "ดู http://x.example%22/ [คลิก](javascript:alert(1)) www.example.com <b>x</b>"
RLO_FILE = "รายงาน-ไทย\u202egpj.xlsx"


@pytest.fixture
def no_sign_in(make_app, monkeypatch: pytest.MonkeyPatch):
    """The app with no sign-in configured at all (no OIDC, no passphrase)."""
    monkeypatch.delenv("MORAL_METRICS_ACCESS_LOCAL_EDITING", raising=False)
    settings.cache_clear()
    make_app.editors = {}
    yield make_app
    settings.cache_clear()


def local_editing(monkeypatch: pytest.MonkeyPatch, address: str | None, headers: dict | None = None) -> None:
    monkeypatch.setenv("MORAL_METRICS_ACCESS_LOCAL_EDITING", "1")
    settings.cache_clear()
    monkeypatch.setattr("ui.network.remote_address", lambda: address)
    monkeypatch.setattr("ui.network._headers", lambda: {"Host": "localhost:8501", **(headers or {})})


def sidebar_captions(at) -> list[str]:
    return [c.value for c in at.sidebar.caption]


def test_plain_run_is_read_only_and_says_how_to_set_up_editors(no_sign_in, monkeypatch) -> None:
    monkeypatch.setattr("ui.network.remote_address", lambda: "127.0.0.1")  # even on the server itself
    at = no_sign_in.open("overview", editor=False, lang="en")
    assert sidebar_captions(at) == [t("auth.viewer_notice", "en")]
    assert "docs/deploy.md" in t("auth.viewer_notice", "en") and "docs/deploy.md" in t("auth.viewer_notice", "th")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(PAGES["data"])


@pytest.mark.parametrize("address", ["127.0.0.1", "::1", "::ffff:127.0.0.1"])
def test_local_editing_when_enabled_and_the_sidebar_says_so(no_sign_in, monkeypatch, address: str) -> None:
    local_editing(monkeypatch, address)
    at = no_sign_in.open("data", editor=False)
    assert sidebar_captions(at) == [t("auth.local_editor", "th")]
    assert at.file_uploader  # the editor's page


@pytest.mark.parametrize(
    ("address", "headers"),
    [
        ("127.0.0.1", {"X-Real-IP": "8.8.8.8"}),
        ("127.0.0.1", {"X-Forwarded-For": "127.0.0.1"}),
        ("127.0.0.1", {"Forwarded": "for=10.0.0.7"}),
        ("127.0.0.1", {"Via": "1.1 proxy"}),
        ("127.0.0.1", {"CF-Connecting-IP": "10.0.0.7"}),
        ("127.0.0.1", {"Host": "rebound.example:8501"}),  # DNS rebinding: another site's name
        ("10.0.0.7", {}),
        (None, {}),
    ],
)
def test_proxied_or_remote_clients_stay_viewers_with_local_editing_on(
    no_sign_in, monkeypatch, address, headers
) -> None:
    local_editing(monkeypatch, address, headers)
    at = no_sign_in.open("overview", editor=False)
    assert sidebar_captions(at) == [t("auth.viewer_notice", "th")]
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(PAGES["data"])


def try_sign_in(name: str, passphrase: str, lang: str) -> str | None:
    """One sign-in try through the sidebar's handler, in a session of its own; the error shown."""
    from conftest import _hashed, editors_table
    from streamlit.testing.v1 import AppTest

    def script(name: str, passphrase: str) -> None:
        import streamlit as st

        from ui.auth import SIGNED_IN, _try_passphrase, failure_text

        _try_passphrase(name, passphrase)
        failed = st.session_state.get("sign_in_failed")
        st.write(failure_text(*failed) if failed else f"signed in as {st.session_state.get(SIGNED_IN)}")

    at = AppTest.from_function(script, kwargs={"name": name, "passphrase": passphrase})
    at.secrets["editors"] = editors_table(_hashed())
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception, at.exception
    return at.markdown[0].value


def test_too_many_tries_are_not_checked_and_the_wait_is_in_the_readers_language(make_app, monkeypatch) -> None:
    from conftest import PASSPHRASE

    monkeypatch.setattr("ui.auth.THROTTLE", Throttle(per_name=1, per_address=10, window=600))
    wrong = try_sign_in("Udon-Clerk", "wrong", "en")
    assert wrong == t("auth.wrong", "en", wait=t("auth.wait_minutes", "en", minutes=10))
    refused = try_sign_in("udon-clerk", PASSPHRASE, "th")  # the same name: its one try is used up
    assert refused == t("auth.too_many", "th", wait=t("auth.wait_minutes", "th", minutes=10))
    assert try_sign_in("สมชาย", PASSPHRASE, "th") == "signed in as สมชาย"  # another name is not held up


@pytest.mark.parametrize("typed", ["udon clerk", "nobody", "udon-clerk\u200b", "สมชาย\u00ad"])
def test_a_name_not_in_the_editors_table_never_signs_in_even_with_a_right_passphrase(make_app, typed) -> None:
    """Issue 21: every scoped editor knows the passphrase; a name not listed got central rights."""
    from conftest import PASSPHRASE

    shown = try_sign_in(typed, PASSPHRASE, "en")
    assert shown in (t("auth.wrong_now", "en"), t("auth.bad_name", "en")) and "signed in" not in shown


def test_uploaded_names_are_plain_text_without_links_or_invisible_characters(make_app) -> None:
    data = to_bytes(simple_long([["ขอนแก่น", 1, "networks", 4, 4]], {"ขอนแก่น": 2565}))
    make_app.open("overview", editor=False)  # seeds the sample as version 1
    make_app.store().publish(data, RLO_FILE, Actor.central(HOSTILE_UPLOADER + "\u200b"), "note")
    at = make_app.open("overview", editor=False, year="1")
    caption = [e.value for e in at.text if e.value.startswith(t("app.version_caption", version=2).split(" ·")[0])]
    assert len(caption) == 1 and HOSTILE_UPLOADER in caption[0] and "รายงาน-ไทยgpj.xlsx" in caption[0]
    assert "\u202e" not in caption[0] and "\u200b" not in caption[0]
    markdown = " ".join(e.value for e in (*at.markdown, *at.caption, *at.sidebar.markdown))
    assert "example" not in markdown and "gpj" not in markdown  # nothing uploaded goes through Markdown
    history = make_app.open("data")
    versions = history.dataframe[0].value
    assert versions["ไฟล์"].tolist()[0] == "รายงาน-ไทยgpj.xlsx"


def test_signed_in_name_is_plain_text(make_app) -> None:
    make_app.editors["[http://x.example](javascript:alert(1))"] = {**make_app.editors["สมชาย"]}
    at = make_app.open("overview", name="[http://x.example](javascript:alert(1))")
    shown = [e.value for e in at.sidebar.text]
    assert shown == [t("auth.signed_in", "th", name="[http://x.example](javascript:alert(1))")]


def test_the_decks_title_slide_drops_invisible_characters(make_app) -> None:
    from moral_metrics.briefing.export import briefing

    make_app.open("overview", editor=False)  # seeds the sample as version 1
    tracker = make_app.store().tracker(1)
    deck = Presentation(io.BytesIO(briefing(tracker, ["TH-57"], range(1, 2), "th", source=f"{RLO_FILE} (v1)")))
    text = " ".join(shape.text_frame.text for shape in deck.slides[0].shapes if shape.has_text_frame)
    assert "รายงาน-ไทยgpj.xlsx (v1)" in text and "\u202e" not in text
