"""Reading the dataset's files and writing the spec, the catalog and the report of one import."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .annotations import Annotations, read_annotations
from .convert import DEFAULT_TOP_K, CategoryImport, convert_category
from .labels import NEXT_STEP
from .temperament import scenario_grid

SOURCE_NOTE = """\
# Imported by `salessim import` from {personas} and {products}: SalesSim data by Salesforce, Inc.,
# Apache License 2.0 (LICENSE.txt beside this file). Re-import rather than edit: what the import
# decided (matched names, budgets, ids) is in {report}.
"""
ANNOTATED_NOTE = """\
# Rules and `meets` lists come from {annotations}: people's reading of the criteria against
# the products, audited against the authors' labels in {report}: `label-conflict` tags a label
# its own persona contradicts, `label-preference` one its criteria as written do not single out.
"""
DERIVED_NOTE = """\
# The personas came without acceptable products: `expect` of the scenarios tagged `derived-expect` is
# derived from the criteria (the products keeping every dealbreaker and the budget that meet the most
# preferences); those tagged `unlabelled` still lack a rule or `meets` list and are skipped until then.
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
    annotations: Path | None = None,
) -> Written:
    """Convert one category and write DIR/<category>.yaml, DIR/catalogs/<category>.yaml and the report;
    `scenarios`, the authors' scenario file, gives the personas their Big Five; `annotations` (by
    default DIR/annotations/<category>.yaml, when it exists) gives criteria their rules and lists."""
    named, product_records = read_products(products)
    category = category or named or products.stem
    records = read_personas(personas)
    if scenarios is not None:
        records = with_grid(records, read_scenario_grid(scenarios))
    if annotations is None and (out / "annotations" / f"{category}.yaml").is_file():
        annotations = out / "annotations" / f"{category}.yaml"
    annotated: Annotations | None = read_annotations(annotations) if annotations is not None else None
    result = convert_category(category, records, product_records, top_k, annotations=annotated)
    spec_path = out / f"{category}.yaml"
    catalog_path = out / "catalogs" / f"{category}.yaml"
    report_path = out / f"{category}.import-report.json"
    catalog_path.parent.mkdir(parents=True, exist_ok=True)
    note = SOURCE_NOTE.format(personas=personas.name, products=products.name, report=report_path.name)
    spec_note = note
    if annotated is not None:
        shown = f"{annotated.path.parent.name}/{annotated.path.name}"  # the same wherever the import writes
        spec_note += ANNOTATED_NOTE.format(annotations=shown, report=report_path.name)
    if result.report["labels"]["derived"] or result.report["labels"]["unlabelled"]:
        spec_note += DERIVED_NOTE
    spec_path.write_text(spec_note + dump_yaml(result.spec), encoding="utf-8")
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
    for entry in report["products_without_price"]:
        lines.append(f"  NO PRICE: {entry!r} left out of the catalog")
    return lines + decision_lines(report)


def decision_lines(report: dict[str, Any]) -> list[str]:
    """What the annotations decided, the audit's figures, and what is still undecided."""
    lines = []
    extraction = report["attributes"]
    if extraction["extractor"]:
        names = list(extraction["attributes"])
        shown = ", ".join(names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "")
        lines.append(f"  {len(names)} attributes read by the {extraction['extractor']} extractor: {shown}")
    annotated = report["annotations"]
    if annotated:
        lines.append(
            f"  annotations {annotated['file']}: {annotated['criteria']} criteria decided "
            f"({annotated['rules']} by rule, {annotated['meets']} by meets list), "
            f"{annotated['products']} products given attributes"
        )
    undecided = report["undecided"]
    if undecided:
        total = sum(len(v) for v in undecided.values())
        lines.append(f"  {total} criteria of {len(undecided)} scenarios have neither rule nor meets")
    figures = report["audit"]["figures"]
    if figures["audited"]:
        lines.append(
            f"  audit of {figures['audited']} scenarios against the authors' labels: agreement "
            f"{figures['agreement']:.0%}, exact {figures['exact']:.0%}, precision "
            f"{_share(figures['precision'])}, recall {_share(figures['recall'])}; tagged "
            f"label-conflict {figures['label_conflicts']}, label-preference {figures['label_preference']} "
            "(every disagreement in the report)"
        )
    labels = report["labels"]
    if labels["derived"]:
        lines.append(
            f"  expect derived from the annotations for {len(labels['derived'])} unlabelled personas"
        )
    for scenario, missing in labels["unlabelled"].items():
        lines.append(
            f"  UNLABELLED {scenario}: no acceptable products, and {len(missing)} criteria undecided:"
        )
        lines.extend(f"    {m}" for m in missing)
    if labels["unlabelled"]:
        lines.append(f"  next step: {NEXT_STEP}")
    return lines


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"
