"""Load one tracker once, for profiling: ``python -m cProfile -s cumtime bench/load_once.py FILE``."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from moral_metrics import load_tracker_file


def main(path: str) -> int:
    result = load_tracker_file(path)
    print(f"ok={result.ok} messages={len(result.messages)}", file=sys.stderr)
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
