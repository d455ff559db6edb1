"""Path options mean the same from any folder: the command line's from where pytest was started, the
ini file's from the ini file's folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import WRITER, spec_text


@pytest.fixture
def project(store: Path, pytester: pytest.Pytester) -> Path:
    (store / "laptops.yaml").write_text(spec_text(WRITER))
    pytester.makeini("[pytest]\nsalessim_report = out/reports\nsalessim_export = out/train.jsonl\n")
    return pytester.path


def test_ini_paths_are_the_ini_files_from_a_subfolder(
    pytester: pytest.Pytester, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project / "specs")
    pytester.runpytest(".").assert_outcomes(passed=1)
    assert (project / "out" / "reports" / "results.json").is_file()
    assert (project / "out" / "train.jsonl").is_file()
    assert not (project / "specs" / "out").exists()


def test_command_line_paths_are_from_where_pytest_started(
    pytester: pytest.Pytester, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project / "specs")
    pytester.runpytest(".", "--salessim-report", "here", "--salessim-export", "mine.jsonl").assert_outcomes(
        passed=1
    )
    assert (project / "specs" / "here" / "results.json").is_file()
    assert (project / "specs" / "mine.jsonl").is_file()
    assert not (project / "out").exists()
