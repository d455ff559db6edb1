"""One SalesSim category (personas and products) -> a spec, a catalog and a report of every decision."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from ..spec.model import content_words
from .annotations import Annotations, apply_annotations
from .attributes import extract_attributes
from .audit import audit, undecided
from .catalog import CatalogImport, convert_products, normalise_name, slug, whole
from .labels import UNLABELLED, settle_all
from .personas import CriterionDraft, PersonaDraft, draft_persona, keywords, word_counts

DEFAULT_TOP_K = 3


@dataclass
class AcceptableMatch:
    """What became of the acceptable product names of one file."""

    listed: int = 0
    exact: int = 0
    normalised: list[dict[str, str]] = field(default_factory=list)  # matched once quotes were straightened
    unmatched: list[dict[str, str]] = field(default_factory=list)
    repeated: list[dict[str, str]] = field(default_factory=list)  # a name listed twice by one persona
    ambiguous: list[dict[str, Any]] = field(default_factory=list)  # a name that several products share

    @property
    def matched(self) -> int:
        return self.exact + len(self.normalised)


@dataclass
class CategoryImport:
    category: str
    spec: dict[str, Any]
    catalog: dict[str, Any]
    report: dict[str, Any]


def _persona_ids(drafts: list[PersonaDraft]) -> None:
    """Scenario ids are unique within a file: a repeated one gets -2, -3, ..."""
    taken: set[str] = set()
    for draft in drafts:
        candidate, n = draft.id, 1
        while candidate in taken:
            n += 1
            candidate = f"{draft.id}-{n}"
        draft.id = candidate
        taken.add(candidate)


def match_acceptable(draft: PersonaDraft, catalog: CatalogImport, match: AcceptableMatch) -> list[str]:
    """The ids of the persona's acceptable products, by exact name, then with quotes straightened."""
    exact: dict[str, list[str]] = {}
    for product in catalog.products:
        exact.setdefault(product["name"], []).append(product["id"])
    ids: list[str] = []
    seen_names: set[str] = set()
    for raw in draft.acceptable:
        match.listed += 1
        name = " ".join(raw.split())
        where = {"scenario": draft.id, "persona": draft.name, "name": raw}
        if normalise_name(name) in seen_names:
            match.repeated.append(where)
            continue
        seen_names.add(normalise_name(name))
        found = exact.get(name)
        if found:
            match.exact += 1
        else:
            found = catalog.ids_by_name.get(normalise_name(name))
            if not found:
                match.unmatched.append(where)
                continue
            match.normalised.append({**where, "product_id": found[0]})
        if len(found) > 1:
            match.ambiguous.append({**where, "product_ids": list(found)})
        ids.extend(i for i in found if i not in ids)
    return ids


