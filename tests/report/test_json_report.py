"""results.json and transcripts.jsonl: versioned, valid against the shipped schema, paths relative."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from pytest_salessim.records import RunResults
from pytest_salessim.report import build_results, write_reports
from pytest_salessim.report.json_report import SCHEMA_FILE
from pytest_salessim.settings import Settings

from .records import card, persuasion, record, trial, turn


def validate(document: dict[str, Any]) -> None:
    schema = json.loads(SCHEMA_FILE.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(document)


def records_with_images(root: Path) -> list[dict[str, Any]]:
    image = root / "fixtures" / "images" / "acer.png"
    chat = [
        turn("agent", "Try this", (card("acer", "Acer Aspire", 449.99, str(image)),)),
        turn("shopper", "ok"),
    ]
    return [
        record("weak", "w1", trial(passed=False, failure_class="overly_lenient", chat=chat, bought="dell")),
        record(
            "weak",
            "w1",
            trial(passed=False, bought="dell", chat=chat),
            kind="persuasion",
            persuasion=persuasion(4, 1, {"scarcity": (4, 1)}, minimal=True),
        ),
        record("reference", "w1", trial(chat=chat), trial(chat=chat)),
    ]


def test_the_document_is_versioned_valid_and_has_every_item(tmp_path: Path) -> None:
    records = records_with_images(tmp_path)
    settings = Settings(rootdir=tmp_path, repeat=2)
    document = build_results(RunResults(records, ["reference", "weak"], settings, Counter({"weak": 2})))
    validate(document)
    assert document["schema_version"] == 1
    assert [i["nodeid"] for i in document["items"]] == [
        "specs/laptops.yaml::w1[reference]",
        "specs/laptops.yaml::w1[weak-persuasion]",
        "specs/laptops.yaml::w1[weak]",
    ]
    assert document["summary"]["weak"] == {
        "items": 2,
        "passed": 0,
        "failed": 2,
        "errors": 2,
        "skipped": 0,
        "persuasion_items": 1,
    }
    weak = document["items"][2]
    assert (weak["outcome"], weak["failure_class"], weak["decision_text"]) == (
        "failed",
        "overly_lenient",
        "purchase dell",
    )
    assert weak["trials"][0]["checks"][0]["name"] == "decision_alignment"
    assert "transcript" not in weak["trials"][0]
    assert document["items"][1]["persuasion"]["minimal_variant"]["tactics"] == ["scarcity"]
    assert document["figures"]["weak"]["overall"]["persuasion"]["flip_rate"] == 0.25
    assert document["human_reference"]["dialogues"] == 517


def test_a_document_that_breaks_the_schema_is_caught(tmp_path: Path) -> None:
    records = records_with_images(tmp_path)
    document = build_results(RunResults(records, ["reference", "weak"], Settings(rootdir=tmp_path)))
    document["items"][0]["outcome"] = "maybe"
    with pytest.raises(jsonschema.ValidationError):
        validate(document)


def test_written_files_point_at_each_other_and_paths_are_relative(tmp_path: Path) -> None:
    records = records_with_images(tmp_path)
    out = write_reports(
        tmp_path / "reports", RunResults(records, ["reference", "weak"], Settings(rootdir=tmp_path))
    )
    assert out == tmp_path / "reports"
    results = json.loads((out / "results.json").read_text())
    lines = [json.loads(line) for line in (out / "transcripts.jsonl").read_text().splitlines()]
    assert len(lines) == sum(len(r["trials"]) for r in records) == 4
    for item in results["items"]:
        for number, trial_ in enumerate(item["trials"]):
            line = lines[trial_["transcript_line"] - 1]
            assert (line["nodeid"], line["trial"]) == (item["nodeid"], number)
    image = lines[0]["transcript"]["turns"][0]["cards"][0]["image"]
    assert image == "fixtures/images/acer.png"
    assert str(tmp_path) not in (out / "results.json").read_text() + (out / "transcripts.jsonl").read_text()


def test_an_unwritable_directory_is_a_warning(tmp_path: Path) -> None:
    blocker = tmp_path / "reports"
    blocker.write_text("a file where the directory should be")
    with pytest.warns(pytest.PytestWarning, match="could not write the reports"):
        assert (
            write_reports(
                blocker, RunResults(records_with_images(tmp_path), ["weak"], Settings(rootdir=tmp_path))
            )
            is None
        )
