"""What a run was asked for: options and ini values, read once into one immutable object."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

from .templating import DEFAULT_LIMITS, RenderLimits

# Current model ids the installed litellm knows (tests check them against litellm's model list).
DEFAULT_ALIASES: Mapping[str, str] = MappingProxyType(
    {
        "claude": "anthropic/claude-sonnet-5-5",
        "gpt": "openai/gpt-5.5",
        "gemini": "gemini/gemini-3.5-flash",
    }
)

# How far a run-level figure may move the wrong way before the gate fails (--salessim-max-regression).
# The judged dimensions (with --salessim-judge-model) are gated too: a rate or mean score may fall by
# 0.05; first_turn_disclosure, the mean criteria revealed at once, may rise by 0.5.
DEFAULT_TOLERANCES: Mapping[str, float] = MappingProxyType(
    {
        "alignment": 0.03,
        "flip_rate": 0.05,
        "comprehension": 0.05,
        "states_dealbreakers": 0.05,
        "judged_alignment": 0.05,
        "personality": 0.05,
        "first_turn_disclosure": 0.5,
    }
)


@dataclass(frozen=True)
class Settings:
    rootdir: Path = Path(".")
    api_base: str | None = None
    timeout: float = 60.0
    retries: int = 3
    vision: str = "auto"  # auto | on | off
    agent_model: str | None = None
    judge_model: str | None = None
    judge_votes: int = 3  # --salessim-judge-votes: calls per judged question, the majority counts
    judge_dimensions: tuple[str, ...] | None = None  # --salessim-judge-dimensions; None: all that apply
    judge_prompts: Path | None = None  # salessim_judge_prompts: a folder of rubrics <dimension>.j2
    require: tuple[str, ...] = ()  # salessim_require: judged dimensions that fail items
    grading: Literal["strict", "paper"] | None = None  # --salessim-grading over every scenario's own
    shopper_prompt: Path | None = None
    report_dir: Path | None = None  # where the run's reports go; None: no reports
    export: Path | None = None  # --salessim-export: every conversation as chat-format JSONL
    variants: int | None = None  # --salessim-variants: overrides every scenario's max_examples
    persuasion_budget: int = 60  # conversations per persuasion item, shrinking included
    derandomize: bool = False  # the CI profile: the same variants every run, no example database
    tactic_files: tuple[Path, ...] = ()
    model_config: Path | None = None  # a litellm Router model list (--salessim-model-config)
    prompt_cache: Literal["auto", "off"] = "auto"  # --salessim-prompt-cache: mark prefixes for the cache
    concurrency: int = 16  # conversations in flight at once (those that call models)
    repeat: int = 1
    min_pass_rate: float = 1.0
    aliases: Mapping[str, str] = field(default_factory=lambda: DEFAULT_ALIASES)
    cache_dir: Path | None = None  # --salessim-cache: recorded model calls
    record: Literal["off", "replay", "new", "all"] = "off"  # --salessim-record
    baseline: Path | None = None  # --salessim-baseline: the run is compared with it (the CI gate)
    save_baseline: Path | None = None  # --salessim-save-baseline: this run becomes a baseline
    max_regression: Mapping[str, float] = field(default_factory=lambda: DEFAULT_TOLERANCES)
    template_limits: RenderLimits = DEFAULT_LIMITS  # ini salessim_template_timeout, _template_max_chars
    recorded_specs: Path | None = None  # --salessim-specs: where recorded conversations find scenarios
    transcripts: tuple[str, ...] = ()  # ini salessim_transcripts: globs of recorded conversations


def project_aliases(rootdir: Path) -> dict[str, str]:
    """`[tool.salessim.models]` of the project's pyproject.toml, over the built-in aliases."""
    aliases = dict(DEFAULT_ALIASES)
    pyproject = rootdir / "pyproject.toml"
    if pyproject.is_file():
        with pyproject.open("rb") as handle:
            table = _toml().load(handle).get("tool", {}).get("salessim", {}).get("models", {})
        aliases.update({str(k): str(v) for k, v in table.items()})
    return aliases


def _toml() -> Any:
    """tomllib, or on Python 3.10 the tomli it was made from."""
    if sys.version_info >= (3, 11):
        import tomllib

        return tomllib
    import tomli

    return tomli
