"""Pytest nodes: a spec file collects into one item per scenario and model."""

from __future__ import annotations

import asyncio
import zlib
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import pytest

from .checks import run_checks
from .conversation import aplay, brief_for, calls_models, play
from .llm_client import ModelFault
from .outcome import ItemResult, ScenarioOutcome
from .persuasion import PersuasionResult, PersuasionSearch
from .persuasion.report import persuasion_message, persuasion_record
from .records import ItemRecord
from .run import RUN
from .scheduler import run_blocking
from .simulators import Simulator
from .spec import Scenario, SpecError, load_spec
from .spec.doubts import label_doubt
from .templating import TemplateProblem
from .transcript import Transcript, Usage

if TYPE_CHECKING:
    from .judge.criteria import CriteriaJudge
    from .judge.verdicts import Judgement

CRITERIA: pytest.StashKey[CriteriaJudge] = pytest.StashKey()  # the run's verdicts on criteria no rule decides
UNLABELLED = "unlabelled"  # imported without acceptable products, not every criterion decided yet
UNLABELLED_REASON = (
    "unlabelled: the personas came without acceptable products and some criteria have neither rule nor "
    "`meets`; `salessim annotate` decides them and derives `expect`"
)


class SpecFile(pytest.File):
    """A YAML file that starts with `salessim: 1`."""

    def collect(self) -> Iterator[ScenarioItem]:
        run = self.config.stash[RUN]
        scenarios = load_spec(
            self.path,
            self.config.rootpath,
            lambda: frozenset(run.library),
            run.spec_store,
            run.settings.template_limits,
        )
        for scenario in scenarios:
            for tag in scenario.tags:
                run.register_marker(self.config, tag)
            kinds: list[tuple[type[ScenarioItem], str]] = [(ScenarioItem, "")]
            if scenario.persuasion is not None:
                kinds.append((PersuasionItem, "-persuasion"))
            doubt = label_doubt(scenario)
            for model in run.models:
                for kind, suffix in kinds:
                    name = f"{scenario.id}[{model}{suffix}]"
                    item = kind.from_parent(
                        self, name=name, nodeid=f"{self.nodeid}::{name}", scenario=scenario, model=model
                    )
                    item.add_marker("salessim")
                    for tag in scenario.tags:
                        item.add_marker(tag)
                    if UNLABELLED in scenario.tags:
                        item.add_marker(pytest.mark.skip(reason=UNLABELLED_REASON))
                    elif doubt and getattr(run.simulators[model], "name", None) == "reference":
                        item.add_marker(pytest.mark.xfail(reason=doubt, strict=False))  # known, and shown
                    yield item

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException]) -> Any:  # type: ignore[override]
        if isinstance(excinfo.value, SpecError):
            return excinfo.value.render(self.config.rootpath)
        return super().repr_failure(excinfo)


def with_judgements(transcript: Transcript, judgements: tuple[Judgement, ...], usage: Usage) -> Transcript:
    """The transcript with the criteria's verdicts beside its own (and, once per item, what they cost)."""
    if not judgements:
        return transcript
    every = (*(transcript.judgements or ()), *judgements)
    return replace(transcript, judgements=every, judge_usage=transcript.judge_usage + usage)


class ScenarioFailed(AssertionError):
    """The shopper did not act as its persona would."""

    def __init__(self, result: ItemResult):
        self.result = result
        super().__init__(result.failure_message())


