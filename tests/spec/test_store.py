"""Checked spec documents kept by their bytes: the same scenarios, and nothing stale."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from pytest_salessim.spec import SpecError, catalogs, load_spec
from pytest_salessim.spec import store as kept_documents

from ..conftest import NO_FIT, WRITER, spec_text


@pytest.fixture
def spec(store: Path) -> Path:
    path = store / "laptops.yaml"
    path.write_text(spec_text(WRITER, NO_FIT))
    return path


def entries(kept: Path) -> list[Path]:
    return sorted(kept.glob("*.marshal"))


def test_a_kept_document_builds_the_same_scenarios_without_reading_yaml(
    spec: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept = tmp_path / "kept"
    first = load_spec(spec, spec.parent.parent, store=kept)
    assert len(entries(kept)) == 2  # the spec and its catalog

    def no_yaml(*args: object) -> None:
        raise AssertionError("the YAML was parsed again")

    monkeypatch.setattr(kept_documents, "read_document", no_yaml)
    monkeypatch.setattr(catalogs, "_FILES", {})  # as in a new process
    assert load_spec(spec, spec.parent.parent, store=kept) == first


def test_a_changed_file_is_read_again(spec: Path, tmp_path: Path) -> None:
    kept = tmp_path / "kept"
    load_spec(spec, spec.parent.parent, store=kept)
    spec.write_text(spec.read_text().replace("name: Emily", "name: Emilia"))
    (writer, _) = load_spec(spec, spec.parent.parent, store=kept)
    assert writer.persona.name == "Emilia"
    assert len(entries(kept)) == 3  # both versions of the spec, and the catalog


def test_a_file_with_a_problem_is_never_kept(
    spec: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept = tmp_path / "kept"
    good = spec.read_text()
    spec.write_text(good.replace("age: 22", "age: twenty-two"))
    for _ in range(2):
        with pytest.raises(SpecError, match="age"):
            load_spec(spec, spec.parent.parent, store=kept)
    assert entries(kept) == []
    spec.write_text(good)  # and the same store does keep a spec that has no problem, and its catalog
    monkeypatch.setattr(catalogs, "_FILES", {})  # as in a new process
    load_spec(spec, spec.parent.parent, store=kept)
    assert len(entries(kept)) == 2


def test_another_pyyaml_or_schema_is_another_key(
    spec: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import yaml

    kept = tmp_path / "kept"
    monkeypatch.setattr(catalogs, "_FILES", {})
    load_spec(spec, spec.parent.parent, store=kept)
    assert len(entries(kept)) == 2
    kept_documents._salt.cache_clear()
    monkeypatch.setattr(catalogs, "_FILES", {})
    monkeypatch.setattr(yaml, "__version__", "99.0")
    try:
        load_spec(spec, spec.parent.parent, store=kept)
    finally:
        kept_documents._salt.cache_clear()
    assert len(entries(kept)) == 4  # nothing kept under the old versions was used


def test_a_damaged_entry_is_read_over(spec: Path, tmp_path: Path) -> None:
    kept = tmp_path / "kept"
    first = load_spec(spec, spec.parent.parent, store=kept)
    assert len(entries(kept)) == 2
    for entry in entries(kept):
        entry.write_bytes(b"\x00garbage")
    assert load_spec(spec, spec.parent.parent, store=kept) == first


def test_what_other_files_decide_is_checked_on_every_run(pytester: pytest.Pytester, spec: Path) -> None:
    """The spec is kept after the first run; a catalog that loses the expected product still fails it."""
    pytester.runpytest("specs").assert_outcomes(passed=2)
    assert entries(pytester.path / ".pytest_cache" / "d" / "salessim-specs")
    catalog = pytester.path / "fixtures" / "laptops.yaml"
    catalog.write_text(catalog.read_text().replace("id: acer-aspire-5", "id: acer-aspire-5-2024"))
    result = pytester.runpytest("specs")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*laptops.yaml:*acer-aspire-5*"])


def test_without_the_cache_plugin_nothing_is_kept(pytester: pytest.Pytester, spec: Path) -> None:
    pytester.runpytest("specs", "-p", "no:cacheprovider").assert_outcomes(passed=2)
    assert not (pytester.path / ".pytest_cache").exists()


def test_documents_unused_for_a_month_are_pruned_once_a_day(spec: Path, tmp_path: Path) -> None:
    kept = tmp_path / "kept"
    load_spec(spec, spec.parent.parent, store=kept)
    (kept / "0123.marshal").write_bytes(b"")
    month_ago = time.time() - 31 * 24 * 3600
    for entry in entries(kept):
        os.utime(entry, (month_ago, month_ago))

    load_spec(spec, spec.parent.parent, store=kept)  # the spec's entry is used again (its catalog is
    (used,) = [e for e in entries(kept) if e.stat().st_mtime > month_ago]  # already in this process)
    assert kept_documents.prune(kept) == 2  # the catalog's and the stray one go
    assert entries(kept) == [used]

    os.utime(used, (month_ago, month_ago))
    assert kept_documents.prune(kept) == 0  # pruned less than a day ago
    assert kept_documents.prune(kept, now=time.time() + 24 * 3600 + 1) == 1
