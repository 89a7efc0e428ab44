"""PowerPoint to PDF with LibreOffice (``libreoffice --headless``), one page per slide."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from moral_metrics.briefing.fonts import font_environment


class ConversionUnavailable(RuntimeError):
    hint = "apt-get install libreoffice-impress-nogui"


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def pptx_to_pdf(pptx: bytes, timeout: float = 180) -> bytes:
    """Convert in a private profile folder, so parallel conversions never share one."""
    soffice = soffice_path()
    if soffice is None:
        raise ConversionUnavailable("LibreOffice is not installed")
    with tempfile.TemporaryDirectory(prefix="moral-metrics-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "briefing.pptx"
        source.write_bytes(pptx)
        command = [
            soffice,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ]
        done = subprocess.run(command, capture_output=True, timeout=timeout, env=font_environment(), check=False)
        result = folder / "briefing.pdf"
        if not result.exists():
            raise RuntimeError(f"LibreOffice did not convert the deck: {done.stderr.decode(errors='replace')[-500:]}")
        return result.read_bytes()
