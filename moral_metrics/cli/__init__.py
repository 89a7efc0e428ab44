"""Command line: ``python -m moral_metrics <command>``.

Exit codes: 0 done (warnings allowed; also "nothing changed"), 1 validation errors or a refused
action, 2 an unreadable file or bad usage.
"""

from __future__ import annotations

import argparse
import os
import sys

from moral_metrics.access.audit import configure
from moral_metrics.cli import store, tracker


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="python -m moral_metrics", description="Moral Metrics tracker tools")
    sub = root.add_subparsers(dest="command", required=True)
    tracker.add_commands(sub)
    store.add_commands(sub)
    return root


def main(argv: list[str] | None = None) -> int:
    configure()
    try:
        args = parser().parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad usage, 0 on --help
        return int(exc.code or 0)
    try:
        return int(args.run(args))
    except BrokenPipeError:  # `... | head` closed the pipe: stop quietly, as Unix tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing left to flush at exit
        return 0
