"""The LLM judge of SPEC section 11: how realistically the shopper plays its persona.

After a conversation, each judged dimension that applies is asked `--salessim-judge-votes` times
(rubrics in `rubrics/`, replaceable), the majority counts, and the judgements ride on the
Transcript; the checks in checks/judged.py read them. Criteria that neither a rule nor a `meets`
list decides are judged per product once per run (criteria.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from .verdicts import DIMENSIONS, TRAITS, Judgement, Vote, summarize

if TYPE_CHECKING:
    from ..settings import Settings
    from ..spec.model import Scenario
    from ..transcript import Transcript

__all__ = ["DIMENSIONS", "TRAITS", "Judgement", "Vote", "judge_conversation", "requiring", "summarize"]


async def judge_conversation(transcript: Transcript, scenario: Scenario, settings: Settings) -> Transcript:
    """The transcript with the judge's judgements, its count of first-message criteria and its usage."""
    from ..scheduler import ModelLoop
    from .context import criteria_list
    from .dimensions import chosen, questions
    from .panel import judge_client, judge_questions

    client = judge_client(settings)
    required = (*scenario.checks.require, *settings.require)
    asked = questions(
        transcript, scenario, chosen(scenario, settings.judge_dimensions, required), settings.judge_prompts
    )
    slots = ModelLoop.get().slots(settings.concurrency)
    judgements, spent = await judge_questions(
        client, asked, max(1, settings.judge_votes), slots, len(transcript.turns)
    )
    disclosure = next((j for j in judgements if j.dimension == "first_turn_disclosure"), None)
    revealed = transcript.judged_disclosures
    if disclosure is not None and isinstance(disclosure.majority, tuple):
        items = criteria_list(scenario.persona)
        revealed = tuple(items[n - 1] for n in disclosure.majority)
    return replace(
        transcript,
        judgements=judgements,
        judged_disclosures=revealed,
        judge_usage=transcript.judge_usage + spent,
    )


def requiring(scenario: Scenario, names: Sequence[str]) -> Scenario:
    """The scenario with `names` added to its `checks.require` (the ini option `salessim_require`)."""
    wanted = tuple(dict.fromkeys((*scenario.checks.require, *names)))
    if wanted == scenario.checks.require:
        return scenario
    return replace(scenario, checks=replace(scenario.checks, require=wanted))
