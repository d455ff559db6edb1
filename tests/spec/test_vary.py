"""`vary:` grids: one scenario per combination, readable ids, every variant checked, a bounded size."""

from __future__ import annotations

from pathlib import Path

import pytest

from pytest_salessim.spec import vary

from ..conftest import spec_text
from .loading import line, load, problems

WRITER = """\
  - id: writer
    persona:
      name: Emily
      personality: {extraversion: high, agreeableness: low}
      budget: 500
      dealbreakers:
        - text: it has to run Windows
          rule: {attribute: os, eq: Windows}
    vary:
      personality.extraversion: [low, high]
      emotion: [calm, overwhelmed]
    expect: {decision: purchase, any_of: [acer-aspire-5]}
"""


def grid(*rows: str) -> str:
    """WRITER with its `vary` rows replaced."""
    head, _, tail = WRITER.partition("    vary:\n")
    return head + "    vary:\n" + "".join(f"      {row}\n" for row in rows) + tail.split("\n", 2)[2]


def test_one_scenario_per_combination_with_readable_ids(tmp_path: Path) -> None:
    found = load(tmp_path, WRITER)
    assert list(found) == [
        "writer.extraversion-low.emotion-calm",
        "writer.extraversion-low.emotion-overwhelmed",
        "writer.extraversion-high.emotion-calm",
        "writer.extraversion-high.emotion-overwhelmed",
    ]
    variant = found["writer.extraversion-low.emotion-overwhelmed"]
    assert variant.persona.personality.traits() == {"extraversion": "low", "agreeableness": "low"}
    assert variant.persona.emotion == "overwhelmed"
    assert variant.variant == (("personality.extraversion", "low"), ("emotion", "overwhelmed"))
    assert variant.line == found["writer.extraversion-high.emotion-calm"].line == line(WRITER, "- id:")


def test_budget_knowledge_and_the_rest_vary_too(tmp_path: Path) -> None:
    body = grid("budget.max: [450, 600]", "budget.flexible: [0, 0.25]", "knowledge: [novice, expert]")
    found = load(tmp_path, body)
    assert len(found) == 8
    variant = found["writer.budget-600.flexible-0.25.knowledge-expert"]
    assert variant.persona.budget is not None and variant.persona.budget.ceiling == 750
    assert variant.persona.knowledge == "expert"


def test_odd_values_make_safe_distinct_ids(tmp_path: Path) -> None:
    body = grid('emotion: ["Very anxious!", "très fâché", "???", "calm.", "calm!"]')
    ids = list(load(tmp_path, body))
    assert ids == [
        "writer.emotion-very-anxious",
        "writer.emotion-tres-fache",
        f"writer.emotion-v{vary.slug('???')[1:]}",
        "writer.emotion-calm",
        "writer.emotion-calm-5",
    ]
    assert all(set(i) <= set("abcdefghijklmnopqrstuvwxyz0123456789.-_") for i in ids)


def test_a_long_value_is_cut_and_kept_apart_by_a_hash() -> None:
    one, two = vary.slug("a" * 50 + "x"), vary.slug("a" * 50 + "y")
    assert one != two and len(one) <= vary.MAX_SLUG and one.startswith("aaaa")


def test_a_value_that_breaks_the_schema_is_an_error_at_its_line(tmp_path: Path) -> None:
    body = grid("personality.extraversion: [low, loud]", "age: [30, 200]")
    rendered = problems(tmp_path, body)
    at = line(body, "personality.extraversion:")
    assert (
        f"laptops.yaml:{at}: scenarios[0].vary.personality.extraversion[1]: 'loud' does not make a valid "
        'persona: persona.personality.extraversion: expected "low" or "neutral" or "high", got "loud"'
    ) in rendered
    assert (
        f"laptops.yaml:{at + 1}: scenarios[0].vary.age[1]: 200 does not make a valid persona: "
        "persona.age: expected a number at most 130, got 200"
    ) in rendered


def test_an_unknown_path_is_an_error_with_a_suggestion(tmp_path: Path) -> None:
    body = grid("personality.extroversion: [low, high]")
    assert (
        f"laptops.yaml:{line(body, 'extroversion')}: scenarios[0].vary.personality.extroversion: "
        "unknown key 'personality.extroversion'; did you mean 'personality.extraversion'?"
    ) in problems(tmp_path, body)


