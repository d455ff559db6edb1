"""The annotations file: rules, meets lists and product attributes merged into the import; every name
it uses checked, so that an annotation cannot silently rot."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pytest_salessim.cli import main
from pytest_salessim.importer import AnnotationError, import_files
from pytest_salessim.spec import Scenario, load_spec

DATA = Path(__file__).parent.parent / "data" / "salessim"
AIR = "apple-macbook-air-m1-chip-13-3-display-8gb-memory-256gb-ssd-gold"
XPS = "dell-xps-13-3-touch-screen-laptop-intel-core-i7-16gb-memory-512gb-ssd-platinum"
SPECTRE = "hp-spectre-x360-2-in-1-13-3-touch-screen-laptop-intel-core-i7-16gb-memory-512gb"
STREAM = "hp-stream-14-laptop-intel-celeron-n4000-4gb-memory-64gb-emmc-aqua-blue"

ANNOTATIONS = f"""\
# read by a person from each product's name, description and features
products:
  {STREAM}: {{weight_lb: 3.2}}
criteria:
  emily-1:
    "Prefers Windows.": {{rule: {{attribute: os, eq: Windows}}}}
  jordan-2:
    "Looking for a screen size of 13-15 inches.":
      rule: {{all: [{{attribute: screen_in, gte: 13}}, {{attribute: screen_in, lte: 15}}]}}
    "Prefers light weight laptop.":
      rule: {{attribute: weight_lb, lte: 3.5}}
    "Cannot look budget or bulky.":
      meets: [{SPECTRE}, {AIR}]
      note: "slim premium lines; the text calls the Air compact"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "out" / "annotations" / "laptops.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def imported(tmp_path: Path, **kwargs: Any) -> tuple[dict[str, Scenario], dict[str, Any]]:
    written = import_files(
        DATA / "personas" / "laptops.jsonl", DATA / "products" / "laptops.json", tmp_path / "out", **kwargs
    )
    scenarios = {s.id: s for s in load_spec(written.spec, tmp_path)}
    return scenarios, json.loads(written.report.read_text())


def criterion(scenario: Scenario, text: str) -> Any:
    return next(c for c in scenario.persona.criteria if c.text == text)


def test_the_file_beside_the_output_is_merged_by_default(tmp_path: Path) -> None:
    write(tmp_path, ANNOTATIONS)
    scenarios, report = imported(tmp_path)
    windows = criterion(scenarios["emily-1"], "Prefers Windows.")
    assert windows.rule is not None and windows.rule.describe() == "os = 'Windows'"
    jordan = scenarios["jordan-2"]
    # a compound rule is evaluated on the catalog into a meets list, the rule kept in the report
    screen = criterion(jordan, "Looking for a screen size of 13-15 inches.")
    assert screen.rule is None and AIR in screen.meets and STREAM in screen.meets
    assert report["annotations"]["derived"][0]["rule"] == "(screen_in >= 13 and screen_in <= 15)"
    # an attribute set by hand is read by rules like an extracted one
    light = criterion(jordan, "Prefers light weight laptop.")
    assert [p.id for p in jordan.catalog.products if light.met_by(p)] == [STREAM]
    # a meets list is kept in catalog order, and its note in the report
    bulky = criterion(jordan, "Cannot look budget or bulky.")
    assert bulky.meets == (AIR, SPECTRE)
    assert report["annotations"]["notes"]["jordan-2"]["Cannot look budget or bulky."].startswith("slim")
    assert (report["annotations"]["criteria"], report["annotations"]["products"]) == (4, 1)
    assert (
        "Rules and `meets` lists come from annotations/laptops.yaml"
        in (tmp_path / "out" / "laptops.yaml").read_text()
    )


def test_extracted_laptop_attributes_reach_the_catalog(tmp_path: Path) -> None:
    scenarios, report = imported(tmp_path)
    xps = scenarios["emily-1"].catalog.get(XPS)
    assert xps is not None
    assert {
        k: xps.attributes[k] for k in ("brand", "series", "os", "screen_in", "memory_gb", "storage_gb")
    } == {
        "brand": "Dell",
        "series": "XPS",
        "os": "Windows",
        "screen_in": 13.3,
        "memory_gb": 16,
        "storage_gb": 512,
    }
    assert xps.attributes["touch"] is True and xps.attributes["discrete_gpu"] is False
    assert report["attributes"]["extractor"] == "laptops"


def test_a_criterion_can_be_left_out_and_stays_undecided(tmp_path: Path) -> None:
    write(tmp_path, ANNOTATIONS)
    _, report = imported(tmp_path)
    assert "preference: Looking for a screen size larger than 13 inches." in report["undecided"]["emily-1"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "criteria: {emilie-1: {}}",
            "criteria.emilie-1: unknown scenario id 'emilie-1'; did you mean 'emily-1'?",
        ),
        (
            'criteria: {emily-1: {"Prefers Windowz.": {meets: []}}}',
            "unknown criterion of emily-1 'Prefers Windowz.'; did you mean 'Prefers Windows.'?",
        ),
        (
            'criteria: {emily-1: {"Prefers Windows.": {rule: {attribute: system, eq: Windows}}}}',
            "rule.attribute: unknown attribute 'system'",
        ),
        (
            'criteria: {emily-1: {"Prefers Windows.": {meets: [dell-xps-13]}}}',
            "meets[0]: unknown product id 'dell-xps-13'",
        ),
        ("products: {dell-xps: {fit: slim}}", "products.dell-xps: unknown product id 'dell-xps'"),
        (
            f"products: {{{XPS}: {{wieght_lb: 2.8}}}}",
            "attribute 'wieght_lb' is read by no rule of this file and given by no extractor",
        ),
        (
            'criteria: {emily-1: {"Prefers Windows.": {rule: {attribute: os, eq: Windows}, meets: []}}}',
            "give `rule` or `meets`, exactly one",
        ),
        (
            'criteria: {emily-1: {"Prefers Windows.": {rule: {attribute: price, lte: cheap}}}}',
            "`lte` compares numbers, got 'cheap'",
        ),
        ("critera: {}", "unknown key 'critera'; did you mean 'criteria'?"),
    ],
)
def test_every_unknown_name_is_an_error_naming_it(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(AnnotationError) as raised:
        imported(tmp_path, annotations=path)
    assert message in str(raised.value)
    assert f"{path}:1: " in str(raised.value)


def test_the_command_says_what_is_wrong_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, 'criteria:\n  emily-1:\n    "Prefers Windowz.": {meets: []}\n')
    personas, products = DATA / "personas" / "laptops.jsonl", DATA / "products" / "laptops.json"
    code = main(
        ["import", str(personas), str(products), "--out", str(tmp_path / "x"), "--annotations", str(path)]
    )
    assert code == 1
    err = capsys.readouterr().err
    assert err.startswith("salessim import: invalid annotations (1 problem):")
    assert f"{path}:3: criteria.emily-1.Prefers Windowz.: unknown criterion" in err
