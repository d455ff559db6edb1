"""The turn loop: the sales agent and the shopper under test take turns until a decision.

One loop, written once as a coroutine: offline shoppers and agents answer at once (the coroutine
never suspends and is driven without an event loop); model calls await on the shared model loop.
"""

from __future__ import annotations

import inspect
import time
from collections.abc import Awaitable, Callable
from typing import Protocol, TypeVar

from .agent import AgentMessage, ScriptedAgent
from .cache import conversation_of
from .scheduler import ModelLoop, run_blocking
from .settings import Settings
from .simulators.base import Shopper, ShopperBrief, ShopperMessage, Simulator
from .spec.model import LLMAgentSpec, Scenario
from .tools import Storefront
from .transcript import Decision, Transcript, Turn, Usage

T = TypeVar("T")
MAX_MESSAGE = 20_000  # characters of one message kept in a transcript; a model may run on and on


def bounded(text: str) -> str:
    if len(text) <= MAX_MESSAGE:
        return text
    return text[:MAX_MESSAGE] + f" [... {len(text) - MAX_MESSAGE} more characters cut]"


class SalesAgent(Protocol):
    """The scripted agent answers at once; an LLM agent's methods are coroutines."""

    def greet(self) -> AgentMessage | Awaitable[AgentMessage]: ...

    def reply(self, last_message: str, turn: int) -> AgentMessage | Awaitable[AgentMessage]: ...


def brief_for(scenario: Scenario) -> ShopperBrief:
    """What the shopper is told about a scenario (never `expect`)."""
    return ShopperBrief(scenario.id, scenario.category, scenario.persona)


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
    from .llm_client import client_for

    instructions = spec.instructions if isinstance(spec, LLMAgentSpec) else ""
    return LLMSalesAgent(client_for(model, settings), instructions, scenario.catalog, scenario.category)


def calls_models(scenario: Scenario, simulator: Simulator, settings: Settings) -> bool:
    """True when a conversation awaits a model: it then runs on the model loop, concurrently."""
    llm_agent = isinstance(scenario.agent, LLMAgentSpec) or settings.agent_model is not None
    return bool(getattr(simulator, "calls_models", False) or llm_agent or settings.judge_model)


async def _answer(value: T | Awaitable[T]) -> T:
    return await value if inspect.isawaitable(value) else value


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
    coroutine = aplay(scenario, simulator, seed, settings, model, wrap_agent)
    return run_blocking(coroutine, on_model_loop=calls_models(scenario, simulator, settings))


async def aplay(
    scenario: Scenario,
    simulator: Simulator,
    seed: int,
    settings: Settings | None = None,
    model: str | None = None,
    wrap_agent: Callable[[SalesAgent], SalesAgent] | None = None,
) -> Transcript:
    """The conversation as a coroutine (see `play`); one that calls models waits for a slot."""
    settings = settings or Settings()
    with conversation_of(scenario.id):  # names the scenario of a missing recording
        if not calls_models(scenario, simulator, settings):
            return await _aplay(scenario, simulator, seed, settings, model, wrap_agent)
        async with ModelLoop.get().slots(settings.concurrency):
            transcript = await _aplay(scenario, simulator, seed, settings, model, wrap_agent)
        if settings.judge_model and wrap_agent is None:  # a persuasion variant is graded on its decision
            transcript = await judged(transcript, scenario, settings)  # each judge call takes a slot
        return transcript


def _is_empty(message: ShopperMessage) -> bool:
    return not message.text.strip() and not message.tool_calls


async def _shopper_reply(shopper: Shopper, turns: tuple[Turn, ...]) -> tuple[ShopperMessage, Usage]:
    """The shopper's next message; an empty one (no text, no tool call) is asked for again, once.

    An empty reply is no turn: the shopper is asked again with the same turns, so it never enters
    a model's history. A second empty reply in a row is returned (the conversation ends on it).
    """
    usage = Usage()
    for _ in range(2):
        message: ShopperMessage = await _answer(shopper.respond(turns))
        usage += message.usage
        if not _is_empty(message):
            break
    return message, usage


async def _aplay(
    scenario: Scenario,
    simulator: Simulator,
    seed: int,
    settings: Settings,
    model: str | None,
    wrap_agent: Callable[[SalesAgent], SalesAgent] | None,
) -> Transcript:
    started = time.perf_counter()
    agent = make_agent(scenario, settings)
    if wrap_agent is not None:
        agent = wrap_agent(agent)
    store = Storefront(scenario.catalog)
    shopper = simulator.shopper(brief_for(scenario), seed)
    greeting = await _answer(agent.greet())
    turns: list[Turn] = [Turn("agent", greeting.text, greeting.cards, seconds=time.perf_counter() - started)]
    usage = Usage()
    shopper_turns = 0
    ended: Decision | None = None  # the conversation's end when the shopper cannot go on
    while store.decision is None and ended is None and shopper_turns < scenario.checks.max_turns:
        mark = time.perf_counter()
        message, spent = await _shopper_reply(shopper, tuple(turns))
        usage += spent
        results = tuple(store.call(call) for call in message.tool_calls)
        shopper_turns += 1
        turns.append(Turn("shopper", bounded(message.text), (), results, time.perf_counter() - mark))
        if _is_empty(message):
            ended = Decision("undecided", reason="empty_reply")
        elif store.decision is None and message.text.strip():
            mark = time.perf_counter()
            reply = await _answer(agent.reply(message.text, shopper_turns))
            turns.append(Turn("agent", bounded(reply.text), reply.cards, seconds=time.perf_counter() - mark))
    transcript = Transcript(
        scenario_id=scenario.id,
        model=model or simulator.name,
        seed=seed,
        turns=tuple(turns),
        decision=store.decision or ended or Decision("undecided"),
        seconds=time.perf_counter() - started,
        usage=usage,
        agent_usage=getattr(agent, "usage", None) or Usage(),
    )
    return transcript


async def judged(transcript: Transcript, scenario: Scenario, settings: Settings) -> Transcript:
    """The transcript as the LLM judge grades it: every judged dimension that applies (judge/)."""
    from .judge import judge_conversation

    return await judge_conversation(transcript, scenario, settings)
