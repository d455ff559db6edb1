"""Loading: inline and file catalogs, per-scenario overrides, immutable results."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from pytest_salessim.spec import load_spec
from pytest_salessim.spec.model import LLMAgentSpec, ScriptedAgentSpec

SPEC = """\
salessim: 1
catalog:
  - {id: a, name: Alpha, price: 10, attributes: {color: red}}
  - {id: b, name: Beta, price: 20.5, attributes: {color: blue}}
agent:
  greeting: "File agent"
scenarios:
  - id: uses-file-defaults
    persona: {name: Ann, budget: 15}
    expect: {decision: purchase, product: a}
  - id: own-catalog-and-agent
    catalog: other.yaml
    agent:
      greeting: "Scenario agent"
      pitches: [{say: "Try {{ product('z').name }}", recommend: [z]}]
    persona:
      name: Bo
      budget: {max: 99, currency: EUR}
      dealbreakers:
        - text: must be green
          rule: {attribute: color, eq: green}
    expect: {decision: purchase, any_of: [z]}
  - id: llm-agent
    agent: {model: openai/gpt-4o, instructions: "Be brief."}
    persona: {name: Cy}
    expect: {decision: purchase, any_of: [a, b]}
"""


def load(tmp_path: Path) -> dict[str, object]:
    (tmp_path / "other.yaml").write_text(
        "products:\n  - {id: z, name: Zed, price: 50, attributes: {color: green}}\n"
    )
    (tmp_path / "s.yaml").write_text(SPEC)
    return {s.id: s for s in load_spec(tmp_path / "s.yaml", tmp_path)}


def test_file_catalog_and_agent_are_the_defaults(tmp_path: Path) -> None:
    s = load(tmp_path)["uses-file-defaults"]
    assert s.catalog.ids == ("a", "b") and s.category == "s"  # type: ignore[attr-defined]
    assert isinstance(s.agent, ScriptedAgentSpec) and s.agent.greeting == "File agent"  # type: ignore[attr-defined]
    assert s.persona.budget.max == 15 and s.persona.budget.currency == "USD"  # type: ignore[attr-defined]
    assert s.line == 8  # type: ignore[attr-defined]


def test_a_scenario_replaces_catalog_and_agent_whole(tmp_path: Path) -> None:
    s = load(tmp_path)["own-catalog-and-agent"]
    assert s.catalog.ids == ("z",)  # type: ignore[attr-defined]
    assert s.agent.greeting == "Scenario agent" and s.agent.rules == ()  # type: ignore[attr-defined]
    assert s.persona.budget.currency == "EUR"  # type: ignore[attr-defined]


def test_an_llm_agent(tmp_path: Path) -> None:
    s = load(tmp_path)["llm-agent"]
    assert s.agent == LLMAgentSpec("openai/gpt-4o", "Be brief.")  # type: ignore[attr-defined]


def test_loaded_objects_are_immutable(tmp_path: Path) -> None:
    s = load(tmp_path)["uses-file-defaults"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.id = "other"  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        s.catalog.products[0].attributes["color"] = "x"  # type: ignore[attr-defined]
