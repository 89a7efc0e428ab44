"""A real PostgreSQL server for the tests: Debian's binaries, a throw-away cluster on 127.0.0.1.

As root (CI), the server runs as the ``postgres`` user, since PostgreSQL refuses to run as root.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

from browser import free_port


def _bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        raise RuntimeError("PostgreSQL is not installed: apt-get install postgresql")
    return found[-1]


class Cluster:
    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="moral-metrics-pg-"))
        self.port = free_port()
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.root, "postgres")
            os.chmod(self.root, 0o700)
        data = self.root / "data"
        self._run(_bin("initdb"), "-D", str(data), "-A", "trust", "-U", "mm", "-E", "UTF8", "--no-locale")
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off"
        self._run(_bin("pg_ctl"), "-D", str(data), "-o", options, "-l", str(self.root / "log"), "-w", "start")
        self.admin_url = f"postgresql://mm@127.0.0.1:{self.port}/postgres"

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_root else []
        subprocess.run([*prefix, *command], check=True, capture_output=True, timeout=120)

    def database(self) -> str:
        """A new empty database; its SQLAlchemy URL."""
        import psycopg

        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql+psycopg://mm@127.0.0.1:{self.port}/{name}"

    def dump(self, url: str) -> bytes:
        """``pg_dump`` of one database, as plain SQL: what a backup of it holds."""
        name = url.rsplit("/", 1)[1]
        done = subprocess.run(
            [_bin("pg_dump"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "mm", name],
            check=True,
            capture_output=True,
            timeout=120,
        )
        return done.stdout

    def stop(self) -> None:
        self._run(_bin("pg_ctl"), "-D", str(self.root / "data"), "-m", "fast", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)
