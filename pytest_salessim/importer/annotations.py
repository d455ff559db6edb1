"""The annotations file of a category (`annotations/<category>.yaml`): what people read from the
products and the criteria, merged into the imported spec and catalog.

    products:                 # attributes read from a product's text that the extractor cannot get
      <product-id>: {fit: classic, breathable: true}
    criteria:                 # by scenario id, then the criterion's text exactly as the import writes it
      <scenario-id>:
        "<criterion text>":
          rule: {attribute: fit, in: [classic, regular]}   # or {all: [rules]}, {any: [rules]}
          meets: [<product-id>, ...]                        # or the products that meet it, by reading
                                                            #   (`all`: every product; `[]`: none)
          note: "why, when not obvious"                     # optional; kept in the import report

A rule of one condition goes into the spec as it is; `all:` / `any:` of rules (a screen "between 14 and
15 inches") is evaluated on the catalog into a `meets` list, and the rule is kept in the report. Every
name in the file must exist: an unknown scenario id, criterion text, product id or attribute, or an
attribute set on a product that no rule reads and no extractor gives, is an error naming it, so that
annotations cannot silently rot when the import or the data change.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypedDict

from ..spec.errors import FieldPath, Problem, SpecError
from ..spec.yamldoc import Document, read_document
from .compound import evaluate, is_compound, problems, rule_text, unknown

_ENTRY_KEYS = ("rule", "meets", "note")


class AnnotationError(Exception):
    """An annotations file that does not fit the import: every problem, with its line."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(SpecError(problems).render().replace("invalid salessim spec", "invalid annotations"))


class AnnotationsReport(TypedDict):
    """What the annotations did, for the import report."""

    file: str
    products: int  # products given attributes by hand
    criteria: int  # criteria given a rule or meets
    rules: int
    meets: int
    derived: list[dict[str, Any]]  # compound rules evaluated into meets lists: scenario, text, rule, meets
    replaced: list[dict[str, Any]]  # the import's own rule (a budget) replaced: scenario, text, was
    notes: dict[str, dict[str, str]]  # scenario -> criterion text -> note


@dataclass(frozen=True)
class Annotations:
    """A parsed annotations file; `document` keeps every field's line for the errors."""

    document: Document

    @property
    def path(self) -> Path:
        return self.document.path

    @property
    def products(self) -> dict[str, Any]:
        return self.document.data.get("products") or {}

    @property
    def criteria(self) -> dict[str, Any]:
        return self.document.data.get("criteria") or {}


def read_annotations(path: Path) -> Annotations:
    """The file at `path`, read safely (the spec reader: lines kept, no tags or bombs), its shape checked."""
    try:
        document = read_document(path)
    except SpecError as err:
        raise AnnotationError(list(err.problems)) from None
    except OSError as err:
        raise AnnotationError([Problem(path, 1, (), f"cannot read: {err.strerror}")]) from None
    problems: list[Problem] = []
    data = document.data
    if not isinstance(data, dict):
        problems.append(document.problem((), "expected a mapping with `products:` and `criteria:`"))
    else:
        for key in data:
            if key not in ("products", "criteria"):
                problems.append(document.problem((key,), unknown("key", key, ["products", "criteria"])))
        for key in ("products", "criteria"):
            if data.get(key) is not None and not isinstance(data[key], dict):
                problems.append(document.problem((key,), "expected a mapping by id"))
    if problems:
        raise AnnotationError(problems)
    return Annotations(document)


