"""The paper's Big Five, emotion and knowledge, imported as the persona fields of SPEC section 10."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from pytest_salessim.cli import main
from pytest_salessim.importer.files import DatasetError, read_scenario_grid
from pytest_salessim.importer.temperament import knowledge_level, level, read_temperament, scenario_grid
from pytest_salessim.spec import load_spec

DATA = Path(__file__).parent.parent / "data" / "salessim"
RELEASE_SCENARIOS = """\
scenarios:
  - persona: new_grad
    big_5_specification:
      extroversion: Low
      neuroticism: Low
      conscientiousness: High
      agreeableness: High
      openness: High
    num_rollouts_per_unique_scenario: 2
  - persona: busy_parent
    big_5_specification:
      extroversion: Low, High
      neuroticism: Low, High
    num_rollouts_per_unique_scenario: 2
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Extreme Low", "low"),
        ("extremely low", "low"),
        ("Low", "low"),
        ("Neutral", "neutral"),
        ("Medium", "neutral"),
        ("high", "high"),
        ("Extreme High", "high"),
        ("extreme_high", "high"),
        ("sometimes", None),
    ],
)
def test_the_papers_five_levels_fold_onto_three(text: str, expected: str | None) -> None:
    assert level(text) == expected


def test_single_levels_become_the_personality_several_a_grid() -> None:
    found = read_temperament(
        {
            "big_5_specification": {
                "Extroversion": "Extreme High",
                "neuroticism": "Low, High",
                "Openness to experience": ["medium"],
                "agreeableness": "grumpy",
                "humour": "high",
            },
            "emotion": "skeptical",
        }
    )
    assert found.personality == {"extraversion": "high", "openness": "neutral"}
    assert found.vary == {"personality.neuroticism": ["low", "high"]}
    assert found.emotion == "skeptical"
    assert found.notes == [
        "Extroversion 'Extreme High' read as 'high' (a spec has three levels)",
        "left out agreeableness level 'grumpy': not a level of the Big Five",
        "left out the unknown trait 'humour'",
    ]


def test_a_list_of_emotions_becomes_a_grid() -> None:
    assert read_temperament({"emotion": ["overwhelmed", "skeptical"]}).vary == {
        "emotion": ["overwhelmed", "skeptical"]
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [  # the knowledge levels of the authors' release, then the spec's own words
        (
            "Has trouble operating laptops, prefers phone calls. Has very limited technical knowledge.",
            "novice",
        ),
        (
            "Is technologically proficient as a user, but is not an engineer so does not have deep "
            "technical knowledge of laptops.",
            "intermediate",
        ),
        (
            "Once watched some youtube videos on what it takes to build a laptop, so understands some of "
            "the underlying technical specs and tradeoffs in laptops.",
            "expert",
        ),
        ("expert", "expert"),
        ("Beginner", "novice"),
    ],
)
def test_knowledge_in_words_is_read_as_a_level(text: str, expected: str) -> None:
    assert knowledge_level(text) == expected


def test_free_text_knowledge_is_kept_in_the_background() -> None:
    found = read_temperament({"knowledge_level": "Has very limited technical knowledge of laptops."})
    assert found.knowledge == "novice"
    assert found.knowledge_text == "Has very limited technical knowledge of laptops."
    assert read_temperament({"knowledge": "expert"}).knowledge_text == ""


def test_the_authors_scenario_file_gives_each_persona_its_big_five() -> None:
    grid = scenario_grid(yaml.safe_load(RELEASE_SCENARIOS))
    assert set(grid) == {"new_grad", "busy_parent"}
    assert read_temperament(grid["new_grad"]).personality == {
        "extraversion": "low",
        "neuroticism": "low",
        "conscientiousness": "high",
        "agreeableness": "high",
        "openness": "high",
    }
    assert read_temperament(grid["busy_parent"]).vary == {
        "personality.extraversion": ["low", "high"],
        "personality.neuroticism": ["low", "high"],
    }


def test_a_scenario_file_of_another_shape_is_a_dataset_error(tmp_path: Path) -> None:
    (tmp_path / "s.yaml").write_text("- persona: x\n")
    with pytest.raises(DatasetError, match="expected `scenarios:`"):
        read_scenario_grid(tmp_path / "s.yaml")


def test_import_writes_personality_emotion_knowledge_and_grids(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = [json.loads(row) for row in (DATA / "personas" / "laptops.jsonl").read_text().splitlines()]
    records[1] = {**records[1], "persona_background": "busy_parent", "emotion": "overwhelmed"}
    records[3] = {**records[3], "knowledge_level": "Has very limited technical knowledge of laptops."}
    (tmp_path / "personas.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    (tmp_path / "scenarios.yaml").write_text(RELEASE_SCENARIOS)
    products = DATA / "products" / "laptops.json"
    out = tmp_path / "out"
    command = ["import", str(tmp_path / "personas.jsonl"), str(products), "--out", str(out)]
    assert main([*command, "--scenarios", str(tmp_path / "scenarios.yaml")]) == 0
    assert (
        "  personality for 1 personas, emotion for 1, knowledge for 1; 1 vary grids (4 scenarios)"
        in capsys.readouterr().out.splitlines()
    )
    scenarios = {s.id: s for s in load_spec(out / "laptops.yaml", tmp_path)}
    grid = [i for i in scenarios if i.startswith("jordan-2.")]
    assert grid == [
        "jordan-2.extraversion-low.neuroticism-low",
        "jordan-2.extraversion-low.neuroticism-high",
        "jordan-2.extraversion-high.neuroticism-low",
        "jordan-2.extraversion-high.neuroticism-high",
    ]
    assert scenarios[grid[0]].persona.emotion == "overwhelmed"
    victor = scenarios["victor-4"].persona
    assert victor.knowledge == "novice" and victor.background.endswith("knowledge of laptops.")
    report = json.loads((out / "laptops.import-report.json").read_text())
    assert report["temperament"] == {
        "personality": 1,
        "emotion": 1,
        "knowledge": 1,
        "grids": 1,
        "variants": 4,
    }
    assert (
        "knowledge read as 'novice' from 'Has very limited technical knowledge of laptops.'"
        in (report["notes"]["victor-4"])
    )


def test_personas_without_them_import_as_before(tmp_path: Path) -> None:
    products = DATA / "products" / "laptops.json"
    assert (
        main(["import", str(DATA / "personas" / "laptops.jsonl"), str(products), "--out", str(tmp_path)]) == 0
    )
    report = json.loads((tmp_path / "laptops.import-report.json").read_text())
    assert "temperament" not in report
    assert "personality" not in (tmp_path / "laptops.yaml").read_text()
