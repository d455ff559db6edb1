"""`vary:` grids: one scenario per combination of persona values, each with a readable id.

A variant's id is the scenario's id followed by one segment per varied field, in the order the
fields are written: `writer.extraversion-low.emotion-calm`. A segment is the field's short name, a
dash and the value made safe for an id (lower case ASCII letters, digits, `_`, `-` and the `.` of a
number), so `pytest -k extraversion-low` selects every variant with that level.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

MAX_COMBINATIONS = 1000  # per scenario: a grid is a handful of traits, not a way to make a million items
MAX_SCENARIOS = 10_000  # per file, variants included
MAX_SLUG = 32

# each path a grid may vary, and the short name its id segments use
LABELS: dict[str, str] = {
    "personality.openness": "openness",
    "personality.conscientiousness": "conscientiousness",
    "personality.extraversion": "extraversion",
    "personality.agreeableness": "agreeableness",
    "personality.neuroticism": "neuroticism",
    "emotion": "emotion",
    "knowledge": "knowledge",
    "speaking_style": "style",
    "age": "age",
    "budget.max": "budget",
    "budget.flexible": "flexible",
}

Combination = tuple[tuple[str, Any], ...]  # ((path, value), ...) in the order the grid names the paths


def changes_budget(vary: Mapping[str, Any]) -> bool:
    """Whether the grid varies the budget: the one field of a persona that decides which products fit."""
    return any(path.startswith("budget.") for path in vary)


def size(vary: Mapping[str, Sequence[Any]]) -> int:
    return math.prod(len(values) for values in vary.values())


def combinations(vary: Mapping[str, Sequence[Any]]) -> Iterator[tuple[tuple[str, int], ...]]:
    """Every combination as ((path, index of its value), ...): the first path varies slowest."""
    paths = list(vary)
    for indexes in itertools.product(*(range(len(vary[p])) for p in paths)):
        yield tuple(zip(paths, indexes, strict=True))


def apply(persona: Mapping[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A copy of the raw persona with `path` set to `value` (a number budget becomes `{max: ...}`)."""
    out = dict(persona)
    head, _, tail = path.partition(".")
    if not tail:
        out[head] = value
        return out
    inner = out.get(head)
    if head == "budget" and not isinstance(inner, dict):
        inner = {} if inner is None else {"max": inner}
    out[head] = {**(inner if isinstance(inner, dict) else {}), tail: value}
    return out


def applied(persona: Mapping[str, Any], combination: Combination) -> dict[str, Any]:
    out = dict(persona)
    for path, value in combination:
        out = apply(out, path, value)
    return out


def same(one: Any, two: Any) -> bool:
    """Equal as values a spec writes: true is not 1, 1 is 1.0."""
    return bool(one == two) and isinstance(one, bool) == isinstance(two, bool)


def _number(value: float) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value)


def slug(value: Any) -> str:
    """`value` as an id segment: `Very Anxious!` -> `very-anxious`, 0.1 -> `0.1`; a value with
    nothing left (or too long) gets a short hash of itself."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, int | float):
        text = re.sub(r"[^0-9a-z.-]", "", _number(value).lower())
    else:
        plain = unicodedata.normalize("NFKD", str(value)).encode("ascii", "ignore").decode()
        text = re.sub(r"[^a-z0-9_]+", "-", plain.lower()).strip("-_")
    if text and len(text) <= MAX_SLUG:
        return text
    digest = hashlib.sha256(repr(value).encode()).hexdigest()[:6]
    return f"{text[: MAX_SLUG - 7].rstrip('-_.')}-{digest}" if text else f"v{digest}"


def segments(path: str, values: Sequence[Any]) -> list[str]:
    """The id segment of each value of `path`; values whose slugs collide get their position."""
    out: list[str] = []
    for position, value in enumerate(values, 1):
        segment = f"{LABELS[path]}-{slug(value)}"
        out.append(f"{segment}-{position}" if segment in out else segment)
    return out


def variant_id(base: str, parts: Sequence[str]) -> str:
    return ".".join([base, *parts])
