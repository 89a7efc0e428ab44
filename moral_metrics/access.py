"""Who may change the published figures: roles, the editor passphrase, and who is asking.

Viewers see; editors upload, publish and restore. The passphrase is stored only as a salted
scrypt hash and compared in constant time, and failed tries slow the next one down.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import secrets
import threading
import time
from dataclasses import dataclass
from typing import Literal

from moral_metrics.reference.messages import Refusal

Role = Literal["viewer", "editor"]
SCRYPT = {"n": 2**14, "r": 8, "p": 1}
LOCAL_ADDRESSES = frozenset({"127.0.0.1", "::1", "localhost"})


class NotAllowed(Refusal):
    """An action that needs the editor role was asked for by someone without it."""

    def __init__(self, actor: Actor) -> None:
        super().__init__("not_allowed", name=actor.name or "anonymous")


@dataclass(frozen=True)
class Actor:
    name: str
    role: Role
    scope: frozenset[str] | None = None  # provinces an editor may publish for; None: all of them

    @property
    def editor(self) -> bool:
        return self.role == "editor"

    @property
    def central(self) -> bool:
        """An editor for every province: may accept, lock and unlock."""
        return self.editor and self.scope is None

    def outside(self, provinces: set[str]) -> list[str]:
        """The provinces of ``provinces`` this actor may not change, sorted."""
        return [] if self.scope is None else sorted(set(provinces) - self.scope)


SYSTEM_SCOPE: frozenset[str] | None = None  # the command line runs on the server: every province


def require_scope(actor: Actor, provinces: set[str], file: str = "") -> None:
    """Refuse, naming them, when any of ``provinces`` is outside the editor's scope."""
    require_editor(actor)
    if outside := actor.outside(provinces):
        logging.getLogger("moral_metrics.audit").warning("refused: %s outside scope %s", actor.name, outside)
        raise Refusal("out_of_scope", name=actor.name, provinces=outside, file=file)


def require_central(actor: Actor) -> None:
    require_editor(actor)
    if not actor.central:
        raise Refusal("not_central", name=actor.name)


def scope_from(setting: object) -> frozenset[str] | None:
    """A scope as configured: "all" (or nothing) for every province, else a list of names or codes."""
    from moral_metrics.reference.provinces import province_index

    if setting is None or (isinstance(setting, str) and setting.strip().lower() in ("all", "*", "")):
        return None
    names = [setting] if isinstance(setting, str) else list(setting)  # type: ignore[call-overload]
    found = {province_index().resolve(n) for n in names}
    return frozenset(p.code for p in found if p is not None)


def require_editor(actor: Actor) -> None:
    if not actor.editor:
        logging.getLogger("moral_metrics.audit").warning("refused: %s is a viewer", actor.name or "anonymous")
        raise NotAllowed(actor)


def hash_passphrase(passphrase: str, salt: bytes | None = None) -> str:
    """``scrypt$<salt>$<hash>``, base64: what goes into secrets, never the passphrase itself."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(passphrase.encode(), salt=salt, **SCRYPT)
    return "scrypt$" + base64.b64encode(salt).decode() + "$" + base64.b64encode(digest).decode()


def check_passphrase(passphrase: str, stored: str) -> bool:
    try:
        scheme, salt, digest = stored.split("$")
        expected = base64.b64decode(digest)
        salt_bytes = base64.b64decode(salt)
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    given = hashlib.scrypt(passphrase.encode(), salt=salt_bytes, **SCRYPT)
    return hmac.compare_digest(given, expected)


def role_for_email(email: str | None, editors: list[str]) -> Role:
    """Editor when the address, or its ``@domain``, is listed (case does not matter)."""
    if not email or "@" not in email:
        return "viewer"
    address = email.strip().lower()
    domain = "@" + address.rsplit("@", 1)[1]
    listed = {e.strip().lower() for e in editors}
    return "editor" if address in listed or domain in listed else "viewer"


class Throttle:
    """Failed passphrase tries per client: each failure doubles the wait before the next try."""

    def __init__(self, base: float = 1.0, ceiling: float = 30.0) -> None:
        self.base, self.ceiling = base, ceiling
        self._failures: dict[str, int] = {}
        self._lock = threading.Lock()

    def delay(self, client: str) -> float:
        with self._lock:
            failures = self._failures.get(client, 0)
        return 0.0 if failures == 0 else min(self.ceiling, self.base * 2 ** (failures - 1))

    def attempt(self, client: str, passphrase: str, stored: str) -> bool:
        """Check a passphrase, first sleeping off the client's earlier failures."""
        time.sleep(self.delay(client))
        ok = check_passphrase(passphrase, stored)
        with self._lock:
            self._failures[client] = 0 if ok else self._failures.get(client, 0) + 1
        return ok
