"""Where a session's request came from: the server itself, or anywhere else.

"Local" is decided once, here, and strictly: local editing must be switched on
(``access.local_editing``), the connection must come from a loopback address (127.0.0.1,
::1 or ::ffff:127.0.0.1 alike), and the request must carry no proxy header at all
(``X-Forwarded-For``, ``X-Real-IP``, ``Forwarded``): a reverse proxy on the same machine
connects from loopback too, so any sign of one makes the request remote. An address that
cannot be told counts as remote.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping

import streamlit as st

from moral_metrics.reference.settings import settings

PROXY_HEADERS = ("X-Forwarded-For", "X-Real-IP", "Forwarded")


def is_loopback(address: object) -> bool:
    """127.0.0.0/8, ::1 and IPv4-mapped loopback (::ffff:127.0.0.1); anything else is not."""
    if not isinstance(address, str) or not address:
        return False
    try:
        ip = ipaddress.ip_address(address.strip("[]").split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback


def proxied(headers: Mapping[str, str] | None) -> bool:
    """Whether any proxy header came with the request (whatever its value)."""
    if not headers:
        return False
    names = {str(name).lower() for name in headers}
    return any(h.lower() in names for h in PROXY_HEADERS)


def is_local_request(address: object, headers: Mapping[str, str] | None, enabled: bool) -> bool:
    """A browser on the server itself, with local editing switched on."""
    return enabled and is_loopback(address) and not proxied(headers)


def client_address(address: object, headers: Mapping[str, str] | None) -> str:
    """The address a sign-in throttle counts against.

    Directly connected clients are their socket address. Behind a proxy on loopback, the
    address the proxy appended last to ``X-Forwarded-For`` (or its ``X-Real-IP``), which a
    client cannot forge because the proxy writes it.
    """
    if not is_loopback(address) or not proxied(headers):
        return address if isinstance(address, str) and address else "unknown"
    lowered = {str(k).lower(): str(v) for k, v in (headers or {}).items()}
    forwarded = [p.strip() for p in lowered.get("x-forwarded-for", "").split(",") if p.strip()]
    return forwarded[-1] if forwarded else lowered.get("x-real-ip", "").strip() or "proxied"


def remote_address() -> str | None:
    """The socket address of this session's websocket (Streamlit's public API hides loopback)."""
    from streamlit.runtime.context import _get_client_context

    context = _get_client_context()
    return getattr(context, "remote_ip", None) if context is not None else None


def _headers() -> dict[str, str]:
    return dict(st.context.headers) if st.context.headers else {}


def is_local() -> bool:
    """This session is a browser on the server itself and local editing is on."""
    return is_local_request(remote_address(), _headers(), settings().access.local_editing)


def client() -> str:
    return client_address(remote_address(), _headers())
