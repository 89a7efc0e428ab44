"""Thai fonts for rendering outside the browser: kaleido's Chromium and LibreOffice.

Sarabun (SIL Open Font License; the open version of the Thai government's TH Sarabun) and Noto
Sans Thai come as Python packages. A project fontconfig file makes them visible to any process
started with ``FONTCONFIG_FILE`` pointing at it, and maps "TH Sarabun New", the family briefing
decks name, to Sarabun where the real one is not installed.
"""

from __future__ import annotations

import os
import tempfile
from functools import lru_cache
from pathlib import Path

import fontpkg_noto_sans_thai
import fontpkg_sarabun

DECK_FONT = "TH Sarabun New"
CHART_FAMILY = "Sarabun"

CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>{sarabun}</dir>
  <dir>{noto}</dir>
  <cachedir>{cache}</cachedir>
  <alias binding="same"><family>{deck}</family><prefer><family>Sarabun</family></prefer></alias>
  <alias binding="same"><family>TH SarabunPSK</family><prefer><family>Sarabun</family></prefer></alias>
</fontconfig>
"""


@lru_cache(maxsize=1)
def fontconfig_file() -> Path:
    """Write (once per process) the fontconfig file that adds the packaged Thai fonts."""
    folder = Path(tempfile.gettempdir()) / f"moral-metrics-fonts-{os.getuid()}"
    folder.mkdir(exist_ok=True)
    path = folder / "fonts.conf"
    text = CONF.format(
        sarabun=fontpkg_sarabun.ROOT / "files",
        noto=fontpkg_noto_sans_thai.ROOT / "files",
        cache=folder / "cache",
        deck=DECK_FONT,
    )
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path


def font_environment() -> dict[str, str]:
    """The environment for a child process that must render Thai (LibreOffice, Chromium)."""
    return {**os.environ, "FONTCONFIG_FILE": str(fontconfig_file())}
