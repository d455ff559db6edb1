"""Scenarios written as in a spec file against the shared laptop catalog, and the errors they give."""

from __future__ import annotations

from pathlib import Path

import pytest

from pytest_salessim.spec import Scenario, SpecError

from ..conftest import AGENT, spec_text
from ..factories import scenarios

HEAD_LINES = spec_text(agent=AGENT).count("\n")  # the lines before the first scenario


def load(tmp_path: Path, *bodies: str) -> dict[str, Scenario]:
    return scenarios(tmp_path, *bodies)


def problems(tmp_path: Path, *bodies: str) -> str:
    """The rendered SpecError of the spec made of `bodies` (paths relative to the specs folder)."""
    with pytest.raises(SpecError) as caught:
        scenarios(tmp_path, *bodies)
    return caught.value.render(tmp_path / "specs")


def line(body: str, needle: str) -> int:
    """The line of the spec file on which `needle` first appears in `body` (the first scenario)."""
    for number, text in enumerate(body.splitlines(), HEAD_LINES + 1):
        if needle in text:
            return number
    raise AssertionError(f"{needle!r} is not in the scenario")
