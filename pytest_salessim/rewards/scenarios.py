"""The dataset columns the rewards read, and prompts to train on built from spec files.

A row names its scenario in the column `scenario`, as `"SPEC_FILE::SCENARIO_ID"` with the file
relative to the column `spec_root` (the project the spec belongs to; the working directory when
the column is absent), or, in a plain Python list, as the `Scenario` itself. Everything a reward
needs (the expected decision, the catalog, the persona, the limits) is read from the spec.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from ..settings import Settings
from ..simulators.base import Simulator
from ..spec import Scenario, is_spec_file, load_spec
from .chat import chat_messages, persona_prompt

SEPARATOR = "::"
Stage = Literal["opening", "decision"]


def scenario_ref(scenario: Scenario, root: Path) -> str:
    """How the `scenario` column names a scenario: its spec file (relative to `root`) and id."""
    path = scenario.path.resolve()
    try:
        shown = path.relative_to(root.resolve()).as_posix()
    except ValueError:
        shown = path.as_posix()
    return f"{shown}{SEPARATOR}{scenario.id}"


@lru_cache(maxsize=128)
def _scenarios_in(path: Path, root: Path) -> dict[str, Scenario]:
    return {s.id: s for s in load_spec(path, root)}


def resolve_scenario(value: Scenario | str, root: str | Path | None = None) -> Scenario:
    """The scenario a `scenario` column value stands for (spec files are read once per process)."""
    if isinstance(value, Scenario):
        return value
    file, separator, scenario_id = str(value).rpartition(SEPARATOR)
    if not separator:
        raise ValueError(f"a scenario is named 'SPEC_FILE{SEPARATOR}SCENARIO_ID', not {value!r}")
    base = Path(root).resolve() if root else Path.cwd()
    scenarios = _scenarios_in((base / file).resolve(), base)
    if scenario_id not in scenarios:
        raise ValueError(f"{file} has no scenario {scenario_id!r}; it has {', '.join(scenarios)}")
    return scenarios[scenario_id]


def scenarios_from(columns: Mapping[str, Any], count: int) -> list[Scenario]:
    """The scenario of each completion, from the dataset columns a reward function is given."""
    names = columns.get("scenario")
    if names is None:
        raise ValueError(
            "this reward needs the dataset column `scenario` ('SPEC_FILE::SCENARIO_ID' or a Scenario); "
            "pytest_salessim.rewards.scenario_rows builds such rows from spec files"
        )
    roots = columns.get("spec_root") or [None] * count
    return [resolve_scenario(name, root) for name, root in zip(names, roots, strict=True)]


def spec_files(paths: Iterable[str | Path]) -> list[Path]:
    """Spec files: the files given, and those under the directories given."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(p for p in sorted(path.rglob("*.y*ml")) if is_spec_file(p))
        else:
            found.append(path)
    return found


def scenario_rows(
    paths: Iterable[str | Path],
    root: str | Path = ".",
    stage: Stage = "opening",
    policy: Simulator | str = "reference",
    settings: Settings | None = None,
) -> list[dict[str, Any]]:
    """One row per scenario of the spec files: a conversational `prompt` and the reward columns.

    The prompt is a conversation of the scenario with `policy` as the shopper (the plugin's seed),
    cut where the shopper speaks next: before its first message (`opening`: the system prompt
    and the agent's greeting), or before the message that decided (`decision`: what the shopper
    had seen and been told when it chose; conversations that ran out of turns give no row).
    Scenarios the policy cannot play (`cannot_play`) give no row.
    """
    from ..conversation import brief_for, play
    from ..report.json_report import relative_images
    from ..simulators import resolve

    given, root = str(root), Path(root).resolve()
    settings = settings or Settings(rootdir=root)
    simulator = resolve(policy, settings) if isinstance(policy, str) else policy
    cannot = getattr(simulator, "cannot_play", None)
    rows = []
    for path in spec_files(paths):
        for scenario in _scenarios_in(path.resolve(), root).values():
            if cannot is not None and cannot(brief_for(scenario)):
                continue
            seed = zlib.crc32(f"{path.name}::{scenario.id}".encode())  # as the plugin seeds the item
            transcript = play(scenario, simulator, seed, settings)
            turns = relative_images(transcript.to_dict()["turns"], root)
            spoke = [i for i, turn in enumerate(turns) if turn["role"] == "shopper"]
            if not spoke or (stage == "decision" and transcript.decision.kind == "undecided"):
                continue
            cut = spoke[0] if stage == "opening" else spoke[-1]
            system = persona_prompt(scenario, settings.shopper_prompt)
            rows.append(
                {
                    "prompt": chat_messages({"turns": turns[:cut]}, system),
                    "scenario": scenario_ref(scenario, root),
                    "spec_root": given,
                    "category": scenario.category,
                    "stage": stage,
                }
            )
    return rows
