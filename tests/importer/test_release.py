"""The public release's persona format (question/answer pairs, no acceptable products): criteria that
keep their question, the budget, and `expect` derived once every criterion is decided."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pytest_salessim.importer import import_files
from pytest_salessim.importer.answers import read_answers
from pytest_salessim.importer.personas import draft_persona
from pytest_salessim.spec import Scenario, load_spec

RELEASE = Path(__file__).parent.parent / "data" / "salessim" / "release"
RECORDS = [json.loads(line) for line in (RELEASE / "laptop_personas.jsonl").read_text().splitlines() if line]
BY_NAME = {r["name"]: r for r in RECORDS}


def test_each_pair_is_a_criterion_that_keeps_its_question() -> None:
    emily = draft_persona(BY_NAME["Emily"], 0)
    assert emily.id == "emily-new-grad" and not emily.labelled
    assert [(c.text, c.hard) for c in emily.criteria] == [
        ("What is your budget? $500", False),
        ("What are the primary uses for your laptop? freelancing as a writer, productivity, gaming", False),
        ("What's your preferred platform or OS? Windows", False),
        ("What screen size are you looking for? larger than 13 inches", False),
        ("Do you have dealbreakers? absolutely cannot go over $500", True),
    ]
    assert emily.criteria[1].words == "freelancing as a writer, productivity, gaming"  # keywords: the answer
    assert emily.temperament.knowledge == "intermediate"


def test_a_dealbreaker_ceiling_is_the_budget_else_the_budget_answer_stretches() -> None:
    emily = draft_persona(BY_NAME["Emily"], 0)
    assert (emily.budget, emily.flexible) == (500, 0.0)  # "absolutely cannot go over $500"
    assert emily.criteria[4].budget_rule and emily.criteria[0].ceiling == 500
    will = read_answers(BY_NAME["Will"])
    assert (will.budget, will.flexible) == (850, 0.0)  # "Budget can't go over $850"
    assert next(c for c in will.criteria if c.text.startswith("What is your budget?")).ceiling == 750
    maria = read_answers(BY_NAME["Maria"])
    assert (maria.budget, maria.flexible) == (600, 0.1)  # "cheap - below $600.": may stretch by 10%
    assert "no criterion from \"What's your preferred platform or OS?\" 'undecided'" in " ".join(maria.notes)
    jordan = read_answers(BY_NAME["Jordan"])
    assert jordan.budget is None  # "no limit"
    assert not any(c.text.startswith("What is your budget?") for c in jordan.criteria)


def _import(tmp_path: Path, annotations: str | None = None) -> tuple[dict[str, Scenario], dict[str, Any]]:
    path = None
    if annotations is not None:
        path = tmp_path / "annotations.yaml"
        path.write_text(annotations)
    written = import_files(
        RELEASE / "laptop_personas.jsonl",
        RELEASE / "products" / "laptops.json",
        tmp_path / "out",
        category="laptops",
        annotations=path,
    )
    return {s.id: s for s in load_spec(written.spec, tmp_path)}, written.result.report


def test_without_decided_criteria_the_scenarios_are_unlabelled_and_the_report_says_what_they_lack(
    tmp_path: Path,
) -> None:
    scenarios, report = _import(tmp_path)
    emily = scenarios["emily-new-grad"]
    assert emily.tags == ("laptops", "unlabelled") and emily.expect.decision == "no_purchase"
    assert emily.persona.budget is not None and emily.persona.budget.max == 500
    assert report["no_purchase"] == 0  # a placeholder is no label
    assert report["labels"]["derived"] == []
    assert report["labels"]["unlabelled"]["emily-new-grad"] == [
        "preference: What are the primary uses for your laptop? "
        "freelancing as a writer, productivity, gaming",
        "preference: What's your preferred platform or OS? Windows",
        "preference: What screen size are you looking for? larger than 13 inches",
    ]


def test_once_every_criterion_is_decided_expect_is_derived_and_said_so(tmp_path: Path) -> None:
    annotations = """\
criteria:
  emily-new-grad:
    "What are the primary uses for your laptop? freelancing as a writer, productivity, gaming":
      rule: {attribute: gaming, eq: true}
    "What's your preferred platform or OS? Windows": {rule: {attribute: os, eq: Windows}}
    "What screen size are you looking for? larger than 13 inches": {rule: {attribute: screen_in, gt: 13}}
"""
    scenarios, report = _import(tmp_path, annotations)
    emily = scenarios["emily-new-grad"]
    assert emily.tags == ("laptops", "derived-expect")
    # under $500 and Windows with a screen over 13 inches, none a gaming laptop: all three tie
    assert emily.expect.any_of == (
        "dell-inspiron-15-3000-series-15-6-laptop-intel-celeron-n3060-4gb-memory-500gb",
        "acer-aspire-5-slim-laptop-15-6-intel-celeron-n4020-4gb-memory-64gb-emmc-obsidian",
        "hp-stream-14-laptop-intel-celeron-n4000-4gb-memory-64gb-emmc-aqua-blue",
    )
    assert report["labels"]["derived"] == ["emily-new-grad"]
    assert "emily-new-grad" not in report["labels"]["unlabelled"]
    header = (tmp_path / "out" / "laptops.yaml").read_text().split("salessim: 1")[0]
    assert "`expect` of the scenarios tagged `derived-expect` is" in header
    assert report["audit"]["figures"]["audited"] == 0  # no authors' label to audit


def test_a_laptop_preference_that_names_a_budget_is_the_budget_with_the_papers_stretch() -> None:
    tony = {
        "name": "Tony",
        "preferences": "Looking for a laptop for 3D modeling. Has a budget of $1800. Prefers 15-16 inches",
        "dealbreakers": "Must have at least 16GB RAM.",
        "acceptable_products": [],
    }
    draft = draft_persona(tony, 10)
    assert (draft.budget, draft.flexible) == (1800, 0.1)
    assert [c.text for c in draft.criteria if c.budget_rule] == ["Has a budget of $1800."]
    ranged = draft_persona({**tony, "preferences": "Has a budget of $1200 to $1800."}, 10)
    assert ranged.budget == 1800
    priced = draft_persona({**tony, "preferences": "Prefers options under $1200."}, 10)
    assert priced.budget is None  # a price, not called a budget: a preference for the annotations