class _Merge:
    """One annotations file applied to one category's spec and catalog (both plain data, in place)."""

    def __init__(self, annotations: Annotations, spec: dict[str, Any], products: list[dict[str, Any]]):
        self.doc = annotations.document
        self.annotations = annotations
        self.spec = spec
        self.products = products
        self.by_id = {p["id"]: p for p in products}
        self.problems: list[Problem] = []
        self.read_attributes: set[str] = set()
        self.report: AnnotationsReport = {
            "file": annotations.path.name,
            "products": 0,
            "criteria": 0,
            "rules": 0,
            "meets": 0,
            "derived": [],
            "replaced": [],
            "notes": {},
        }

    def fail(self, field: FieldPath, message: str) -> None:
        self.problems.append(self.doc.problem(field, message))

    def run(self, extracted: set[str]) -> AnnotationsReport:
        hand_set = self._products()
        known = {"price", "name"}.union(*(p.get("attributes", {}) for p in self.products))
        self._criteria(known)
        for product_id, attribute in hand_set:
            if attribute not in self.read_attributes and attribute not in extracted:
                self.fail(
                    ("products", product_id, attribute),
                    f"attribute {attribute!r} is read by no rule of this file and given by no extractor: "
                    "a misspelt name?",
                )
        if self.problems:
            raise AnnotationError(self.problems)
        return self.report

    def _products(self) -> list[tuple[str, str]]:
        hand_set = []
        for product_id, attributes in self.annotations.products.items():
            at: FieldPath = ("products", product_id)
            product = self.by_id.get(product_id)
            if product is None:
                self.fail(at, unknown("product id", product_id, list(self.by_id)))
                continue
            if not isinstance(attributes, dict) or not attributes:
                self.fail(at, "expected a mapping of attribute to value")
                continue
            for name, value in attributes.items():
                if name in ("price", "name", "id"):
                    self.fail((*at, name), f"{name!r} is the product's own field, not an attribute")
                elif not _scalar(value):
                    self.fail(
                        (*at, name), f"expected a string, number, boolean or a list of them, got {value!r}"
                    )
                else:
                    hand_set.append((product_id, name))
            product["attributes"] = {**product.get("attributes", {}), **attributes}
            self.report["products"] += 1
        return hand_set

    def _criteria(self, known: set[str]) -> None:
        scenarios = {s["id"]: s for s in self.spec["scenarios"]}
        for scenario_id, entries in self.annotations.criteria.items():
            at: FieldPath = ("criteria", scenario_id)
            scenario = scenarios.get(scenario_id)
            if scenario is None:
                self.fail(at, unknown("scenario id", scenario_id, list(scenarios)))
                continue
            if not isinstance(entries, dict):
                self.fail(at, "expected a mapping of criterion text to {rule} or {meets}")
                continue
            persona = scenario["persona"]
            criteria = [c for kind in ("preferences", "dealbreakers") for c in persona.get(kind, [])]
            texts = [c["text"] for c in criteria]
            for text, entry in entries.items():
                where = (*at, text)
                matching = [c for c in criteria if c["text"] == text]
                if not matching:
                    self.fail(where, unknown(f"criterion of {scenario_id}", text, texts))
                    continue
                decided = self._entry(where, entry, known)
                if decided is None:
                    continue
                for criterion in matching:
                    self._apply(scenario_id, criterion, decided)
                if isinstance(entry, dict) and entry.get("note"):
                    self.report["notes"].setdefault(scenario_id, {})[text] = " ".join(
                        str(entry["note"]).split()
                    )

    def _entry(self, at: FieldPath, entry: Any, known: set[str]) -> dict[str, Any] | None:
        """The criterion's new fields ({rule} or {meets}), or None when the entry has problems."""
        if not isinstance(entry, dict):
            self.fail(at, "expected {rule: ...} or {meets: [...]}, with an optional note")
            return None
        before = len(self.problems)
        for key in entry:
            if key not in _ENTRY_KEYS:
                self.fail((*at, key), unknown("key", key, list(_ENTRY_KEYS)))
        if ("rule" in entry) == ("meets" in entry):
            self.fail(at, "give `rule` or `meets`, exactly one")
        if "meets" in entry:
            ids = list(self.by_id) if entry["meets"] == "all" else entry["meets"]
            if not isinstance(ids, list):
                self.fail((*at, "meets"), "expected a list of product ids ([] when none meets it), or `all`")
            else:
                for index, product_id in enumerate(ids):
                    if product_id not in self.by_id:
                        self.fail((*at, "meets", index), unknown("product id", product_id, list(self.by_id)))
                    elif ids.index(product_id) != index:
                        self.fail((*at, "meets", index), f"{product_id!r} is listed twice")
        if "rule" in entry:
            self._rule((*at, "rule"), entry["rule"], known)
        if len(self.problems) > before:
            return None
        if "meets" in entry:
            listed = set(self.by_id) if entry["meets"] == "all" else set(entry["meets"])
            return {"meets": [p["id"] for p in self.products if p["id"] in listed]}
        return {"rule": entry["rule"]}

    def _rule(self, at: FieldPath, rule: Any, known: set[str]) -> None:
        for field, message in problems(at, rule, known, self.read_attributes):
            self.fail(field, message)

    def _apply(self, scenario_id: str, criterion: dict[str, Any], decided: dict[str, Any]) -> None:
        if "rule" in criterion:
            self.report["replaced"].append(
                {"scenario": scenario_id, "text": criterion["text"], "was": rule_text(criterion["rule"])}
            )
        rule = decided.get("rule")
        if rule is not None and is_compound(rule):
            meets = [p["id"] for p in self.products if evaluate(rule, p)]
            self.report["derived"].append(
                {"scenario": scenario_id, "text": criterion["text"], "rule": rule_text(rule), "meets": meets}
            )
            decided = {"meets": meets}
        keywords = criterion.pop("keywords", None)
        criterion.pop("rule", None)
        criterion.pop("meets", None)
        criterion.update(decided)
        if keywords is not None:
            criterion["keywords"] = keywords  # text, rule or meets, keywords: the order the import writes
        self.report["criteria"] += 1
        self.report["rules" if "rule" in decided else "meets"] += 1


def _scalar(value: Any) -> bool:
    if isinstance(value, list):
        return all(_scalar(v) and not isinstance(v, list) for v in value)
    return isinstance(value, str | int | float | bool)


def apply_annotations(
    annotations: Annotations, spec: dict[str, Any], products: list[dict[str, Any]], extracted: set[str]
) -> AnnotationsReport:
    """Merge the file into the spec and the catalog's products (in place); `extracted`: the attribute
    names the category's extractor gives. Raises AnnotationError listing every unknown name."""
    return _Merge(annotations, spec, products).run(extracted)
