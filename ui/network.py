"""This session's request as the access rules see it (``moral_metrics.access.origin`` decides)."""

from __future__ import annotations

import os

import streamlit as st

from moral_metrics.access.origin import client_address, is_local_request, is_loopback, socket_peer
from moral_metrics.reference.settings import settings


def _reported_address() -> str | None:
    """The address Streamlit's server reports for this session's websocket (its public API hides
    loopback, so the runtime's own context is read)."""
    from streamlit.runtime.context import _get_client_context

    context = _get_client_context()
    return getattr(context, "remote_ip", None) if context is not None else None


def _headers() -> dict[str, str]:
    return dict(st.context.headers) if st.context.headers else {}


def remote_address() -> str | None:
    """Where this session's connection came from (see ``origin.socket_peer``)."""
    bound = str(st.get_option("server.address") or "")
    loopback_only = bound in ("localhost",) or is_loopback(bound)
    return socket_peer(_reported_address(), _headers(), os.environ.get("FORWARDED_ALLOW_IPS"), loopback_only)


def is_local() -> bool:
    """This session is a browser on the server itself and local editing is on."""
    return is_local_request(remote_address(), _headers(), settings().access.local_editing)


def client() -> str:
    access = settings().access
    return client_address(remote_address(), _headers(), access.trusted_proxies, access.client_address_header)
