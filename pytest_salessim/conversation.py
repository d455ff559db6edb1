"""The turn loop: the sales agent and the shopper under test take turns until a decision."""

from __future__ import annotations

import time

from .agent import ScriptedAgent
from .simulators.base import ShopperBrief, Simulator
from .spec.model import LLMAgentSpec, Scenario
from .tools import Storefront
from .transcript import Decision, Transcript, Turn, Usage


def brief_for(scenario: Scenario) -> ShopperBrief:
    """What the shopper is told about a scenario (never `expect`)."""
    return ShopperBrief(scenario.id, scenario.category, scenario.persona)


def play(scenario: Scenario, simulator: Simulator, seed: int) -> Transcript:
    """Play one conversation of `scenario` with the shopper of `simulator`."""
    if isinstance(scenario.agent, LLMAgentSpec):
        raise NotImplementedError("LLM sales agents are not available yet")
    started = time.perf_counter()
    agent = ScriptedAgent(scenario.agent, scenario.catalog)
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
    return Transcript(
        scenario_id=scenario.id,
        model=simulator.name,
        seed=seed,
        turns=tuple(turns),
        decision=store.decision or Decision("undecided"),
        seconds=time.perf_counter() - started,
        usage=usage,
    )
