"""What a version's pages show, made once and kept on disk for every server process (issue 23).

A published version never changes, so a figure or table made from it stays right for as long as
the consent register does not move (a publish or an erasure moves it: then whose names are
public may differ). Each entry is a pickle in a folder named for the database, the version's
stamp (its id, time and file hash: a database made anew at the same path never meets an old
entry) and the consent revision. Entries are written to a temporary name and renamed, so a
process never reads half of one; folders of older consent revisions are deleted, not just left
unused, since they may hold a name whose consent was withdrawn.

The folder holds pickles that the app loads: it must be writable only by the app's own user
(docs/deploy.md); it is created with mode 0700.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

MISSING = object()
STALE_CLAIM_SECONDS = 600  # a builder that died holding its claim is overtaken after this


def _digest(value: object) -> str:
    return hashlib.sha256(repr(value).encode("utf-8")).hexdigest()[:32]


class Prebuilt:
    """One database's shelf of made figures and tables, by version stamp and consent revision."""

    def __init__(self, folder: Path, database: str) -> None:
        self.root = Path(folder) / _digest(database)

    def _shelf(self, stamp: str, consent: int) -> Path:
        return self.root / f"{stamp}-c{consent}"

    def get(self, stamp: str, consent: int, key: tuple) -> Any:
        """The entry made for ``key``, or ``MISSING``."""
        try:
            with open(self._shelf(stamp, consent) / f"{_digest(key)}.pickle", "rb") as handle:
                return pickle.load(handle)
        except (FileNotFoundError, EOFError, pickle.UnpicklingError):
            return MISSING

    def has(self, stamp: str, consent: int, key: tuple) -> bool:
        return (self._shelf(stamp, consent) / f"{_digest(key)}.pickle").exists()

    def put(self, stamp: str, consent: int, key: tuple, value: Any) -> None:
        shelf = self._shelf(stamp, consent)
        shelf.mkdir(parents=True, exist_ok=True, mode=0o700)
        self._write(shelf / f"{_digest(key)}.pickle", pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    @staticmethod
    def _write(path: Path, data: bytes) -> None:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".part-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    # --- the builder's claim and progress, read by the Data page -------------------------------
    def claim(self, stamp: str, consent: int) -> bool:
        """True for the one process that may build this shelf now (several servers start together)."""
        shelf = self._shelf(stamp, consent)
        shelf.mkdir(parents=True, exist_ok=True, mode=0o700)
        claim = shelf / "building"
        try:
            os.close(os.open(claim, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
            return True
        except FileExistsError:
            if time.time() - claim.stat().st_mtime < STALE_CLAIM_SECONDS or self.progress(stamp, consent).get("done"):
                return False
            claim.touch()  # its builder died: take it over
            return True

    def set_progress(self, stamp: str, consent: int, made: int, total: int) -> None:
        shelf = self._shelf(stamp, consent)
        shelf.mkdir(parents=True, exist_ok=True, mode=0o700)
        state = {"made": made, "total": total, "done": made >= total}
        self._write(shelf / "progress.json", json.dumps(state).encode())
        (shelf / "building").touch()  # still alive

    def starting(self, stamp: str, consent: int) -> None:
        """Say a build is coming (0 of 0 made, not done) before its worker process is up, so that a
        page drawn at once shows it; a build already begun or done is left as it says."""
        shelf = self._shelf(stamp, consent)
        if not (shelf / "progress.json").exists():
            shelf.mkdir(parents=True, exist_ok=True, mode=0o700)
            self._write(shelf / "progress.json", json.dumps({"made": 0, "total": 0, "done": False}).encode())

    def progress(self, stamp: str, consent: int) -> dict:
        """``made``, ``total`` and ``done`` of the last build of this shelf ({} when none began,
        or when its builder stopped saying anything long ago: it died)."""
        path = self._shelf(stamp, consent) / "progress.json"
        try:
            state = json.loads(path.read_text())
            stale = time.time() - path.stat().st_mtime > STALE_CLAIM_SECONDS
        except (FileNotFoundError, ValueError):
            return {}
        return {} if stale and not state.get("done") else state

    # --- forgetting ----------------------------------------------------------------------------
    def prune(self, consent: int) -> None:
        """Delete every shelf made under another consent revision than ``consent``."""
        if not self.root.exists():
            return
        for shelf in self.root.iterdir():
            if not shelf.name.endswith(f"-c{consent}"):
                shutil.rmtree(shelf, ignore_errors=True)

    def clear(self) -> None:
        """Delete every shelf of this database (an erasure rewrote stored versions)."""
        shutil.rmtree(self.root, ignore_errors=True)
