"""Compare two versions of the server under the same load, fairly on a noisy machine.

    git archive <commit> | (mkdir -p /tmp/before && tar -x -C /tmp/before)
    .venv/bin/python benchmarks/load_compare.py --before /tmp/before                 # vs this checkout
    .venv/bin/python benchmarks/load_compare.py --before /tmp/before --rounds 8 --endpoint canned

Starts both versions' servers (each from its own tree, on its own freshly built database)
side by side and, for every endpoint of load_datasette.py and concurrency 20 and 50,
sends short alternating bursts (--requests each, --rounds per version, the order
switching every round), so that a machine that slows down or speeds up affects both
alike.  Prints requests/s (median of the bursts) and p50/p95/p99 over all of them.
ask.json-unique gets the same never-repeated questions on both sides.
"""

import argparse
import asyncio
import contextlib
import importlib.util
import itertools
import pathlib
import statistics
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import load_datasette as load  # noqa: E402


def serve_module(tree):
    """cqbudget_db/serve.py of a source tree (its running_server starts that tree's code)."""
    spec = importlib.util.spec_from_file_location(f"serve_{abs(hash(str(tree)))}", tree / "cqbudget_db" / "serve.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def jobs(name, round_, requests):
    paths, expected = load.ENDPOINTS[name]
    if paths is None:  # the same fresh questions for both versions in this round
        source = (f"/-/ask.json?q=哪些专项超过{n / 100:g}亿元？" for n in itertools.count(round_ * requests + 1))
    else:
        source = itertools.cycle(paths)
    return ((name, path, expected) for path in source)


def compare(bases, endpoints, rounds, requests):
    for label, base in bases.items():  # warm up both
        for name in endpoints:
            asyncio.run(load._run(base, 5, 30, jobs(name, 10_000, 30), 30))
    for name in endpoints:
        for clients in (20, 50):
            runs = {label: [] for label in bases}
            for round_ in range(rounds):
                order = list(bases) if round_ % 2 == 0 else list(bases)[::-1]
                for label in order:
                    runs[label].append(asyncio.run(
                        load._run(bases[label], clients, requests, jobs(name, round_, requests), 30)))
            cells = []
            for label in bases:
                rps = statistics.median(len(results) / wall for results, wall in runs[label])
                merged = [r for results, _ in runs[label] for r in results]
                s = load.summarise(merged, sum(wall for _, wall in runs[label]), clients)
                cells.append(f"{label} {rps:7.1f} req/s p50 {s['p50_ms']:6.1f} p95 {s['p95_ms']:6.1f} "
                             f"p99 {s['p99_ms']:6.1f} errors {s['errors']}")
            print(f"{name:16} c={clients:<3} " + " | ".join(cells), flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", type=pathlib.Path, required=True, help="source tree of the old version")
    parser.add_argument("--after", type=pathlib.Path, default=HERE.parent, help="source tree of the new version")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--requests", type=int, default=300, help="requests per burst")
    parser.add_argument("--endpoint", action="append", choices=sorted(load.ENDPOINTS))
    args = parser.parse_args(argv)
    from cqbudget_db.build import DEFAULT_SOURCE, build

    trees = {"before": args.before.resolve(), "after": args.after.resolve()}
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        bases = {}
        for label, tree in trees.items():
            db = pathlib.Path(tmp) / label / "cqbudget.db"
            db.parent.mkdir()
            build(DEFAULT_SOURCE, db)
            bases[label] = stack.enter_context(serve_module(tree).running_server(db))
        compare(bases, args.endpoint or load.DEFAULT_ENDPOINTS, args.rounds, args.requests)


if __name__ == "__main__":
    main()
