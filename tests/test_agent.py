"""The scripted sales agent: rules on the shopper's words, pitches in order, fallback, cards."""

from __future__ import annotations

from pathlib import Path

from pytest_salessim.agent import ScriptedAgent, triggered
from pytest_salessim.spec.model import ScriptedAgentSpec, Trigger
from pytest_salessim.templating import money

from .conftest import WRITER
from .factories import scenarios

SCRIPT = """\
agent:
  greeting: "Hello! We have {{ products | length }} laptops."
  rules:
    - when: [budget, "tight on money"]
      say: "The {{ product('acer-aspire-5').name }} is {{ product('acer-aspire-5').price | money }}."
      recommend: [acer-aspire-5]
    - when: {regex: "\\\\bgam(e|ing)\\\\b"}
      say: "You said: {{ last_message }}"
      recommend: [asus-tuf, dell-xps-13]
  pitches:
    - say: "First pitch."
      recommend: [dell-xps-13]
    - say: "Second pitch."
  fallback: "Anything else?"
"""


def agent_for(tmp_path: Path) -> ScriptedAgent:
    scenario = scenarios(tmp_path, WRITER, agent=SCRIPT)["writer"]
    assert isinstance(scenario.agent, ScriptedAgentSpec)
    return ScriptedAgent(scenario.agent, scenario.catalog)


def test_greeting_renders_with_the_catalog(tmp_path: Path) -> None:
    assert agent_for(tmp_path).greet().text == "Hello! We have 4 laptops."


def test_first_matching_rule_fires_with_cards(tmp_path: Path) -> None:
    reply = agent_for(tmp_path).reply("My BUDGET is small", 1)
    assert reply.text == "The Acer Aspire 5 is $449.99."
    assert [c["id"] for c in reply.cards] == ["acer-aspire-5"]
    assert set(reply.cards[0]) == {"id", "name", "price", "image"}


def test_regex_rule_and_last_message(tmp_path: Path) -> None:
    reply = agent_for(tmp_path).reply("mostly for gaming", 1)
    assert reply.text == "You said: mostly for gaming"
    assert [c["id"] for c in reply.cards] == ["asus-tuf", "dell-xps-13"]


def test_pitches_in_order_then_fallback(tmp_path: Path) -> None:
    agent = agent_for(tmp_path)
    assert agent.reply("hello", 1).text == "First pitch."
    assert agent.reply("budget please", 2).cards[0]["id"] == "acer-aspire-5"  # a rule still wins
    assert agent.reply("hmm", 3).text == "Second pitch."
    assert agent.reply("hmm", 4).text == "Anything else?"
    assert agent.reply("hmm", 5).cards == ()


def test_words_match_whole_words_and_phrases() -> None:
    words = Trigger(("budget", "tight on money", "i/o"))
    assert triggered(words, "What's your Budget?")
    assert not triggered(words, "budgeting app")
    assert triggered(words, "I'm tight   on money")
    assert not triggered(words, "tight on moneybags")
    assert triggered(words, "fast I/O please")


def test_money() -> None:
    assert money(89) == "$89"
    assert money(89.0) == "$89"
    assert money(89.9) == "$89.90"
    assert money(1299.5) == "$1,299.50"
