"""Serve cqbudget.db with Datasette: immutable, with the cqbudget plugin and limits.

`cqbudget serve` runs the same thing as

    datasette -i cqbudget.db --setting sql_time_limit_ms 2000 --setting max_returned_rows 1000 \\
        --setting suggest_facets off

(the plugin, its metadata and its pages come from the package's entry point,
cqbudget_db.web) but always names the database "cqbudget" (the name the
metadata, the canned queries and the ask page's links use), whatever the file
is called.
"""

import contextlib
import pathlib
import socket
import subprocess
import sys
import time
import urllib.request

from .database import check_database
from .errors import CqbudgetError

DATABASE_NAME = "cqbudget"

SETTINGS = {
    "sql_time_limit_ms": 2000,   # any one SQL query, canned or typed in the editor
    "max_returned_rows": 1000,   # rows per query / JSON page
    "facet_time_limit_ms": 500,
    "default_page_size": 100,
    "suggest_facets": False,     # trying every column as a facet doubled the cost of a table page
}


def datasette_command(db_path, host="127.0.0.1", port=8001, open_browser=False, cors=False):
    """The equivalent plain `datasette` command line (for docs and --help)."""
    args = ["datasette", "serve", "-i", str(db_path), "--host", host, "--port", str(port)]
    for name, value in SETTINGS.items():
        args += ["--setting", name, ("on" if value else "off") if isinstance(value, bool) else str(value)]
    return args + (["--open"] if open_browser else []) + (["--cors"] if cors else [])


def make_datasette(db_path, settings=None, cors=False):
    """A configured Datasette instance serving db_path (immutable) as /cqbudget.

    cors: Datasette's --cors, so pages on other origins can read its JSON (tables, SQL,
    canned queries); the database is immutable, so nothing it opens up can write.
    DatabaseError when db_path is not a cqbudget database.
    """
    from datasette.app import Datasette
    from datasette.database import Database

    check_database(db_path)
    db_path = pathlib.Path(db_path).resolve()
    ds = Datasette(immutables=[str(db_path)], settings={**SETTINGS, **(settings or {})}, cors=cors)
    if db_path.stem != DATABASE_NAME:
        ds.remove_database(db_path.stem)
        ds.add_database(Database(ds, path=str(db_path), is_mutable=False), name=DATABASE_NAME)
    return ds


def serve(db_path, host="127.0.0.1", port=8001, open_browser=False, log_level="info", cors=False):
    """Run Datasette on db_path until interrupted."""
    import asyncio
    import webbrowser

    import uvicorn

    ds = make_datasette(db_path, cors=cors)
    asyncio.run(ds.invoke_startup())
    url = f"http://{host}:{port}/"
    print(f"cqbudget: serving {db_path} at {url}  (ask: {url}-/ask, dashboard: {url}-/dashboard, "
          f"MCP: {url}-/mcp{'; CORS on' if cors else ''})",
          file=sys.stderr, flush=True)
    if open_browser:
        webbrowser.open(url)
    uvicorn.run(ds.app(), host=host, port=port, log_level=log_level, lifespan="on", workers=1)


def free_port(host="127.0.0.1"):
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def running_server(db_path, host="127.0.0.1", port=None, log_path=None, timeout=30, cors=False):
    """Start `python -m cqbudget_db.serve` in a subprocess; yield its base URL; stop it after.

    Used by the browser tests and the load test.  The server's output goes to
    log_path (or nowhere).
    """
    port = port or free_port(host)
    log = open(log_path, "wb") if log_path else subprocess.DEVNULL
    process = subprocess.Popen(
        [sys.executable, "-m", "cqbudget_db.serve", str(db_path), "--host", host,
         "--port", str(port), "--log-level", "warning", *(["--cors"] if cors else [])],
        stdout=log, stderr=subprocess.STDOUT)
    base = f"http://{host}:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"Datasette exited with code {process.returncode} (log: {log_path})")
            try:
                with urllib.request.urlopen(base + "/-/versions.json", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"Datasette did not start within {timeout}s (log: {log_path})")
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if log_path:
            log.close()


def main(argv=None):
    import argparse

    parser = argparse.ArgumentParser(description="Serve a built cqbudget.db with Datasette")
    parser.add_argument("db_path")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--open", dest="open_browser", action="store_true")
    parser.add_argument("--log-level", default="info")
    parser.add_argument("--cors", action="store_true", help="Access-Control-Allow-Origin: * on the JSON")
    args = parser.parse_args(argv)
    try:
        serve(args.db_path, args.host, args.port, args.open_browser, args.log_level, cors=args.cors)
    except CqbudgetError as error:
        parser.exit(1, f"Error: {error}\n")


if __name__ == "__main__":
    main()
