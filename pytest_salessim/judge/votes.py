"""Votes into a judgement: the majority counts, a tie goes to the lower score.

A judgement needs more than half of the votes asked to be valid; otherwise it is unjudged, and the
error of the first invalid vote says why. Agreement is the share of valid votes equal to the majority.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from .verdicts import LEVELS, Judgement, Scale, Value, Vote


def score_of(value: Value, scale: Scale, expected: str | None = None) -> float:
    """A value as a score: 0/1, meets true 1, a level against the specified one, a count revealed."""
    if scale == "level":
        assert isinstance(value, str)
        return 1.0 - abs(LEVELS[expected or "neutral"] - LEVELS[value])
    if isinstance(value, tuple):
        return float(len(value))
    return float(value)


def tally(
    dimension: str,
    votes: Sequence[Vote],
    scale: Scale,
    *,
    aspect: str = "",
    expected: str | None = None,
) -> Judgement:
    """The judgement of `votes` on one question."""
    votes = tuple(votes)
    valid = [v for v in votes if v.value is not None]
    if not votes or len(valid) * 2 <= len(votes):
        errors = [v.error for v in votes if v.error]
        why = errors[0] if errors else "no vote"
        if len(votes) > 1:
            why = f"{len(votes) - len(valid)} of {len(votes)} votes were judge errors; the first: {why}"
        return Judgement(dimension, votes, None, None, None, aspect=aspect, expected=expected, error=why)
    if scale == "revealed":
        majority: Value = _revealed_by_most(valid)
    else:
        counts = Counter(v.value for v in valid)
        top = max(counts.values())
        tied = [value for value, n in counts.items() if n == top and value is not None]
        majority = min(tied, key=lambda value: (score_of(value, scale, expected), str(value)))
    agreeing = [v for v in valid if v.value == majority]
    shown = agreeing[0] if agreeing else valid[0]
    turns = tuple(sorted({t for v in agreeing for t in v.turns}))
    return Judgement(
        dimension,
        votes,
        majority,
        score_of(majority, scale, expected),
        len(agreeing) / len(valid),
        shown.justification,
        turns,
        aspect,
        expected,
    )


def _revealed_by_most(valid: Sequence[Vote]) -> tuple[int, ...]:
    """A criterion counts as revealed when at least half the votes name it: the tie goes to the
    shopper's worse figure (more revealed), as a tie elsewhere goes to the lower score."""
    named = Counter(n for v in valid if isinstance(v.value, tuple) for n in v.value)
    return tuple(sorted(n for n, count in named.items() if count * 2 >= len(valid)))
