"""A YAML file that is meant as a spec but cannot be read says why, in pytest's terminal output: a
spec of another version, a file named on the command line that is no spec, a NUL byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import WRITER, spec_text

V2 = "# a spec of a later release\nsalessim: 2\ncatalog: ../fixtures/laptops.yaml\nscenarios: []\n"


def test_a_spec_of_another_version_found_in_a_folder_is_reported(
    pytester: pytest.Pytester, store: Path
) -> None:
    (store / "laptops.yaml").write_text(spec_text(WRITER))
    (store / "next.yaml").write_text(V2)
    result = pytester.runpytest("specs")
    assert result.ret == pytest.ExitCode.INTERRUPTED
    result.stdout.fnmatch_lines(
        [
            "*ERROR collecting specs/next.yaml*",
            "  specs/next.yaml:2: salessim: 2: this pytest-salessim reads version 1",
        ]
    )
    pytester.runpytest("specs", "--continue-on-collection-errors").assert_outcomes(passed=1, errors=1)


def test_a_spec_of_another_version_named_on_the_command_line_is_reported(
    pytester: pytest.Pytester, store: Path
) -> None:
    (store / "next.yml").write_text(V2.replace("salessim: 2", "salessim: 1.5  # a comment"))
    result = pytester.runpytest("specs/next.yml")
    assert result.ret == pytest.ExitCode.INTERRUPTED
    result.stdout.fnmatch_lines(["  specs/next.yml:2: salessim: 1.5: this pytest-salessim reads version 1"])
    assert "not found" not in result.stdout.str() + result.stderr.str()


def test_a_yaml_file_named_on_the_command_line_that_is_no_spec_says_what_its_first_line_must_be(
    pytester: pytest.Pytester, store: Path
) -> None:
    result = pytester.runpytest("fixtures/laptops.yaml")
    assert result.ret == pytest.ExitCode.INTERRUPTED
    result.stdout.fnmatch_lines(
        [
            "*ERROR collecting fixtures/laptops.yaml*",
            "  fixtures/laptops.yaml:1: (top level): not a salessim spec: its first line that is not blank "
            "or a comment must be `salessim: 1`, not `products:`",
        ]
    )
    assert "not found" not in result.stdout.str() + result.stderr.str()


def test_a_yaml_file_in_a_folder_that_is_no_spec_is_left_alone(
    pytester: pytest.Pytester, store: Path
) -> None:
    result = pytester.runpytest("fixtures")
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED
    assert "error" not in result.stdout.str().lower()


YAML_TESTS = """
import pytest, yaml

def pytest_collect_file(parent, file_path):
    if file_path.suffix == ".yaml" and file_path.name.startswith("test"):
        return YamlFile.from_parent(parent, path=file_path)

class YamlFile(pytest.File):
    def collect(self):
        for name in yaml.safe_load(self.path.read_text()):
            yield YamlItem.from_parent(self, name=name)

class YamlItem(pytest.Item):
    def runtest(self):
        pass
"""


def test_a_yaml_file_named_on_the_command_line_that_another_plugin_collects_is_left_to_it(
    pytester: pytest.Pytester,
) -> None:
    """pytest's own example of collecting YAML tests (doc/en/example/nonpython) still works."""
    pytester.makeconftest(YAML_TESTS)
    (pytester.path / "test_simple.yaml").write_text("hello: 1\nworld: 2\n")
    result = pytester.runpytest("test_simple.yaml")
    result.assert_outcomes(passed=2)
    assert "salessim spec" not in result.stdout.str()


def test_a_nul_byte_is_reported_at_its_line_and_column(pytester: pytest.Pytester, store: Path) -> None:
    text = spec_text(WRITER).replace("name: Emily", "name: Em\0ily")
    (store / "laptops.yaml").write_bytes(text.encode())
    line = text.splitlines().index("      name: Em\0ily") + 1
    result = pytester.runpytest("specs")
    assert result.ret == pytest.ExitCode.INTERRUPTED
    result.stdout.fnmatch_lines(
        [
            f"  specs/laptops.yaml:{line}: (top level): not valid YAML: a NUL byte at column 15; YAML allows "
            "no control characters but tab and newline"
        ]
    )
    assert "position" not in result.stdout.str()
