"""Command line: ``python -m moral_metrics check FILE`` and ``python -m moral_metrics template OUT``.

Exit codes of ``check``: 0 loaded (warnings allowed), 1 validation errors, 2 unreadable file or
bad usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from moral_metrics.i18n import LANGS, t
from moral_metrics.tracker import load_tracker_file

UNREADABLE = {"unreadable_file", "file_too_large"}


def _check(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        print(t("cli.no_file", args.lang, path=path), file=sys.stderr)
        return 2
    from moral_metrics.report import to_json, to_text

    result = load_tracker_file(path)
    if args.json:
        json.dump(to_json(result), sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        print(to_text(result, args.lang))
    if result.ok:
        return 0
    return 2 if any(m.code in UNREADABLE for m in result.errors) else 1


def _template(args: argparse.Namespace) -> int:
    from moral_metrics.writer import write_tracker

    write_tracker(args.out, lang=args.lang)
    print(t("cli.template_written", args.lang, path=args.out))
    return 0


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="python -m moral_metrics", description="Moral Metrics tracker tools")
    sub = root.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate a tracker workbook and print the report")
    check.add_argument("file")
    check.add_argument("--json", action="store_true", help="print one JSON object")
    check.add_argument("--lang", choices=LANGS, default="th")
    check.set_defaults(run=_check)
    template = sub.add_parser("template", help="write a blank tracker workbook")
    template.add_argument("out")
    template.add_argument("--lang", choices=LANGS, default="th")
    template.set_defaults(run=_template)
    return root


def main(argv: list[str] | None = None) -> int:
    try:
        args = parser().parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad usage, 0 on --help
        return int(exc.code or 0)
    return int(args.run(args))
