"""Who is using this session, worked out on the server on every run from the editors table.

Three ways, in this order: an identity provider (``[auth]`` in ``.streamlit/secrets.toml``,
Streamlit's ``st.login``), whose signed-in address is looked up in the editors table; passphrase
editors of that table, who sign in with their own name and passphrase; neither, where the app is
read-only, except for a browser on the server itself when local editing is switched on
(``moral_metrics.access.origin`` decides what counts as local). The session keeps only the
identity a passphrase was checked for: authority is looked up again on every run, never taken
from what was typed.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache

import streamlit as st

from moral_metrics.access import identity
from moral_metrics.access.audit import configure, record
from moral_metrics.access.editors import Editors, editors_from
from moral_metrics.access.roles import Actor
from moral_metrics.access.throttle import Throttle
from moral_metrics.figures.privacy import EVERY_PROVINCE, NO_PROVINCE, Audience
from moral_metrics.figures.safety import display_text
from moral_metrics.reference.settings import settings
from ui.network import client, is_local
from ui.state import tr

THROTTLE = Throttle.from_settings(settings().access)  # shared by every session of this server process
SIGNED_IN = "signed_in_identity"  # the identity whose passphrase was checked, nothing else
LOCAL_NAME = "local_name"  # local editing: the name the history records
LEGACY_ENV = ("MORAL_METRICS_EDITOR_PASSPHRASE_HASH", "MORAL_METRICS_EDITORS")
configure()


def _secrets() -> dict:
    try:
        return st.secrets.to_dict()
    except (FileNotFoundError, KeyError, AttributeError):
        return {}


@lru_cache(maxsize=4)
def _editors(secrets_json: str, env_json: str) -> Editors:
    table = editors_from(json.loads(secrets_json), json.loads(env_json))
    for problem in table.problems:
        record("editors_table", None, problem=problem)
    return table


def editors() -> Editors:
    """The editors table as the secrets say now (a change to secrets applies at the next run)."""
    env = {k: os.environ[k] for k in LEGACY_ENV if os.environ.get(k)}
    secrets = {k: v for k, v in _secrets().items() if k in ("editors", "editor", "roles")}
    return _editors(json.dumps(secrets, sort_keys=True, default=str), json.dumps(env, sort_keys=True))


def oidc_configured() -> bool:
    return "auth" in _secrets()


def current_actor() -> Actor:
    address = client()
    table = editors()
    if oidc_configured():
        if not st.user.is_logged_in:
            return Actor.viewer(address=address)
        email = str(st.user.get("email") or "")
        entry = table.for_email(email)
        shown = email or str(st.user.get("name") or "")
        return entry.actor(address, shown) if entry else Actor.viewer(shown, address)
    if table.passphrases:
        entry = table.for_name(st.session_state.get(SIGNED_IN) or "")
        return entry.actor(address) if entry else Actor.viewer(address=address)
    if is_local():
        name = st.session_state.get(LOCAL_NAME, "")
        return Actor.central(name if identity.problem(name) is None else "", address)
    return Actor.viewer(address=address)


def audience_of(actor: Actor) -> Audience:
    """Whose private names this reader may see: an editor their provinces (every province when
    their scope is all of them), anyone else none."""
    if not actor.editor:
        return NO_PROVINCE
    return EVERY_PROVINCE if actor.scope is None else frozenset(actor.scope)


def failure_text(key: str, wait: float = 0.0) -> str:
    """A failed sign-in, told in the reader's language now (the session keeps only key and wait)."""
    if key not in ("auth.wrong", "auth.too_many"):
        return tr(key)
    if not wait:
        return tr("auth.wrong_now")
    if wait < 90:
        return tr(key, wait=tr("auth.wait_seconds", seconds=max(1, round(wait))))
    return tr(key, wait=tr("auth.wait_minutes", minutes=round(wait / 60)))


def _try_passphrase(name: str, secret: str) -> None:
    """One sign-in try through the shared throttle; the outcome goes into the session."""
    address, problem = client(), identity.problem(name)
    if problem:
        st.session_state["sign_in_failed"] = ("auth.need_name" if problem == "blank" else "auth.bad_name", 0.0)
        record("sign_in_refused", None, name=name, address=address, reason=problem)
        return
    entry = editors().for_name(name)
    tried = THROTTLE.attempt(name, address, secret, entry.passphrase_hash if entry else None)
    if tried.ok and entry is not None:
        st.session_state.pop("sign_in_failed", None)
        st.session_state[SIGNED_IN] = entry.identity
        record("sign_in", entry.actor(address), central=entry.central)
        return
    st.session_state["sign_in_failed"] = ("auth.wrong" if tried.checked else "auth.too_many", tried.wait)
    record("sign_in_failed" if tried.checked else "sign_in_throttled", None, name=name, address=address)


def _passphrase_form(box) -> None:
    failed = st.session_state.get("sign_in_failed")
    with box.expander(tr("auth.sign_in"), expanded=bool(failed)), st.form("sign_in"):
        name = st.text_input(tr("auth.name"), max_chars=identity.MAX_LENGTH)
        secret = st.text_input(tr("auth.passphrase"), type="password")
        submitted = st.form_submit_button(tr("auth.sign_in"))
    if submitted:
        _try_passphrase(name, secret)
        st.rerun()
    if failed:
        box.error(failure_text(*failed))


def _local_name(box) -> None:
    """Local editing has no sign-in, but every action still needs a name for the history."""
    box.caption(tr("auth.local_editor"))
    box.text_input(tr("auth.your_name_history"), max_chars=identity.MAX_LENGTH, key=LOCAL_NAME)
    name = st.session_state.get(LOCAL_NAME, "")
    if identity.problem(name) == "invisible":
        box.error(tr("auth.bad_name"))
    elif not name.strip():
        box.warning(tr("auth.need_name_first"))


def _signed_in(box, actor: Actor) -> None:
    box.text(tr("auth.signed_in", name=display_text(actor.name)))
    if not actor.is_central:
        box.caption(tr("auth.scope", provinces=sorted(actor.scope or ())))
    if editors().legacy:
        box.warning(tr("auth.legacy_keys"))


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
    if editors().passphrases:
        if not actor.editor:
            _passphrase_form(box)
            return
        _signed_in(box, actor)
        if box.button(tr("auth.sign_out"), key="sign_out"):
            record("sign_out", actor)
            st.session_state.pop(SIGNED_IN, None)
            st.rerun()
        return
    if actor.editor:
        _local_name(box)
    else:
        box.caption(tr("auth.viewer_notice"))
