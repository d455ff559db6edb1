"""Every kind of bad spec is one clear error: file, line, field path, what was expected."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pytest_salessim.spec import SpecError, load_spec

BAD = Path(__file__).parent / "bad"
CORPUS = sorted(p for p in BAD.glob("*.yaml") if p.name != "catalog.yaml")


def expected_errors(path: Path) -> list[str]:
    """The `# error: LINE: FIELD: MESSAGE` lines at the top of a corpus file."""
    lines = path.read_bytes().decode("utf-8", "replace").splitlines()
    return [line.removeprefix("# error: ") for line in lines if line.startswith("# error: ")]


def test_the_corpus_covers_the_error_kinds() -> None:
    assert len(CORPUS) >= 30
    assert all(expected_errors(path) for path in CORPUS)


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_bad_spec_gives_its_error(path: Path) -> None:
    with pytest.raises(SpecError) as caught:
        load_spec(path, BAD.parent.parent.parent)
    rendered = caught.value.render(BAD)
    for expected in expected_errors(path):
        prefix = f"{path.name}:" if expected[:1].isdigit() else ""
        assert prefix + expected in rendered, rendered


def test_every_bad_file_is_reported_and_good_ones_still_run(pytester: pytest.Pytester) -> None:
    project = pytester.path / "specs"
    shutil.copytree(BAD, project)
    (project / "good.yaml").write_text(
        "salessim: 1\ncatalog: catalog.yaml\nagent: {greeting: hi}\nscenarios:\n"
        "  - id: fine\n    persona:\n      name: Ann\n      budget: 400\n"
        "    expect: {decision: purchase, any_of: [cheap-one, chromey]}\n"
    )
    result = pytester.runpytest("specs")
    assert result.ret == pytest.ExitCode.INTERRUPTED
    result.stdout.fnmatch_lines(
        [f"*ERROR collecting specs/{path.name}*" for path in CORPUS], consecutive=False
    )
    assert "Traceback" not in result.stdout.str()
    result.stdout.fnmatch_lines(["*Interrupted: * errors during collection*"])

    result = pytester.runpytest("specs", "--continue-on-collection-errors")
    result.assert_outcomes(passed=1, errors=len(CORPUS))
