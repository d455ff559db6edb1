"""Spec files read ahead on a spare core: the files pytest collects, in its order, kept for collection."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pytest_salessim.spec.prefetch import Helper, main, spec_files, start

from ..conftest import NO_FIT, WRITER, spec_text


def tree(specs: Path) -> None:
    """Spec files in nested folders, beside folders pytest does not enter and YAML that is not a spec."""
    for name in ("b.yaml", "a.yml", "B2.yaml", "sub/z.yaml", "sub/deeper/c.yaml", "sub2/a.yaml"):
        path = specs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        up = "../" * len(path.relative_to(specs.parent).parts[:-1])
        text = spec_text(WRITER.replace("id: writer", f"id: {path.stem}"))
        path.write_text(text.replace("catalog: ../", f"catalog: {up}"))
    for name in ("node_modules/x.yaml", ".hidden/x.yaml", "env/x.yaml", "ignored/x.yaml"):
        (specs / name).parent.mkdir(parents=True, exist_ok=True)
        (specs / name).write_text(spec_text(WRITER))
    (specs / "env" / "pyvenv.cfg").write_text("home = /usr\n")
    (specs / "data.yaml").write_text("products: []\n")


def test_the_files_and_order_are_pytests(store: Path, pytester: pytest.Pytester) -> None:
    tree(store)
    result = pytester.runpytest("specs", "--collect-only", "-q", "--ignore", "specs/ignored")
    collected = list(dict.fromkeys(line.split("::")[0] for line in result.outlines if "::" in line))
    found = spec_files([store], ["node_modules", ".*", "build"], [str(store / "ignored")])
    assert [str(p.relative_to(pytester.path)) for p in found] == collected
    assert len(collected) == 6


def test_the_reader_keeps_every_valid_file_the_last_first(store: Path, tmp_path: Path) -> None:
    (store / "a.yaml").write_text(spec_text(WRITER))
    (store / "b.yaml").write_text(spec_text(WRITER, NO_FIT))
    (store / "c.yaml").write_text(spec_text(WRITER).replace("age: 22", "age: twenty-two"))
    kept = tmp_path / "kept"
    request = {"store": str(kept), "paths": [str(store)], "skip": [], "ignore": []}
    assert main(request) == 2  # c.yaml has a problem: collection reports it
    assert len(list(kept.glob("*.marshal"))) == 2


CONFTEST = """
import time
from pathlib import Path
import pytest
from pytest_salessim.spec import store

READ = []
parse = store.read_document
store.read_document = lambda path, raw=None: READ.append(path.name) or parse(path, raw)

@pytest.hookimpl(trylast=True)  # after the plugin's, which starts the reader at the first spec file
def pytest_collect_file(file_path, parent):
    # collection waits (at most 30 s) until the reader has kept every spec file
    if READ or not file_path.name.endswith(".yaml") or not hasattr(parent.config, "cache"):
        return None
    kept = Path(parent.config.cache.mkdir("salessim-specs"))
    deadline = time.monotonic() + 30
    while len(list(kept.glob("*.marshal"))) < 12 and time.monotonic() < deadline:
        time.sleep(0.05)
    READ.append("(waited)")
    return None

def pytest_collection_finish(session):
    print("read by collection:", sorted(name for name in READ if name != "(waited)"))
"""


def test_collection_finds_what_the_reader_kept(store: Path, pytester: pytest.Pytester) -> None:
    for index in range(12):
        (store / f"s{index:02}.yaml").write_text(spec_text(WRITER.replace("id: writer", f"id: w{index}")))
    pytester.makeconftest(CONFTEST)
    result = pytester.runpytest_subprocess("specs", "-q")
    result.assert_outcomes(passed=12)
    result.stdout.fnmatch_lines(["read by collection: ['laptops.yaml']"])  # the catalog, at the first spec
    assert not list((pytester.path / ".pytest_cache").rglob("*.tmp"))

    # no cache, no reader: collection reads them all
    result = pytester.runpytest_subprocess("specs", "-q", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=12)
    every = sorted(["laptops.yaml", *(f"s{index:02}.yaml" for index in range(12))])
    assert f"read by collection: {every}" in result.outlines


def test_stopping_ends_the_reader_and_removes_its_half_written_entry(tmp_path: Path) -> None:
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    half = tmp_path / f"abc.marshal.{process.pid}.tmp"
    half.write_bytes(b"half")
    other = tmp_path / "abc.marshal.1.tmp"  # another process's: left alone
    other.write_bytes(b"")
    Helper(process, tmp_path).stop()
    assert process.returncode is not None
    assert not half.exists() and other.exists()


COUNTING = """
from pytest_salessim.spec import prefetch

launch = prefetch.start

def counted(*args, **kwargs):
    print("reader started")
    return launch(*args, **kwargs)

prefetch.start = counted
"""


def test_a_run_without_spec_files_starts_no_reader_and_keeps_nothing(
    store: Path, pytester: pytest.Pytester
) -> None:
    pytester.makeconftest(COUNTING)
    pytester.makepyfile(test_plain="def test_one():\n    assert True\n")
    result = pytester.runpytest_subprocess("test_plain.py", "-s")
    result.assert_outcomes(passed=1)
    assert "reader started" not in result.stdout.str()
    assert not (pytester.path / ".pytest_cache" / "d" / "salessim-specs").exists()  # nothing kept either

    for index in range(3):
        (store / f"s{index}.yaml").write_text(spec_text(WRITER.replace("id: writer", f"id: w{index}")))
    result = pytester.runpytest_subprocess("-s")
    result.assert_outcomes(passed=4)
    assert result.stdout.str().count("reader started") == 1


def test_no_reader_in_an_application_that_bundles_pytest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)  # sys.executable is the application itself
    assert start([tmp_path], tmp_path, [], []) is None
