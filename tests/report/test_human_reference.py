"""The human reference ships twice (fixtures/ for people, the package for runs) and re-derives exactly."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from pytest_salessim.report.people import REFERENCE_FILE, human_reference

REPO = Path(__file__).parent.parent.parent
FIXTURE = REPO / "fixtures" / "human_reference.json"


def derivation() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "derive_human_reference", REPO / "fixtures" / "derive_human_reference.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_packaged_copy_equals_the_fixture() -> None:
    assert json.loads(FIXTURE.read_text()) == json.loads(REFERENCE_FILE.read_text()) == human_reference()


def test_provenance_and_the_published_figures() -> None:
    reference = human_reference()
    assert reference["source"]["commit"] == "e3f4a1b"
    assert reference["source"]["license"] == "Apache-2.0"
    assert reference["source"]["path"].endswith("crs_dialogue_features.json")
    assert reference["dialogues"] == 517
    figures = {name: f["value"] for name, f in reference["figures"].items()}
    assert all(f["how"] for f in reference["figures"].values())
    # as the data's README and SPEC section 4 state them
    assert figures["first_turn_criteria"] == pytest.approx(2.99, abs=0.005)
    assert figures["first_turn_criteria_median"] == 2
    assert figures["first_turn_at_most_3"] == pytest.approx(0.74, abs=0.005)
    assert figures["tfidf_similarity"] == pytest.approx(0.0976, abs=0.00005)
    assert figures["shopper_turns"] == pytest.approx(10.19, abs=0.005)
    assert sum(d["dialogues"] for d in reference["by_domain"].values()) == 517


def test_derive_by_hand() -> None:
    features = {
        "b": {
            "domain": "laptop",
            "criterias_mentioned_first_turn": 5,
            "avg_tfidf_similarity": 0.2,
            "num_turns": 3,
        },
        "a": {
            "domain": "laptop",
            "criterias_mentioned_first_turn": 1,
            "avg_tfidf_similarity": 0.1,
            "num_turns": 8,
        },
        "c": {
            "domain": "bicycle",
            "criterias_mentioned_first_turn": 3,
            "avg_tfidf_similarity": 0.3,
            "num_turns": 4,
        },
    }
    document = derivation().derive(features)
    figures = {name: f["value"] for name, f in document["figures"].items()}
    assert figures == {
        "first_turn_criteria": 3.0,
        "first_turn_criteria_median": 3.0,
        "first_turn_at_most_3": round(2 / 3, 4),
        "tfidf_similarity": 0.2,
        "shopper_turns": 5.0,
        "shopper_turns_median": 4.0,
    }
    assert document["dialogues"] == 3
    assert document["by_domain"]["laptop"]["dialogues"] == 2


def test_re_deriving_from_the_shared_data_gives_the_same_numbers() -> None:
    module = derivation()
    if not module.DEFAULT_FEATURES.is_file():
        pytest.skip(f"the SalesSim human features are not on this machine ({module.DEFAULT_FEATURES})")
    features = json.loads(module.DEFAULT_FEATURES.read_text(encoding="utf-8"))
    assert module.derive(features) == human_reference()
