"""What the judge said: every vote, the majority, and how far the votes agreed (plain records).

This module imports nothing of the package: a Transcript carries Judgements, the checks and the
reports read them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypedDict

# The judged dimensions of SPEC section 11, in the order reports list them.
DIMENSIONS: tuple[str, ...] = (
    "comprehension",
    "states_dealbreakers",
    "judged_alignment",
    "personality",
    "first_turn_disclosure",
)
# What `checks: {require}` may name: the disclosure check already fails on its own limit.
REQUIRABLE: tuple[str, ...] = ("comprehension", "states_dealbreakers", "judged_alignment", "personality")
TRAITS: tuple[str, ...] = ("openness", "conscientiousness", "extraversion", "agreeableness", "neuroticism")
LEVELS: dict[str, float] = {"low": 0.0, "neutral": 0.5, "high": 1.0}

# What an answer holds: a score 0/1, a level, the numbers of the criteria revealed, or meets.
Scale = Literal["score", "level", "revealed", "meets"]
Value = int | str | bool | tuple[int, ...]


@dataclass(frozen=True)
class Vote:
    """One answer of the judge; `value` None is a judge error (no JSON, off the scale, a fault)."""

    value: Value | None
    justification: str = ""
    turns: tuple[int, ...] = ()  # indexes into transcript.turns the judge pointed at
    error: str | None = None

    def to_dict(self) -> VoteRecord:
        value = list(self.value) if isinstance(self.value, tuple) else self.value
        return {
            "value": value,
            "justification": self.justification,
            "turns": list(self.turns),
            "error": self.error,
        }


@dataclass(frozen=True)
class Judgement:
    """The votes on one question: a dimension, or one aspect of it (a personality trait, a product).

    `score` is 0 or 1 for the yes/no dimensions and for `meets`; 1 - |specified - judged| for a
    personality trait (low 0, neutral 0.5, high 1); the number of criteria revealed for
    `first_turn_disclosure`. `majority` None: unjudged, and `error` says why.
    """

    dimension: str
    votes: tuple[Vote, ...]
    majority: Value | None
    score: float | None
    agreement: float | None  # share of the valid votes equal to the majority
    justification: str = ""  # of a vote equal to the majority
    turns: tuple[int, ...] = ()
    aspect: str = ""  # personality: the trait; criterion: the product id
    expected: str | None = None  # personality: the persona's level (never shown to the judge)
    error: str | None = None

    @property
    def judged(self) -> bool:
        return self.majority is not None

    @property
    def label(self) -> str:
        return f"{self.dimension}.{self.aspect}" if self.aspect else self.dimension

    def majority_text(self) -> str:
        if self.majority is None:
            return "unjudged"
        if isinstance(self.majority, tuple):
            return "[" + ", ".join(str(n) for n in self.majority) + "]"
        if isinstance(self.majority, bool):
            return "true" if self.majority else "false"
        return str(self.majority)

    def votes_text(self) -> str:
        """`1, 0, 1` (an error shows as `error`)."""
        out = []
        for vote in self.votes:
            if vote.value is None:
                out.append("error")
            elif isinstance(vote.value, tuple):
                out.append("[" + " ".join(str(n) for n in vote.value) + "]")
            elif isinstance(vote.value, bool):
                out.append("true" if vote.value else "false")
            else:
                out.append(str(vote.value))
        return ", ".join(out)

    def to_dict(self) -> JudgementRecord:
        majority = list(self.majority) if isinstance(self.majority, tuple) else self.majority
        return {
            "dimension": self.dimension,
            "aspect": self.aspect,
            "majority": majority,
            "score": self.score,
            "agreement": self.agreement,
            "justification": self.justification,
            "turns": list(self.turns),
            "expected": self.expected,
            "error": self.error,
            "votes": [v.to_dict() for v in self.votes],
        }


class VoteRecord(TypedDict):
    value: Any
    justification: str
    turns: list[int]
    error: str | None


class JudgementRecord(TypedDict):
    dimension: str
    aspect: str
    majority: Any
    score: float | None
    agreement: float | None
    justification: str
    turns: list[int]
    expected: str | None
    error: str | None
    votes: list[VoteRecord]


class DimensionSummary(TypedDict):
    """One dimension of one conversation, as reports and rewards read it."""

    dimension: str
    judged: bool
    score: float | None  # personality: the mean over its traits
    failing: bool  # a majority score of 0 (personality: some trait judged at the opposite level)
    agreement: float | None
    votes: int  # valid votes over every aspect
    error: str | None


def summarize(dimension: str, judgements: Sequence[Judgement]) -> DimensionSummary | None:
    """A dimension's figure from its judgements (several for personality: one per trait)."""
    mine = [j for j in judgements if j.dimension == dimension]
    if not mine:
        return None
    judged = [j for j in mine if j.judged and j.score is not None]
    valid = sum(1 for j in judged for v in j.votes if v.value is not None)
    agreeing = sum((j.agreement or 0.0) * sum(v.value is not None for v in j.votes) for j in judged)
    errors = [j.error for j in mine if not j.judged and j.error]
    if not judged:
        return {
            "dimension": dimension,
            "judged": False,
            "score": None,
            "failing": False,
            "agreement": None,
            "votes": 0,
            "error": errors[0] if errors else "unjudged",
        }
    score = sum(j.score for j in judged if j.score is not None) / len(judged)
    return {
        "dimension": dimension,
        "judged": True,
        "score": score,
        "failing": any(j.score == 0 for j in judged) and dimension != "first_turn_disclosure",
        "agreement": agreeing / valid if valid else None,
        "votes": valid,
        "error": errors[0] if errors else None,  # personality: a trait left unjudged
    }


def dimension_summaries(judgements: Sequence[Judgement]) -> dict[str, DimensionSummary]:
    """Each judged dimension asked about a conversation, summarized (what its trial record keeps)."""
    return {d: s for d in DIMENSIONS if (s := summarize(d, judgements)) is not None}
