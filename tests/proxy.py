"""A real nginx reverse proxy for the browser tests, configured as docs/deploy.md says.

Debian's ``nginx`` binary, started by the test itself on 127.0.0.1 with its configuration,
logs and temporary files in a folder of its own (never the system service).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

from browser import free_port

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

# The location block of docs/deploy.md: the headers the proxy must send, and the websocket upgrade.
DEPLOY_HEADERS = """
            proxy_set_header X-Real-IP $remote_addr;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;"""
# A proxy set up with X-Real-IP only: a client's own X-Forwarded-For then arrives as it sent it.
REAL_IP_ONLY = """
            proxy_set_header X-Real-IP $remote_addr;"""
LOCATION = """
        location / {{
            proxy_pass http://{upstream};
            proxy_http_version 1.1;
            proxy_set_header Host $host;{headers}
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_read_timeout 86400s;
            add_header Referrer-Policy "no-referrer" always;
            client_max_body_size 25m;
        }}"""

CONFIG = """
{user}daemon off;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 256; }}
http {{
    log_format upstream '$remote_addr "$request" $status $upstream_addr';
    access_log {folder}/access.log upstream;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    map $http_upgrade $connection_upgrade {{ default upgrade; '' close; }}
{servers}
}}
"""


class Nginx:
    """nginx in front of each upstream port: ``url(n)`` is the proxy of the n-th one."""

    def __init__(
        self, folder: Path, upstreams: list[int], headers: str = DEPLOY_HEADERS, *, balanced: bool = False
    ) -> None:
        """With ``balanced``, one proxy in front of every upstream, sticky by client address
        (docs/deploy.md, several app processes); else one proxy per upstream."""
        folder.mkdir(parents=True, exist_ok=True)
        group = ""
        if balanced:
            group = "    upstream moral_metrics {\n        ip_hash;\n"
            group += "".join(f"        server 127.0.0.1:{port};\n" for port in upstreams) + "    }\n"
        targets = ["moral_metrics"] if balanced else [f"127.0.0.1:{port}" for port in upstreams]
        self.folder, self.ports = folder, [free_port() for _ in targets]
        blocks = [LOCATION.format(upstream=target, headers=headers) for target in targets]
        servers = group + "".join(
            f"    server {{\n        listen 127.0.0.1:{port};{block}\n    }}\n"
            for port, block in zip(self.ports, blocks, strict=True)
        )
        config = folder / "nginx.conf"
        user = "user root;\n" if os.geteuid() == 0 else ""  # workers must reach the test's own folder
        config.write_text(CONFIG.format(user=user, folder=folder, servers=servers), encoding="utf-8")
        command = [NGINX, "-p", str(folder), "-c", str(config), "-e", str(folder / "error.log")]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        for n in range(len(self.ports)):
            self._wait(self.url(n))

    def url(self, n: int = 0) -> str:
        return f"http://127.0.0.1:{self.ports[n]}/"

    def _wait(self, url: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(self.process.stdout.read().decode(errors="replace"))
            try:
                with urllib.request.urlopen(url + "_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise TimeoutError(f"nginx did not answer on {url}")

    def access_log(self) -> str:
        return (self.folder / "access.log").read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
