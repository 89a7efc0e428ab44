"""Language and numbers on every screen (issue 24): pickers that find a province by either
name, Streamlit's English chrome hidden, counts with thousands separators, lists joined in
the reader's language, fiscal years that say their era."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from moral_metrics.reference.i18n import t

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("lang", ["th", "en"])
def test_province_pickers_carry_both_names_in_thai(lang: str, make_app) -> None:
    """Typing "Surat" in the Thai picker finds Surat Thani: a select box searches its labels."""
    surat = t("widget.province_option", lang, th="สุราษฎร์ธานี", en="Surat Thani")
    assert ("Surat Thani" in surat) and (("สุราษฎร์ธานี" in surat) == (lang == "th"))
    province = make_app.open("province", lang=lang)
    assert surat in province.selectbox(key="province_pick").options
    compare = make_app.open("compare", lang=lang)
    assert surat in compare.multiselect(key="compare_pick").options


def test_streamlit_english_chrome_is_hidden(make_app) -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["toolbarMode"] == "minimal"  # no ⋮ menu (English only)
    at = make_app.open("overview")
    styles = [h.proto.body for h in at.get("html")]
    assert any("stStatusWidget" in s and "display: none" in s for s in styles)  # no English "Stop"
