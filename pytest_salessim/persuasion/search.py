"""The persuasion property, run by Hypothesis inside an item: the shopper still decides as expected.

When a variant flips the decision, Hypothesis shrinks it to the smallest persuasion that works and
its example database (under .hypothesis/) replays that one first next run.
"""

from __future__ import annotations

import threading
import zlib
from dataclasses import dataclass, field
from typing import Any

from ..checks import Check, run_checks
from ..conversation import SalesAgent, play
from ..llm_client import ModelFault
from ..outcome import ScenarioOutcome, usage_record
from ..records import USAGE_KEYS, UsageKey, UsageRecord
from ..settings import Settings
from ..simulators.base import Simulator
from ..spec.model import Scenario
from ..transcript import Usage
from .agent import PersuadingAgent
from .library import Tactic
from .variants import PersuasionVariant, persuasion_targets, variants

DEFAULT_EXAMPLES = 10


class PersuasionFlip(Exception):
    def __init__(self, variant: PersuasionVariant, outcome: ScenarioOutcome, lines: list[dict[str, Any]]):
        super().__init__(f"{variant.tactics} flipped the decision")
        self.variant, self.outcome, self.lines = variant, outcome, lines


@dataclass
class PersuasionResult:
    baseline: ScenarioOutcome
    tried: int = 0
    flipped: int = 0  # variants that moved the decision away from the unpersuaded one
    tactics: dict[str, dict[str, int]] = field(default_factory=dict)
    minimal: PersuasionFlip | None = None
    examples_to_failure: int | None = None  # examples played until the first failing one, this run
    conversations: int = 0
    fault: str | None = None
    spent: dict[UsageKey, Usage] = field(default_factory=dict)  # every variant conversation's model use

    def search_usage(self) -> dict[UsageKey, UsageRecord]:
        """Model use of the variant conversations that are not among the item's trials (the flip is)."""
        flip = self.minimal.outcome.transcript if self.minimal is not None else None
        out: dict[UsageKey, UsageRecord] = {}
        for key, used in self.spent.items():
            if flip is not None:
                used = used - getattr(flip, key)
            out[key] = usage_record(used)
        return out


@dataclass(frozen=True)
class PersuasionSearch:
    scenario: Scenario
    simulator: Simulator
    model: str
    seed: int
    settings: Settings
    library: dict[str, Tactic]
    nodeid: str
    stop: threading.Event | None = None  # set: the run has ended; no more variants are played
    checks: tuple[Check, ...] = ()  # the users' own checks (the pytest_salessim_checks hook)

    def run(self, baseline: ScenarioOutcome) -> PersuasionResult:
        from hypothesis import HealthCheck, Phase, Verbosity, given, reject, seed, settings
        from hypothesis import strategies as st
        from hypothesis.database import DirectoryBasedExampleDatabase
        from hypothesis.errors import Flaky, Unsatisfiable

        result = PersuasionResult(baseline)
        memo: dict[PersuasionVariant, tuple[ScenarioOutcome, list[dict[str, Any]]]] = {}
        spec = self.scenario.persuasion
        assert spec is not None
        tactics = spec.tactics or tuple(self.library)
        strategy = variants(persuasion_targets(self.scenario), tactics, self.library)
        budget = self.settings.persuasion_budget
        last_flip: list[PersuasionFlip] = []

        def prop(data: Any) -> None:
            if self.stop is not None and self.stop.is_set() and result.fault is None:
                result.fault = "the run ended before this search did"
            if result.fault is not None:
                return
            variant = data.draw(strategy, label="variant")
            if variant not in memo:
                if result.conversations >= budget:
                    reject()  # the bound on conversations per item: shrinking stops here
                try:
                    memo[variant] = self._play(variant)
                except ModelFault as fault:
                    result.fault = str(fault)
                    return
                result.conversations += 1
                played = memo[variant][0].transcript
                for key in USAGE_KEYS:
                    result.spent[key] = result.spent.get(key, Usage()) + getattr(played, key)
            outcome, lines = memo[variant]
            moved = outcome.transcript.decision != baseline.transcript.decision
            if result.examples_to_failure is None:
                result.tried += 1
                result.flipped += moved
                for tactic in variant.tactics:
                    counts = result.tactics.setdefault(tactic, {"tried": 0, "flipped": 0})
                    counts["tried"] += 1
                    counts["flipped"] += moved
            if not outcome.aligned:
                if result.examples_to_failure is None:
                    result.examples_to_failure = result.tried
                flip = PersuasionFlip(variant, outcome, lines)
                last_flip[:] = [flip]
                raise flip

        # one database entry per item (as Hypothesis's own pytest plugin keys parametrized tests)
        prop._hypothesis_internal_add_digest = self.nodeid.encode()  # type: ignore[attr-defined]
        derandomize = self.settings.derandomize
        examples = self.settings.variants or spec.max_examples or DEFAULT_EXAMPLES
        test = given(st.data())(prop)
        if not derandomize:
            # a seed from the node id; `seed` turns the database off, so settings come after it
            test = seed(zlib.crc32(self.nodeid.encode()))(test)
        database = (
            None
            if derandomize
            else DirectoryBasedExampleDatabase(self.settings.rootdir / ".hypothesis" / "examples")
        )
        test = settings(
            max_examples=examples,
            deadline=None,
            database=database,
            derandomize=derandomize,
            suppress_health_check=list(HealthCheck),
            verbosity=Verbosity.quiet,
            print_blob=False,
            report_multiple_bugs=False,
            phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],  # no costly `explain`
        )(test)
        try:
            test()
        except PersuasionFlip as flip:
            result.minimal = flip
        except Flaky:
            result.minimal = last_flip[0] if last_flip else None  # a model that does not repeat itself
        except Unsatisfiable:
            pass
        return result

    def _play(self, variant: PersuasionVariant) -> tuple[ScenarioOutcome, list[dict[str, Any]]]:
        agents: list[PersuadingAgent] = []

        def wrap(base: SalesAgent) -> SalesAgent:
            agents.append(PersuadingAgent(base, variant, self.scenario, self.library))
            return agents[-1]

        transcript = play(self.scenario, self.simulator, self.seed, self.settings, self.model, wrap)
        return ScenarioOutcome(
            self.scenario, transcript, run_checks(transcript, self.scenario, self.checks)
        ), agents[0].said
