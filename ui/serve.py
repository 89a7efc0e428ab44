"""Start the dashboard with its process warmed: ``python -m ui.serve [streamlit run options]``.

``streamlit run dashboard.py`` imports the app's modules (pandas, SQLAlchemy, the domain package,
the figures) only when the first browser session runs a page, so the first visitor after a
server start waited about a second longer than every later one (issue 23). Here a thread
imports what the pages import while Streamlit's server starts, as a pre-forking server preloads
its application. Only imports: the database is first opened by a session, as before (two
threads must not create a fresh store's tables at once).
"""

from __future__ import annotations

import ast
import importlib
import logging
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# What a store's first opening imports besides the pages' own imports (migrations, the driver).
ALSO = ("alembic.command", "alembic.config", "moral_metrics.store.database")


def page_imports(root: Path = ROOT) -> list[str]:
    """Every module the router and the pages import, read from their source (not run)."""
    names: list[str] = []
    for path in [root / "dashboard.py", *sorted((root / "pages").glob("*.py"))]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.append(node.module)
            elif isinstance(node, ast.Import):
                names += [alias.name for alias in node.names]
    return list(dict.fromkeys(n for n in (*names, *ALSO) if n != "__future__"))


def warm() -> None:
    for name in page_imports():
        try:
            importlib.import_module(name)
        except ImportError:  # a module only some deployments have: the page says so when it runs
            logging.getLogger(__name__).warning("not preloaded: %s", name)


def main() -> int:
    sys.path.insert(0, str(ROOT))
    threading.Thread(target=warm, name="preload", daemon=True).start()
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", str(ROOT / "dashboard.py"), *sys.argv[1:]]
    return cli.main(prog_name="streamlit")


if __name__ == "__main__":
    sys.exit(main())
