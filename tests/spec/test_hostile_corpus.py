"""The whole malformed-spec corpus, hostile specs included (nested loops, runaway repetitions and
recursions, catastrophic regexes), is collected in one pytest run that ends in seconds and stays far
under 1 GB: every file one clear collection error, none a hang."""

from __future__ import annotations

import json
import shutil
import sys

import pytest

from .test_spec_errors import BAD, CORPUS

# Runs pytest as its only child, so that RUSAGE_CHILDREN is the peak of that pytest process alone
# (this test process may have waited for other, larger children before).
MEASURED_RUN = """
import json, resource, subprocess, sys, time
started = time.perf_counter()
pytest = [sys.executable, "-m", "pytest", "specs", "-p", "no:cacheprovider"]
run = subprocess.run(pytest, capture_output=True, text=True)
seconds = time.perf_counter() - started
peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": seconds, "peak_mb": peak_kib / 1024, "ret": run.returncode, "out": run.stdout}))
"""


def test_the_corpus_is_collected_in_seconds_and_under_1_gb(pytester: pytest.Pytester) -> None:
    shutil.copytree(BAD, pytester.path / "specs")
    result = pytester.run(sys.executable, "-c", MEASURED_RUN, timeout=300)
    figures = json.loads(result.stdout.lines[-1])
    seconds, peak = figures["seconds"], figures["peak_mb"]
    print(f"\nhostile corpus: {len(CORPUS)} files, {seconds:.1f} s, peak RSS {peak:.0f} MB")

    assert figures["ret"] == pytest.ExitCode.INTERRUPTED, figures["out"]
    assert f"Interrupted: {len(CORPUS)} errors during collection" in figures["out"]
    assert "Traceback" not in figures["out"]
    assert seconds < 30  # about 5 s on two busy cores: the step budget and the 1 s deadline
    assert peak < 1024
