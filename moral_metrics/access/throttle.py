"""Passphrase tries per name, per client address and in all, counted over a sliding window.

A try is reserved before its passphrase is checked: it counts against its name, its address and
the overall budget while the (slow) check runs, so tries made in parallel queue behind the limit
instead of all being checked at once. Past a limit a try is not checked at all; it is told how
long to wait. A right passphrase clears its name's failures and makes its address known for that
name: a lock-out of the name (or the overall budget, spent by someone trying many names) never
stops the right passphrase from an address the person signed in from before.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from moral_metrics.access.passphrase import check_passphrase

Key = tuple[str, str]
OVERALL: Key = ("overall", "")


@dataclass(frozen=True)
class Attempt:
    """One passphrase try: whether it was checked, whether it was right, how long to wait."""

    ok: bool
    checked: bool
    wait: float = 0.0  # seconds before the next try can be checked (0: now)


class Throttle:
    KEEP = 4096  # keys (and known addresses) kept before expired ones are swept out

    def __init__(
        self,
        per_name: int = 5,
        per_address: int = 10,
        window: float = 900.0,
        check: Callable[[str, str | None], bool] | None = None,
        overall: int = 100,
    ) -> None:
        self.limits = {"name": per_name, "address": per_address, "overall": overall}
        self.window = window
        self._check = check or check_passphrase
        self._failed: dict[Key, deque[float]] = {}
        self._pending: dict[Key, int] = {}
        self._known: dict[str, set[str]] = {}  # name -> addresses it signed in from
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, access) -> Throttle:
        return cls(
            access.tries_per_name, access.tries_per_address, access.tries_window_seconds, None, access.tries_overall
        )

    @staticmethod
    def _name(name: str) -> str:
        return " ".join(name.split()).casefold()

    def _keys(self, name: str, address: str) -> tuple[Key, ...]:
        """The counters this try spends; an address known for the name spends only its own."""
        key = self._name(name)
        if address in self._known.get(key, set()):
            return (("address", address),)
        return ("name", key), ("address", address), OVERALL

    def _wait(self, key: Key, now: float) -> float:
        """0 when ``key`` may try now; else the seconds until its oldest failure expires."""
        failed = self._failed.get(key, deque())
        while failed and failed[0] <= now - self.window:
            failed.popleft()
        if len(failed) + self._pending.get(key, 0) < self.limits[key[0]]:
            return 0.0
        return failed[0] + self.window - now if failed else 1.0

    def _reserve(self, keys: tuple[Key, ...]) -> float:
        with self._lock:
            now = time.monotonic()
            wait = max(self._wait(key, now) for key in keys)
            if wait == 0:
                for key in keys:
                    self._pending[key] = self._pending.get(key, 0) + 1
            return wait

    def _settle(self, keys: tuple[Key, ...], name: str, address: str, ok: bool) -> None:
        with self._lock:
            now = time.monotonic()
            for key in keys:
                self._pending[key] -= 1
                if not self._pending[key]:
                    del self._pending[key]
                if not ok:
                    self._failed.setdefault(key, deque()).append(now)
            if ok:
                self._failed.pop(("name", self._name(name)), None)
                self._known.setdefault(self._name(name), set()).add(address)
            if len(self._failed) > self.KEEP:  # names nobody tries again must not pile up
                self._failed = {k: v for k, v in self._failed.items() if v and v[-1] > now - self.window}
            if len(self._known) > self.KEEP:
                self._known.clear()  # forgetting only costs a known person the name's limit

    def attempt(self, name: str, address: str, passphrase: str, stored: str | None) -> Attempt:
        """Reserve a try for this name and address, then check the passphrase."""
        keys = self._keys(name, address)
        wait = self._reserve(keys)
        if wait:
            return Attempt(ok=False, checked=False, wait=wait)
        ok = False
        try:
            ok = self._check(passphrase, stored)
        finally:
            self._settle(keys, name, address, ok)
        return Attempt(ok=ok, checked=True, wait=0.0 if ok else self.delay(name, address))

    def delay(self, name: str, address: str) -> float:
        """Seconds before the next try for this name and address would be checked."""
        with self._lock:
            now = time.monotonic()
            return max(self._wait(key, now) for key in self._keys(name, address))