def _criterion(draft: CriterionDraft, persona: PersonaDraft, words: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {"text": draft.text}
    if draft.ceiling is not None:
        out["rule"] = {"attribute": "price", "lte": whole(draft.ceiling)}
    elif draft.budget_rule and persona.budget is not None:
        out["rule"] = {"attribute": "price", "lte": whole(persona.budget)}
    if words:
        out["keywords"] = words
    return out


def _ignore(category: str, subcategory: str | None) -> frozenset[str]:
    """Words of the category: saying "a shirt" in a shirt shop discloses nothing."""
    words = set(content_words(f"{category.replace('_', ' ')} {subcategory or ''}"))
    return frozenset(words | {w.rstrip("s") for w in words} | {w + "s" for w in words})


def convert_category(
    category: str,
    persona_records: list[dict[str, Any]],
    product_records: list[dict[str, Any]],
    top_k: int = DEFAULT_TOP_K,
    catalog_path: str | None = None,
    annotations: Annotations | None = None,
) -> CategoryImport:
    """The spec and catalog of one category; the report says what was matched, normalised, left out,
    what the annotations decided and how the labels fare against the personas' own criteria (audit.py).

    Raises AnnotationError when the annotations name what the import does not have."""
    catalog = convert_products(product_records)
    extraction = extract_attributes(category, catalog.products)
    drafts = [draft_persona(record, index) for index, record in enumerate(persona_records)]
    _persona_ids(drafts)
    counts = word_counts(drafts)
    match = AcceptableMatch()
    scenarios, notes = [], {}
    for draft in drafts:
        ids = match_acceptable(draft, catalog, match)
        if not ids and draft.acceptable:
            draft.notes.append("none of its acceptable products is in the catalog: expects no purchase")
        if draft.notes:
            notes[draft.id] = list(draft.notes)
        scenarios.append(_scenario(draft, category, ids, counts))
    spec: dict[str, Any] = {
        "salessim": 1,
        "category": category,
        "catalog": catalog_path or f"catalogs/{category}.yaml",
        "agent": {"retrieval": {"top_k": top_k}},
        "scenarios": scenarios,
    }
    annotated = None
    if annotations is not None:
        annotated = apply_annotations(annotations, spec, catalog.products, set(extraction["may_give"]))
    labels = settle_all(spec, catalog.products)
    audited = audit(category, spec, catalog.products)
    report = {
        "category": category,
        "personas": len(drafts),
        "products": len(catalog.products),
        "no_purchase": sum(
            1 for s in scenarios if s["expect"]["decision"] == "no_purchase" and UNLABELLED not in s["tags"]
        ),
        "acceptable": {
            "listed": match.listed,
            "matched": match.matched,
            "matched_exactly": match.exact,
            "matched_after_straightening_quotes": len(match.normalised),
            "unmatched": len(match.unmatched),
            "repeated": len(match.repeated),
        },
        "unmatched": match.unmatched,
        "normalised": match.normalised,
        "repeated": match.repeated,
        "ambiguous": match.ambiguous,
        "duplicate_product_names": catalog.duplicate_names,
        "products_without_price": catalog.without_price,
        "product_fields_left_out": catalog.left_out_fields,
        "budgets": {
            "given": sum(1 for d in drafts if d.budget is not None),
            "none": sum(1 for d in drafts if d.budget is None),
        },
        "notes": notes,
        "attributes": extraction,
        "annotations": annotated,
        "undecided": {
            s["id"]: u for s in scenarios if (u := undecided(s["persona"])) and UNLABELLED not in s["tags"]
        },
        "labels": labels,
        "audit": audited.report(),
    }
    temperaments = [d.temperament for d in drafts]
    if any(t.personality or t.vary or t.emotion or t.knowledge for t in temperaments):
        report["temperament"] = {
            "personality": sum(bool(t.personality or any("." in k for k in t.vary)) for t in temperaments),
            "emotion": sum(bool(t.emotion or "emotion" in t.vary) for t in temperaments),
            "knowledge": sum(t.knowledge is not None for t in temperaments),
            "grids": sum(bool(t.vary) for t in temperaments),
            "variants": sum(math.prod(len(v) for v in t.vary.values()) for t in temperaments if t.vary),
        }
    return CategoryImport(category, spec, {"products": catalog.products}, report)


def _scenario(draft: PersonaDraft, category: str, ids: list[str], counts: Any) -> dict[str, Any]:
    ignore = _ignore(category, draft.subcategory)
    persona: dict[str, Any] = {"name": draft.name}
    if draft.age is not None:
        persona["age"] = draft.age
    if draft.background:
        persona["background"] = draft.background
    if draft.speaking_style:
        persona["speaking_style"] = draft.speaking_style
    temperament = draft.temperament
    if temperament.personality:
        persona["personality"] = temperament.personality
    if temperament.emotion:
        persona["emotion"] = temperament.emotion
    if temperament.knowledge:
        persona["knowledge"] = temperament.knowledge
    if draft.budget is not None:
        budget = whole(draft.budget)
        persona["budget"] = {"max": budget, "flexible": draft.flexible} if draft.flexible else budget
    words = keywords(draft, ignore, counts)
    for kind, hard in (("preferences", False), ("dealbreakers", True)):
        items = [
            _criterion(c, draft, w) for c, w in zip(draft.criteria, words, strict=True) if c.hard is hard
        ]
        if items:
            persona[kind] = items
    tags = [category]
    if draft.subcategory and slug(draft.subcategory) not in tags:
        tags.append(slug(draft.subcategory).replace("-", "_"))
    expect: dict[str, Any] = {"decision": "purchase", "any_of": ids} if ids else {"decision": "no_purchase"}
    if not draft.labelled:
        tags.append(UNLABELLED)  # settled by labels.py once every criterion is decided
    elif not ids:
        tags.append("no-purchase")
    scenario = {"id": draft.id, "tags": tags, "persona": persona}
    if temperament.vary:
        scenario["vary"] = temperament.vary  # the authors' grid: one scenario per combination
    return {**scenario, "expect": expect}
