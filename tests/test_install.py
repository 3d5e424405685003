"""Install cqbudget the ways people do, then use it from an empty directory.

* `pip wheel` builds a wheel from the tree (what `pip install .` does) and `uv build` an
  sdist and a wheel from that sdist; both wheels hold every file of cqbudget_db/, with the
  repository's document, questions.yaml and metadata.yml in place of the links to them.
* A fresh virtual environment gets the tree's wheel with pip.  From an empty directory,
  with its own XDG_DATA_HOME and LLM_USER_PATH, it runs `cqbudget ask --json`,
  `cqbudget info`, `cqbudget serve` and plain `datasette` (over HTTP: a canned query,
  /-/ask.json, a page with 亿元 amounts, a static file) and `llm -m cqbudget`.
* `pipx install` and `uv tool install` of the checkout; `llm install` of the sdist's wheel
  into an environment that has only llm, then `llm install -e` of the checkout.

The four installs run in parallel from pip's and uv's caches (PyPI is asked only for what
they lack); the module takes about a minute.  CQBUDGET_SKIP_INSTALL_TESTS=1 skips it
locally; .ci/run runs it.
"""

import contextlib
import hashlib
import json
import os
import pathlib
import subprocess
import sys
import tarfile
import time
import urllib.parse
import urllib.request
import zipfile
from concurrent.futures import ThreadPoolExecutor

import pytest

from cqbudget_db import __version__
from cqbudget_db.serve import free_port

ROOT = pathlib.Path(__file__).resolve().parent.parent
QUESTION = "哪些专项超过10亿元？"
OVER_30_YI = ["城市提升专项", "社会救助专项", "医疗保障人群补助专项"]
LINKED = {"cqbudget_db/data/chongqing-2024-key-funds-performance.txt": "data/chongqing-2024-key-funds-performance.txt",
          "cqbudget_db/data/questions.yaml": "evaluation/questions.yaml",
          "cqbudget_db/web/metadata.yml": "metadata.yml"}
ENTRY_POINTS = """[console_scripts]
cqbudget = cqbudget_db.cli:cli

[datasette]
cqbudget = cqbudget_db.web

[llm]
cqbudget = cqbudget_db.llm_plugin
"""

pytestmark = [pytest.mark.install,
              pytest.mark.skipif(os.environ.get("CQBUDGET_SKIP_INSTALL_TESTS") == "1",
                                 reason="CQBUDGET_SKIP_INSTALL_TESTS=1")]


