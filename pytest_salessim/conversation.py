"""The turn loop: the sales agent and the shopper under test take turns until a decision."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol

from .agent import AgentMessage, ScriptedAgent
from .llm_client import ModelClient
from .settings import Settings
from .simulators.base import ShopperBrief, Simulator
from .spec.model import LLMAgentSpec, Scenario
from .tools import Storefront
from .transcript import Decision, Transcript, Turn, Usage


class SalesAgent(Protocol):
    def greet(self) -> AgentMessage: ...

    def reply(self, last_message: str, turn: int) -> AgentMessage: ...


def brief_for(scenario: Scenario) -> ShopperBrief:
    """What the shopper is told about a scenario (never `expect`)."""
    return ShopperBrief(scenario.id, scenario.category, scenario.persona)


def _client(model: str, settings: Settings):  # type: ignore[no-untyped-def]

    return ModelClient(
        settings.aliases.get(model, model), settings.api_base, settings.timeout, settings.retries
    )


def make_agent(scenario: Scenario, settings: Settings) -> SalesAgent:
    """The spec's script or retrieval agent, or an LLM agent (`agent: {model}`, `--salessim-agent-model`)."""
    from .spec.model import RetrievalAgentSpec

    spec = scenario.agent
    model = settings.agent_model or (spec.model if isinstance(spec, LLMAgentSpec) else None)
    if model is None:
        if isinstance(spec, RetrievalAgentSpec):
            from .agent.retrieval import RetrievalAgent

            return RetrievalAgent(spec, scenario.catalog, scenario.category)
        assert not isinstance(spec, LLMAgentSpec)
        return ScriptedAgent(spec, scenario.catalog)
    from .agent.llm import LLMSalesAgent

    instructions = spec.instructions if isinstance(spec, LLMAgentSpec) else ""
    return LLMSalesAgent(_client(model, settings), instructions, scenario.catalog, scenario.category)


def play(
    scenario: Scenario,
    simulator: Simulator,
    seed: int,
    settings: Settings | None = None,
    model: str | None = None,
    wrap_agent: Callable[[SalesAgent], SalesAgent] | None = None,
) -> Transcript:
    """Play one conversation of `scenario` with the shopper of `simulator` (named `model` in reports)."""
    settings = settings or Settings()
    started = time.perf_counter()
    agent = make_agent(scenario, settings)
    if wrap_agent is not None:
        agent = wrap_agent(agent)
    store = Storefront(scenario.catalog)
    shopper = simulator.shopper(brief_for(scenario), seed)
    greeting = agent.greet()
    turns: list[Turn] = [Turn("agent", greeting.text, greeting.cards, seconds=time.perf_counter() - started)]
    usage = Usage()
    shopper_turns = 0
    while store.decision is None and shopper_turns < scenario.checks.max_turns:
        mark = time.perf_counter()
        message = shopper.respond(tuple(turns))
        usage += message.usage
        results = tuple(store.call(call) for call in message.tool_calls)
        shopper_turns += 1
        turns.append(Turn("shopper", message.text, (), results, time.perf_counter() - mark))
        if store.decision is None and message.text.strip():
            mark = time.perf_counter()
            reply = agent.reply(message.text, shopper_turns)
            turns.append(Turn("agent", reply.text, reply.cards, seconds=time.perf_counter() - mark))
    transcript = Transcript(
        scenario_id=scenario.id,
        model=model or simulator.name,
        seed=seed,
        turns=tuple(turns),
        decision=store.decision or Decision("undecided"),
        seconds=time.perf_counter() - started,
        usage=usage,
        agent_usage=getattr(agent, "usage", None) or Usage(),
    )
    if settings.judge_model:
        transcript = judged(transcript, scenario, settings)
    return transcript


def judged(transcript: Transcript, scenario: Scenario, settings: Settings) -> Transcript:
    """Add the LLM judge's count of criteria revealed in the first shopper message."""
    from dataclasses import replace

    from .judge import judge_disclosures

    assert settings.judge_model
    revealed, cost = judge_disclosures(
        _client(settings.judge_model, settings), scenario.persona, transcript.first_shopper_text()
    )
    return replace(transcript, judged_disclosures=revealed, judge_usage=cost)
