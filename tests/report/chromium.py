"""Headless Chromium (Debian's `chromium`, installed by .ci/run) loads a report as a reader's browser does."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="headless Chromium is not installed (/usr/bin/chromium; on Debian: apt-get install chromium)",
)


def chromium(url: str, scratch: Path, *args: str) -> str:
    """Run headless Chromium on a file:// URL with a fresh profile (under `scratch`), nothing calling out."""
    profile = tempfile.mkdtemp(prefix="chromium-profile-", dir=scratch)
    command = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        *args,
        url,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def dump_dom(page: Path, scratch: Path, fragment: str = "") -> str:
    """The DOM after the page's script ran (what it unpacks as it opens, too), serialised."""
    return chromium(page.as_uri() + fragment, scratch, "--dump-dom", "--virtual-time-budget=5000")


def screenshot(page: Path, scratch: Path, out: Path, size: str = "1280,2000") -> Path:
    chromium(page.as_uri(), scratch, f"--screenshot={out}", f"--window-size={size}")
    assert out.is_file() and out.stat().st_size > 10_000
    return out
