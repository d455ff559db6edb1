"""Asking the judge: every question `votes` times at once, each call in one of the run's slots.

The votes differ by the request's `seed` (0, 1, 2, ...): a provider that honours it samples each vote
apart, and the call cache records each vote under its own key, so a replay gives back every vote.
A fault that outlasts the retries is that vote's judge error, never an item error.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import replace

from ..llm_client import ModelClient, ModelFault, UnknownModelName, client_for
from ..scheduler import Slots
from ..settings import Settings
from ..transcript import Usage
from .answers import read_vote
from .dimensions import Question
from .verdicts import Judgement, Vote
from .votes import tally


def judge_client(settings: Settings) -> ModelClient:
    """The judge's client; a name no model answers to is an error of the item, said in one line."""
    assert settings.judge_model
    try:
        return client_for(settings.judge_model, settings)
    except UnknownModelName as err:
        raise ModelFault(
            f"--salessim-judge-model {settings.judge_model}: no such model ({err}: not an alias, not a "
            "model of --salessim-model-config, and not one litellm knows; a litellm id is provider/model)"
        ) from None


async def ask_votes(
    client: ModelClient, prompt: str, question: Question, votes: int, slots: Slots | None, turns: int = 0
) -> tuple[tuple[Vote, ...], Usage]:
    """`votes` answers to one prompt, asked concurrently, and what they cost."""

    async def one(n: int) -> tuple[Vote, Usage]:
        seeded = replace(client, extra={**client.extra, "seed": n})
        messages = [{"role": "user", "content": prompt}]
        try:
            if slots is None:
                completion = await seeded.complete(messages)
            else:
                async with slots.first():
                    completion = await seeded.complete(messages)
        except ModelFault as fault:
            return Vote(None, error=f"judge fault: {fault}"), Usage()
        vote = read_vote(completion.message.get("content") or "", question.scale, question.criteria, turns)
        return vote, completion.usage

    if votes > 1 and client.marks_prompts():
        # a provider's cache entry is read only once the call that writes it has answered: the first
        # vote writes the prompt, the others read it (at a tenth of the price) rather than each write it
        first = await one(0)
        answers = [first, *await asyncio.gather(*(one(n) for n in range(1, votes)))]
    else:
        answers = list(await asyncio.gather(*(one(n) for n in range(votes))))
    spent = sum((usage for _, usage in answers), Usage())
    return tuple(vote for vote, _ in answers), spent


async def judge_questions(
    client: ModelClient, questions: Sequence[Question], votes: int, slots: Slots | None, turns: int = 0
) -> tuple[tuple[Judgement, ...], Usage]:
    """Every question's judgement (all asked at once), and the judge's usage over them."""

    async def judged(question: Question) -> tuple[Judgement, Usage]:
        if question.prompt is None:
            failed = (Vote(None, error=question.why or "not asked"),)
            return tally(
                question.dimension, failed, question.scale, aspect=question.aspect, expected=question.expected
            ), Usage()
        cast, spent = await ask_votes(client, question.prompt, question, votes, slots, turns)
        judgement = tally(
            question.dimension, cast, question.scale, aspect=question.aspect, expected=question.expected
        )
        return judgement, spent

    results = await asyncio.gather(*(judged(q) for q in questions))
    return tuple(j for j, _ in results), sum((u for _, u in results), Usage())
