"""ui/serve.py preloads what the pages import (issue 23): read from their source, every one importable."""

from __future__ import annotations

import importlib.util

from ui.serve import ROOT, page_imports


def test_the_preload_list_is_every_page_import_and_each_exists() -> None:
    names = page_imports()
    pages = (ROOT / "pages" / "overview.py").read_text(encoding="utf-8")
    assert "moral_metrics.figures.map" in names and "moral_metrics.figures.map" in pages
    assert "ui.shell" in names and "__future__" not in names
    assert [n for n in names if importlib.util.find_spec(n) is None] == []


def test_a_new_page_import_is_preloaded_without_a_list_to_keep(tmp_path) -> None:
    (tmp_path / "pages").mkdir()
    (tmp_path / "dashboard.py").write_text("from ui.shell import route\n", encoding="utf-8")
    page = "import json\nfrom moral_metrics.figures import units\n"
    (tmp_path / "pages" / "new.py").write_text(page, encoding="utf-8")
    assert page_imports(tmp_path)[:3] == ["ui.shell", "json", "moral_metrics.figures"]
