"""A file of recorded conversations -> the items it becomes: each named, matched to its scenario, or
an error at its line. Pure: no pytest, no grading (item.py makes the nodes, grade.py grades them).

Names: `SCENARIO[MODEL]` (a recorded transcripts.jsonl keeps its items' names, `-persuasion`
included; a rollout whose persona matches no scenario is named by the persona); the second and later
items of one name in a file get `#2`, `#3`, ... so that appending to a log renames nothing before.
The trials of one item of a recorded run (one node id) stay one item, so re-grading a run gives its
items' pass rates again. A record that cannot be read is its own item, `line-N`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..spec.model import Scenario
from .grade import Recording
from .heads import ROLLOUT_ERROR, Head, UnknownFormat, head_of
from .scenarios import NoScenario, ScenarioIndex
from .source import Span, UnreadableFile, read_records
from .tally import ENDED_IN_ERROR, NO_SCENARIO, UNREADABLE


@dataclass(frozen=True)
class Planned:
    """An item to make: graded (a scenario and a recording) or an error (a message)."""

    name: str
    model: str
    line: int
    scenario: Scenario | None = None
    recording: Recording | None = None
    error: str | None = None
    why: str = ""  # an error: why it is not graded (tally.py), counted apart


@dataclass
class _Group:
    """The trials of one recorded item (transcripts.jsonl lines sharing a node id)."""

    head: Head
    records: list[tuple[int, int, Span]] = field(default_factory=list)  # (trial, line, span)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "record"


@dataclass(frozen=True)
class _Single:
    head: Head
    line: int
    span: Span


@dataclass(frozen=True)
class _Broken:
    line: int
    problem: str


def plan(path: Path, index: ScenarioIndex, shown: str, origin: Path | None = None) -> list[Planned]:
    """The items of the file at `path` (`shown`: its path as messages name it; `origin`: the file it
    is a copy of, whose name and folders name the model and may name a category), in file order.

    Each record is read once, for its head; only heads and byte spans are kept. Raises
    source.UnreadableFile when nothing in the file can be read.
    """
    named = origin or path
    default_model = named.stem
    words = tuple(w for part in named.parts[-4:] for w in re.split(r"[^A-Za-z0-9]+", part) if w)
    entries: list[_Broken | _Single | _Group] = []
    groups: dict[str, _Group] = {}
    for raw in read_records(path):
        if raw.value is None:
            entries.append(_Broken(raw.line, raw.problem or "unreadable"))
            continue
        try:
            head = head_of(raw.value, default_model, words)
        except UnknownFormat as err:
            entries.append(_Broken(raw.line, str(err)))
            continue
        if head.group is not None and head.problem is None:
            group = groups.get(head.group)
            if group is None:
                group = groups[head.group] = _Group(head)
                entries.append(group)
            group.records.append((head.trial, raw.line, raw.span))
        else:
            entries.append(_Single(head, raw.line, raw.span))
    if entries and all(isinstance(e, _Broken) for e in entries):
        first = entries[0]
        assert isinstance(first, _Broken)
        raise UnreadableFile(f"nothing in it can be graded: line {first.line}: {first.problem}")
    return list(_named(_planned(entries, path, index, shown)))


def _planned(
    entries: list[_Broken | _Single | _Group], path: Path, index: ScenarioIndex, shown: str
) -> Iterator[Planned]:
    for entry in entries:
        if isinstance(entry, _Broken):
            yield Planned(
                f"line-{entry.line}",
                "",
                entry.line,
                error=f"{shown}:{entry.line}: {entry.problem}",
                why=UNREADABLE,
            )
        elif isinstance(entry, _Group):
            yield _group(entry, path, index, shown)
        else:
            yield _single(entry, path, index, shown)


def _find(head: Head, index: ScenarioIndex) -> Scenario:
    if head.format == "rollout":
        assert head.persona is not None
        return index.persona(head.persona)
    assert head.scenario_id is not None
    return index.scenario(head.scenario_id, head.file, head.category)


def _group(group: _Group, path: Path, index: ScenarioIndex, shown: str) -> Planned:
    head = group.head
    trials = sorted(group.records, key=lambda r: r[0])
    line = min(r[1] for r in trials)
    suffix = "-persuasion" if head.kind == "persuasion" else ""
    name = head.name or f"{head.scenario_id}[{head.model}{suffix}]"
    try:
        scenario = _find(head, index)
    except NoScenario as err:
        return Planned(name, head.model, line, error=f"{shown}:{line}: {err}", why=NO_SCENARIO)
    recording = Recording(
        path, head.format, tuple(r[2] for r in trials), tuple(r[1] for r in trials), head.kind
    )
    return Planned(name, head.model, line, scenario, recording)


def _single(entry: _Single, path: Path, index: ScenarioIndex, shown: str) -> Planned:
    head, line = entry.head, entry.line
    scenario: Scenario | None = None
    problem, why = head.problem, UNREADABLE
    if problem is not None and problem.startswith(ROLLOUT_ERROR):
        why = ENDED_IN_ERROR
    try:
        if head.scenario_id is not None or head.persona is not None:
            scenario = _find(head, index)
    except NoScenario as err:
        if problem is None:
            problem, why = str(err), NO_SCENARIO
    if head.name is not None:  # a recorded run's item keeps its name
        name = head.name
    elif scenario is not None:
        name = f"{scenario.id}[{head.model}]"
    elif head.persona is not None:
        name = f"{_slug(head.persona.name)}[{head.model}]"
    else:
        name = f"{head.scenario_id or f'line-{line}'}[{head.model}]"
    if problem is not None:
        return Planned(name, head.model, line, scenario, error=f"{shown}:{line}: {problem}", why=why)
    assert scenario is not None
    return Planned(name, head.model, line, scenario, Recording(path, head.format, (entry.span,), (line,)))


def _named(items: Iterator[Planned]) -> Iterator[Planned]:
    """The second and later items of one name get `#2`, `#3`, ..."""
    seen: Counter[str] = Counter()
    for item in items:
        seen[item.name] += 1
        if seen[item.name] > 1:
            item = Planned(
                f"{item.name}#{seen[item.name]}",
                item.model,
                item.line,
                item.scenario,
                item.recording,
                item.error,
                item.why,
            )
        yield item
