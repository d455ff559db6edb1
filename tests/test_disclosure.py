"""Counting the criteria a message discloses (keywords; the budget by amount or 'budget')."""

from __future__ import annotations

from pathlib import Path

from pytest_salessim.checks import disclosed
from pytest_salessim.spec.model import content_words

from .factories import scenarios

PERSONA = """\
  - id: p
    persona:
      name: Kay
      budget: 900
      preferences:
        - text: a screen larger than 13 inches
          rule: {attribute: screen_in, gt: 13}
        - text: light enough to carry
          keywords: [light, weight, heavy]
          rule: {attribute: weight_kg, lt: 2}
      dealbreakers:
        - text: it has to run Windows
          rule: {attribute: os, eq: Windows}
    expect: {decision: purchase, any_of: [acer-aspire-5]}
"""


def test_default_keywords_are_content_words_without_the_category(tmp_path: Path) -> None:
    persona = scenarios(tmp_path, PERSONA)["p"].persona
    assert persona.preferences[0].keywords == ("screen", "larger", "13", "inches")
    assert persona.dealbreakers[0].keywords == ("run", "windows")
    assert content_words("A laptop that is good for gaming", frozenset({"laptop"})) == ("gaming",)


def test_disclosed_by_keyword_whole_words_only(tmp_path: Path) -> None:
    persona = scenarios(tmp_path, PERSONA)["p"].persona
    assert disclosed("I need a laptop.", persona) == []
    assert disclosed("Something with a big SCREEN please", persona) == ["a screen larger than 13 inches"]
    assert disclosed("It shouldn't be too heavy", persona) == ["light enough to carry"]
    assert disclosed("Highlights? Enlightened?", persona) == []  # 'light' inside a word is not a match


def test_budget_by_amount_or_the_word(tmp_path: Path) -> None:
    persona = scenarios(tmp_path, PERSONA)["p"].persona
    assert disclosed("My budget is tight", persona) == ["budget"]
    assert disclosed("Up to $900", persona) == ["budget"]
    assert disclosed("about 900 dollars", persona) == ["budget"]
    assert disclosed("I have 2 kids", persona) == []
