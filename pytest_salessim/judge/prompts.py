"""The rubrics: Jinja2 templates shipped in `judge/rubrics/`, replaceable one by one.

With the ini option `salessim_judge_prompts = DIR`, a file `DIR/<dimension>.j2` replaces that
dimension's rubric (and `DIR/_persona.j2`, `DIR/_conversation.j2` the parts the rubrics include).
What each rubric is given is listed in context.py. Rubrics render in Jinja2's sandbox.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined, TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..templating import money
from .verdicts import DIMENSIONS

RUBRICS = Path(__file__).parent / "rubrics"
ALL_RUBRICS = (*DIMENSIONS, "criterion")  # `criterion`: whether a product meets a criterion (SPEC 12)


class RubricProblem(Exception):
    """A rubric that does not render: the message says which and why."""


@lru_cache(maxsize=8)
def _environment(override: Path | None) -> ImmutableSandboxedEnvironment:
    folders = [str(override)] if override is not None else []
    loader = ChoiceLoader([FileSystemLoader(folders), FileSystemLoader(str(RUBRICS))])
    # auto_reload off: a rubric is read once per run
    env = ImmutableSandboxedEnvironment(
        loader=loader,
        undefined=StrictUndefined,
        autoescape=False,
        auto_reload=False,
        keep_trailing_newline=True,
    )
    env.filters["money"] = money
    return env


def rubric(name: str, context: Mapping[str, Any], override: Path | None = None) -> str:
    """The rubric `name` rendered with `context`: from `override/<name>.j2` when that file exists."""
    try:
        return _environment(override).get_template(f"{name}.j2").render(**context).strip()
    except (TemplateError, LookupError, TypeError, ValueError, AttributeError) as err:
        where = override / f"{name}.j2" if override and (override / f"{name}.j2").is_file() else f"{name}.j2"
        raise RubricProblem(f"rubric {where} does not render: {type(err).__name__}: {err}") from None


def replaced(override: Path) -> list[str]:
    """The rubrics a folder replaces (for the run's header), or a usage problem for a folder that is none."""
    if not override.is_dir():
        raise RubricProblem(f"salessim_judge_prompts: no such folder {override}")
    return [name for name in ALL_RUBRICS if (override / f"{name}.j2").is_file()]
