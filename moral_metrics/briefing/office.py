"""PowerPoint to PDF with LibreOffice (``libreoffice --headless``), one page per slide."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from moral_metrics.briefing.fonts import font_environment
from moral_metrics.reference.messages import Refusal


class ConversionUnavailable(Refusal):
    """No LibreOffice to make a PDF with; the message says how to install it."""

    def __init__(self) -> None:
        super().__init__("export_unavailable", "pdf", hint="apt-get install libreoffice-impress-nogui")


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def pptx_to_pdf(pptx: bytes, timeout: float = 180) -> bytes:
    """Convert in a private profile folder, so parallel conversions never share one."""
    soffice = soffice_path()
    if soffice is None:
        raise ConversionUnavailable()
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
            raise Refusal("export_failed", "pdf", reason=done.stderr.decode(errors="replace")[-300:])
        return result.read_bytes()
