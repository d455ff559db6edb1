"""The judge's answers on every criterion of a spec that has neither a rule nor a `meets` list.

Each (criterion, product) question is asked `votes` times through the run's criteria judge
(judge/criteria.py, the `criterion` rubric); identical questions, in several scenarios or variants,
are asked once. A criterion gets a `meets` list only when every product's question was decided: a
majority of valid votes, no tie. A judge error (no JSON, off the scale, a fault past the retries) or
a tie leaves the whole criterion as it was, and says which products and why.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..judge.criteria import CriteriaJudge, undecided
from ..judge.verdicts import Judgement
from ..scheduler import run_blocking
from ..settings import Settings
from ..spec.model import Criterion, Scenario
from ..transcript import Usage


@dataclass
class CriterionVerdict:
    """What the judge made of one criterion over the catalog."""

    criterion: Criterion
    meets: list[str] = field(default_factory=list)
    undecided: dict[str, str] = field(default_factory=dict)  # product id -> why (a split, an error)
    unanimous: bool = True

    @property
    def decided(self) -> bool:
        return not self.undecided


def _why_undecided(judgement: Judgement) -> str | None:
    """None when the judgement decides; else a split or the judge's error, in words."""
    if judgement.majority is None:
        return f"judge error: {judgement.error}"
    counts = Counter(v.value for v in judgement.votes if v.value is not None)
    if counts[True] == counts[False]:
        errors = sum(v.value is None for v in judgement.votes)
        extra = f", {errors} judge error{'s' if errors != 1 else ''}" if errors else ""
        return f"split votes: {counts[True]} met, {counts[False]} not met{extra}"
    return None


def verdicts_of(scenario: Scenario, judgements: Sequence[Judgement]) -> list[CriterionVerdict]:
    """The judgements of one scenario (asked criterion by criterion, product by product) by criterion."""
    criteria = undecided(scenario.persona)
    products = scenario.catalog.products
    found = []
    for index, criterion in enumerate(criteria):
        verdict = CriterionVerdict(criterion)
        for offset, product in enumerate(products):
            judgement = judgements[index * len(products) + offset]
            why = _why_undecided(judgement)
            if why is not None:
                verdict.undecided[product.id] = why
            elif judgement.majority is True:
                verdict.meets.append(product.id)
            verdict.unanimous &= judgement.agreement == 1.0
        found.append(verdict)
    return found


def ask(scenarios: Sequence[Scenario], settings: Settings) -> tuple[list[list[CriterionVerdict]], Usage]:
    """Each scenario's verdicts on its undecided criteria (all scenarios asked at once), and the cost."""
    judge = CriteriaJudge(settings)

    async def everything() -> list[tuple[Scenario, tuple[Judgement, ...], Usage]]:
        return list(await asyncio.gather(*(judge.decided(s) for s in scenarios)))

    answers = run_blocking(everything(), on_model_loop=True)
    spent = sum((usage for _, _, usage in answers), Usage())
    return [
        verdicts_of(s, judgements) for s, (_, judgements, _) in zip(scenarios, answers, strict=True)
    ], spent
