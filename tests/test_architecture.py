"""The house rules of docs/architecture.md, checked on the source: stages, sizes, no Streamlit.

A lower stage never imports a higher one (``ingest`` never imports ``figures`` or ``store``);
figures and briefings read the model, not the pipeline; modules stay under 300 lines and
functions under 50.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "moral_metrics"
# stage -> the stages it may import (besides itself); docs/architecture.md draws the same graph
ALLOWED = {
    "reference": set(),
    "model": {"reference"},
    "access": {"reference"},
    "ingest": {"reference"},
    "parse": {"reference", "model", "ingest"},
    "checks": {"reference", "model", "parse"},
    "metrics": {"reference", "model"},
    "pipeline": {"reference", "model", "ingest", "parse", "checks", "metrics"},
    "figures": {"reference", "model", "metrics"},
    "briefing": {"reference", "model", "metrics", "figures"},
    "store": {"reference", "model", "access", "ingest", "metrics", "pipeline"},
    "cli": {"reference", "model", "access", "pipeline", "metrics", "figures", "briefing", "store"},
    "__main__": {"cli"},
    "__init__": {"model", "pipeline"},
}
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts)
CODE = [*MODULES, *(ROOT / "pages").glob("*.py"), *(ROOT / "ui").glob("*.py"), ROOT / "dashboard.py"]


def stage_of(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


def imported(path: Path) -> set[str]:
    """Every ``moral_metrics.*`` module a file imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("moral_metrics"):
            parts = node.module.split(".")
            found |= {f"{node.module}.{a.name}" for a in node.names} if len(parts) == 1 else {node.module}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("moral_metrics")}
    return found


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_stage_imports_only_the_stages_below_it(path: Path) -> None:
    stage = stage_of(path)
    wrong = {m for m in imported(path) if m.split(".")[1] != stage and m.split(".")[1] not in ALLOWED[stage]}
    assert wrong == set()


def test_the_stage_rule_would_catch_a_lower_stage_importing_a_higher_one(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from moral_metrics.store.storage import Store\n", encoding="utf-8")
    assert imported(bad) == {"moral_metrics.store.storage"} and "store" not in ALLOWED["ingest"]


def test_every_stage_is_in_the_rules() -> None:
    assert {stage_of(p) for p in MODULES} == set(ALLOWED)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_core_never_imports_streamlit(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert "import streamlit" not in text and "from streamlit" not in text


@pytest.mark.parametrize("path", CODE, ids=lambda p: str(p.relative_to(ROOT)))
def test_modules_and_functions_stay_small(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 300
    long = [
        (node.name, node.end_lineno - node.lineno + 1)
        for node in ast.walk(ast.parse(text))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno >= 50
    ]
    assert long == []


def test_architecture_doc_names_every_stage() -> None:
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    for stage in ALLOWED:
        if not stage.startswith("__"):
            assert f"`{stage}" in doc, stage


def test_opening_a_dashboard_page_does_not_load_python_pptx(tmp_path: Path) -> None:
    """Only the export page needs python-pptx; the others start without it."""
    script = (
        "import sys\n"
        "from streamlit.testing.v1 import AppTest\n"
        "at = AppTest.from_file('dashboard.py', default_timeout=120).run()\n"
        "assert not at.exception, at.exception\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pptx', 'kaleido')))\n"
    )
    env = {"MORAL_METRICS_DATABASE_URL": f"sqlite:///{tmp_path / 'pages.db'}", "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"