def sh(*args, check=True, **kwargs):
    """Run a command; on failure, an assertion showing the end of its output."""
    done = subprocess.run([str(arg) for arg in args], capture_output=True, text=True, timeout=600, **kwargs)
    if check and done.returncode != 0:
        raise AssertionError(f"{' '.join(map(str, args))} exited {done.returncode}\n"
                             f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return done


def clean_env(home, **extra):
    """os.environ without the test environment's venv, database, keys; user dirs under home."""
    dropped = {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "CQBUDGET_DB", "CQBUDGET_FALLBACK_MODEL",
               "LLM_USER_PATH", "OPENAI_API_KEY", "ANTHROPIC_API_KEY"}
    env = {name: value for name, value in os.environ.items() if name not in dropped}
    env.update(XDG_DATA_HOME=str(home / "xdg"), LLM_USER_PATH=str(home / "llm"), **extra)
    return env


def venv(path, *requirements):
    sh(sys.executable, "-m", "venv", path)
    sh(path / "bin" / "python", "-m", "pip", "install", "-q", *requirements)
    return path / "bin"


@pytest.fixture(scope="module")
def work(tmp_path_factory):
    return tmp_path_factory.mktemp("install")


@pytest.fixture(scope="module")
def tools(work):
    """A virtual environment with uv and pipx."""
    return venv(work / "tools", "uv", "pipx")


@pytest.fixture(scope="module")
def dists(work, tools):
    """The wheel built from the tree, the sdist, and the wheel built from the sdist."""
    sh(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", work / "tree", ROOT)
    sh(tools / "uv", "build", "-q", "--python", sys.executable, "-o", work / "sdist", ROOT,
       env=clean_env(work, UV_PYTHON_DOWNLOADS="never"))
    [tree_wheel] = (work / "tree").glob("*.whl")
    [sdist] = (work / "sdist").glob("*.tar.gz")
    [sdist_wheel] = (work / "sdist").glob("*.whl")
    return {"tree": tree_wheel, "sdist": sdist, "sdist_wheel": sdist_wheel}


@pytest.fixture(scope="module")
def installed(work, tools, dists):
    """Where each install put the commands: {"wheel", "llm", "pipx", "uv"} → bin directory."""
    def wheel():
        return venv(work / "wheel", dists["tree"])

    def llm():
        bin_dir = venv(work / "llm", "llm")
        sh(bin_dir / "llm", "install", dists["sdist_wheel"], env=clean_env(work))
        return bin_dir

    def pipx():
        sh(tools / "pipx", "install", ROOT, env=clean_env(
            work, PIPX_HOME=str(work / "pipx"), PIPX_BIN_DIR=str(work / "pipx-bin"),
            PIPX_MAN_DIR=str(work / "pipx-man")))
        return work / "pipx-bin"

    def uv():
        sh(tools / "uv", "tool", "install", "-q", "--python", sys.executable, ROOT, env=clean_env(
            work, UV_TOOL_DIR=str(work / "uv-tools"), UV_TOOL_BIN_DIR=str(work / "uv-bin"),
            UV_PYTHON_DOWNLOADS="never"))
        return work / "uv-bin"

    jobs = {"wheel": wheel, "llm": llm, "pipx": pipx, "uv": uv}
    with ThreadPoolExecutor(len(jobs)) as pool:
        futures = {name: pool.submit(job) for name, job in jobs.items()}
    return {name: future.result() for name, future in futures.items()}


@pytest.fixture
def place(tmp_path):
    """An empty current directory and the environment to run installed commands in."""
    cwd = tmp_path / "empty"
    cwd.mkdir()
    return cwd, clean_env(tmp_path)


def run_in(place, *args, check=True):
    cwd, env = place
    return sh(*args, check=check, cwd=cwd, env=env)


def built_message(place):
    db = pathlib.Path(place[1]["XDG_DATA_HOME"]) / "cqbudget" / __version__ / "cqbudget.db"
    return f"Building {db} from the packaged document (first use) …\n"


def ask_json(place, bin_dir):
    done = run_in(place, bin_dir / "cqbudget", "ask", "--json", QUESTION)
    assert done.stderr == built_message(place)
    answer = json.loads(done.stdout)
    assert (answer["question"], answer["model"], len(answer["rows"])) == (QUESTION, "cqbudget", 14)
    assert list(place[0].iterdir()) == []


def module_file(place, bin_dir):
    return run_in(place, bin_dir / "python", "-c", "import cqbudget_db; print(cqbudget_db.__file__)").stdout.strip()


@contextlib.contextmanager
def served(place, *command):
    """Start a server command (given its --port); yield its base URL once it answers; stop it."""
    port = free_port()
    cwd, env = place
    process = subprocess.Popen([*map(str, command), "--port", str(port)], cwd=cwd, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, process.stdout.read()
            try:
                with urllib.request.urlopen(base + "/-/versions.json", timeout=2):
                    break
            except OSError:
                assert time.monotonic() < deadline, "the server did not answer within 60 s"
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.communicate(timeout=30)


def fetch(base, path, **params):
    url = base + path + ("?" + urllib.parse.urlencode(params) if params else "")
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, response.read().decode("utf-8")


def check_site(base):
    """A canned query (from the packaged metadata), /-/ask.json, amounts in 亿元, a static file."""
    status, body = fetch(base, "/cqbudget/funds_over_yi.json", yi="30", _shape="array")
    assert (status, [row["name"] for row in json.loads(body)]) == (200, OVER_30_YI)
    status, body = fetch(base, "/-/ask.json", q=QUESTION)
    assert (status, len(json.loads(body)["rows"])) == (200, 14)
    status, body = fetch(base, "/cqbudget/funds")
    assert status == 200 and "(36.94 亿元)" in body  # written by cqbudget_db.amounts
    assert fetch(base, "/-/static-plugins/cqbudget/vega.min.js")[0] == 200


# ----------------------------------------------------------------------------- what ships

def test_both_wheels_carry_the_package_and_its_files(dists):
    listed = sh("git", "ls-files", "--cached", "--others", "--exclude-standard", "cqbudget_db", cwd=ROOT)
    expected = set(listed.stdout.split())
    with zipfile.ZipFile(dists["tree"]) as tree, zipfile.ZipFile(dists["sdist_wheel"]) as from_sdist:
        assert sorted(tree.namelist()) == sorted(from_sdist.namelist())
        assert {name for name in tree.namelist() if not name.startswith("cqbudget-")} == expected
        for name, source in LINKED.items():
            assert tree.read(name) == from_sdist.read(name) == (ROOT / source).read_bytes(), name
        assert tree.read(f"cqbudget-{__version__}.dist-info/entry_points.txt").decode() == ENTRY_POINTS


def test_the_sdist_keeps_the_links_and_their_targets(dists):
    with tarfile.open(dists["sdist"]) as sdist:
        top = f"cqbudget-{__version__}"
        for name, source in LINKED.items():
            link = sdist.getmember(f"{top}/{name}")
            assert link.issym() and link.linkname == os.path.relpath(source, os.path.dirname(name)), name
            assert sdist.getmember(f"{top}/{source}").isfile(), source


# ----------------------------------------------------------------------------- a wheel in a fresh environment

def test_the_wheel_answers_from_an_empty_directory(installed, place):
    bin_dir = installed["wheel"]
    ask_json(place, bin_dir)
    assert module_file(place, bin_dir).startswith(str(bin_dir.parent / "lib"))
    sha256 = hashlib.sha256((ROOT / "data" / "chongqing-2024-key-funds-performance.txt").read_bytes()).hexdigest()
    info = run_in(place, bin_dir / "cqbudget", "info").stdout.splitlines()
    assert (info[0], info[3], info[-1]) == (f"cqbudget {__version__}", f"sha256:    {sha256} (the packaged document)",
                                            "checks:    499 of 499 passed")
    version = run_in(place, bin_dir / "python", "-m", "cqbudget_db", "--version")
    assert version.stdout == f"cqbudget, version {__version__}\n"


def test_cqbudget_serve_from_the_wheel(installed, place):
    with served(place, installed["wheel"] / "cqbudget", "serve") as base:
        check_site(base)
    assert list(place[0].iterdir()) == []


def test_plain_datasette_gets_the_plugin_from_the_entry_point(installed, place):
    bin_dir = installed["wheel"]
    run_in(place, bin_dir / "cqbudget", "build")
    with served(place, bin_dir / "datasette", "serve", "-i", "cqbudget.db") as base:
        check_site(base)
        status, home = fetch(base, "/")
        assert status == 200 and "<title>重庆市 2024 年市级重点专项预算绩效 · 数据浏览: cqbudget</title>" in home


def test_llm_with_the_wheel(installed, place):
    bin_dir = installed["wheel"]
    done = run_in(place, bin_dir / "llm", "-m", "cqbudget", "哪些专项超过30亿元？")
    assert done.stderr == built_message(place)
    assert all(name in done.stdout for name in OVER_30_YI)


def test_a_bad_database_is_one_line_and_exit_1(installed, place):
    bin_dir = installed["wheel"]
    (place[0] / "bad.db").write_text("not a database")
    message = "bad.db: is not an SQLite database (not a cqbudget database)"
    done = run_in(place, bin_dir / "cqbudget", "ask", "--db", "bad.db", QUESTION, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (1, "", f"Error: {message}\n")
    done = run_in(place, bin_dir / "llm", "-m", "cqbudget", "-o", "db", "bad.db", QUESTION, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (1, "", f"Error: cqbudget: {message}\n")
    assert (place[0] / "bad.db").read_text() == "not a database"


# ----------------------------------------------------------------------------- pipx, uv tool, llm install

def test_pipx_install_from_the_checkout(installed, place, work):
    ask_json(place, installed["pipx"])
    assert module_file(place, work / "pipx" / "venvs" / "cqbudget" / "bin").startswith(str(work / "pipx"))


def test_uv_tool_install_from_the_checkout(installed, place, work):
    ask_json(place, installed["uv"])
    assert module_file(place, work / "uv-tools" / "cqbudget" / "bin").startswith(str(work / "uv-tools"))


def test_llm_install_of_the_wheel_then_of_the_checkout(installed, place):
    bin_dir = installed["llm"]
    plugins = json.loads(run_in(place, bin_dir / "llm", "plugins").stdout)
    assert {"name": "cqbudget", "hooks": ["register_models", "register_tools"], "version": __version__} in plugins
    done = run_in(place, bin_dir / "llm", "-m", "cqbudget", "哪些专项超过30亿元？")
    assert all(name in done.stdout for name in OVER_30_YI)
    assert module_file(place, bin_dir).startswith(str(bin_dir.parent / "lib"))

    run_in(place, bin_dir / "llm", "install", "-e", ROOT)
    assert module_file(place, bin_dir) == str(ROOT / "cqbudget_db" / "__init__.py")
    done = run_in(place, bin_dir / "llm", "-m", "cqbudget", "哪些专项超过30亿元？")
    assert all(name in done.stdout for name in OVER_30_YI)
    assert list(place[0].iterdir()) == []
