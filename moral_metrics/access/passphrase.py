"""Editor passphrases, kept only as salted scrypt hashes and compared in constant time."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

SCRYPT = {"n": 2**14, "r": 8, "p": 1}
# Checked when a name has no entry, so that an unknown name costs the same time as a known one.
_DECOY = "scrypt$" + base64.b64encode(b"moral-metrics-decoy").decode() + "$" + base64.b64encode(b"x" * 64).decode()


def hash_passphrase(passphrase: str, salt: bytes | None = None) -> str:
    """``scrypt$<salt>$<hash>``, base64: what goes into secrets, never the passphrase itself."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(passphrase.encode(), salt=salt, **SCRYPT)
    return "scrypt$" + base64.b64encode(salt).decode() + "$" + base64.b64encode(digest).decode()


def check_passphrase(passphrase: str, stored: str | None) -> bool:
    """Whether ``passphrase`` matches ``stored``; with nothing stored, the same work and False."""
    try:
        scheme, salt, digest = (stored or _DECOY).split("$")
        expected = base64.b64decode(digest)
        salt_bytes = base64.b64decode(salt)
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    given = hashlib.scrypt(passphrase.encode(), salt=salt_bytes, **SCRYPT)
    return hmac.compare_digest(given, expected) and stored is not None
