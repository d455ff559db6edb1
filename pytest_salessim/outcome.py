"""An item's result: the transcript and check results, as a failure message and as data for reports."""

from __future__ import annotations

from dataclasses import dataclass

from .checks import CheckResult, disclosed
from .judge.verdicts import dimension_summaries
from .records import CheckRecord, DecisionRecord, ItemRecord, PersonaRecord, TrialRecord, UsageRecord
from .spec.model import Persona, Scenario
from .templating import money
from .transcript import Decision, Transcript, Turn, Usage


def decision_record(decision: Decision) -> DecisionRecord:
    return {
        "kind": decision.kind,
        "product_id": decision.product_id,
        "reason": decision.reason,
        "hallucinated": decision.hallucinated,
    }


def check_record(check: CheckResult) -> CheckRecord:
    return {
        "name": check.name,
        "passed": check.passed,
        "detail": check.detail,
        "failure_class": check.failure_class,
        "turns": list(check.turns),
    }


def persona_record(persona: Persona) -> PersonaRecord:
    """Who the shopper is: the report's persona panel (each criterion with its rule or `meets` list)."""
    budget = persona.budget
    return {
        "name": persona.name,
        "age": persona.age,
        "background": persona.background,
        "speaking_style": persona.speaking_style,
        "personality": dict(persona.personality.traits()),
        "emotion": persona.emotion,
        "knowledge": persona.knowledge,
        "budget": None
        if budget is None
        else {
            "max": budget.max,
            "currency": budget.currency,
            "flexible": budget.flexible,
            "ceiling": budget.ceiling,
        },
        "criteria": [
            {
                "text": c.text,
                "hard": c.hard,
                "rule": c.rule.describe() if c.rule is not None else None,
                "meets": list(c.meets) if c.meets is not None else None,
            }
            for c in persona.criteria
        ],
    }


def usage_record(usage: Usage) -> UsageRecord:
    return {
        "calls": usage.calls,
        "prompt_tokens": usage.prompt_tokens,
        "completion_tokens": usage.completion_tokens,
        "cost": usage.cost,
        "cached_tokens": usage.cached_tokens,
        "cache_creation_tokens": usage.cache_creation_tokens,
    }


@dataclass(frozen=True)
class ScenarioOutcome:
    scenario: Scenario
    transcript: Transcript
    checks: tuple[CheckResult, ...]

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.checks)

    @property
    def aligned(self) -> bool:
        return next(c.passed for c in self.checks if c.name == "decision_alignment")

    @property
    def failure_class(self) -> str | None:
        return next((c.failure_class for c in self.checks if c.failure_class), None)

    def trial_record(self) -> TrialRecord:
        """One conversation as plain JSON: carried on the test report, so it survives pytest-xdist."""
        transcript = self.transcript
        judged = transcript.judged_disclosures
        record: TrialRecord = {
            "seed": transcript.seed,
            "passed": self.passed,
            "aligned": self.aligned,
            "failure_class": self.failure_class,
            "decision": decision_record(transcript.decision),
            "decision_text": transcript.decision.describe(),
            "checks": [check_record(c) for c in self.checks],
            "first_turn_disclosures": len(disclosed(transcript.first_shopper_text(), self.scenario.persona)),
            "first_turn_disclosures_judge": None if judged is None else len(judged),
            "shopper_turns": len(transcript.shopper_turns),
            "seconds": transcript.seconds,
            "usage": usage_record(transcript.usage),
            "agent_usage": usage_record(transcript.agent_usage),
            "judge_usage": usage_record(transcript.judge_usage),
            "shopper_text": "\n".join(t.text for t in transcript.shopper_turns if t.text.strip()),
            "transcript": transcript.to_dict(),
        }
        if transcript.judgements is not None:
            record["judgements"] = [dict(j.to_dict()) for j in transcript.judgements]
            record["dimensions"] = dimension_summaries(transcript.judgements)
        return record


@dataclass(frozen=True)
class ItemResult:
    """Every trial of one item, and whether enough of them passed."""

    scenario: Scenario
    model: str
    trials: tuple[ScenarioOutcome, ...]
    min_pass_rate: float = 1.0

    @property
    def pass_rate(self) -> float:
        return sum(t.passed for t in self.trials) / len(self.trials)

    @property
    def passed(self) -> bool:
        return self.pass_rate >= self.min_pass_rate - 1e-9

    def record(self, nodeid: str, file: str) -> ItemRecord:
        expect = self.scenario.expect
        return {
            "nodeid": nodeid,
            "file": file,
            "scenario": self.scenario.id,
            "category": self.scenario.category,
            "tags": list(self.scenario.tags),
            "model": self.model,
            "kind": "scenario",
            "expected": {"decision": expect.decision, "any_of": list(expect.any_of)},
            "expected_text": expected_text(self.scenario),
            "passed": self.passed,
            "pass_rate": self.pass_rate,
            "min_pass_rate": self.min_pass_rate,
            "trials": [t.trial_record() for t in self.trials],
            "persona": persona_record(self.scenario.persona),
        }

    def failure_message(self) -> str:
        failing = next(t for t in self.trials if not t.passed)
        message = failure_message(failing)
        if len(self.trials) > 1:
            passed = sum(t.passed for t in self.trials)
            message = (
                f"{passed} of {len(self.trials)} trials passed ({self.pass_rate:.0%}); "
                f"the item needs {self.min_pass_rate:.0%}. The first failing trial:\n" + message
            )
        return message


def expected_text(scenario: Scenario) -> str:
    if scenario.expect.decision == "no_purchase":
        return "no_purchase"
    ids = scenario.expect.any_of
    return f"purchase {ids[0]}" if len(ids) == 1 else f"purchase one of {', '.join(ids)}"


def _turn_line(index: int, turn: Turn, width: int = 160) -> str:
    text = " ".join(turn.text.split())
    if len(text) > width:
        text = text[: width - 3] + "..."
    extras = []
    if turn.cards:
        extras.append("cards: " + ", ".join(c["id"] for c in turn.cards))
    for result in turn.tool_results:
        args = ", ".join(f"{v}" for v in result.call.arguments.values())
        extras.append(f"{result.call.name}({args})" + (f" -> error: {result.error}" if result.error else ""))
    tail = f"  [{'; '.join(extras)}]" if extras else ""
    return f"    [{index}] {turn.role:>7}: {text}{tail}"


def failure_message(outcome: ScenarioOutcome) -> str:
    """What an assertion failure says: expected vs actual, the class, the checks, the turns that matter."""
    scenario, transcript = outcome.scenario, outcome.transcript
    decision = transcript.decision
    actual = decision.describe()
    product = scenario.catalog.get(decision.product_id or "")
    if product is not None:
        actual += f" ({product.name}, {money(product.price)})"
    lines = [
        f"shopper {scenario.persona.name!r} did not act as its persona would "
        f"({transcript.model}, seed {transcript.seed})",
        f"  expected: {expected_text(scenario)}",
        f"  actual:   {actual}",
    ]
    if outcome.failure_class:
        lines.append(f"  failure class: {outcome.failure_class}")
    lines.append("  checks:")
    for check in outcome.checks:
        lines.append(f"    {'ok  ' if check.passed else 'FAIL'} {check.name}: {check.detail}")
    wanted = sorted({i for c in outcome.checks if not c.passed for i in c.turns})
    if wanted:
        lines.append("  turns that matter:")
        lines.extend(_turn_line(i, transcript.turns[i]) for i in wanted)
    lines.append(
        f"  ({len(transcript.shopper_turns)} shopper turns; {len(transcript.turns)} messages in all)"
    )
    return "\n".join(lines)
