"""Time full builds of the database: read, parse, check and write SQLite.

    .venv/bin/python benchmarks/bench_build.py [--runs N] [--source PATH]

Each run builds a fresh database in a temporary directory (so no run reuses
another's file) and the script prints min / median / max wall time in ms.
"""

import argparse
import pathlib
import statistics
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from cqbudget_db.build import DEFAULT_SOURCE, build  # noqa: E402


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="number of builds (default 20)")
    parser.add_argument("--source", type=pathlib.Path, default=DEFAULT_SOURCE,
                        help="the document (default: the project's copy in data/)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    timings = []
    with tempfile.TemporaryDirectory(prefix="cqbudget-bench-") as directory:
        for run in range(args.runs):
            output = pathlib.Path(directory) / f"run-{run}.db"
            start = time.perf_counter()
            result = build(args.source, output)
            timings.append((time.perf_counter() - start) * 1000)
            output.unlink()

    print(f"{args.runs} builds of {args.source.name} "
          f"({result['funds']} funds, {result['indicators']} indicators, {result['checks']} checks)")
    print(f"min {min(timings):.1f} ms  median {statistics.median(timings):.1f} ms  "
          f"max {max(timings):.1f} ms")


if __name__ == "__main__":
    main()
