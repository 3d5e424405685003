"""Load test for the Datasette server: bounded, loopback only, stops by itself.

    .venv/bin/python benchmarks/load_datasette.py                     # every endpoint at 20 and 50 clients
    .venv/bin/python benchmarks/load_datasette.py --concurrency 20 --requests 2000
    .venv/bin/python benchmarks/load_datasette.py --endpoint ask.json --endpoint canned
    .venv/bin/python benchmarks/load_datasette.py --mix               # the old mixed run over every page
    .venv/bin/python benchmarks/load_datasette.py --url http://127.0.0.1:8001   # a running server

Without --url it builds a database in a temporary directory (or uses --db),
starts `python -m cqbudget_db.serve` on a free loopback port and stops it at
the end.  For each endpoint and each concurrency it sends --requests requests
from that many keep-alive HTTP/1.1 connections (asyncio, one process) and
prints requests/s and p50/p95/p99 latency.  A request is an error unless it
has the expected status and, for JSON, parses.  Exits 1 if any request failed.

The client shares the machine with the server, so the figures are for
comparing endpoints and versions on one machine, not absolute capacity.
"""

import argparse
import asyncio
import itertools
import json
import pathlib
import statistics
import sys
import tempfile
import time
import urllib.parse

ROOT = pathlib.Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

ASK_QUESTIONS = ["哪些专项超过10亿元？", "教委有几个专项？", "卫健委预算最大的专项是哪个？", "各部门预算合计排名",
                 "学生资助专项的联系人是谁？", "补助区县占比最高的5个专项", "Which funds exceed 1 billion yuan?",
                 "Top 5 funds by district subsidies"]

# name: (paths taken in turn, expected status)
ENDPOINTS = {
    "home": (["/"], 200),
    "funds.json": (["/cqbudget/funds.json"], 200),
    "canned": (["/cqbudget/funds_over_yi.json?yi=10&_shape=array"], 200),
    "ask.json": (["/-/ask.json?q=" + q for q in ASK_QUESTIONS], 200),
    # every question different (so no answer can be reused): 哪些专项超过 0.01, 0.02, … 亿元
    "ask.json-unique": (None, 200),
    # every question a different one of the evaluation questions the engine answers (passing.json)
    "ask.json-eval": ("eval", 200),
}
DEFAULT_ENDPOINTS = ["home", "funds.json", "canned", "ask.json", "ask.json-unique", "ask.json-eval"]

# The mixed run: (label, path, expected status); JSON is checked when the path has .json
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


def unique_questions():
    for n in itertools.count(1):
        yield f"/-/ask.json?q=哪些专项超过{n / 100:g}亿元？"


def evaluation_questions():
    """The answered questions of the evaluation files, each once (then again from the start)."""
    import yaml

    passing = json.loads((ROOT / "evaluation" / "passing.json").read_text(encoding="utf-8"))
    asked = []
    for path in sorted((ROOT / "evaluation").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        good = set(passing.get(path.name, []))
        asked += [q["question"] for q in data.get("questions", []) if q["id"] in good and "sql" in q]
    return itertools.cycle("/-/ask.json?q=" + urllib.parse.quote(q) for q in dict.fromkeys(asked))


class Connection:
    """One keep-alive HTTP/1.1 connection: GET a path, return (status, body)."""

    def __init__(self, host, port, timeout):
        self.host, self.port, self.timeout = host, port, timeout
        self.reader = self.writer = None

    async def get(self, path):
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        request = (f"GET {_quote(path)} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
                   f"Accept-Encoding: identity\r\n\r\n")
        self.writer.write(request.encode("ascii"))
        return await asyncio.wait_for(self._response(), self.timeout)

    async def _response(self):
        status = int((await self.reader.readline()).split()[1])
        headers = {}
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        if "content-length" in headers:
            body = await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding") == "chunked":
            body = b""
            while size := int((await self.reader.readline()).strip(), 16):
                body += await self.reader.readexactly(size)
                await self.reader.readline()
            await self.reader.readline()
        else:
            body = await self.reader.read()
            self.close()
        if headers.get("connection") == "close":
            self.close()
        return status, body

    def close(self):
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def _run(base_url, clients, requests, jobs, timeout):
    """Send `requests` requests from `clients` connections; jobs yields (label, path, expected)."""
    parsed = urllib.parse.urlsplit(base_url)
    results = []  # (label, seconds, ok, detail)
    remaining = iter(range(requests))

    async def worker():
        conn = Connection(parsed.hostname, parsed.port, timeout)
        try:
            for _ in remaining:
                label, path, expected = next(jobs)
                started = time.perf_counter()
                ok, detail = True, ""
                try:
                    status, body = await conn.get(path)
                    if status != expected:
                        ok, detail = False, f"{path}: status {status}, expected {expected}"
                    elif ".json" in path:
                        json.loads(body)
                    elif not body:
                        ok, detail = False, f"{path}: empty body"
                except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError,
                        IndexError) as error:
                    ok, detail = False, f"{path}: {type(error).__name__}: {error}"
                    conn.close()
                results.append((label, time.perf_counter() - started, ok, detail))
        finally:
            conn.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(clients)))
    return results, time.perf_counter() - started


