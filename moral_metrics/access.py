"""Who may change the published figures: roles, the editor passphrase, and who is asking.

Viewers see; editors upload, publish and restore. The passphrase is stored only as a salted
scrypt hash and compared in constant time, and tries are limited per name and per address.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import Literal

from moral_metrics.reference.messages import Refusal

Role = Literal["viewer", "editor"]
SCRYPT = {"n": 2**14, "r": 8, "p": 1}


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


@dataclass(frozen=True)
class Attempt:
    """One passphrase try: whether it was checked, whether it was right, how long to wait."""

    ok: bool
    checked: bool
    wait: float = 0.0  # seconds before the next try can be checked (0: now)


class Throttle:
    """Passphrase tries per name and per client address, counted over a sliding window.

    A try is reserved before its passphrase is checked: it counts against both its name and
    its address while the (slow) check runs, so tries made in parallel queue behind the limit
    instead of all being checked at once. Past the limit a try is not checked at all; it is
    told how long to wait. A right passphrase clears its name's failures, not its address's,
    so colleagues behind one proxy keep their own allowance for their names.
    """

    KEEP = 4096  # keys kept before expired ones are swept out

    def __init__(self, per_name: int = 5, per_address: int = 10, window: float = 900.0, check=None) -> None:
        self.limits = {"name": per_name, "address": per_address}
        self.window = window
        self._check = check or check_passphrase
        self._failed: dict[tuple[str, str], deque[float]] = {}
        self._pending: dict[tuple[str, str], int] = {}
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, access) -> Throttle:
        return cls(access.tries_per_name, access.tries_per_address, access.tries_window_seconds)

    @staticmethod
    def _keys(name: str, address: str) -> tuple[tuple[str, str], ...]:
        return ("name", " ".join(name.split()).casefold()), ("address", address)

    def _wait(self, key: tuple[str, str], now: float) -> float:
        """0 when ``key`` may try now; else the seconds until its oldest failure expires."""
        failed = self._failed.get(key, deque())
        while failed and failed[0] <= now - self.window:
            failed.popleft()
        if len(failed) + self._pending.get(key, 0) < self.limits[key[0]]:
            return 0.0
        return failed[0] + self.window - now if failed else 1.0

    def _reserve(self, keys: tuple[tuple[str, str], ...]) -> float:
        with self._lock:
            now = time.monotonic()
            wait = max(self._wait(key, now) for key in keys)
            if wait == 0:
                for key in keys:
                    self._pending[key] = self._pending.get(key, 0) + 1
            return wait

    def _settle(self, keys: tuple[tuple[str, str], ...], ok: bool) -> None:
        with self._lock:
            now = time.monotonic()
            for key in keys:
                self._pending[key] -= 1
                if not self._pending[key]:
                    del self._pending[key]
                if not ok:
                    self._failed.setdefault(key, deque()).append(now)
            if ok:
                self._failed.pop(keys[0], None)
            if len(self._failed) > self.KEEP:  # names nobody tries again must not pile up
                self._failed = {k: v for k, v in self._failed.items() if v and v[-1] > now - self.window}

    def attempt(self, name: str, address: str, passphrase: str, stored: str) -> Attempt:
        """Reserve a try for this name and address, then check the passphrase."""
        keys = self._keys(name, address)
        wait = self._reserve(keys)
        if wait:
            return Attempt(ok=False, checked=False, wait=wait)
        ok = False
        try:
            ok = self._check(passphrase, stored)
        finally:
            self._settle(keys, ok)
        return Attempt(ok=ok, checked=True, wait=0.0 if ok else self.delay(name, address))

    def delay(self, name: str, address: str) -> float:
        """Seconds before the next try for this name and address would be checked."""
        with self._lock:
            now = time.monotonic()
            return max(self._wait(key, now) for key in self._keys(name, address))
