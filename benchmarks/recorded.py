"""Grading recorded conversations: harness time per conversation over bare pytest, and peak memory.

Plays the shipped testbed once (`reference` and `weak`), then writes a transcripts.jsonl of N
recorded conversations (the testbed's 100 scenario conversations, repeated under distinct node ids)
and runs, in fresh processes,
- `pytest run.jsonl` (every conversation an item, graded by every check, reports written), and
- a bare `pytest` on N trivial tests (the conftest probe of benchmarks/offline.py in both),
and prints the difference per conversation (collection and items, then the reports) and each run's
peak resident memory; then the same at N/5, to show how memory grows with the log. Half the
conversations fail (`weak`'s): `--tb=no` in both runs, as printing failures is pytest's own work.

    python benchmarks/recorded.py [--conversations 10000] [--runs 3]
"""

from __future__ import annotations

import argparse
import ast
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.offline import PROBE, pytest_env  # noqa: E402 - the same probe and environment

MEMORY_PROBE = """
import resource

def pytest_unconfigure(config):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print("\\nPEAK_RSS_MB", round(peak / 1024, 1))
"""


def project(count: int) -> Path:
    """A project with the testbed, its played run, and a log of `count` recorded conversations."""
    path = Path(tempfile.mkdtemp())
    shutil.copytree(ROOT / "fixtures", path / "fixtures")
    shutil.copytree(ROOT / "specs", path / "specs", ignore=shutil.ignore_patterns("salessim"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "specs",
            "--model",
            "reference",
            "--model",
            "weak",
            "-q",
            "-p",
            "no:cacheprovider",
        ],
        cwd=path,
        capture_output=True,
        check=False,
    )
    played = [json.loads(line) for line in (path / "reports" / "transcripts.jsonl").read_text().splitlines()]
    scenario_lines = [line for line in played if line["kind"] == "scenario"]
    with (path / "run.jsonl").open("w", encoding="utf-8") as handle:
        for index in range(count):
            line = dict(scenario_lines[index % len(scenario_lines)])
            file, _, name = line["nodeid"].rpartition("::")
            line["nodeid"] = f"{file}::{name.replace(']', f'-{index}]')}"  # one item per conversation
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    for folder in (path, path / "bare"):
        folder.mkdir(exist_ok=True)
        (folder / "conftest.py").write_text(PROBE + MEMORY_PROBE)
    (path / "bare" / "test_bare.py").write_text(
        "import pytest\n\n"
        f"@pytest.mark.parametrize('n', range({count}))\n"
        "def test_item(n):\n    assert n >= 0\n"
    )
    return path


def launch(args: list[str], cwd: Path) -> dict[str, Any]:
    """One pytest process, as benchmarks/offline.py runs it: its wall time, the probe's marks (seconds
    since launch), its peak resident memory and its last lines."""
    env = pytest_env(cwd)
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-m", "pytest", *args], cwd=cwd, env=env, capture_output=True, text=True
    )
    seconds = time.perf_counter() - started
    marks = ast.literal_eval(out.stdout.split("BENCH ", 1)[1].splitlines()[0])
    peak = float(out.stdout.split("PEAK_RSS_MB ", 1)[1].split()[0])
    graded = next((line for line in out.stdout.splitlines() if "conversations graded" in line), "")
    return {
        "wall": seconds,
        **marks,
        "peak_mb": peak,
        "tail": next((x.strip(" =") for x in reversed(out.stdout.splitlines()) if " passed" in x), ""),
        "graded": graded,
    }


def figures(count: int, runs: int) -> dict[str, float]:
    path = project(count)
    # --tb=no in both: pytest printing half the items' failure messages is pytest's own work
    quiet = ["-q", "--tb=no", "-p", "no:cacheprovider"]
    ours_args = ["run.jsonl", *quiet, "--salessim-report", str(path / "out")]
    bare_args = ["bare", *quiet, "-p", "no:salessim"]
    launch(ours_args, path)  # bytecode compiled and kept
    launch(bare_args, path)
    ours, bare = [], []
    for _ in range(runs):  # interleaved, so that machine noise falls on both alike
        ours.append(launch(ours_args, path))
        bare.append(launch(bare_args, path))
    collected = launch([*ours_args, "--collect-only"], path)["peak_mb"]  # the log read, nothing graded
    bare_collected = launch([*bare_args, "--collect-only"], path)["peak_mb"]

    def median(found: list[dict[str, Any]], key: str) -> float:
        return statistics.median(r[key] for r in found)

    items = (median(ours, "tests done") - median(bare, "tests done")) / count * 1000
    reports = (median(ours, "reports done") - median(ours, "tests done")) / count * 1000
    total = (median(ours, "wall") - median(bare, "wall")) / count * 1000
    shutil.rmtree(path, ignore_errors=True)
    return {
        "items_ms": items,
        "reports_ms": reports,
        "total_ms": total,
        "peak_mb": median(ours, "peak_mb"),
        "bare_peak_mb": median(bare, "peak_mb"),
        "collected_mb": collected,
        "bare_collected_mb": bare_collected,
        "tail": ours[-1]["tail"],
        "summary": ours[-1]["graded"],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--conversations", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    small_count = options.conversations // 5
    big = figures(options.conversations, options.runs)

    def grown(more: float, fewer: float) -> str:
        return f"{(more - fewer) * 1024 / (options.conversations - small_count):.1f}"

    small = figures(small_count, options.runs)
    print(
        f"{options.conversations} recorded conversations (transcripts.jsonl), median of {options.runs} runs:"
    )
    print(f"  pytest: {big['tail']}")
    print(f"  {big['summary'].strip()}")
    print(
        f"  harness time per conversation over bare pytest's item: {big['items_ms']:.2f} ms "
        "(collection: reading, matching; the items: reading again, checks, records)"
    )
    print(f"  ... the reports (report.html, results.json, transcripts.jsonl): {big['reports_ms']:.2f} ms")
    print(f"  ... the whole run over bare pytest: {big['total_ms']:.2f} ms")
    print(
        f"  peak memory: {big['peak_mb']:.0f} MB for {options.conversations}, {small['peak_mb']:.0f} MB for "
        f"{small_count} (bare pytest: {big['bare_peak_mb']:.0f} MB and {small['bare_peak_mb']:.0f} MB); "
        f"{grown(big['peak_mb'], small['peak_mb'])} KB more per conversation, "
        f"bare pytest {grown(big['bare_peak_mb'], small['bare_peak_mb'])} KB"
    )
    print(
        f"  ... collected only (--collect-only: the log read, every item named and matched): "
        f"{big['collected_mb']:.0f} MB and {small['collected_mb']:.0f} MB, "
        f"{grown(big['collected_mb'], small['collected_mb'])} KB per conversation "
        f"(bare pytest {grown(big['bare_collected_mb'], small['bare_collected_mb'])} KB)"
    )


if __name__ == "__main__":
    main()
