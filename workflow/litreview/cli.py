"""The `litreview` command: manage raw/ and its manifest, and audit a finished run.

litreview add PATH...     copy files into raw/ and register their SHA-256
litreview lock [PATH...]  re-record hashes after a deliberate change (all of raw/ by default)
litreview check           compare raw/ with its manifest (what every run does first)
litreview trace / verify  follow a table cell to its source bytes; check nothing was altered
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from litreview import manifest


def _raw_relative(root: Path, path: str) -> str:
    raw = (root / "raw").resolve()
    resolved = (Path.cwd() / path).resolve()
    try:
        return resolved.relative_to(raw).as_posix()
    except ValueError:
        raise manifest.ManifestError(
            f"{path} is not inside {raw}; use `litreview add {path}` to bring it in."
        ) from None


def cmd_add(args) -> int:
    added = manifest.add(args.root / "raw", args.paths)
    for name in added:
        print(f"registered raw/{name}")
    return 0


def cmd_lock(args) -> int:
    files = [_raw_relative(args.root, p) for p in args.paths] or None
    recorded = manifest.lock(args.root / "raw", files)
    print(f"recorded {len(files or recorded)} file(s) in raw/{manifest.MANIFEST_NAME}")
    return 0


def cmd_check(args) -> int:
    problems = manifest.check_raw(args.root / "raw")
    for problem in problems:
        print(problem.message, file=sys.stderr)
    if not problems:
        print(f"raw/ matches raw/{manifest.MANIFEST_NAME}")
    return 1 if problems else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="litreview", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--root", type=Path, default=Path("."), help="project directory (default: current)"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("add", help="copy files into raw/ and register them")
    p.add_argument("paths", nargs="+")
    p.set_defaults(func=cmd_add)
    p = sub.add_parser("lock", help="re-record the SHA-256 of raw files after a deliberate change")
    p.add_argument("paths", nargs="*", help="files in raw/ (default: all of raw/)")
    p.set_defaults(func=cmd_lock)
    p = sub.add_parser("check", help="compare raw/ with raw/MANIFEST.tsv")
    p.set_defaults(func=cmd_check)
    try:
        from litreview import audit
    except ImportError:
        audit = None
    if audit is not None and hasattr(audit, "register_commands"):
        audit.register_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    args.root = args.root.resolve()
    try:
        return args.func(args)
    except manifest.ManifestError as exc:
        print(f"litreview: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
