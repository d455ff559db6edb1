"""A SalesSim persona's Big Five, emotion and knowledge -> the persona fields of SPEC section 10.

The paper writes each trait on five levels (extreme low, low, neutral, high, extreme high); a spec
has three, so the extremes fold into low and high. A trait given several levels ("Low, High", as
the authors' scenario grid writes it) becomes a `vary` grid over them, as does a list of emotions.
Knowledge is free text in the authors' release ("Has very limited technical knowledge of laptops"):
it is read as novice, intermediate or expert, and the text itself is kept in the background.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

TRAIT_NAMES = {
    "openness": "openness",
    "openness_to_experience": "openness",
    "conscientiousness": "conscientiousness",
    "extraversion": "extraversion",
    "extroversion": "extraversion",
    "agreeableness": "agreeableness",
    "neuroticism": "neuroticism",
}
_LEVELS = {
    "extreme low": "low",
    "extremely low": "low",
    "very low": "low",
    "low": "low",
    "neutral": "neutral",
    "medium": "neutral",
    "moderate": "neutral",
    "average": "neutral",
    "mid": "neutral",
    "high": "high",
    "very high": "high",
    "extremely high": "high",
    "extreme high": "high",
}
KNOWLEDGE_WORDS = {
    "novice": "novice",
    "beginner": "novice",
    "intermediate": "intermediate",
    "average": "intermediate",
    "expert": "expert",
    "advanced": "expert",
}
_NOVICE = re.compile(
    r"\b(limited|trouble|little|basic|beginner|novice|unfamiliar|confus\w*|no technical)\b", re.I
)
_EXPERT = re.compile(r"\b(expert|engineer|enthusiast|specs?|specifications|tradeoffs|deep technical)\b", re.I)
_NEGATION = re.compile(r"\b(not|no|never|without)\b|n't\b", re.I)
_CLAUSE = re.compile(r"[.;,]|\bbut\b", re.I)


@dataclass
class Temperament:
    """What a record says of the persona's personality, mood and knowledge, as spec fields."""

    personality: dict[str, str] = field(default_factory=dict)
    emotion: str = ""
    knowledge: str | None = None
    knowledge_text: str = ""  # the record's own words, kept in the background
    vary: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def level(text: Any) -> str | None:
    """`Extreme High` -> `high`; `Medium` -> `neutral`; anything else -> None."""
    return _LEVELS.get(" ".join(str(text).replace("_", " ").replace("-", " ").lower().split()))


def _many(value: Any) -> list[str]:
    """A value the authors may write as one, as "Low, High" or as a list."""
    items = value if isinstance(value, list) else str(value).split(",")
    return [" ".join(str(item).split()) for item in items if str(item).strip()]


def knowledge_level(text: str) -> str:
    """Free text about what the shopper knows -> novice, intermediate or expert."""
    plain = " ".join(text.split())
    word = KNOWLEDGE_WORDS.get(plain.lower())
    if word:
        return word
    clauses = [c for c in _CLAUSE.split(plain) if c.strip()]
    if any(_NOVICE.search(c) for c in clauses):
        return "novice"
    if any(_EXPERT.search(c) and not _NEGATION.search(c) for c in clauses):
        return "expert"
    return "intermediate"


def read_temperament(record: dict[str, Any]) -> Temperament:
    """The Big Five (`big_5_specification`, `big_5` or `personality`), `emotion` and `knowledge_level`
    (or `knowledge`) of a persona record; what cannot be read is noted, never guessed."""
    found = Temperament()
    spec = next((record[k] for k in ("big_5_specification", "big_5", "personality") if k in record), None)
    if spec is not None and not isinstance(spec, dict):
        found.notes.append(f"left out the Big Five {spec!r}: expected a mapping of trait to level")
        spec = None
    for trait, raw in (spec or {}).items():
        name = TRAIT_NAMES.get(str(trait).strip().lower().replace(" ", "_"))
        if name is None:
            found.notes.append(f"left out the unknown trait {trait!r}")
            continue
        levels: list[str] = []
        for text in _many(raw):
            mapped = level(text)
            if mapped is None:
                found.notes.append(f"left out {trait} level {text!r}: not a level of the Big Five")
            elif mapped not in levels:
                levels.append(mapped)
                if text.lower().startswith(("extreme", "very")):
                    found.notes.append(f"{trait} {text!r} read as {mapped!r} (a spec has three levels)")
        if len(levels) == 1:
            found.personality[name] = levels[0]
        elif levels:
            found.vary[f"personality.{name}"] = levels
    emotions = _many(record["emotion"]) if record.get("emotion") else []
    if len(emotions) == 1:
        found.emotion = emotions[0][:200]
    elif emotions:
        found.vary["emotion"] = list(dict.fromkeys(e[:200] for e in emotions))
    text = " ".join(str(record.get("knowledge_level") or record.get("knowledge") or "").split())
    if text:
        found.knowledge = knowledge_level(text)
        if text.lower() not in KNOWLEDGE_WORDS:
            found.knowledge_text = text
            found.notes.append(f"knowledge read as {found.knowledge!r} from {text!r}")
    return found


def scenario_grid(data: Any) -> dict[str, dict[str, Any]]:
    """The authors' scenario file (`scenarios: [{persona: ID, big_5_specification: {...}}]`) -> the
    Big Five (and emotion, where given) of each persona id."""
    rows = data.get("scenarios") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        raise ValueError("expected `scenarios:` with a list of {persona, big_5_specification}")
    grid: dict[str, dict[str, Any]] = {}
    for row in rows:
        if isinstance(row, dict) and row.get("persona") is not None:
            keep = {k: row[k] for k in ("big_5_specification", "emotion") if k in row}
            grid.setdefault(str(row["persona"]), {}).update(keep)
    return grid
