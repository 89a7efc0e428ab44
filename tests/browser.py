"""A real dashboard server and a real Chromium for the browser tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``streamlit run dashboard.py`` on 127.0.0.1 with its own database.

    Local editing is on unless ``local_editing=False`` (the browser then is a viewer unless it
    signs in); ``args`` go to ``streamlit run`` (e.g. ``--secrets.files``).
    """

    def __init__(
        self, database_url: str, port: int | None = None, *, local_editing: bool = True, args=(), **env_extra: str
    ) -> None:
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "MORAL_METRICS_DATABASE_URL": database_url, **env_extra}
        env["MORAL_METRICS_ACCESS_LOCAL_EDITING"] = "1" if local_editing else "0"
        env.pop(
            "MORAL_METRICS_EDITOR_PASSPHRASE_HASH", None
        ) if "MORAL_METRICS_EDITOR_PASSPHRASE_HASH" not in env_extra else None
        command = [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(self.port),
                   "--server.address", "127.0.0.1", "--server.headless", "true", *args]  # fmt: skip
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self._wait()

    def _wait(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(self.process.stdout.read().decode(errors="replace"))
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise TimeoutError(f"streamlit did not answer on {self.url}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
