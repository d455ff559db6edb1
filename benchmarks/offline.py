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
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PROBE = (
    "import sys\n\n"
    "def pytest_sessionfinish(session):\n"
    "    print('\\nlitellm imported:', 'litellm' in sys.modules)\n"
)


def generate(project: Path, count: int) -> None:
    """`count` scenarios in spec files of 50, over the shipped catalogs."""
    shutil.copytree(ROOT / "fixtures", project / "fixtures")
    (project / "specs").mkdir()
    sources = []
    for path in sorted((ROOT / "specs").glob("*.yaml")):
        spec = yaml.safe_load(path.read_text())
        for scenario in spec["scenarios"]:
            scenario.pop("persuasion", None)
            sources.append((path.stem, spec, scenario))
    files: dict[str, dict] = {}
    for index in range(count):
        category, spec, scenario = sources[index % len(sources)]
        name = f"{category}_{index // len(sources)}"
        body = files.setdefault(name, {k: v for k, v in spec.items() if k != "scenarios"} | {"scenarios": []})
        body["scenarios"].append({**scenario, "id": f"{scenario['id']}-{index}"})
    for name, body in files.items():
        (project / "specs" / f"{name}.yaml").write_text(
            yaml.safe_dump(body, sort_keys=False, allow_unicode=True)
        )
    (project / "conftest.py").write_text(PROBE)
    bare = project / "bare"
    bare.mkdir()
    (bare / "test_bare.py").write_text(
        "import pytest\n\n"
        f"@pytest.mark.parametrize('n', range({count}))\n"
        "def test_item(n):\n    assert n >= 0\n"
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


def wall(args: list[str], cwd: Path) -> tuple[float, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-m", "pytest", *args], cwd=cwd, env=env, capture_output=True, text=True
    )
    return time.perf_counter() - started, out.stdout


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

    quiet = ["-q", "-p", "no:cacheprovider", "--salessim-report", str(project / "reports")]
    ours, bare = [], []
    stdout = ""
    for _ in range(options.runs):  # interleaved, so that machine noise falls on both alike
        seconds, stdout = wall(["specs", *quiet], project)
        ours.append(seconds)
        bare.append(wall(["bare", "-q", "-p", "no:cacheprovider", "-p", "no:salessim"], project)[0])
    plugin, baseline = statistics.median(ours), statistics.median(bare)
    conversations = options.scenarios * per_conversation / 1000
    print(
        f"pytest on them: {plugin:.2f} s (median of {options.runs}); "
        f"bare pytest, {options.scenarios} trivial "
        f"tests: {baseline:.2f} s"
    )
    print(
        f"  start-up over bare pytest, conversations' own {conversations:.2f} s taken off: "
        f"{plugin - baseline - conversations:.2f} s (this includes loading and checking the specs and "
        f"writing the reports)"
    )
    summary = [line for line in stdout.splitlines() if "litellm imported" in line or " passed" in line]
    print("  " + "; ".join(summary))


if __name__ == "__main__":
    main()
