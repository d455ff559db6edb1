"""Where a recorded conversation finds its scenario: the spec files under `--salessim-specs`.

By scenario id (this project's transcripts and chat-format logs), or, for the SalesSim authors'
rollouts, which name no scenario, by the shopper's persona: its name, then its age, category,
Big Five and emotion, as far as it takes to leave one. A match that leaves none, or several, is an
error of that conversation's item, naming the candidates.
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..spec import Scenario, SpecError, load_spec
from ..spec.yamldoc import VERSION, spec_version
from ..templating import DEFAULT_LIMITS, RenderLimits
from .products import plain


class NoScenario(LookupError):
    """A recorded conversation that matches no scenario, or several: the message says which."""


def spec_files(root: Path, skip: Iterable[str] = ()) -> Iterator[Path]:
    """The spec files (`salessim: 1`) under `root` (or `root` itself), in a stable order.

    Folders that start with a dot or match one of `skip` (pytest's `norecursedirs`) are not entered.
    """
    if root.is_file():
        yield root
        return
    patterns = tuple(skip)
    for folder, folders, files in os.walk(root):
        folders[:] = sorted(
            d for d in folders if not d.startswith(".") and not any(fnmatch.fnmatch(d, p) for p in patterns)
        )
        for name in sorted(files):
            if name.endswith((".yaml", ".yml")):
                path = Path(folder) / name
                version = spec_version(path)
                if version is not None and version[1] == VERSION:
                    yield path


def category_key(text: str) -> str:
    """A category as categories are compared: `Smart Watches`, `smart_watch` and `smartwatch` alike."""
    key = re.sub(r"[^a-z0-9]", "", text.lower())
    for suffix in ("es", "s"):
        if key.endswith(suffix) and len(key) > len(suffix) + 2:
            return key[: -len(suffix)]
    return key


@dataclass(frozen=True)
class PersonaKey:
    """What a SalesSim rollout says of its shopper."""

    name: str
    age: Any = None
    category: str | None = None
    big5: tuple[tuple[str, str], ...] = ()  # (trait, low|neutral|high), as the record names them
    emotion: str = ""
    path: tuple[str, ...] = ()  # the words of the recorded file's path, which may name a category

    def describe(self) -> str:
        parts = [repr(self.name)] + ([f"age {self.age}"] if self.age is not None else [])
        return "persona " + ", ".join(parts + ([f"category {self.category}"] if self.category else []))


@dataclass
class ScenarioIndex:
    """Every scenario of the spec files under a folder, by id and by persona name."""

    root: Path  # the rootdir: a scenario's file is named relative to it, as in node ids
    where: str  # the folder, as a user reads it
    by_id: dict[str, list[Scenario]] = field(default_factory=dict)
    by_persona: dict[str, list[Scenario]] = field(default_factory=dict)
    unreadable: list[str] = field(default_factory=list)  # spec files with problems, rendered

    @classmethod
    def load(
        cls,
        files: Iterable[Path],
        root: Path,
        where: str,
        tactics: Callable[[], frozenset[str]] | None = None,
        store: Path | None = None,
        limits: RenderLimits = DEFAULT_LIMITS,
    ) -> ScenarioIndex:
        index = cls(root, where)
        for path in files:
            try:
                scenarios = load_spec(path, root, tactics, store, limits)
            except SpecError as err:
                index.unreadable.append(err.problems[0].render(root) if err.problems else str(path))
                continue
            for scenario in scenarios:
                index.by_id.setdefault(scenario.id, []).append(scenario)
                index.by_persona.setdefault(plain(scenario.persona.name), []).append(scenario)
        return index

    def file_of(self, scenario: Scenario) -> str:
        """The scenario's spec file relative to the rootdir (POSIX), as node ids and records name it."""
        path = scenario.path
        return path.relative_to(self.root).as_posix() if path.is_relative_to(self.root) else path.as_posix()

    def _none(self, what: str) -> NoScenario:
        found = sum(len(s) for s in self.by_id.values())
        message = f"no scenario for {what} among the {found} of {self.where}"
        if self.unreadable:
            message += f" ({len(self.unreadable)} spec file(s) there could not be read: {self.unreadable[0]})"
        return NoScenario(message)

    def scenario(self, scenario_id: str, file: str | None = None, category: str | None = None) -> Scenario:
        """The scenario of that id; where several files have one, the recorded file or category decides."""
        found = self.by_id.get(scenario_id, [])
        if not found:
            raise self._none(f"scenario {scenario_id!r}")
        if len(found) > 1 and file is not None:
            found = [s for s in found if self.file_of(s) == file] or found
        if len(found) > 1 and category is not None:
            found = [s for s in found if category_key(s.category) == category_key(category)] or found
        if len(found) > 1:
            raise NoScenario(f"scenario {scenario_id!r} is in several spec files: {_listed(found)}")
        return found[0]

    def persona(self, key: PersonaKey) -> Scenario:
        """The one scenario whose persona the rollout's shopper is: by name, then age and category
        (which must agree), then the Big Five, the emotion and a category named in the file's path
        (which only choose among several)."""
        found = self.by_persona.get(plain(key.name), [])
        if not found:
            raise self._none(key.describe())
        agree: list[tuple[str, Callable[[Scenario], bool]]] = []
        if key.age is not None:
            agree.append(("age", lambda s: s.persona.age is None or str(s.persona.age) == str(key.age)))
        if key.category:
            wanted = category_key(key.category)
            agree.append(("category", lambda s: category_key(s.category) == wanted))
        for what, keeps in agree:
            kept = [s for s in found if keeps(s)]
            if not kept:
                raise NoScenario(
                    f"{key.describe()}: no scenario of that name has that {what}; "
                    f"of that name: {_listed(found)}"
                )
            found = kept
        words = {category_key(w) for w in key.path}
        choose: list[Callable[[Scenario], bool]] = [
            lambda s: bool(key.big5) and all(s.persona.personality.traits().get(t) == v for t, v in key.big5),
            lambda s: bool(key.emotion) and plain(s.persona.emotion) == plain(key.emotion),
            lambda s: category_key(s.category) in words,
        ]
        for keeps in choose:
            if len(found) > 1:
                found = [s for s in found if keeps(s)] or found
        if len(found) > 1:
            raise NoScenario(f"{key.describe()} matches {len(found)} scenarios: {_listed(found)}")
        return found[0]


def _listed(scenarios: list[Scenario], most: int = 5) -> str:
    shown = ", ".join(f"{s.id} ({s.path.name})" for s in scenarios[:most])
    return shown + (f" and {len(scenarios) - most} more" if len(scenarios) > most else "")
