"""Who is using this session, checked on the server on every run.

Three ways, in this order: an identity provider (``[auth]`` in ``.streamlit/secrets.toml``,
Streamlit's ``st.login``) with editors listed by e-mail or ``@domain``; an editor passphrase
(only its hash, from secrets or ``MORAL_METRICS_EDITOR_PASSPHRASE_HASH``); neither, where the
app is read-only, except for a browser on the server itself when local editing is switched on
(``access.local_editing``; ``ui.network`` decides what counts as local).
"""

from __future__ import annotations

import os

import streamlit as st

from moral_metrics.access import Actor, Throttle, role_for_email, scope_from
from moral_metrics.figures.safety import display_text
from moral_metrics.reference.settings import settings
from ui.network import client, is_local
from ui.state import tr

THROTTLE = Throttle.from_settings(settings().access)  # shared by every session of this server process


def _secret(section: str, key: str) -> object:
    try:
        return st.secrets.get(section, {}).get(key)
    except (FileNotFoundError, KeyError, AttributeError):
        return None


def oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except FileNotFoundError:
        return False


def passphrase_hash() -> str | None:
    return os.environ.get("MORAL_METRICS_EDITOR_PASSPHRASE_HASH") or _secret("editor", "passphrase_hash")


def editor_list() -> list[str]:
    listed = _secret("roles", "editors") or []
    extra = os.environ.get("MORAL_METRICS_EDITORS", "")
    return [*listed, *(e for e in extra.split(",") if e.strip())]


def _scope(section: str, identity: str) -> frozenset[str] | None:
    """The provinces ``identity`` may publish for, from ``[<section>.scopes]`` in secrets (default all)."""
    scopes = _secret(section, "scopes") or {}
    lowered = {str(k).strip().lower(): v for k, v in dict(scopes).items()}
    key = identity.strip().lower()
    domain = "@" + key.rsplit("@", 1)[1] if "@" in key else None
    return scope_from(lowered.get(key, lowered.get(domain) if domain else None))


def current_actor() -> Actor:
    if oidc_configured():
        if not st.user.is_logged_in:
            return Actor("", "viewer")
        email = str(st.user.get("email") or "")
        return Actor(
            email or str(st.user.get("name") or ""), role_for_email(email, editor_list()), _scope("roles", email)
        )
    if passphrase_hash():
        name = st.session_state.get("editor_name", "")
        given = st.session_state.get("editor_scope")  # a scope chosen for this session (tests, single-province desks)
        scope = scope_from(given) if given is not None else _scope("editor", name)
        return Actor(name, "editor" if st.session_state.get("editor") else "viewer", scope)
    return Actor(st.session_state.get("editor_name", "localhost"), "editor" if is_local() else "viewer")


def failure_text(key: str, wait: float = 0.0) -> str:
    """A failed sign-in, told in the reader's language now (the session keeps only key and wait)."""
    if key not in ("auth.wrong", "auth.too_many"):
        return tr(key)
    if not wait:
        return tr("auth.wrong_now")
    if wait < 90:
        return tr(key, wait=tr("auth.wait_seconds", seconds=max(1, round(wait))))
    return tr(key, wait=tr("auth.wait_minutes", minutes=round(wait / 60)))


def _try_passphrase(name: str, secret: str, stored: str) -> None:
    """One sign-in try through the shared throttle; the outcome goes into the session."""
    if not name.strip():
        st.session_state["sign_in_failed"] = ("auth.need_name", 0.0)
        return
    st.session_state["editor_name"] = name.strip()
    tried = THROTTLE.attempt(name.strip(), client(), secret, stored)
    if tried.ok:
        st.session_state.pop("sign_in_failed", None)
        st.session_state["editor"] = True
    else:
        st.session_state["sign_in_failed"] = ("auth.wrong" if tried.checked else "auth.too_many", tried.wait)


def _passphrase_form(box, stored: str) -> None:
    failed = st.session_state.get("sign_in_failed")
    with box.expander(tr("auth.sign_in"), expanded=bool(failed)), st.form("sign_in"):
        name = st.text_input(tr("auth.name"), max_chars=100, value=st.session_state.get("editor_name", ""))
        secret = st.text_input(tr("auth.passphrase"), type="password")
        submitted = st.form_submit_button(tr("auth.sign_in"))
    if submitted:
        _try_passphrase(name, secret, stored)
        st.rerun()
    if failed:
        box.error(failure_text(*failed))


def sidebar() -> None:
    """Sign-in and sign-out in the sidebar, and who is signed in (names as plain text)."""
    actor = current_actor()
    box = st.sidebar.container()
    if oidc_configured():
        if st.user.is_logged_in:
            box.text(tr("auth.signed_in_as", name=display_text(actor.name), role=tr(f"auth.role_{actor.role}")))
            box.button(tr("auth.sign_out"), on_click=st.logout, key="sign_out")
        else:
            box.button(tr("auth.sign_in_oidc"), on_click=st.login, key="sign_in")
        return
    stored = passphrase_hash()
    if stored is None:
        box.caption(tr("auth.local_editor") if actor.editor else tr("auth.viewer_notice"))
        return
    if actor.editor:
        box.text(tr("auth.signed_in", name=display_text(actor.name)))
        if box.button(tr("auth.sign_out"), key="sign_out"):
            st.session_state.pop("editor", None)
            st.rerun()
        return
    _passphrase_form(box, stored)
