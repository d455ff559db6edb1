"""The audit's figures and tags on a small category, worked by hand."""

from __future__ import annotations

from typing import Any

from pytest_salessim.importer.audit import audit

PRODUCTS = [
    {"id": "a", "name": "A", "price": 100, "attributes": {"os": "Windows", "screen_in": 14}},
    {"id": "b", "name": "B", "price": 200, "attributes": {"os": "Windows", "screen_in": 15.6}},
    {"id": "c", "name": "C", "price": 300, "attributes": {"os": "macOS", "screen_in": 13.3}},
]
WINDOWS = {"text": "Must run Windows.", "rule": {"attribute": "os", "eq": "Windows"}}
BIG = {"text": "A big screen.", "rule": {"attribute": "screen_in", "gte": 15}}


def scenario(sid: str, expect: dict[str, Any], **persona: Any) -> dict[str, Any]:
    return {"id": sid, "tags": ["laptops"], "persona": {"name": sid, **persona}, "expect": expect}


def test_figures_tags_and_every_disagreement() -> None:
    spec = {
        "scenarios": [
            # agrees exactly: Windows, a and b fit, both listed
            scenario("exact", {"decision": "purchase", "any_of": ["a", "b"]}, dealbreakers=[WINDOWS]),
            # lists c, which breaks its dealbreaker: a conflict
            scenario("conflict", {"decision": "purchase", "any_of": ["a", "c"]}, dealbreakers=[WINDOWS]),
            # no purchase, but a keeps the budget of 150: a conflict
            scenario("leaves", {"decision": "no_purchase"}, budget=150),
            # lists a, but b meets its one preference: the criteria rank b first
            scenario(
                "narrow",
                {"decision": "purchase", "any_of": ["a"]},
                dealbreakers=[WINDOWS],
                preferences=[BIG],
            ),
            # a dealbreaker nobody decided: not audited
            scenario(
                "open", {"decision": "purchase", "any_of": ["a"]}, dealbreakers=[{"text": "Looks nice."}]
            ),
        ]
    }
    found = audit("laptops", spec, PRODUCTS)
    figures = found.figures()
    assert figures["audited"] == 4 and figures["not_audited"] == 1
    assert figures["agreement"] == 0.5  # exact and narrow
    assert figures["exact"] == 0.25
    # fitting pairs: exact a b, conflict a b, leaves a, narrow a b = 7; listed: 2 + 2 + 0 + 1 = 5; both 4
    assert (figures["precision"], figures["recall"]) == (round(4 / 7, 3), 0.8)
    tags = {s["id"]: s["tags"][1:] for s in spec["scenarios"]}
    assert tags == {
        "exact": [],
        "conflict": ["label-conflict"],
        "leaves": ["label-conflict"],
        "narrow": ["label-preference"],
        "open": [],
    }
    kinds = [(d["scenario"], d["kind"], d.get("product")) for d in found.disagreements]
    assert ("conflict", "listed_product_excluded", "c") in kinds
    assert ("conflict", "unlisted_product_keeps_everything", "b") in kinds
    assert ("leaves", "unlisted_product_keeps_everything", "a") in kinds
    best = next(d for d in found.disagreements if d["kind"] == "best_fit_unlisted")
    assert best == {
        "scenario": "narrow",
        "kind": "best_fit_unlisted",
        "products": ["b"],
        "preferences_met": 1,
        "best_listed": 0,
        "of": 1,
    }
    by = next(d["by"] for d in found.disagreements if d["kind"] == "listed_product_excluded")
    assert by == ["Must run Windows."]
    assert found.not_audited == {"open": ["dealbreaker: Looks nice."]}
