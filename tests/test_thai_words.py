"""Thai word breaks for chart text: PyThaiNLP's newmm words, without PyThaiNLP's import cost."""

from __future__ import annotations

import csv
import subprocess
import sys
import tomllib
from pathlib import Path

from moral_metrics.figures.text import lines
from moral_metrics.figures.thai_words import segment

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ("provinces", "districts", "indicators", "areas", "units", "recognition", "vocabulary")


def _strings(tree: dict) -> set[str]:
    out = set()
    for value in tree.values():
        out |= _strings(value) if isinstance(value, dict) else {value} if isinstance(value, str) else set()
    return out


def app_texts() -> set[str]:
    """Every string of the translation table and the reference tables (names, indicators, areas)."""
    texts = _strings(tomllib.loads((ROOT / "data" / "i18n.toml").read_text(encoding="utf-8")))
    for name in REFERENCE:
        with open(ROOT / "data" / f"{name}.csv", encoding="utf-8") as handle:
            texts.update(cell for row in csv.reader(handle) for cell in row)
    return texts


def test_words_are_pythainlp_newmm_words_on_every_text_of_the_app() -> None:
    from pythainlp.tokenize import word_tokenize

    texts = app_texts() | {"องค์ความรู้", "ปีที่ 3 ของโครงการ", "ห้างหุ้นส่วน 1,234.5 baht/zeny", "กกกกกกกก", ""}
    assert len(texts) > 4000
    differ = [t for t in texts if list(segment(t)) != word_tokenize(t, engine="newmm", keep_whitespace=True)]
    assert differ == []


def test_words_join_back_to_the_text() -> None:
    for text in ("จังหวัดคุณธรรม", "  ช่องว่าง  หลาย  ", "English and ไทย 2567", "\u0e4c\u0e48แปลก"):
        assert "".join(segment(text)) == text


def test_wrapping_breaks_between_words() -> None:
    assert lines("การขับเคลื่อนจังหวัดคุณธรรมทุกภาคส่วน", 14) == ["การขับเคลื่อน", "จังหวัดคุณธรรมทุก", "ภาคส่วน"]


def test_a_chart_process_never_imports_pythainlp() -> None:
    """Importing PyThaiNLP cost 6.4 s of CPU in every server process (issue 23)."""
    script = (
        "import sys; sys.path.insert(0, '.');"
        "from moral_metrics.figures.text import wrap; wrap('การขับเคลื่อนจังหวัดคุณธรรม', 10);"
        "print('pythainlp' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
