"""What collection reads of a record: its format, the scenario it names, its model, and whether it
can be graded at all. The format is told from the record's keys, never from the file's name.

- this project's `transcripts.jsonl` (`--salessim-report`): `nodeid`, `model`, `scenario`, `transcript`;
- the SalesSim authors' rollouts: `shopper_persona`, `conversation` (speaker/text turns), `outcome`;
  older exports write some fields as Python literals in strings (read with `ast.literal_eval`);
- chat-format logs: `scenario`, `model`, `messages` (OpenAI chat messages, the shopper as assistant).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Any, Literal

from .scenarios import PersonaKey

Format = Literal["transcripts", "rollout", "chat"]
FORMAT_NAMES: dict[Format, str] = {
    "transcripts": "pytest-salessim transcripts.jsonl",
    "rollout": "SalesSim rollout",
    "chat": "chat-format log",
}
_TRAITS = {
    "openness": "openness",
    "conscientiousness": "conscientiousness",
    "extraversion": "extraversion",
    "extroversion": "extraversion",
    "agreeableness": "agreeableness",
    "neuroticism": "neuroticism",
}


ROLLOUT_ERROR = "the rollout ended in error"


class UnknownFormat(ValueError):
    """A record of none of the three formats."""


def structured(value: Any, kind: type) -> Any:
    """A field as a JSON value of `kind` (dict or list), or the Python literal an older export wrote
    in a string instead (`"{'name': 'Emily'}"`); None when it is neither. Never `eval`."""
    if isinstance(value, str) and value.strip()[:1] in ("{", "["):
        try:
            value = ast.literal_eval(value.strip())
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            return None
    return value if isinstance(value, kind) else None


@dataclass(frozen=True)
class Head:
    """A record as collection sees it: enough to name its item and find its scenario."""

    format: Format
    model: str
    scenario_id: str | None = None
    persona: PersonaKey | None = None
    file: str | None = None  # the spec file a transcripts.jsonl node id names
    category: str | None = None
    group: str | None = None  # transcripts.jsonl: the trials of one item share their node id
    name: str | None = None  # transcripts.jsonl: the item's name in the run that recorded it
    kind: Literal["scenario", "persuasion"] = "scenario"
    trial: int = 0
    problem: str | None = None  # why it cannot be graded (no conversation, a rollout that failed)


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def head_of(record: dict[str, Any], default_model: str, path_words: tuple[str, ...] = ()) -> Head:
    """The head of one record; raises UnknownFormat for a record of none of the formats."""
    if "transcript" in record or "nodeid" in record:
        return _transcripts_head(record, default_model)
    if "conversation" in record or "shopper_persona" in record:
        return _rollout_head(record, default_model, path_words)
    if "messages" in record or "scenario" in record:
        return _chat_head(record, default_model)
    keys = ", ".join(sorted(map(str, record))[:8]) or "none"
    raise UnknownFormat(
        "unknown format: a record has `transcript` (pytest-salessim's transcripts.jsonl), "
        f"`conversation` (a SalesSim rollout) or `messages` (a chat-format log); this one's keys: {keys}"
    )


def _transcripts_head(record: dict[str, Any], default_model: str) -> Head:
    transcript = record.get("transcript")
    turns = transcript.get("turns") if isinstance(transcript, dict) else None
    scenario = _text(record.get("scenario")) or (
        _text(transcript.get("scenario_id")) if isinstance(transcript, dict) else None
    )
    model = _text(record.get("model")) or default_model
    nodeid = _text(record.get("nodeid")) or ""
    file, _, name = nodeid.rpartition("::")
    kind: Literal["scenario", "persuasion"] = (
        "persuasion" if record.get("kind") == "persuasion" else "scenario"
    )
    trial = record.get("trial")
    problem = None
    if not isinstance(turns, list):
        problem = "a record missing its conversation (`transcript.turns`)"
    elif scenario is None:
        problem = "a record that names no scenario (`scenario`)"
    return Head(
        "transcripts",
        model,
        scenario_id=scenario,
        file=file or None,
        category=_text(record.get("category")),
        group=nodeid or None,
        name=name or None,
        kind=kind,
        trial=trial if isinstance(trial, int) else 0,
        problem=problem,
    )


def _chat_head(record: dict[str, Any], default_model: str) -> Head:
    scenario = _text(record.get("scenario"))
    problem = None
    if not isinstance(record.get("messages"), list):
        problem = "a record missing its conversation (`messages`)"
    elif scenario is None:
        problem = "a record that names no scenario (`scenario`)"
    return Head(
        "chat",
        _text(record.get("model")) or default_model,
        scenario_id=scenario,
        category=_text(record.get("category")),
        problem=problem,
    )


def _rollout_head(record: dict[str, Any], default_model: str, path_words: tuple[str, ...]) -> Head:
    from ..importer.temperament import level

    persona = structured(record.get("shopper_persona"), dict) or {}
    traits = structured(record.get("shopper_big5_traits"), dict) or {}
    big5 = tuple(
        sorted(
            (_TRAITS[str(t).lower()], found)
            for t, v in traits.items()
            if str(t).lower() in _TRAITS and (found := level(v)) is not None
        )
    )
    category = _text(record.get("category")) or _text(record.get("product_category"))
    name = _text(persona.get("name"))
    key = (
        PersonaKey(
            name,
            persona.get("age") if isinstance(persona.get("age"), (int, str)) else None,
            category,
            big5,
            _text(record.get("shopper_emotion")) or "",
            path_words,
        )
        if name
        else None
    )
    model = _text(record.get("model")) or _text(record.get("shopper_model")) or default_model
    problem = None
    if not isinstance(structured(record.get("conversation"), list), list):
        problem = "a record missing its conversation (`conversation`)"
    elif record.get("outcome") == "error":
        why = _text(record.get("error_message")) or "no error message"
        problem = f"{ROLLOUT_ERROR} (outcome: error): {why.splitlines()[-1][:300]}"
    elif key is None:
        problem = "a record that names no shopper (`shopper_persona.name`)"
    return Head("rollout", model, persona=key, category=category, problem=problem)
