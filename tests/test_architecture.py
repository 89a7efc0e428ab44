"""The house rules of docs/architecture.md, checked on the source: stages, the service layer,
no import cycles, sizes, no Streamlit in the core, python-pptx only where a deck is made.

A lower stage never imports a higher one (``ingest`` never imports ``figures`` or ``store``);
figures and briefings read the model, not the pipeline; ``ui/`` and ``pages/`` reach data only
through ``service``; no module imports another's private names; no import cycle, counting
imports inside functions; modules stay under 300 lines and functions under 50. Each rule is
also run on a module written to break it, so that a rule that stopped working would be seen.
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
    "access": {"reference", "model"},
    "ingest": {"reference"},
    "parse": {"reference", "model", "ingest"},
    "checks": {"reference", "model", "parse"},
    "metrics": {"reference", "model", "parse"},
    "pipeline": {"reference", "model", "ingest", "parse", "checks", "metrics"},
    "figures": {"reference", "model", "metrics"},
    "briefing": {"reference", "model", "metrics", "figures"},
    "store": {"reference", "model", "access", "ingest", "metrics"},
    "service": {"reference", "model", "access", "ingest", "pipeline", "metrics", "figures", "store"},
    "cli": {"reference", "model", "access", "pipeline", "metrics", "figures", "briefing", "store", "service"},
    "__main__": {"cli"},
    "__init__": {"model", "pipeline"},
}
# what the screens may import of the core: never the store, the pipeline or the stages below it
SCREENS = {"reference", "model", "access", "metrics", "figures", "briefing", "service"}
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts)
SCREEN_FILES = sorted([*(ROOT / "pages").glob("*.py"), *(ROOT / "ui").glob("*.py"), ROOT / "dashboard.py"])
CODE = [*MODULES, *SCREEN_FILES]


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
    assert {m for m in imported(path) if m.split(".")[1] != stage and m.split(".")[1] not in ALLOWED[stage]} == set()


def imported_text(text: str, folder: Path) -> set[str]:
    path = folder / "probe.py"
    path.write_text(text, encoding="utf-8")
    return imported(path)


def test_the_stage_rule_catches_a_lower_stage_importing_a_higher_one(tmp_path: Path) -> None:
    found = imported_text("def f():\n    from moral_metrics.store.storage import Store\n", tmp_path)
    assert found == {"moral_metrics.store.storage"}
    assert {m for m in found if m.split(".")[1] not in ALLOWED["ingest"]} == found  # an ingest module: wrong


@pytest.mark.parametrize("path", SCREEN_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_screens_reach_data_only_through_the_service_layer(path: Path) -> None:
    assert {m for m in imported(path) if m.split(".")[1] not in SCREENS} == set()


def test_the_screen_rule_catches_a_page_reading_the_store(tmp_path: Path) -> None:
    found = imported_text(
        "from moral_metrics.store.storage import Store\nfrom moral_metrics.pipeline import x\n", tmp_path
    )
    assert {m.split(".")[1] for m in found} - SCREENS == {"store", "pipeline"}


def private_imports(text: str) -> list[str]:
    """Names beginning with ``_`` imported from another module of ours."""
    found = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(("moral_metrics", "ui")):
            found += [f"{node.module}.{a.name}" for a in node.names if a.name.startswith("_")]
    return found


@pytest.mark.parametrize("path", CODE, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_imports_anothers_private_names(path: Path) -> None:
    assert private_imports(path.read_text(encoding="utf-8")) == []


def test_the_private_rule_catches_one() -> None:
    assert private_imports("from moral_metrics.checks.assessments import _column as column\n") == [
        "moral_metrics.checks.assessments._column"
    ]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def graph(paths: list[Path], extra: dict[str, set[str]] | None = None) -> dict[str, set[str]]:
    """Module -> the modules of ours it imports (a name imported from a package counts as its module)."""
    names = {module_name(p): p for p in paths}
    edges = {}
    for name, path in names.items():
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    found.add(full if full in names else node.module)
            elif isinstance(node, ast.Import):
                found |= {a.name for a in node.names}
        edges[name] = {m for m in found if m in names and m != name}
    return edges | (extra or {})


def reachable(edges: dict[str, set[str]], start: str) -> set[str]:
    seen, todo = set(), list(edges.get(start, ()))
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo += edges.get(node, ())
    return seen


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The groups of two or more modules that import each other, directly or through others."""
    reach = {node: reachable(edges, node) for node in edges}
    groups = {tuple(sorted({n} | {m for m in reach[n] if n in reach.get(m, ())})) for n in edges if n in reach[n]}
    return sorted(list(g) for g in groups if len(g) > 1)


def test_no_import_cycle_counting_imports_inside_functions() -> None:
    assert cycles(graph([*MODULES, *(ROOT / "ui").glob("*.py")])) == []


def test_the_cycle_rule_catches_one_hidden_in_a_function() -> None:
    edges = graph(MODULES, {"moral_metrics.reference.settings": {"moral_metrics.reference.i18n"}})
    assert any({"moral_metrics.reference.i18n", "moral_metrics.reference.settings"} <= set(g) for g in cycles(edges))


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


VIEWER_PAGES = ["overview", "province", "compare", "completeness", "fame", "calendar"]


@pytest.mark.slow
def test_no_viewer_page_loads_python_pptx(tmp_path: Path) -> None:
    """Only the export page (and the Data page, for editors) make decks; every page a viewer opens
    starts without python-pptx or kaleido."""
    script = (
        "import sys\n"
        "from streamlit.testing.v1 import AppTest\n"
        "page = sys.argv[1]\n"
        "at = AppTest.from_file('dashboard.py', default_timeout=120).run()\n"
        "if page != 'overview':\n"
        "    at.switch_page(f'pages/{page}.py').run()\n"
        "assert not at.exception, at.exception\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pptx', 'kaleido')))\n"
    )
    for page in VIEWER_PAGES:
        env = {"MORAL_METRICS_DATABASE_URL": f"sqlite:///{tmp_path / 'pages.db'}", "PATH": "/usr/bin:/bin"}
        done = subprocess.run(
            [sys.executable, "-c", script, page], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, (page, done.stderr[-2000:])
        assert done.stdout.strip().splitlines()[-1] == "[]", page
