"""The LLM shopper's prompt renders who the persona is: personality, mood, knowledge, a flexible budget."""

from __future__ import annotations

from pathlib import Path

from pytest_salessim.conversation import brief_for
from pytest_salessim.simulators.llm import shopper_prompt

from ..factories import scenarios

JORDAN = """\
  - id: jordan
    persona:
      name: Jordan
      personality: {extraversion: high, neuroticism: low}
      emotion: overwhelmed.
      knowledge: novice
      budget: {max: 420, flexible: 0.1}
      dealbreakers:
        - text: it has to run Windows
          rule: {attribute: os, eq: Windows}
    expect: {decision: purchase, any_of: [acer-aspire-5]}
"""


def test_personality_emotion_knowledge_and_the_flexible_budget_are_in_words(tmp_path: Path) -> None:
    prompt = shopper_prompt(brief_for(scenarios(tmp_path, JORDAN)["jordan"]))
    assert "- How you feel today: overwhelmed. Let it colour your tone." in prompt
    assert "- What you know: You know little about these products" in prompt
    assert "  - Extraversion high: You are outgoing and talkative: you write longer, warm" in prompt
    assert "  - Neuroticism low: You are calm and self-assured" in prompt
    assert "Openness" not in prompt and "Agreeableness" not in prompt  # only the traits the spec gives
    assert (
        "- (budget) aim to spend at most $420; for a product clearly worth it you may go up to $462 "
        "(10% more), never above that"
    ) in prompt
    assert "in conversational messages" in prompt


def test_a_persona_without_them_reads_as_before(tmp_path: Path) -> None:
    prompt = shopper_prompt(brief_for(scenarios(tmp_path)["writer"]))
    for absent in ("personality", "How you feel", "What you know", "conversational", "may go up to"):
        assert absent not in prompt
    assert "- (budget, non-negotiable) spend at most $500" in prompt
    assert "in short messages" in prompt
