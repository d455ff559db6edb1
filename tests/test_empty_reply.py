"""An empty reply (no text, no tool call) is asked again once, for every simulator; twice ends the talk."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from pytest_salessim.conversation import play
from pytest_salessim.settings import Settings
from pytest_salessim.simulators import resolve
from pytest_salessim.simulators.base import ShopperBrief, ShopperMessage
from pytest_salessim.simulators.llm import SILENCE
from pytest_salessim.transcript import Decision, ToolCall, Turn, Usage

from .factories import scenarios
from .llm_policies import careful_shopper, misbehaving, routed, sales_agent
from .llm_server import APIS, LLMServer, Policy

BUY = ShopperMessage("I'll take the Acer.", (ToolCall("add_to_cart", {"product_id": "acer-aspire-5"}),))


@dataclass
class Scripted:
    """A Python simulator whose shopper says `replies` in order, each a model call's worth of usage."""

    replies: list[ShopperMessage]
    asked: list[tuple[Turn, ...]] = field(default_factory=list)
    name: str = "scripted"

    def shopper(self, brief: ShopperBrief, seed: int) -> Scripted:
        return self

    def respond(self, turns: Sequence[Turn]) -> ShopperMessage:
        self.asked.append(tuple(turns))
        reply = self.replies.pop(0)
        return ShopperMessage(reply.text, reply.tool_calls, Usage(calls=1))


@pytest.mark.parametrize("empty", ["", " \n\t"], ids=["empty", "blank"])
def test_an_empty_reply_is_asked_again_with_the_same_turns(tmp_path: Path, empty: str) -> None:
    simulator = Scripted([ShopperMessage("Hi, a laptop please."), ShopperMessage(empty), BUY])
    transcript = play(scenarios(tmp_path)["writer"], simulator, 1)
    assert transcript.decision == Decision("purchase", "acer-aspire-5")
    assert simulator.asked[1] == simulator.asked[2]  # asked again, nothing added
    assert [t.text for t in transcript.shopper_turns] == ["Hi, a laptop please.", BUY.text]  # not a turn
    assert transcript.usage.calls == 3  # yet its call is counted


def test_a_second_empty_reply_in_a_row_ends_the_conversation(tmp_path: Path) -> None:
    simulator = Scripted([ShopperMessage("Hi."), ShopperMessage(""), ShopperMessage(""), BUY])
    transcript = play(scenarios(tmp_path)["writer"], simulator, 1)
    assert transcript.decision == Decision("undecided", reason="empty_reply")
    assert transcript.decision.describe() == "undecided (the shopper replied with nothing, twice)"
    assert transcript.turns[-1] == Turn(
        "shopper", "", seconds=transcript.turns[-1].seconds
    )  # the deciding turn
    assert len(transcript.shopper_turns) == 2 and transcript.usage.calls == 3 and len(simulator.replies) == 1


def test_empty_replies_apart_are_each_asked_again(tmp_path: Path) -> None:
    empty = ShopperMessage("")
    simulator = Scripted([ShopperMessage("Hi."), empty, ShopperMessage("Cheap ones?"), empty, BUY])
    transcript = play(scenarios(tmp_path)["writer"], simulator, 1)
    assert transcript.decision.product_id == "acer-aspire-5" and len(transcript.shopper_turns) == 3


def _quiet_agent(body: dict[str, Any]) -> dict[str, Any]:
    """The sales agent says nothing to the shopper's first message, then sells as usual."""
    last = body["messages"][-1]
    if last["role"] == "user" and str(last["content"]).endswith("looking for something that suits me."):
        return {"content": ""}
    return sales_agent(body)


@pytest.mark.parametrize("api", APIS)
def test_an_llm_agent_that_says_nothing_sends_no_empty_message(
    tmp_path: Path, llm_server: Callable[[Policy], LLMServer], api: str
) -> None:
    specs = scenarios(tmp_path)
    shopper = careful_shopper({s.persona.name: s.persona for s in specs.values()})

    def policy(body: dict[str, Any]) -> dict[str, Any]:
        if body["model"] == "agent":
            return _quiet_agent(body)
        return routed(shopper)(body)

    server = llm_server(policy)
    settings = Settings(api_base=server.url, retries=0, agent_model=f"{api}/agent")
    transcript = play(specs["writer"], resolve(f"{api}/careful", settings), 1, settings)
    assert transcript.decision.product_id == "acer-aspire-5"
    assert not server.rejected
    heard = [m for r in server.requests if r["chat"]["model"] == "careful" for m in r["chat"]["messages"]]
    assert SILENCE in [m.get("content") for m in heard]  # the shopper hears silence, not an empty message


@pytest.mark.parametrize("api", APIS)
def test_asked_again_the_model_is_called_not_the_recording_and_a_replay_answers_the_same(
    tmp_path: Path, llm_server: Callable[[Policy], LLMServer], api: str
) -> None:
    specs = scenarios(tmp_path)
    careful = careful_shopper({s.persona.name: s.persona for s in specs.values()})
    server = llm_server(routed(misbehaving("empty_once", careful)))
    settings = Settings(api_base=server.url, retries=0, cache_dir=tmp_path / "cache", record="new")
    recorded = play(specs["writer"], resolve(f"{api}/careful", settings), 1, settings)
    assert recorded.decision.product_id == "acer-aspire-5"  # the second asking reached the model
    offline = Settings(
        api_base="http://127.0.0.1:9/v1", retries=0, cache_dir=tmp_path / "cache", record="replay"
    )
    replayed = play(specs["writer"], resolve(f"{api}/careful", offline), 1, offline)
    assert [(t.role, t.text, t.tool_calls) for t in replayed.turns] == [
        (t.role, t.text, t.tool_calls) for t in recorded.turns
    ]
    assert replayed.usage.calls == recorded.usage.calls == len(server.requests)


def test_an_empty_reply_fails_alignment_as_empty_reply_and_not_the_turn_limit(tmp_path: Path) -> None:
    from pytest_salessim.checks import run_checks

    scenario = scenarios(tmp_path)["writer"]
    simulator = Scripted([ShopperMessage("Hi."), ShopperMessage(""), ShopperMessage("")])
    results = {c.name: c for c in run_checks(play(scenario, simulator, 1), scenario)}
    assert results["decision_alignment"].failure_class == "empty_reply"
    assert results["turns"].passed  # the shopper ended it, within the limit
