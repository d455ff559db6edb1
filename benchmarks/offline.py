"""The offline path: harness time per `reference` conversation, and the plugin's start-up cost.

Generates 500 scenarios from the shipped specs (each scenario copied under new ids), then
- plays them in-process with the `reference` simulator and prints milliseconds per conversation;
- runs `pytest` on them and a bare `pytest` on 500 trivial tests, and prints the difference, with
  the conversations' own time taken off, as the plugin's start-up cost; and checks that litellm
  was not imported.

    python benchmarks/offline.py [--scenarios 500] [--runs 5]
"""

from __future__ import annotations

import argparse
import ast
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# A conftest in both projects: when (since the process was launched) collection ended, the last item
# ended, and the session's own end-of-run work (our reports) ended; and whether litellm was imported.
PROBE = """
import os, sys, time
import pytest

def since_launch():
    return time.time() - float(os.environ["BENCH_LAUNCHED"])

def pytest_collection_finish(session):
    session.config._bench = {"collected": since_launch()}

@pytest.hookimpl(wrapper=True)
def pytest_sessionfinish(session):
    marks = session.config._bench
    marks["tests done"] = since_launch()
    yield
    marks["reports done"] = since_launch()
    marks["litellm imported"] = "litellm" in sys.modules
    print("\\nBENCH", marks)
"""


def generate(project: Path, count: int) -> None:
    """`count` scenarios in spec files of 50, over the shipped catalogs; a bare project beside them."""
    generate_specs(project, count)
    (project / "conftest.py").write_text(PROBE)
    bare = project / "bare"
    bare.mkdir()
    (bare / "conftest.py").write_text(PROBE)
    (bare / "test_bare.py").write_text(
        "import pytest\n\n"
        f"@pytest.mark.parametrize('n', range({count}))\n"
        "def test_item(n):\n    assert n >= 0\n"
    )


def generate_specs(project: Path, count: int) -> None:
    """`count` scenarios in spec files of 50, copied from the shipped testbed under new ids (persuasion
    left out), over the shipped catalogs."""
    shutil.copytree(ROOT / "fixtures", project / "fixtures")
    (project / "specs").mkdir()
    sources = []
    for path in sorted((ROOT / "specs").glob("*.yaml")):
        spec = yaml.safe_load(path.read_text())
        for scenario in spec["scenarios"]:
            scenario.pop("persuasion", None)
            sources.append((path.stem, spec, scenario))
    files: dict[str, dict[str, Any]] = {}
    for index in range(count):
        category, spec, scenario = sources[index % len(sources)]
        name = f"{category}_{index // len(sources)}"
        body = files.setdefault(name, {k: v for k, v in spec.items() if k != "scenarios"} | {"scenarios": []})
        body["scenarios"].append({**scenario, "id": f"{scenario['id']}-{index}"})
    for name, body in files.items():
        (project / "specs" / f"{name}.yaml").write_text(
            yaml.safe_dump(body, sort_keys=False, allow_unicode=True)
        )


def in_process(project: Path) -> float:
    from pytest_salessim.conversation import play
    from pytest_salessim.simulators import resolve
    from pytest_salessim.spec import load_spec

    scenarios = [s for f in sorted((project / "specs").glob("*.yaml")) for s in load_spec(f, project)]
    reference = resolve("reference")
    for scenario in scenarios[:20]:
        play(scenario, reference, 0)  # warm up caches (templates, patterns)
    started = time.perf_counter()
    for index, scenario in enumerate(scenarios):
        play(scenario, reference, index)
    return (time.perf_counter() - started) / len(scenarios) * 1000


def pytest_env(cwd: Path) -> dict[str, str]:
    """The environment of a benchmarked pytest process (see `wall`), its launch time marked."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(cwd / "bytecode")
    env["BENCH_LAUNCHED"] = repr(time.time())
    return env


def wall(args: list[str], cwd: Path) -> dict[str, Any]:
    """One pytest process: its wall time and the probe's marks (seconds since launch).

    Python keeps the bytecode of what it imports (in a folder of the benchmark's own), as on any
    installation: pytest's modules were compiled when pip installed them, and ours must not be
    compiled anew each time only because this machine sets PYTHONDONTWRITEBYTECODE."""
    env = pytest_env(cwd)
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-m", "pytest", *args], cwd=cwd, env=env, capture_output=True, text=True
    )
    seconds = time.perf_counter() - started
    marks = ast.literal_eval(out.stdout.split("BENCH ", 1)[1].splitlines()[0])
    return {"wall": seconds, **marks, "tail": out.stdout.strip().splitlines()[-1]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scenarios", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    project = Path(tempfile.mkdtemp())
    generate(project, options.scenarios)

    per_conversation = in_process(project)
    print(
        f"{options.scenarios} generated scenarios, reference simulator, in-process: "
        f"{per_conversation:.2f} ms of harness time per conversation (spec loading excluded)"
    )

    quiet = ["-q", "--salessim-report", str(project / "reports")]
    wall(["specs", *quiet], project)  # bytecode compiled and kept
    wall(["bare", "-q", "-p", "no:salessim"], project)
    cold, ours, bare = [], [], []
    for _ in range(options.runs):  # interleaved, so that machine noise falls on all alike
        shutil.rmtree(project / ".pytest_cache")  # the first run: no spec file read before (spec/store.py)
        cold.append(wall(["specs", *quiet], project))
        ours.append(wall(["specs", *quiet], project))
        bare.append(wall(["bare", "-q", "-p", "no:salessim"], project))

    def median(runs: list[dict[str, Any]], key: str) -> float:
        return statistics.median(r[key] for r in runs)

    def phases(runs: list[dict[str, Any]]) -> tuple[float, float, float, float]:
        collected, done, reports = (median(runs, k) for k in ("collected", "tests done", "reports done"))
        return collected, done - collected, reports - done, median(runs, "wall") - reports

    conversations = options.scenarios * per_conversation / 1000
    (o_start, o_run, o_reports, o_exit), (b_start, b_run, b_reports, b_exit) = phases(ours), phases(bare)
    print(
        f"pytest on them: {median(ours, 'wall'):.2f} s; bare pytest on {options.scenarios} trivial tests: "
        f"{median(bare, 'wall'):.2f} s (medians of {options.runs}; {ours[-1]['tail']}; "
        f"litellm imported: {ours[-1]['litellm imported']})"
    )
    print(
        f"  start-up (launch to the first item: imports, options, loading and checking the specs): "
        f"{o_start:.2f} s, bare {b_start:.2f} s: +{o_start - b_start:.2f} s "
        f"(the first run, no spec file read before: {median(cold, 'collected'):.2f} s, "
        f"+{median(cold, 'collected') - b_start:.2f} s)"
    )
    per_item = (o_run - b_run - conversations) / options.scenarios * 1000
    print(
        f"  the items: {o_run:.2f} s, bare {b_run:.2f} s: +{o_run - b_run:.2f} s, of which the "
        f"conversations' own {conversations:.2f} s; the rest, {per_item:.2f} ms per item, is pytest's "
        f"item protocol with our checks and records"
    )
    print(
        f"  the reports (report.html, results.json, transcripts.jsonl): {o_reports:.2f} s; "
        f"exit {o_exit:.2f} s, bare {b_reports + b_exit:.2f} s"
    )
    print(
        f"  in all, over bare pytest with the conversations' own time taken off: "
        f"{median(ours, 'wall') - median(bare, 'wall') - conversations:.2f} s"
    )


if __name__ == "__main__":
    main()
