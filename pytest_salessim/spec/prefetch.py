"""Spec files read ahead on a spare core, so that the first run of a large project starts sooner.

A run with nothing in the spec store yet (a fresh CI checkout, a folder of new or edited specs)
spends most of its start-up parsing YAML and checking it against the schema, file after file, while
pytest collects. `start` launches a helper process that walks the same paths from the other end and
keeps each valid document in the store (store.py), where collection then finds it. Nothing depends
on the helper: a file it has not reached is read by collection itself, a file both read costs only
the spare core, a file with a problem is left for collection to report, and `Helper.stop` ends it
when collection does.

It runs `main` on a request `{"store": DIR, "paths": [...], "skip": [...], "ignore": [...]}`.
"""

from __future__ import annotations

import fnmatch
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

SPEC_SUFFIXES = (".yaml", ".yml")


def spec_files(paths: list[Path], skip: list[str], ignore: list[str]) -> list[Path]:
    """The spec files under `paths` in the order pytest collects them: each folder's entries sorted
    by name, depth first, skipping folders that match `skip` (norecursedirs), virtualenvs and paths
    matching `ignore` (--ignore, --ignore-glob)."""
    from .yamldoc import is_spec_file

    found: list[Path] = []

    def ignored(path: Path) -> bool:
        return any(fnmatch.fnmatch(str(path), pattern) or path == Path(pattern) for pattern in ignore)

    def walk(folder: Path) -> None:
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError:
            return
        for entry in entries:
            path = Path(entry.path)
            if ignored(path):
                continue
            if entry.is_dir():
                venv = (path / "pyvenv.cfg").is_file()
                if not venv and not any(fnmatch.fnmatch(entry.name, pattern) for pattern in skip):
                    walk(path)
            elif path.suffix in SPEC_SUFFIXES and is_spec_file(path):
                found.append(path)

    for path in paths:
        if path.is_dir():
            walk(path)
        elif path.suffix in SPEC_SUFFIXES and path.is_file() and is_spec_file(path):
            found.append(path)
    return list(dict.fromkeys(found))


@dataclass
class Helper:
    """The helper process, while it runs."""

    process: subprocess.Popen[bytes]
    store: Path

    def stop(self) -> None:
        """End the helper (its work is in the store) and remove what it was half-way writing."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for partial in self.store.glob(f"*.{self.process.pid}.tmp"):
            partial.unlink(missing_ok=True)


def start(paths: list[Path], store: Path, skip: list[str], ignore: list[str]) -> Helper | None:
    """Launch the helper on `paths`, or None when there is no spare core or Python to run it."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if cores < 2 or getattr(sys, "frozen", False) or not sys.executable:
        return None  # no spare core, or no Python to start (an application that bundles pytest)
    request = {"store": str(store), "paths": [str(p) for p in paths], "skip": skip, "ignore": ignore}
    # The package's folder goes last on the helper's path: found there when nothing before has it
    # (the plugin loaded from a folder pytest, not Python, knows), and shadowing nothing.
    program = f"import sys; sys.path.append(sys.argv.pop(1)); import {__name__} as m; m.main_from_argv()"
    package_root = str(Path(__file__).resolve().parents[2])
    try:
        process = subprocess.Popen(
            [sys.executable, "-c", program, package_root, json.dumps(request)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    except OSError:
        return None
    return Helper(process, store)


def main(request: dict[str, list[str] | str]) -> int:
    """Read and keep every spec file, the last one first; return how many were kept."""
    from .errors import SpecError
    from .store import checked_document

    store = Path(str(request["store"]))
    paths = [Path(p) for p in request["paths"]]
    kept = 0
    for path in reversed(spec_files(paths, list(request["skip"]), list(request["ignore"]))):
        try:
            checked_document(path, store)
        except (SpecError, OSError):
            continue  # collection reports it
        kept += 1
    return kept


def main_from_argv() -> None:
    main(json.loads(sys.argv[1]))
