"""Collection: which files, which items, their ids and markers."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import NO_FIT, WRITER, spec_text


def test_one_item_per_scenario_and_model(pytester: pytest.Pytester, store: Path) -> None:
    (store / "laptops.yaml").write_text(spec_text(WRITER, NO_FIT))
    result = pytester.runpytest("specs", "--collect-only", "-q", "--model", "reference", "--model", "weak")
    result.stdout.fnmatch_lines(
        [
            "specs/laptops.yaml::writer[[]reference[]]",
            "specs/laptops.yaml::writer[[]weak[]]",
            "specs/laptops.yaml::no-fit[[]reference[]]",
            "specs/laptops.yaml::no-fit[[]weak[]]",
            "4 tests collected*",
        ]
    )


def test_default_model_is_reference(pytester: pytest.Pytester, store: Path) -> None:
    (store / "laptops.yaml").write_text(spec_text(WRITER))
    result = pytester.runpytest("specs", "--collect-only", "-q")
    result.stdout.fnmatch_lines(["specs/laptops.yaml::writer[[]reference[]]", "1 test collected*"])


def test_only_files_marked_salessim_are_collected(pytester: pytest.Pytester, store: Path) -> None:
    (store / "laptops.yaml").write_text(spec_text(WRITER))
    (store / "workflow.yml").write_text("name: ci\non: [push]\n")
    (store / "commented.yaml").write_text("# a header\n\n" + spec_text(NO_FIT).replace("no-fit", "other"))
    (store / "late.yaml").write_text("title: x\nsalessim: 1\n")
    (store / "empty.yaml").write_bytes(b"")  # an empty file is not a spec file: left alone
    (store / "binary.yml").write_bytes(b"\x00\xff\xfe salessim: 1")
    result = pytester.runpytest("specs", "--collect-only", "-q")
    result.stdout.fnmatch_lines(
        ["specs/commented.yaml::other*", "specs/laptops.yaml::writer*", "2 tests collected*"]
    )


def test_tags_become_markers(pytester: pytest.Pytester, store: Path) -> None:
    (store / "laptops.yaml").write_text(spec_text(WRITER, NO_FIT))
    result = pytester.runpytest("specs", "-m", "no-purchase", "--strict-markers", "-q")
    result.assert_outcomes(passed=1, deselected=1)
    result = pytester.runpytest(
        "specs", "-k", "writer and weak", "-q", "--model", "weak", "--model", "reference"
    )
    result.assert_outcomes(failed=1, deselected=3)


def test_unknown_model_is_a_usage_error(pytester: pytest.Pytester, store: Path) -> None:
    (store / "laptops.yaml").write_text(spec_text(WRITER))
    result = pytester.runpytest("specs", "--model", "nonesuch")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        ["*unknown --model 'nonesuch': built in are reference, weak; aliases claude, gemini, gpt*"]
    )


def test_models_from_ini(pytester: pytest.Pytester, store: Path) -> None:
    (store / "laptops.yaml").write_text(spec_text(WRITER))
    pytester.makeini("[pytest]\nsalessim_models =\n    weak\n    reference\n")
    result = pytester.runpytest("specs", "--collect-only", "-q")
    result.stdout.fnmatch_lines(["*writer[[]weak[]]", "*writer[[]reference[]]"])


def test_junitxml_and_last_failed(pytester: pytest.Pytester, store: Path) -> None:
    (store / "laptops.yaml").write_text(spec_text(WRITER, NO_FIT))
    models = ("--model", "weak", "--model", "reference")
    result = pytester.runpytest("specs", *models, "--junitxml=out.xml")
    result.assert_outcomes(passed=2, failed=2)
    xml = (pytester.path / "out.xml").read_text()
    assert 'name="no-fit[weak]"' in xml and "overly_lenient" in xml
    result = pytester.runpytest("specs", *models, "--lf", "-q")
    result.assert_outcomes(failed=2)