def _percentile(sorted_values, fraction):
    return sorted_values[min(len(sorted_values) - 1, int(fraction * len(sorted_values)))]


def summarise(results, wall, clients):
    latencies = sorted(r[1] for r in results)
    errors = [r[3] for r in results if not r[2]]
    ms = lambda seconds: round(1000 * seconds, 1)  # noqa: E731
    return {
        "clients": clients, "requests": len(results), "errors": len(errors), "error_samples": errors[:10],
        "seconds": round(wall, 3), "requests_per_second": round(len(results) / wall, 1) if wall else None,
        "p50_ms": ms(statistics.median(latencies)) if latencies else None,
        "p95_ms": ms(_percentile(latencies, 0.95)) if latencies else None,
        "p99_ms": ms(_percentile(latencies, 0.99)) if latencies else None,
        "max_ms": ms(latencies[-1]) if latencies else None,
    }


def endpoint_jobs(name):
    paths, expected = ENDPOINTS[name]
    source = unique_questions() if paths is None else evaluation_questions() if paths == "eval" else \
        itertools.cycle(paths)
    return ((name, path, expected) for path in source)


def run_endpoint(base_url, name, clients=20, requests=1000, timeout=30.0):
    """Load one endpoint; returns the summary dict (requests/s, p50/p95/p99 ms, errors)."""
    results, wall = asyncio.run(_run(base_url, clients, requests, endpoint_jobs(name), timeout))
    return {"endpoint": name, **summarise(results, wall, clients)}


def run_load(base_url, clients=20, requests=400, timeout=30.0, mix=MIX):
    """The mixed run: every page of MIX in turn; the summary also has p50 per kind of page."""
    results, wall = asyncio.run(_run(base_url, clients, requests, itertools.cycle(mix), timeout))
    by_label = {}
    for label, elapsed, _, _ in results:
        by_label.setdefault(label, []).append(elapsed)
    return {"base_url": base_url, **summarise(results, wall, clients),
            "p50_ms_by_kind": {label: round(1000 * statistics.median(times), 1)
                               for label, times in sorted(by_label.items())}}


def format_table(rows):
    lines = [f"{'endpoint':16} {'clients':>7} {'requests':>8} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} "
             f"{'p99 ms':>8} {'errors':>6}"]
    for r in rows:
        lines.append(f"{r['endpoint']:16} {r['clients']:>7} {r['requests']:>8} {r['requests_per_second']:>8} "
                     f"{r['p50_ms']:>8} {r['p95_ms']:>8} {r['p99_ms']:>8} {r['errors']:>6}")
    return "\n".join(lines)


def measure(base, args):
    if args.mix:
        run_load(base, clients=2, requests=len(MIX))  # warm up
        return run_load(base, args.concurrency[0], args.requests)
    rows = []
    for name in args.endpoint or DEFAULT_ENDPOINTS:
        run_endpoint(base, name, clients=5, requests=50)  # warm up
        for clients in args.concurrency:
            rows.append(run_endpoint(base, name, clients=clients, requests=args.requests))
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a running server (default: start one)")
    parser.add_argument("--db", help="database to serve (default: build one in a temporary directory)")
    parser.add_argument("--concurrency", type=int, action="append",
                        help="concurrent connections (repeatable; default 20 and 50)")
    parser.add_argument("--requests", type=int, default=1000, help="requests per endpoint and concurrency")
    parser.add_argument("--endpoint", action="append", choices=sorted(ENDPOINTS),
                        help="only this endpoint (repeatable)")
    parser.add_argument("--mix", action="store_true", help="one mixed run over every kind of page instead")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    args.concurrency = args.concurrency or [20, 50]
    if min(args.concurrency) < 1 or not 1 <= args.requests <= 100_000:
        parser.error("--concurrency must be >= 1 and --requests between 1 and 100000")

    if args.url:
        figures = measure(args.url, args)
    else:
        from cqbudget_db.build import DEFAULT_SOURCE, build
        from cqbudget_db.serve import running_server

        with tempfile.TemporaryDirectory() as tmp:
            db = pathlib.Path(args.db) if args.db else pathlib.Path(tmp) / "cqbudget.db"
            if not args.db:
                build(DEFAULT_SOURCE, db)
            with running_server(db, log_path=pathlib.Path(tmp) / "server.log") as base:
                figures = measure(base, args)
    rows = [figures] if args.mix else figures
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=2))
    elif args.mix:
        print(f"{figures['requests']} mixed requests from {figures['clients']} concurrent clients in "
              f"{figures['seconds']} s: {figures['requests_per_second']} req/s, p50 {figures['p50_ms']} ms, "
              f"p95 {figures['p95_ms']} ms, p99 {figures['p99_ms']} ms, {figures['errors']} errors")
        for label, ms in figures["p50_ms_by_kind"].items():
            print(f"  {label:16} p50 {ms} ms")
    else:
        print(format_table(rows))
    for row in rows:
        for sample in row["error_samples"]:
            print("  error:", sample)
    return 1 if any(row["errors"] for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
