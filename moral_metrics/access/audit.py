"""The audit log: one JSON line per action or refusal on the ``moral_metrics.audit`` logger.

Every publish, removal, restore, lock, unlock, erasure, refused upload, failed sign-in and
throttled try is logged with who, their role, their address and the provinces concerned, never
a passphrase or file content. JSON keeps a name with a newline on one line (no forged entries).
"""

from __future__ import annotations

import json
import logging
import sys
from typing import Any, Protocol, TextIO

LOGGER = "moral_metrics.audit"
audit = logging.getLogger(LOGGER)
_MARK = "_moral_metrics_audit"  # set on the handler we add, so it is added once per process


class Someone(Protocol):
    name: str
    role: str
    address: str


def configure(stream: TextIO | None = None) -> logging.Logger:
    """Send audit lines to standard error (journalctl keeps them under systemd), once."""
    if not any(getattr(h, _MARK, False) for h in audit.handlers):
        handler = logging.StreamHandler(stream or sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(message)s"))
        setattr(handler, _MARK, True)
        audit.addHandler(handler)
    audit.setLevel(logging.INFO)
    audit.propagate = False  # not twice through Streamlit's root handler
    return audit


def record(action: str, actor: Someone | None, **fields: Any) -> None:
    """One audit line: the action, who (name, role, address) and what it concerned."""
    who = {"by": actor.name, "role": actor.role, "address": actor.address} if actor else {}
    line = {"action": action, **who, **{k: v for k, v in fields.items() if v not in (None, "", [], {})}}
    audit.info(json.dumps(line, ensure_ascii=False, default=str, sort_keys=False))
