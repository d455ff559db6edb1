"""Reward functions with the calling convention of TRL's GRPOTrainer `reward_funcs`.

`reward(prompts, completions, **columns) -> list[float]`: one float in [0, 1] per completion. The
dataset's other columns arrive as keyword lists (`scenario`, `spec_root`, ...); unknown ones, and
what the trainer adds (`completion_ids`, `trainer_state`), are ignored. How a completion decides is
in `completions.py`; what the scores mean, in `scores.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ..checks import dealbreakers_kept, decision_alignment
from ..spec.model import Scenario
from ..transcript import Transcript
from .completions import Completion, completion_transcript, is_opening, parse_completion
from .scenarios import scenarios_from
from .scores import DEFAULT_WEIGHTS, disclosure_score, lexical_variety, normalised, revealed_in

RewardFunction = Callable[..., list[float]]


def _played(
    completions: Sequence[Completion], columns: Mapping[str, Any]
) -> list[tuple[Transcript, Scenario]]:
    scenarios = scenarios_from(columns, len(completions))
    return [(completion_transcript(c, s), s) for c, s in zip(completions, scenarios, strict=True)]


def decision_alignment_reward(
    prompts: Sequence[Any] | None, completions: Sequence[Completion], **columns: Any
) -> list[float]:
    """1.0 when the completion decides as its persona would, else 0.0 (no decision included).

    Bought a product of the scenario's `any_of`, or left when `no_purchase` was expected.
    """
    return [float(decision_alignment(t, s).passed) for t, s in _played(completions, columns)]


def dealbreakers_reward(
    prompts: Sequence[Any] | None, completions: Sequence[Completion], **columns: Any
) -> list[float]:
    """0.0 when the completion buys a product that breaks a dealbreaker rule or the budget, else 1.0."""
    return [float(dealbreakers_kept(t, s).passed) for t, s in _played(completions, columns)]


def disclosure_reward(
    prompts: Sequence[Any] | None, completions: Sequence[Completion], **columns: Any
) -> list[float]:
    """How few criteria an opening message reveals: 1.0 at or under the limit, less after.

    Only an opening is judged (the prompt has no assistant message yet); a later message scores 1.0.
    """
    scenarios = scenarios_from(columns, len(completions))
    prompts = prompts if prompts is not None else [None] * len(completions)
    return [
        disclosure_score(revealed_in(parse_completion(c)[0], s), s) if is_opening(p) else 1.0
        for p, c, s in zip(prompts, completions, scenarios, strict=True)
    ]


def variety_reward(
    prompts: Sequence[Any] | None, completions: Sequence[Completion], **columns: Any
) -> list[float]:
    """1 minus the mean TF-IDF cosine of a completion's text to the batch's other completions.

    A batch of one scores its own distinct-2; a completion with no content word scores 0.0.
    """
    return lexical_variety([parse_completion(c)[0] for c in completions])


REWARDS: Mapping[str, RewardFunction] = {
    "decision_alignment": decision_alignment_reward,
    "dealbreakers": dealbreakers_reward,
    "disclosure": disclosure_reward,
    "variety": variety_reward,
}


def weighted_reward(weights: Mapping[str, float] = DEFAULT_WEIGHTS) -> RewardFunction:
    """One reward: the weighted mean of the named signals, weights normalised to sum to 1 (the judged
    dimensions' weights are left to the multi-turn reward: one completion has no judge).

    `weighted_reward({"decision_alignment": 3, "disclosure": 1})` gives 0.75 and 0.25.
    """
    normalised(weights)  # every name known, no negative weight
    single = {name: w for name, w in weights.items() if name in REWARDS}  # judged ones need a conversation
    if not any(single.values()):
        raise ValueError(
            "the judged signals need a whole conversation and a judge: use conversation_reward or the export"
        )
    shares = normalised(single)

    def salessim_reward(
        prompts: Sequence[Any] | None, completions: Sequence[Completion], **columns: Any
    ) -> list[float]:
        signals = {name: REWARDS[name](prompts, completions, **columns) for name in shares}
        return [
            sum(share * signals[name][i] for name, share in shares.items()) for i in range(len(completions))
        ]

    salessim_reward.weights = shares  # type: ignore[attr-defined]
    return salessim_reward


combined_reward = weighted_reward()
