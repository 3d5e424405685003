"""Concurrent load test for the Datasette server: bounded, loopback only, stops by itself.

    .venv/bin/python benchmarks/load_datasette.py                  # 20 clients x 400 requests
    .venv/bin/python benchmarks/load_datasette.py --clients 50 --requests 2000
    .venv/bin/python benchmarks/load_datasette.py --url http://127.0.0.1:8001   # a running server

Without --url it builds a database in a temporary directory (or uses --db),
starts `python -m cqbudget_db.serve` on a free loopback port and stops it at
the end.  Every client keeps one HTTP/1.1 connection and requests a mix of
pages, table/canned-query JSON, the ask endpoint and the dashboard; a
request is an error unless it has the expected status and, for JSON, parses.
Exits 1 if any request failed.
"""

import argparse
import http.client
import json
import pathlib
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

ROOT = pathlib.Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# (label, path, expected status); JSON is checked when the path has .json
MIX = [
    ("home", "/", 200),
    ("database", "/cqbudget", 200),
    ("table html", "/cqbudget/funds", 200),
    ("table json", "/cqbudget/funds.json?_shape=array&_size=max", 200),
    ("facets json", "/cqbudget/indicators.json?_facet=op&_size=5", 200),
    ("row html", "/cqbudget/funds/10", 200),
    ("canned json", "/cqbudget/funds_over_yi.json?yi=10&_shape=array", 200),
    ("canned json", "/cqbudget/department_funds.json?department=教委&_shape=array", 200),
    ("canned json", "/cqbudget/topic_search.json?q=教育&_shape=array", 200),
    ("canned json", "/cqbudget/topic_search.json?q=乡村振兴&_shape=array", 200),
    ("canned html", "/cqbudget/fund_card?fund=学生资助", 200),
    ("sql json", "/cqbudget.json?sql=select+department,count(*)+from+funds+group+by+1&_shape=array", 200),
    ("ask json", "/-/ask.json?q=哪些专项超过10亿元？", 200),
    ("ask json", "/-/ask.json?q=教委有几个专项？", 200),
    ("ask json 400", "/-/ask.json?q=", 400),
    ("ask html", "/-/ask?q=卫健委预算最大的专项是哪个？", 200),
    ("dashboard", "/-/dashboard", 200),
    ("dashboard json", "/-/dashboard.json?department=教委&min_yi=1", 200),
    ("static", "/-/static-plugins/cqbudget/cqbudget-dashboard.js", 200),
]


def _quote(path):
    return urllib.parse.quote(path, safe="/?=&+,()*:_.-%")


def run_load(base_url, clients=20, requests=400, timeout=30.0, mix=MIX):
    """Send `requests` requests from `clients` threads; returns a summary dict."""
    parsed = urllib.parse.urlsplit(base_url)
    lock = threading.Lock()
    counter = iter(range(requests))
    results = []  # (label, seconds, ok, detail)

    def worker(_):
        conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=timeout)
        try:
            while True:
                with lock:
                    index = next(counter, None)
                if index is None:
                    return
                label, path, expected = mix[index % len(mix)]
                started = time.perf_counter()
                ok, detail = True, ""
                try:
                    conn.request("GET", _quote(path), headers={"Accept-Encoding": "identity"})
                    response = conn.getresponse()
                    body = response.read()
                    if response.status != expected:
                        ok, detail = False, f"{path}: status {response.status}, expected {expected}"
                    elif ".json" in path:
                        json.loads(body)
                    elif not body:
                        ok, detail = False, f"{path}: empty body"
                except (OSError, http.client.HTTPException, ValueError) as error:
                    ok, detail = False, f"{path}: {type(error).__name__}: {error}"
                    conn.close()
                    conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=timeout)
                elapsed = time.perf_counter() - started
                with lock:
                    results.append((label, elapsed, ok, detail))
        finally:
            conn.close()

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        list(pool.map(worker, range(clients)))
    wall = time.perf_counter() - started
    latencies = sorted(r[1] for r in results)
    errors = [r[3] for r in results if not r[2]]
    by_label = {}
    for label, elapsed, _, _ in results:
        by_label.setdefault(label, []).append(elapsed)
    return {
        "base_url": base_url, "clients": clients, "requests": len(results), "errors": len(errors),
        "error_samples": errors[:10], "seconds": round(wall, 3),
        "requests_per_second": round(len(results) / wall, 1) if wall else None,
        "p50_ms": round(1000 * statistics.median(latencies), 1) if latencies else None,
        "p95_ms": round(1000 * latencies[int(0.95 * (len(latencies) - 1))], 1) if latencies else None,
        "max_ms": round(1000 * latencies[-1], 1) if latencies else None,
        "p50_ms_by_kind": {label: round(1000 * statistics.median(times), 1)
                           for label, times in sorted(by_label.items())},
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a running server (default: start one)")
    parser.add_argument("--db", help="database to serve (default: build one in a temporary directory)")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = parser.parse_args(argv)
    if args.clients < 1 or args.requests < 1 or args.requests > 100_000:
        parser.error("--clients must be >= 1 and --requests between 1 and 100000")

    if args.url:
        summary = run_load(args.url, args.clients, args.requests)
    else:
        from cqbudget_db.build import DEFAULT_SOURCE, build
        from cqbudget_db.serve import running_server

        with tempfile.TemporaryDirectory() as tmp:
            db = pathlib.Path(args.db) if args.db else pathlib.Path(tmp) / "cqbudget.db"
            if not args.db:
                build(DEFAULT_SOURCE, db)
            with running_server(db, log_path=pathlib.Path(tmp) / "server.log") as base:
                run_load(base, clients=2, requests=len(MIX))  # warm up
                summary = run_load(base, args.clients, args.requests)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        print(f"{summary['requests']} requests from {summary['clients']} concurrent clients "
              f"in {summary['seconds']} s: {summary['requests_per_second']} req/s, "
              f"p50 {summary['p50_ms']} ms, p95 {summary['p95_ms']} ms, max {summary['max_ms']} ms, "
              f"{summary['errors']} errors")
        for label, ms in summary["p50_ms_by_kind"].items():
            print(f"  {label:16} p50 {ms} ms")
        for sample in summary["error_samples"]:
            print("  error:", sample)
    return 1 if summary["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
