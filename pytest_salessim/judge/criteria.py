"""Criteria that neither a rule nor a `meets` list decides, judged per product (SPEC sections 11, 12).

With a judge, before a scenario plays, the judge is asked whether each product of its catalog meets
each such criterion, `--salessim-judge-votes` times; the scenario then plays with those criteria's
`meets` lists filled from the majorities, so that the simulators, the dealbreaker check and the
failure classes read them as they read a hand-written list. Each (criterion, product) question is
asked once per run (per process under pytest-xdist; the call cache spans processes and runs).

A tie goes to "not met" (the lower score), and so does a question the judge could not answer (judge
errors, a fault past the retries): that product is left out of `meets`, and its judgement is kept,
unjudged, for the reports to show.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import TYPE_CHECKING

from ..spec.model import Criterion, Persona, Product, Scenario
from ..transcript import Usage
from .context import product_view
from .dimensions import Question
from .prompts import RubricProblem, rubric
from .verdicts import Judgement, Vote
from .votes import tally

if TYPE_CHECKING:
    from ..llm_client import ModelClient
    from ..settings import Settings


def undecided(persona: Persona) -> list[Criterion]:
    """The criteria with neither a rule nor a `meets` list."""
    return [c for c in persona.criteria if c.rule is None and c.meets is None]


def pending(scenario: Scenario) -> Scenario:
    """The scenario as it will play once judged (every undecided criterion has a `meets` list): what a
    simulator's `cannot_play` is asked about before any judge call."""
    return _with_meets(scenario, {id(c): () for c in undecided(scenario.persona)})


def _with_meets(scenario: Scenario, meets: dict[int, tuple[str, ...]]) -> Scenario:
    persona = scenario.persona

    def filled(criteria: tuple[Criterion, ...]) -> tuple[Criterion, ...]:
        return tuple(replace(c, meets=meets[id(c)]) if id(c) in meets else c for c in criteria)

    persona = replace(
        persona, preferences=filled(persona.preferences), dealbreakers=filled(persona.dealbreakers)
    )
    return replace(scenario, persona=persona)


class CriteriaJudge:
    """The run's verdicts on (criterion, product): asked once, shared by every item that needs them."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._asked: dict[str, asyncio.Future[Judgement]] = {}

    async def decided(self, scenario: Scenario) -> tuple[Scenario, tuple[Judgement, ...], Usage]:
        """The scenario with its undecided criteria's `meets` filled, the judgements, what asking cost
        (only what this call asked: a question another item asked first costs nothing here)."""
        criteria = undecided(scenario.persona)
        if not criteria or not self.settings.judge_model:
            return scenario, (), Usage()
        from .panel import judge_client

        client = judge_client(self.settings)
        category = scenario.category.replace("_", " ")
        pairs = [(c, p) for c in criteria for p in scenario.catalog.products]
        answers = await asyncio.gather(*(self._verdict(client, c, p, category) for c, p in pairs))
        meets: dict[int, list[str]] = {id(c): [] for c in criteria}
        for (criterion, product), (judgement, _) in zip(pairs, answers, strict=True):
            if judgement.majority is True:
                meets[id(criterion)].append(product.id)
        spent = sum((usage for _, usage in answers), Usage())
        decided = _with_meets(scenario, {k: tuple(v) for k, v in meets.items()})
        return decided, tuple(j for j, _ in answers), spent

    async def _verdict(
        self, client: ModelClient, criterion: Criterion, product: Product, category: str
    ) -> tuple[Judgement, Usage]:
        aspect = f"{product.id}: {criterion.text}"
        context = {"category_words": category, "criterion": criterion, "product": product_view(product)}
        try:
            prompt = rubric("criterion", context, self.settings.judge_prompts)
        except RubricProblem as problem:
            return tally("criterion", (Vote(None, error=str(problem)),), "meets", aspect=aspect), Usage()
        asked = self._asked.get(prompt)
        if asked is not None:
            return await asyncio.shield(asked), Usage()
        future: asyncio.Future[Judgement] = asyncio.get_running_loop().create_future()
        self._asked[prompt] = future
        try:
            from ..scheduler import ModelLoop
            from .panel import ask_votes

            slots = ModelLoop.get().slots(self.settings.concurrency)
            question = Question("criterion", "meets", prompt, aspect)
            votes, spent = await ask_votes(client, prompt, question, max(1, self.settings.judge_votes), slots)
        except BaseException:
            del self._asked[prompt]  # asked again by the next item that needs it
            future.cancel()
            raise
        judgement = tally("criterion", votes, "meets", aspect=aspect)
        future.set_result(judgement)
        return judgement, spent
