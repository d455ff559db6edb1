"""The import of the whole dataset: its counts, and the committed specs/salessim/ it must reproduce.

The dataset lives beside the repository (../shared/data/salessim/); the tests on it skip without it.
The committed specs are checked always.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pytest_salessim.importer import import_files
from pytest_salessim.spec import load_spec

REPO = Path(__file__).parent.parent.parent
SHARED = REPO.parent / "shared" / "data" / "salessim"
IMPORTED = REPO / "specs" / "salessim"
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason=f"the SalesSim data is not at {SHARED}")

# category: personas, products, no purchase, (listed, matched exactly, after straightening quotes,
# unmatched, listed twice)
COUNTS = {
    "laptops": (27, 25, 8, (31, 30, 0, 0, 1)),
    "female_clothing": (73, 195, 6, (408, 408, 0, 0, 0)),
    "male_clothing": (77, 200, 15, (397, 395, 2, 0, 0)),
}


def _counts(report: dict[str, object]) -> tuple[object, ...]:
    acceptable = report["acceptable"]
    assert isinstance(acceptable, dict)
    keys = ("listed", "matched_exactly", "matched_after_straightening_quotes", "unmatched", "repeated")
    return (report["personas"], report["products"], report["no_purchase"], tuple(acceptable[k] for k in keys))


@needs_shared
@pytest.mark.parametrize("category", COUNTS)
def test_the_whole_dataset_round_trips_as_committed(category: str, tmp_path: Path) -> None:
    annotations = IMPORTED / "annotations" / f"{category}.yaml"
    written = import_files(
        SHARED / "personas" / f"{category}.jsonl",
        SHARED / "products" / f"{category}.json",
        tmp_path,
        annotations=annotations if annotations.is_file() else None,
    )
    assert _counts(written.result.report) == COUNTS[category]
    scenarios = load_spec(written.spec, tmp_path)
    personas = [line for line in (SHARED / "personas" / f"{category}.jsonl").read_text().splitlines() if line]
    assert [s.persona.name for s in scenarios] == [json.loads(line)["name"] for line in personas]
    for name in (f"{category}.yaml", f"catalogs/{category}.yaml", f"{category}.import-report.json"):
        assert (tmp_path / name).read_bytes() == (IMPORTED / name).read_bytes(), f"re-import {name}"


@pytest.mark.parametrize("category", COUNTS)
def test_the_committed_specs_load_with_their_reports(category: str) -> None:
    report = json.loads((IMPORTED / f"{category}.import-report.json").read_text())
    assert _counts(report) == COUNTS[category]
    scenarios = load_spec(IMPORTED / f"{category}.yaml", REPO)
    personas, products, no_purchase, _ = COUNTS[category]
    assert len(scenarios) == personas and len(scenarios[0].catalog.products) == products
    assert sum(s.expect.decision == "no_purchase" for s in scenarios) == no_purchase
    assert all(category in s.tags for s in scenarios)
    assert (IMPORTED / "LICENSE.txt").is_file()
