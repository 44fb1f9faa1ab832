"""How long `litreview verify` takes on a built project (target: under 5 s on the seed corpus).

Run after `make run`:  .venv/bin/python workflow/benchmarks/bench_verify.py [PROJECT]
Prints the time of each of five runs, the best, and what was checked.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from litreview.audit import verify_report


def main(argv: list[str]) -> int:
    root = Path(argv[0] if argv else ".").resolve()
    if not (root / "results/provenance/manifest.json").is_file():
        print(f"{root}: no results/provenance/manifest.json; run `make run` first")
        return 2
    times = []
    for _ in range(5):
        started = time.perf_counter()
        report = verify_report(root)
        times.append(time.perf_counter() - started)
    problems = report.problems
    print(f"machine: {os.cpu_count()} cores")
    print("verify runs (s): " + ", ".join(f"{t:.3f}" for t in times))
    print(f"best {min(times):.3f} s (target < 5 s); {len(problems)} problems")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
