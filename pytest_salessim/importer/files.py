"""Reading the dataset's files and writing the spec, the catalog and the report of one import."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .convert import DEFAULT_TOP_K, CategoryImport, convert_category
from .temperament import scenario_grid

SOURCE_NOTE = """\
# Imported by `salessim import` from {personas} and {products}: SalesSim data by Salesforce, Inc.,
# Apache License 2.0 (LICENSE.txt beside this file). Re-import rather than edit: what the import
# decided (matched names, budgets, ids) is in {report}.
"""


class DatasetError(Exception):
    """A dataset file that cannot be read as the SalesSim format: says which file, line and why."""


def read_personas(path: Path) -> list[dict[str, Any]]:
    """A personas JSONL file: one JSON object a line (blank lines skipped)."""
    records = []
    for number, line in enumerate(_text(path).splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            raise DatasetError(f"{path}:{number}: not a JSON object: {err.msg}") from None
        if not isinstance(record, dict):
            raise DatasetError(f"{path}:{number}: expected a JSON object, got {type(record).__name__}")
        records.append(record)
    if not records:
        raise DatasetError(f"{path}: no personas")
    return records


def read_scenario_grid(path: Path) -> dict[str, dict[str, Any]]:
    """The authors' scenario file (release/scenarios.yaml): the Big Five of each persona id."""
    try:
        return scenario_grid(yaml.safe_load(_text(path)))
    except yaml.YAMLError as err:
        raise DatasetError(f"{path}: not valid YAML: {err}") from None
    except ValueError as err:
        raise DatasetError(f"{path}: {err}") from None


def with_grid(records: list[dict[str, Any]], grid: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Each persona record with its scenario's Big Five (and emotion), matched by `persona_background`."""
    return [{**grid.get(str(r.get("persona_background")), {}), **r} for r in records]


def read_products(path: Path) -> tuple[str | None, list[dict[str, Any]]]:
    """A products JSON file: `{"<category>": [product, ...]}` (or a bare list); the category too."""
    try:
        data = json.loads(_text(path))
    except json.JSONDecodeError as err:
        raise DatasetError(f"{path}:{err.lineno}: not valid JSON: {err.msg}") from None
    if isinstance(data, list):
        return None, data
    lists = {k: v for k, v in data.items() if isinstance(v, list)} if isinstance(data, dict) else {}
    if len(lists) != 1:
        raise DatasetError(f'{path}: expected {{"<category>": [product, ...]}} with one category')
    ((category, products),) = lists.items()
    return category, products


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except OSError as err:
        raise DatasetError(f"{path}: {err.strerror}") from None
    except UnicodeDecodeError:
        raise DatasetError(f"{path}: not UTF-8 text") from None


class _Dumper(yaml.SafeDumper):
    """Plain YAML the spec loader accepts: no anchors or aliases; short lists of scalars on one line."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    short = all(isinstance(v, str | int | float) for v in data) and len(json.dumps(data)) <= 90
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=short)


_Dumper.add_representer(list, _list)


def dump_yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


@dataclass(frozen=True)
class Written:
    result: CategoryImport
    spec: Path
    catalog: Path
    report: Path


def import_files(
    personas: Path,
    products: Path,
    out: Path,
    category: str | None = None,
    top_k: int = DEFAULT_TOP_K,
    scenarios: Path | None = None,
) -> Written:
    """Convert one category and write DIR/<category>.yaml, DIR/catalogs/<category>.yaml and the report;
    `scenarios`, the authors' scenario file, gives the personas their Big Five."""
    named, product_records = read_products(products)
    category = category or named or products.stem
    records = read_personas(personas)
    if scenarios is not None:
        records = with_grid(records, read_scenario_grid(scenarios))
    result = convert_category(category, records, product_records, top_k)
    spec_path = out / f"{category}.yaml"
    catalog_path = out / "catalogs" / f"{category}.yaml"
    report_path = out / f"{category}.import-report.json"
    catalog_path.parent.mkdir(parents=True, exist_ok=True)
    note = SOURCE_NOTE.format(personas=personas.name, products=products.name, report=report_path.name)
    spec_path.write_text(note + dump_yaml(result.spec), encoding="utf-8")
    catalog_path.write_text(note + dump_yaml(result.catalog), encoding="utf-8")
    report = {"personas_file": personas.name, "products_file": products.name, **result.report}
    report_path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return Written(result, spec_path, catalog_path, report_path)


def summary(report: dict[str, Any]) -> list[str]:
    """What a person reads after an import: the counts, then every name that needed a decision."""
    acceptable = report["acceptable"]
    lines = [
        f"{report['category']}: {report['personas']} personas, {report['products']} products, "
        f"{report['no_purchase']} expecting no purchase",
        f"  acceptable products: {acceptable['listed']} listed, {acceptable['matched']} matched "
        f"({acceptable['matched_exactly']} exactly, {acceptable['matched_after_straightening_quotes']} "
        f"after straightening quotes), {acceptable['unmatched']} unmatched, "
        f"{acceptable['repeated']} listed twice",
    ]
    temperament = report.get("temperament")
    if temperament:
        lines.append(
            f"  personality for {temperament['personality']} personas, emotion for {temperament['emotion']}, "
            f"knowledge for {temperament['knowledge']}; {temperament['grids']} vary grids "
            f"({temperament['variants']} scenarios)"
        )
    for entry in report["normalised"]:
        lines.append(
            f"  quotes straightened: {entry['scenario']}: {entry['name']!r} -> {entry['product_id']}"
        )
    for entry in report["unmatched"]:
        lines.append(f"  UNMATCHED: {entry['scenario']}: {entry['name']!r} is not in the catalog")
    for name, ids in report["duplicate_product_names"].items():
        lines.append(f"  duplicate product name {name!r}: ids {', '.join(ids)}")
    by_name: dict[str, list[str]] = {}
    for entry in report["ambiguous"]:
        by_name.setdefault(entry["name"], []).append(entry["scenario"])
    for scenarios in by_name.values():
        lines.append(f"    accepted by {len(scenarios)} personas; either id counts: {', '.join(scenarios)}")
    for entry in report["over_budget_left_out"]:
        lines.append(f"  OVER BUDGET: {entry['scenario']}: {entry['product_id']} left out of any_of")
    for entry in report["budget_rules_left_off"]:
        lines.append(f"  budget rule left off: {entry['scenario']}: {entry['why']}")
    for entry in report["products_without_price"]:
        lines.append(f"  NO PRICE: {entry!r} left out of the catalog")
    return lines
