"""Large offline runs: wall time, peak memory, report size and the report's first paint, by run size.

Generates N scenarios by copying the shipped testbed under new ids (as benchmarks/offline.py does),
runs `pytest specs -k "not persuasion"` on them with the offline `reference` simulator, and prints,
for each N: the items, the wall time, the pytest process's peak RSS, the size of report.html (and of
the report folder beside it), and how long headless Chromium takes from launch to its first
screenshot of the report (an empty page's time shown apart). The growth of peak RSS per item between
the smallest and the largest run is the figure to watch (target: at most 20 KB).

    python benchmarks/large_runs.py [--sizes 1000,5000,20000] [--no-screenshot] [--keep DIR]

The plugin measured is the one Python imports: PYTHONPATH=/path/to/another/checkout measures that.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CHROMIUM = Path("/usr/bin/chromium")

from benchmarks.offline import generate_specs  # noqa: E402 - the same scenarios as the offline benchmark


def generate(project: Path, count: int) -> None:
    """`count` scenarios in spec files of 50, over the shipped catalogs (persuasion left out)."""
    generate_specs(project, count)
    (project / "pytest.ini").write_text("[pytest]\n")


def run(project: Path) -> dict[str, Any]:
    """One pytest process: wall time and peak RSS (of that process alone), and its last line."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env["LITELLM_OFFLINE_MODE"] = "true"
    out = tempfile.TemporaryFile("w+")  # noqa: SIM115 - read back after os.wait4, closed below
    started = time.perf_counter()
    command = [sys.executable, "-m", "pytest", "specs", "-q", "-p", "no:cacheprovider", "-p", "no:randomly"]
    command += ["-k", "not persuasion", "--salessim-report", "reports"]
    proc = subprocess.Popen(command, cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT, text=True)
    _, status, usage = os.wait4(proc.pid, 0)  # this child's own usage, not the children's maximum
    wall = time.perf_counter() - started
    out.seek(0)
    text = out.read()
    out.close()
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"pytest failed:\n{text[-4000:]}")
    return {"wall": wall, "peak_mb": usage.ru_maxrss / 1024, "tail": text.strip().splitlines()[-1]}


def first_screenshot(page: Path, scratch: Path) -> float:
    """Seconds from launching headless Chromium on the page to its screenshot being written."""
    profile = tempfile.mkdtemp(prefix="chromium-profile-", dir=scratch)
    shot = scratch / f"{page.parent.parent.name}.png"  # items-20000.png, empty.png
    shot.unlink(missing_ok=True)
    command = [
        str(CHROMIUM),
        *("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"),
        *("--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}"),
        *(f"--screenshot={shot}", "--window-size=1280,1600", page.as_uri()),
    ]
    started = time.perf_counter()
    subprocess.run(command, capture_output=True, timeout=600, check=True)
    seconds = time.perf_counter() - started
    if not shot.is_file():
        raise SystemExit(f"Chromium wrote no screenshot of {page}")
    return seconds


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,5000,20000")
    parser.add_argument("--no-screenshot", action="store_true")
    parser.add_argument("--keep", type=Path, help="keep the projects (and screenshots) under this folder")
    options = parser.parse_args()
    sizes = [int(s) for s in options.sizes.split(",")]
    scratch = options.keep or Path(tempfile.mkdtemp(prefix="salessim-large-"))
    scratch.mkdir(parents=True, exist_ok=True)
    shots = options.no_screenshot or not CHROMIUM.exists()
    plugin = subprocess.run(
        [sys.executable, "-c", "import pytest_salessim; print(pytest_salessim.__file__)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    print(f"plugin: {plugin}")
    empty = scratch / "empty" / "reports" / "report.html"
    empty.parent.mkdir(parents=True, exist_ok=True)
    empty.write_text("<!DOCTYPE html><title>empty</title><p>empty</p>")
    blank = None if shots else first_screenshot(empty, scratch)
    rows = []
    for size in sizes:
        project = scratch / f"items-{size}"
        shutil.rmtree(project, ignore_errors=True)
        generate(project, size)
        result = run(project)
        page = project / "reports" / "report.html"
        shot = None if shots else first_screenshot(page, scratch)
        rows.append(
            {
                "items": size,
                **result,
                "html_mb": page.stat().st_size / 1e6,
                "folder_mb": folder_mb(project / "reports"),
                "shot": shot,
            }
        )
        if not options.keep:
            shutil.rmtree(project / "specs")
        print(f"  {size:,} items: {result['tail']}", flush=True)
    print()
    print("| items | wall | peak RSS | report.html | report folder | first screenshot |")
    print("|---|---|---|---|---|---|")
    for row in rows:
        shot = "–" if row["shot"] is None else f"{row['shot']:.1f} s"
        sizes = f"{row['html_mb']:.1f} MB | {row['folder_mb']:.1f} MB"
        print(f"| {row['items']:,} | {row['wall']:.1f} s | {row['peak_mb']:,.0f} MB | {sizes} | {shot} |")
    if blank is not None:
        print(f"(headless Chromium's first screenshot of an empty page: {blank:.1f} s)")
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        growth = (last["peak_mb"] - first["peak_mb"]) * 1024 / (last["items"] - first["items"])
        per_item = [f"{r['html_mb'] * 1e3 / r['items']:.1f} KB" for r in rows]
        print(f"peak RSS growth per item from {first['items']:,} to {last['items']:,} items: {growth:.1f} KB")
        print(f"report.html per item: {', '.join(per_item)}")
    print(f"screenshots and projects: {scratch}")


if __name__ == "__main__":
    main()
