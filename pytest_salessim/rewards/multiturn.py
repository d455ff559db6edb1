"""The multi-turn reward: play a whole conversation with a shopper policy and score it.

The policy is any `Simulator` (a model being trained wraps itself in one); the sales agent is the
scenario's own, the spec's script unless the spec names an LLM agent. The score is the combined
signal of `scores.py` over the conversation: the decision it ended with, the product bought, the
first shopper message, and the shopper's distinct-2 over its own messages.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..settings import Settings
from ..simulators.base import Simulator
from ..spec.model import Scenario
from ..transcript import Transcript
from .scenarios import resolve_scenario
from .scores import DEFAULT_WEIGHTS, combine, transcript_scores


@dataclass(frozen=True)
class ScoredConversation:
    transcript: Transcript
    scores: dict[str, float]
    reward: float


def play_scored(
    scenario: Scenario | str,
    policy: Simulator | str,
    seed: int = 0,
    weights: Mapping[str, float] = DEFAULT_WEIGHTS,
    settings: Settings | None = None,
    root: str | Path | None = None,
) -> ScoredConversation:
    """Play `scenario` ('SPEC_FILE::ID' under `root`, or a Scenario) with `policy` and score it."""
    from ..conversation import play
    from ..simulators import resolve

    scenario = resolve_scenario(scenario, root)
    simulator = resolve(policy, settings) if isinstance(policy, str) else policy
    transcript = play(scenario, simulator, seed, settings)
    scores = transcript_scores(transcript, scenario)
    return ScoredConversation(transcript, scores, combine(scores, weights))


def conversation_reward(
    scenario: Scenario | str,
    policy: Simulator | str,
    seed: int = 0,
    weights: Mapping[str, float] = DEFAULT_WEIGHTS,
    settings: Settings | None = None,
    root: str | Path | None = None,
) -> float:
    """The combined score of one conversation of `scenario` played by `policy` (see `play_scored`)."""
    return play_scored(scenario, policy, seed, weights, settings, root).reward