class ScenarioItem(pytest.Item):
    """Plays one scenario with one simulator (setup), then checks the shopper's decision (call).

    A model fault while playing is an error of the item, never a misalignment.
    """

    def __init__(self, *, scenario: Scenario, model: str, **kwargs: Any):
        super().__init__(**kwargs)
        self.scenario = scenario
        self.model = model
        self.result: ItemResult | None = None

    @property
    def seed(self) -> int:
        """Stable per scenario, so every model meets the same conversation openings."""
        return zlib.crc32(f"{self.path.name}::{self.scenario.id}".encode())

    def _simulator(self) -> Simulator:
        """The simulator under test, or a skip when it cannot judge this scenario."""
        simulator = self.config.stash[RUN].simulators[self.model]
        cannot = getattr(simulator, "cannot_play", None)
        reason = cannot(brief_for(self._as_played())) if cannot else None
        if reason:
            pytest.skip(reason)
        return simulator

    def calls_models(self) -> bool:
        """True when playing awaits a model (then it is started ahead, concurrently)."""
        run = self.config.stash[RUN]
        simulator = run.simulators[self.model]
        cannot = getattr(simulator, "cannot_play", None)
        if cannot is not None and cannot(brief_for(self._as_played())):
            return False
        return calls_models(self.scenario, simulator, run.settings)

    def _as_played(self) -> Scenario:
        """With a judge, criteria no rule or list decides are judged before playing (judge/criteria.py)."""
        if self.config.stash[RUN].settings.judge_model is None:
            return self.scenario
        from .judge.criteria import pending

        return pending(self.scenario)

    async def _judged_criteria(self) -> tuple[Scenario, tuple[Judgement, ...], Usage]:
        """The scenario with those criteria's `meets` lists filled by the judge, once per run."""
        settings = self.config.stash[RUN].settings
        if settings.judge_model is None:
            return self.scenario, (), Usage()
        from .judge.criteria import CriteriaJudge

        if CRITERIA not in self.config.stash:
            self.config.stash[CRITERIA] = CriteriaJudge(settings)
        return await self.config.stash[CRITERIA].decided(self.scenario)

    def play(self) -> ItemResult:
        return run_blocking(self.aplay(), on_model_loop=self.calls_models())

    async def aplay(self) -> ItemResult:
        """Every trial of this item, one after another."""
        run = self.config.stash[RUN]
        simulator = run.simulators[self.model]
        scenario, criteria, spent = await self._judged_criteria()

        async def trial(n: int) -> ScenarioOutcome:
            transcript = await aplay(scenario, simulator, self.seed + n, run.settings, self.model)
            transcript = with_judgements(transcript, criteria, spent if n == 0 else Usage())
            checks = run_checks(transcript, scenario, run.user_checks)
            return ScenarioOutcome(scenario, transcript, checks)

        if self.calls_models():  # on the model loop: the trials take slots side by side
            trials = await asyncio.gather(*(trial(n) for n in range(run.settings.repeat)))
        else:  # driven inline, without an event loop
            trials = [await trial(n) for n in range(run.settings.repeat)]
        return ItemResult(scenario, self.model, tuple(trials), run.settings.min_pass_rate)

    def setup(self) -> None:
        self._simulator()  # skips what the simulator cannot judge
        try:
            self.result = self.config.stash[RUN].pool.fetch(self)
        except (ModelFault, TemplateProblem) as fault:  # a line of the script over its limits, too
            fault_message = str(fault)
        else:
            return
        pytest.fail(fault_message, pytrace=False)  # an error of this item, not a misalignment

    def runtest(self) -> None:
        assert self.result is not None
        if not self.result.passed:
            raise ScenarioFailed(self.result)

    def teardown(self) -> None:
        """The record went out with the call's report: the conversations need not live as long as
        pytest keeps its items (the whole session)."""
        self.result = None

    def record(self) -> ItemRecord | None:
        if self.result is None:
            return None
        return self.result.record(self.nodeid, self.path.relative_to(self.config.rootpath).as_posix())

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        if isinstance(excinfo.value, ScenarioFailed):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style)

    def reportinfo(self) -> tuple[Any, int | None, str]:
        return self.path, self.scenario.line - 1, self.name


class PersuasionFailed(AssertionError):
    """A persuasion moved the shopper off its persona's decision."""


class PersuasionItem(ScenarioItem):
    """Searches, with Hypothesis, for a persuasion that flips the decision; shows the smallest."""

    async def aplay(self) -> PersuasionResult:  # type: ignore[override]
        """Hypothesis drives the search synchronously: on a thread of its own, conversations on the loop."""
        threads = self.config.stash[RUN].pool.threads
        return await asyncio.get_running_loop().run_in_executor(threads, self.play)

    def play(self) -> PersuasionResult:  # type: ignore[override]
        """The unpersuaded conversation, then the search."""
        run = self.config.stash[RUN]
        simulator = run.simulators[self.model]
        scenario = self.scenario
        if run.settings.judge_model is not None:  # on the model loop, as conversations are
            scenario = run_blocking(self._judged_criteria(), on_model_loop=True)[0]
        baseline = play(scenario, simulator, self.seed, run.settings, self.model)
        search = PersuasionSearch(
            scenario,
            simulator,
            self.model,
            self.seed,
            run.settings,
            run.library,
            self.nodeid,
            run.pool.closing,
            run.user_checks,
        )
        checks = run_checks(baseline, scenario, run.user_checks)
        return search.run(ScenarioOutcome(scenario, baseline, checks))

    def setup(self) -> None:
        self._simulator()  # skips what the simulator cannot judge
        try:
            self.persuasion = self.config.stash[RUN].pool.fetch(self)
        except (ModelFault, TemplateProblem) as fault:
            fault_message: str | None = str(fault)
        else:
            fault_message = self.persuasion.fault
        if fault_message is not None:
            pytest.fail(fault_message, pytrace=False)  # an error of this item, not a misalignment

    def runtest(self) -> None:
        if self.persuasion.minimal is not None:
            raise PersuasionFailed(persuasion_message(self.scenario, self.persuasion, self.model))

    def teardown(self) -> None:
        self.__dict__.pop("persuasion", None)  # as a scenario item's result: the record is out

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        if isinstance(excinfo.value, PersuasionFailed):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style)

    def record(self) -> ItemRecord | None:
        if getattr(self, "persuasion", None) is None:
            return None
        return persuasion_record(
            self.scenario,
            self.model,
            self.persuasion,
            self.nodeid,
            self.path.relative_to(self.config.rootpath).as_posix(),
        )
