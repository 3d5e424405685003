"""Time the offline engine.

1. Cold start: `cqbudget ask --json` as a whole process, against
   `python -c "import llm"` on the same machine (median of N runs each).
2. In process: ask() over every answerable question of the evaluation sets
   (median milliseconds per question, vocabulary warm).
3. Hostile input: 40 questions of 500 characters of noise (each refused), median and max ms.

Usage: .venv/bin/python benchmarks/bench_ask.py [--runs 15]
"""

import argparse
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cqbudget_db.ask import ask  # noqa: E402
from cqbudget_db.build import build  # noqa: E402
from cqbudget_db.errors import CqbudgetError  # noqa: E402


def timed(command, runs):
    """Wall-clock seconds per run, after one warm-up run (which writes bytecode and the engine cache)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        times.append(time.perf_counter() - start)
    return times


def questions():
    import yaml

    asked = []
    for path in sorted((ROOT / "evaluation").glob("*.yaml")):
        if path.name.startswith("conversations") or path.name == "passing.json":
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        asked += [q["question"] for q in data["questions"] if q.get("expect") != "unanswerable"]
    return asked


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        db = pathlib.Path(directory) / "cqbudget.db"
        build(output=db)
        cqbudget = str(pathlib.Path(sys.executable).with_name("cqbudget"))
        ask_times, llm_times = [], []
        for _ in range(args.runs):   # interleaved, so both see the same machine load
            ask_times += timed([cqbudget, "ask", "--json", "哪些专项超过10亿元？", "--db", str(db)], 1)
            llm_times += timed([sys.executable, "-c", "import llm"], 1)
        ratio = statistics.median(ask_times) / statistics.median(llm_times)
        print(f"cold start, median of {args.runs}: cqbudget ask --json {statistics.median(ask_times) * 1000:.0f} ms; "
              f"python -c 'import llm' {statistics.median(llm_times) * 1000:.0f} ms (ratio {ratio:.2f})")
        asked = questions()
        ask(asked[0], db)  # load the vocabulary once
        per_question = seconds_each(asked, db)
        print(f"in process over {len(asked)} evaluation questions: median "
              f"{statistics.median(per_question) * 1000:.2f} ms, max {max(per_question) * 1000:.2f} ms")
        per_noise = seconds_each([noise_question(seed) for seed in range(40)], db)
        print(f"500-character questions of noise (document words, Latin letters, digits, punctuation): median "
              f"{statistics.median(per_noise) * 1000:.1f} ms, max {max(per_noise) * 1000:.1f} ms (refused)")


def seconds_each(asked, db):
    """Wall-clock seconds of ask() for each question; a refusal counts like an answer."""
    times = []
    for question in asked:
        start = time.perf_counter()
        try:
            ask(question, db)
        except CqbudgetError:
            pass
        times.append(time.perf_counter() - start)
    return times


NOISE = "的是专项预算教委补助区县市级支出哪些多少超过亿元指标核心联系人abcxyz0123456789，。？ "


def noise_question(seed, length=500):
    import random

    pick = random.Random(seed)
    return "".join(pick.choice(NOISE) for _ in range(length))


if __name__ == "__main__":
    main()