def test_a_value_listed_twice_is_an_error(tmp_path: Path) -> None:
    body = grid("knowledge: [novice, expert, novice]")
    assert (
        f"laptops.yaml:{line(body, 'knowledge')}: scenarios[0].vary.knowledge[2]: 'novice' is listed twice"
    ) in problems(tmp_path, body)


def test_a_variant_that_contradicts_the_spec_is_an_error_at_the_vary_line(tmp_path: Path) -> None:
    body = grid("budget.max: [300, 500]", "emotion: [calm]")  # the expected Acer costs 449.99
    assert (
        f"laptops.yaml:{line(body, 'vary:')}: scenarios[0].vary: variant writer.budget-300.emotion-calm: "
        "scenarios[0].expect.any_of[0]: expected product 'acer-aspire-5' breaks the budget ($449.99 > $300): "
        "the spec contradicts itself"
    ) in problems(tmp_path, body)


def test_the_grid_is_bounded(tmp_path: Path) -> None:
    ages, ten = list(range(20, 31)), list("abcdefghij")
    body = grid(f"age: {ages}", f"emotion: {ten}", f"speaking_style: {ten}")
    assert (
        f"laptops.yaml:{line(body, 'vary:')}: scenarios[0].vary: 1100 combinations (11 x 10 x 10): "
        "at most 1000 per scenario"
    ) in problems(tmp_path, body)


def test_a_variant_id_may_not_take_another_scenarios_id(tmp_path: Path) -> None:
    other = WRITER.replace("id: writer", "id: writer.extraversion-low.emotion-calm").split("    vary:")[0]
    other += "    expect: {decision: purchase, any_of: [acer-aspire-5]}\n"
    rendered = problems(tmp_path, other, WRITER)
    taken = "variant id 'writer.extraversion-low.emotion-calm' is also the id of scenarios[0]"
    assert f"scenarios[1].vary: {taken}" in rendered


def test_k_selects_variants(pytester: pytest.Pytester, store: Path) -> None:
    (store / "laptops.yaml").write_text(spec_text(WRITER))
    result = pytester.runpytest("specs", "-k", "extraversion-low", "--collect-only", "-q")
    result.stdout.fnmatch_lines(
        [
            "specs/laptops.yaml::writer.extraversion-low.emotion-calm[[]reference[]]",
            "specs/laptops.yaml::writer.extraversion-low.emotion-overwhelmed[[]reference[]]",
            "*2/4 tests collected (2 deselected)*",
        ]
    )
    result = pytester.runpytest("specs", "-k", "extraversion-high and emotion-calm")
    result.assert_outcomes(passed=1, deselected=3)


def test_a_contradiction_no_value_causes_is_reported_once_where_it_is(tmp_path: Path) -> None:
    body = WRITER.replace("budget: 500", "budget: 400")  # the expected Acer costs 449.99, whatever the mood
    rendered = problems(tmp_path, body)
    assert rendered.count("\n") == 1, rendered
    assert f"laptops.yaml:{line(body, 'any_of')}: scenarios[0].expect.any_of[0]: expected product" in rendered


def test_variants_broken_alike_are_reported_together(tmp_path: Path) -> None:
    body = grid("budget.max: [300, 500]", "emotion: [calm, tired, bored]")
    rendered = problems(tmp_path, body)
    assert rendered.count("\n") == 1, rendered
    assert "scenarios[0].vary: variant writer.budget-300.emotion-calm (and 2 more): " in rendered


def test_an_empty_grid_says_what_it_may_vary(tmp_path: Path) -> None:
    body = grid().replace("    vary:\n", "    vary: {}\n")
    assert (
        f"laptops.yaml:{line(body, 'vary:')}: scenarios[0].vary: a grid needs a field to vary: one of "
        "personality.openness, personality.conscientiousness, personality.extraversion"
    ) in problems(tmp_path, body)


def test_the_grids_of_a_file_are_bounded_together(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vary, "MAX_SCENARIOS", 5)
    second = WRITER.replace("id: writer", "id: other")
    rendered = problems(tmp_path, WRITER, second)
    assert "scenarios[1].vary: its 4 variants make the file hold more than 5 scenarios" in rendered
