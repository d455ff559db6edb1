"""Round trips of `salessim import`: dataset files -> spec, catalog and report -> loaded scenarios."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pytest_salessim.cli import main
from pytest_salessim.spec import Scenario, load_spec
from pytest_salessim.spec.model import RetrievalAgentSpec

DATA = Path(__file__).parent.parent / "data" / "salessim"


def run_import(tmp_path: Path, category: str, personas: Path | None = None) -> dict[str, Any]:
    """Import one category of the committed cut into tmp_path/out; the report, with its scenarios."""
    personas = personas or DATA / "personas" / f"{category}.jsonl"
    assert (
        main(
            [
                "import",
                str(personas),
                str(DATA / "products" / f"{category}.json"),
                "--out",
                str(tmp_path / "out"),
            ]
        )
        == 0
    )
    report = json.loads((tmp_path / "out" / f"{category}.import-report.json").read_text())
    scenarios = load_spec(tmp_path / "out" / f"{category}.yaml", tmp_path)
    return {**report, "scenarios": {s.id: s for s in scenarios}}


def test_laptops(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = run_import(tmp_path, "laptops")
    assert (report["personas"], report["products"], report["no_purchase"]) == (5, 25, 1)
    assert report["acceptable"] == {
        "listed": 11,
        "matched": 10,
        "matched_exactly": 10,
        "matched_after_straightening_quotes": 0,
        "unmatched": 0,
        "repeated": 1,
    }
    assert capsys.readouterr().out.splitlines()[:2] == [
        "laptops: 5 personas, 25 products, 1 expecting no purchase",
        "  acceptable products: 11 listed, 10 matched (10 exactly, 0 after straightening quotes), "
        "0 unmatched, 1 listed twice",
    ]
    scenarios: dict[str, Scenario] = report["scenarios"]
    assert list(scenarios) == ["emily-1", "jordan-2", "clara-3", "victor-4", "maria-5"]
    emily = scenarios["emily-1"]
    # three laptops keep her only dealbreaker, her budget: the label is kept, and tagged as a conflict
    assert emily.expect.decision == "no_purchase"
    assert emily.tags == ("laptops", "no-purchase", "label-conflict")
    assert emily.persona.budget is not None and emily.persona.budget.max == 500
    assert emily.persona.speaking_style == "Users lots of filler words including 'you know'."
    assert [c.text for c in emily.persona.dealbreakers] == ["Product must be under $500."]
    assert emily.persona.dealbreakers[0].rule is not None
    assert report["audit"]["label_conflicts"] == ["emily-1"]
    victor = scenarios["victor-4"]
    assert victor.persona.budget is not None and victor.persona.budget.max == 2500
    assert victor.persona.dealbreakers[0].rule is not None
    assert victor.persona.dealbreakers[0].rule.describe() == "price <= 2500"
    assert "Uses words like 'final cut pro'." in scenarios["clara-3"].persona.speaking_style
    assert (
        scenarios["jordan-2"].persona.preferences[-1].text
        == "I want to get as much RAM and memory as possible."
    )
    maria = scenarios["maria-5"]
    assert len(maria.expect.any_of) == 3 and report["repeated"][0]["scenario"] == "maria-5"
    assert all(isinstance(s.agent, RetrievalAgentSpec) and s.agent.top_k == 3 for s in scenarios.values())


def test_products_keep_descriptions_features_and_parsed_prices(tmp_path: Path) -> None:
    scenarios = run_import(tmp_path, "laptops")["scenarios"]
    catalog = scenarios["emily-1"].catalog
    source = json.loads((DATA / "products" / "laptops.json").read_text())["laptops"]
    assert len(catalog.products) == len(source)
    for product, record in zip(catalog.products, source, strict=True):
        assert product.name == record["name"]
        assert product.price == float(record["price"].strip("$").replace(",", ""))
        assert product.description == record["description"]
        assert list(product.features) == record["features"]
    assert catalog.products[0].id == "hp-17-3-laptop-amd-ryzen-5-8gb-memory-512gb-ssd-natural-silver"


def test_male_clothing_quotes_and_the_duplicate_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = run_import(tmp_path, "male_clothing")
    assert report["acceptable"]["matched_after_straightening_quotes"] == 2
    assert report["acceptable"]["unmatched"] == 0
    assert [n["scenario"] for n in report["normalised"]] == ["timothy-3f27f60f", "dwayne-11be578a"]
    jean = "Amazon Essentials Men's Relaxed-Fit 5-Pocket Jean"
    ids = [
        "amazon-essentials-mens-relaxed-fit-5-pocket-jean",
        "amazon-essentials-mens-relaxed-fit-5-pocket-jean-2",
    ]
    assert report["duplicate_product_names"] == {jean: ids}
    jonathon = report["scenarios"]["jonathon-55e500ca"]
    assert set(ids) <= set(jonathon.expect.any_of)
    assert jonathon.tags == ("male_clothing", "jeans")
    elijah = report["scenarios"]["elijah-3365f2cc"]
    assert elijah.persona.budget is None and elijah.expect.decision == "no_purchase"
    out = capsys.readouterr().out
    assert "quotes straightened: timothy-3f27f60f: \"Layer 8 Men's Quick Dry" in out
    assert f"duplicate product name {jean!r}: ids {ids[0]}, {ids[1]}" in out


def test_female_clothing_budget_sentences(tmp_path: Path) -> None:
    scenarios = run_import(tmp_path, "female_clothing")["scenarios"]
    jill = scenarios["jill-2288fdce"].persona
    ruled = [c for c in jill.dealbreakers if c.rule is not None]
    assert [c.text for c in ruled] == ["Requires a price point under $25 to align with her budget."]
    assert ruled[0].keywords == ("budget",)
    joya = scenarios["joya-379a0758"].persona
    assert joya.dealbreakers[-1].text == "Spend at most $75."
    jaimie = scenarios["jaimie-4a4d6361"].persona
    assert all(c.text.strip('"') for c in jaimie.criteria)  # the stray quote is no criterion
    assert all(c.keywords for c in jill.criteria + joya.criteria + jaimie.criteria)


def test_unmatched_names_are_reported_never_dropped_silently(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record = json.loads((DATA / "personas" / "laptops.jsonl").read_text().splitlines()[2])  # Clara
    real = record["acceptable_products"][0]
    lines = [
        {**record, "acceptable_products": [real, "Apple - MacBook Pro 2031"]},
        {**record, "name": "Zed", "acceptable_products": ["Nothing We Sell"]},
    ]
    personas = tmp_path / "personas.jsonl"
    personas.write_text("".join(json.dumps(line) + "\n" for line in lines))
    report = run_import(tmp_path, "laptops", personas)
    assert report["acceptable"]["unmatched"] == 2 and report["acceptable"]["matched"] == 1
    assert report["unmatched"] == [
        {"scenario": "clara-1", "persona": "Clara", "name": "Apple - MacBook Pro 2031"},
        {"scenario": "zed-2", "persona": "Zed", "name": "Nothing We Sell"},
    ]
    out = capsys.readouterr().out
    assert "UNMATCHED: clara-1: 'Apple - MacBook Pro 2031' is not in the catalog" in out
    assert len(report["scenarios"]["clara-1"].expect.any_of) == 1
    assert report["scenarios"]["zed-2"].expect.decision == "no_purchase"
    assert (
        report["notes"]["zed-2"][-1]
        == "none of its acceptable products is in the catalog: expects no purchase"
    )


def test_importing_twice_gives_the_same_files(tmp_path: Path) -> None:
    run_import(tmp_path / "a", "male_clothing")
    run_import(tmp_path / "b", "male_clothing")
    for name in ("male_clothing.yaml", "catalogs/male_clothing.yaml", "male_clothing.import-report.json"):
        assert (tmp_path / "a" / "out" / name).read_bytes() == (tmp_path / "b" / "out" / name).read_bytes()


def test_python_dash_m_and_bad_input(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "pytest_salessim", "import"]
    products = str(DATA / "products" / "laptops.json")
    done = subprocess.run(
        [*command, str(DATA / "personas" / "laptops.jsonl"), products, "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("laptops: 5 personas, 25 products, 1 expecting no purchase\n")
    assert "(5 scenarios)" in done.stdout
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"name": "Ann"}\n{"name": \n')
    failed = subprocess.run(
        [*command, str(bad), products, "--out", str(tmp_path / "x")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert failed.returncode == 1
    assert failed.stderr.startswith(f"salessim import: {bad}:2: not a JSON object")


def test_the_console_script_is_declared() -> None:
    from importlib.metadata import entry_points

    (script,) = [e for e in entry_points(group="console_scripts") if e.name == "salessim"]
    assert script.value == "pytest_salessim.cli:main"
