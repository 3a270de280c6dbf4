"""``python -m casebook.exports --root . --out _build/exports`` (``make exports``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from casebook.exports import ExportError, write_exports
from casebook.quiz.bank import BankError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m casebook.exports", description=(
        "Write the quiz banks as an Anki deck, a QTI 1.2 zip (Canvas) and Moodle XML."))
    parser.add_argument("--root", type=Path, default=Path("."),
                        help="the repository root (the folder with _toc.yml); default .")
    parser.add_argument("--out", type=Path, default=None,
                        help="output folder; default <root>/_build/exports")
    args = parser.parse_args(argv)
    out = args.out or args.root / "_build" / "exports"
    try:
        written = write_exports(args.root, out)
    except (ExportError, BankError) as exc:
        print(f"make exports failed: {exc}", file=sys.stderr)
        return 1
    for name, path in written.items():
        print(f"{name}: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
