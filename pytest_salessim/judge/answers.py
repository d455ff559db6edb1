"""Reading a judge's answer: one JSON object (text around it allowed), its value on the scale.

No such object, or a value off the scale, is a judge error (a Vote with no value), never a score.
"""

from __future__ import annotations

import json
import re
from typing import Any

from .verdicts import LEVELS, Scale, Value, Vote

KEYS: dict[Scale, str] = {"score": "score", "level": "level", "revealed": "revealed", "meets": "meets"}
MAX_JUSTIFICATION = 1000
_TURN_MENTION = re.compile(r"\[(\d+)\]|\b(?:turn|message)s?\s+#?(\d+)", re.IGNORECASE)


def json_objects(text: str) -> list[dict[str, Any]]:
    """Every JSON object in `text`, outermost first, in order (a fenced block, prose around it)."""
    decoder = json.JSONDecoder()
    found: list[dict[str, Any]] = []
    at = text.find("{")
    while at != -1:
        try:
            value, end = decoder.raw_decode(text, at)
        except ValueError:
            at = text.find("{", at + 1)
            continue
        if isinstance(value, dict):
            found.append(value)
        at = text.find("{", end)
    return found


def read_vote(text: str, scale: Scale, criteria: int = 0, turns: int = 0) -> Vote:
    """One vote from the judge's answer; `criteria`: how many a `revealed` list may number;
    `turns`: how many turns the transcript has (the turns the judge points at are checked)."""
    key = KEYS[scale]
    answer = next((o for o in json_objects(text) if key in o), None)
    if answer is None:
        shown = " ".join(text.split())
        shown = shown if len(shown) <= 80 else shown[:77] + "..."
        return Vote(None, error=f'no JSON object with "{key}" in the answer: {shown!r}')
    value, problem = _on_scale(answer[key], scale, criteria)
    justification = str(answer.get("justification") or "").strip()[:MAX_JUSTIFICATION]
    if problem is not None:
        return Vote(None, justification, error=problem)
    return Vote(value, justification, _pointed_at(answer.get("turns"), justification, turns))


def _on_scale(raw: Any, scale: Scale, criteria: int) -> tuple[Value | None, str | None]:
    if scale == "score":
        if isinstance(raw, bool) or not isinstance(raw, int | float) or raw not in (0, 1):
            return None, f"score {raw!r} is off the scale (0 or 1)"
        return int(raw), None
    if scale == "level":
        level = raw.strip().lower() if isinstance(raw, str) else None
        if level not in LEVELS:
            return None, f"level {raw!r} is off the scale (low, neutral or high)"
        return level, None
    if scale == "meets":
        if not isinstance(raw, bool):
            return None, f"meets {raw!r} is off the scale (true or false)"
        return raw, None
    numbers = raw if isinstance(raw, list) else None
    if numbers is None or not all(isinstance(n, int) and not isinstance(n, bool) for n in numbers):
        return None, f"revealed {raw!r} is not a list of criterion numbers"
    off = [n for n in numbers if not 1 <= n <= criteria]
    if off:
        return None, f"revealed {off!r}: there are criteria 1 to {criteria} only"
    return tuple(sorted(set(numbers))), None


def _pointed_at(listed: Any, justification: str, turns: int) -> tuple[int, ...]:
    """The turns the judge named: its `turns` list, else `[3]` or `turn 3` in its justification."""
    if isinstance(listed, list):
        numbers = [n for n in listed if isinstance(n, int) and not isinstance(n, bool)]
    else:
        numbers = [int(a or b) for a, b in _TURN_MENTION.findall(justification)]
    return tuple(sorted({n for n in numbers if 0 <= n < turns}))
