"""Personas as the paper writes them: personality, emotion, knowledge and a flexible budget."""

from __future__ import annotations

from pathlib import Path

import pytest

from pytest_salessim.spec.criteria import broken_criteria, keeps_hard_criteria, over_budget
from pytest_salessim.spec.model import Budget, Personality

from .loading import line, load, problems

JORDAN = """\
  - id: jordan
    persona:
      name: Jordan
      personality:
        extraversion: high
        agreeableness: low
        conscientiousness: high
        neuroticism: neutral
        openness: low
      emotion: overwhelmed
      knowledge: novice
      budget: {max: 420, flexible: 0.1}
      dealbreakers:
        - text: it has to run Windows
          rule: {attribute: os, eq: Windows}
    expect: {decision: purchase, any_of: [acer-aspire-5]}
"""


def jordan(**persona: str) -> str:
    """JORDAN with persona lines replaced: `jordan(knowledge="knowledge: guru")`; a new `personality`
    replaces the five trait lines too."""
    body = JORDAN
    if "personality" in persona:
        start, end = body.index("        extraversion"), body.index("      emotion")
        body = body[:start] + body[end:]
    for key, text in persona.items():
        old = next(row for row in body.splitlines() if row.strip().startswith(f"{key}:"))
        body = body.replace(old, " " * (len(old) - len(old.lstrip())) + text)
    return body


def test_a_persona_carries_personality_emotion_knowledge_and_a_flexible_budget(tmp_path: Path) -> None:
    persona = load(tmp_path, JORDAN)["jordan"].persona
    assert persona.personality == Personality(
        openness="low",
        conscientiousness="high",
        extraversion="high",
        agreeableness="low",
        neuroticism="neutral",
    )
    assert list(persona.personality.traits()) == [
        "openness",
        "conscientiousness",
        "extraversion",
        "agreeableness",
        "neuroticism",
    ]
    assert persona.emotion == "overwhelmed" and persona.knowledge == "novice"
    assert persona.budget == Budget(420, "USD", 0.1)


def test_every_new_field_is_optional(tmp_path: Path) -> None:
    persona = load(tmp_path)["writer"].persona
    assert not persona.personality and persona.personality.traits() == {}
    assert persona.emotion == "" and persona.knowledge is None
    assert persona.budget == Budget(500) and persona.budget.ceiling == 500


def test_any_subset_of_the_big_five(tmp_path: Path) -> None:
    body = jordan(personality="personality: {neuroticism: high}")
    assert load(tmp_path, body)["jordan"].persona.personality.traits() == {"neuroticism": "high"}


def test_the_ceiling_stretches_max_by_the_flexible_share() -> None:
    assert Budget(500, flexible=0.1).ceiling == 550
    assert Budget(499.99, flexible=0.1).ceiling == 549.99
    assert Budget(500).ceiling == 500


def test_the_budget_checks_allow_up_to_the_ceiling(tmp_path: Path) -> None:
    scenario = load(tmp_path, JORDAN)["jordan"]
    acer = scenario.catalog.get("acer-aspire-5")  # 449.99: over 420, within 462
    asus = scenario.catalog.get("asus-tuf")  # 799
    assert acer is not None and asus is not None
    assert not over_budget(acer, scenario.persona) and keeps_hard_criteria(acer, scenario.persona)
    assert over_budget(asus, scenario.persona)
    assert broken_criteria(asus, scenario.persona) == ["the budget ($799 > $462: $420 + 10%)"]


def test_an_expected_product_over_the_ceiling_is_a_spec_error(tmp_path: Path) -> None:
    body = jordan(budget="budget: {max: 400, flexible: 0.1}")  # ceiling 440 < 449.99
    assert (
        f"laptops.yaml:{line(body, 'any_of')}: scenarios[0].expect.any_of[0]: expected product "
        "'acer-aspire-5' breaks the budget ($449.99 > $440: $400 + 10%)"
    ) in problems(tmp_path, body)


@pytest.mark.parametrize(
    ("replacement", "field", "message"),
    [
        (
            {"extraversion": "extroversion: high"},
            "scenarios[0].persona.personality.extroversion",
            "unknown key 'extroversion'; did you mean 'extraversion'?",
        ),
        (
            {"openness": "openness: very high"},
            "scenarios[0].persona.personality.openness",
            'expected "low" or "neutral" or "high", got "very high"',
        ),
        (
            {"knowledge": "knowledge: guru"},
            "scenarios[0].persona.knowledge",
            'expected "novice" or "intermediate" or "expert", got "guru"',
        ),
        (
            {"budget": "budget: {max: 420, flexible: 1.5}"},
            "scenarios[0].persona.budget.flexible",
            "expected a number at most 1, got 1.5",
        ),
        (
            {"budget": "budget: {max: 420, flexible: -0.1}"},
            "scenarios[0].persona.budget.flexible",
            "expected a number at least 0, got -0.1",
        ),
        (
            {"emotion": "emotion: [calm]"},
            "scenarios[0].persona.emotion",
            'expected a string, got a list ["calm"]',
        ),
        (
            {"personality": "personality: high"},
            "scenarios[0].persona.personality",
            'expected a mapping, got a string "high"',
        ),
    ],
)
def test_a_bad_persona_field_is_an_error_at_its_line(
    tmp_path: Path, replacement: dict[str, str], field: str, message: str
) -> None:
    body = jordan(**replacement)
    needle = next(iter(replacement.values())).split(":")[0] + ":"
    assert f"laptops.yaml:{line(body, needle)}: {field}: {message}" in problems(tmp_path, body)
