"""Where a request comes from: the computer the app runs on, or anywhere else.

"Local" is decided strictly: local editing must be switched on, the connection must come from a
loopback address (127.0.0.1, ::1 or ::ffff:127.0.0.1 alike), the page must have been asked for
by a loopback name (``Host: localhost``: a page of another site that rebinds its own name to
127.0.0.1 sends its own name), and the request must carry no sign of a proxy at all: a reverse
proxy on the same machine connects from loopback too. An address that cannot be told is remote.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping

PROXY_HEADERS = (
    "Forwarded",
    "Via",
    "X-Real-IP",
    "X-Client-IP",
    "True-Client-IP",
    "CF-Connecting-IP",
    "Fastly-Client-IP",
    "X-Cluster-Client-IP",
)
PROXY_PREFIXES = ("x-forwarded-",)  # X-Forwarded-For, -Host, -Proto, -Port, -Server ...
LOOPBACK_NAMES = ("localhost", "localhost.")


def _ip(address: object) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    if not isinstance(address, str) or not address.strip():
        return None
    try:
        ip = ipaddress.ip_address(address.strip().strip("[]").split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


def is_loopback(address: object) -> bool:
    """127.0.0.0/8, ::1 and IPv4-mapped loopback (::ffff:127.0.0.1); anything else is not."""
    ip = _ip(address)
    return ip is not None and ip.is_loopback


def _lowered(headers: Mapping[str, str] | None) -> dict[str, str]:
    return {str(k).lower(): str(v) for k, v in (headers or {}).items()}


def proxied(headers: Mapping[str, str] | None) -> bool:
    """Whether any sign of a proxy came with the request (whatever its value)."""
    names = set(_lowered(headers))
    return any(h.lower() in names for h in PROXY_HEADERS) or any(n.startswith(PROXY_PREFIXES) for n in names)


def loopback_host(host: object) -> bool:
    """Whether a ``Host`` header names this computer: localhost or a loopback address, any port."""
    if not isinstance(host, str) or not host.strip():
        return False
    text = host.strip().lower()
    if text.startswith("["):  # [::1]:8501
        name = text[1:].split("]", 1)[0]
    else:
        name = text.rsplit(":", 1)[0] if text.count(":") == 1 else text
    return name in LOOPBACK_NAMES or is_loopback(name)


def is_local_request(address: object, headers: Mapping[str, str] | None, enabled: bool) -> bool:
    """A browser on the server itself, asking by a loopback name, with local editing switched on."""
    lowered = _lowered(headers)
    return enabled and is_loopback(address) and not proxied(headers) and loopback_host(lowered.get("host"))


def _trusted(address: object, proxies: Iterable[str]) -> bool:
    ip = _ip(address)
    if ip is None:
        return False
    for entry in proxies:
        try:
            if ip in ipaddress.ip_network(entry.strip(), strict=False):
                return True
        except ValueError:
            continue
    return False


def _server_choice(forwarded_for: str, trusted: str) -> str:
    """The client uvicorn (Streamlit's server) puts in place of a trusted peer: the last hop of
    ``X-Forwarded-For`` not in its ``FORWARDED_ALLOW_IPS``, else the first (uvicorn's own rule)."""
    hops = [h.strip() for h in forwarded_for.split(",")]
    entries = [e.strip() for e in trusted.split(",") if e.strip()]
    if "*" in entries:
        return hops[0]
    return next((h for h in reversed(hops) if not _trusted(h, entries)), hops[0])


def socket_peer(
    reported: object, headers: Mapping[str, str] | None, server_trust: str | None, loopback_only: bool
) -> str | None:
    """The address the connection itself came from, as far as it can be told.

    Streamlit's server (uvicorn) replaces the address of a connection from a host in its
    ``FORWARDED_ALLOW_IPS`` (127.0.0.1 and ::1 unless set) with a hop of the request's
    ``X-Forwarded-For``, which a client writes itself when a proxy passes it on. With that
    setting empty (``./run app`` and docs/deploy.md set it so) the reported address is the
    socket's. Otherwise, on a server listening on loopback only, a reported address that is the
    server's own choice from ``X-Forwarded-For`` means the peer was one of its trusted hosts (a
    local proxy): the first of them is returned. Anything else is taken as reported.
    """
    address = str(_ip(reported) or "") or None
    forwarded = _lowered(headers).get("x-forwarded-for")
    trust = "127.0.0.1,::1" if server_trust is None else server_trust
    if address is None or not forwarded or not trust.strip() or not loopback_only:
        return address
    if address == _server_choice(forwarded, trust).strip("[]"):
        local = [e.strip() for e in trust.split(",") if _ip(e.strip()) is not None]
        return local[0] if local else address
    return address


def client_address(
    address: object,
    headers: Mapping[str, str] | None,
    proxies: Iterable[str] = ("127.0.0.1", "::1"),
    header: str = "X-Real-IP",
) -> str:
    """The address a sign-in throttle counts against.

    A client connecting directly is its socket address, whatever headers it sends. Only a
    connection from a trusted proxy has its forwarded address believed, and only from the one
    header that proxy is configured to set (``X-Real-IP``, which nginx replaces; or the last
    untrusted entry of ``X-Forwarded-For``, which nginx appends to).
    """
    peer = str(_ip(address) or "") or "unknown"
    proxies = tuple(proxies)
    if peer == "unknown" or not _trusted(peer, proxies):
        return peer
    value = _lowered(headers).get(header.lower(), "")
    if header.lower() == "x-forwarded-for":
        hops = [h.strip() for h in value.split(",") if h.strip()]
        value = next((h for h in reversed(hops) if not _trusted(h, proxies)), "")
    forwarded = _ip(value)
    return str(forwarded) if forwarded is not None else peer
