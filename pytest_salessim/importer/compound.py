"""The rules of an annotations file: one condition as the spec writes it, or `all:` / `any:` of rules,
checked against the catalog's attributes and evaluated on the import's plain products."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

from ..spec.errors import FieldPath
from ..spec.regex import unsupported
from ..spec.rules import OPERATORS, Rule

COMPOUND = ("all", "any")
_NUMERIC = ("lt", "lte", "gt", "gte")


def unknown(what: str, name: Any, known: list[str]) -> str:
    close = difflib.get_close_matches(str(name), known, n=1, cutoff=0.6)
    return f"unknown {what} {name!r}" + (f"; did you mean {close[0]!r}?" if close else "")


def is_compound(rule: dict[str, Any]) -> bool:
    return any(k in rule for k in COMPOUND)


def problems(at: FieldPath, rule: Any, known: set[str], read: set[str]) -> Iterator[tuple[FieldPath, str]]:
    """What is wrong with a rule, at its field paths; the attributes it reads are added to `read`."""
    if not isinstance(rule, dict):
        yield at, "expected {attribute, OP: value}, {all: [rules]} or {any: [rules]}"
        return
    compound = [k for k in COMPOUND if k in rule]
    if compound:
        parts = rule[compound[0]]
        if len(rule) != 1 or not isinstance(parts, list) or not parts:
            yield at, f"`{compound[0]}` takes a non-empty list of rules and nothing beside it"
            return
        for index, part in enumerate(parts):
            yield from problems((*at, compound[0], index), part, known, read)
        return
    ops = [k for k in rule if k != "attribute"]
    if "attribute" not in rule or len(ops) != 1 or ops[0] not in OPERATORS:
        yield at, f"a rule is {{attribute, OP: value}} with one OP of {', '.join(OPERATORS)}"
        return
    attribute, op, value = rule["attribute"], ops[0], rule[ops[0]]
    read.add(str(attribute))
    if attribute not in known:
        yield (*at, "attribute"), unknown("attribute", attribute, sorted(known))
    if op in _NUMERIC and (isinstance(value, bool) or not isinstance(value, int | float)):
        yield (*at, op), f"`{op}` compares numbers, got {value!r}"
    if op in ("in", "not_in") and not isinstance(value, list):
        yield (*at, op), f"`{op}` takes a list, got {value!r}"
    if op == "matches":
        problem = unsupported(value) if isinstance(value, str) else "expected a regular expression"
        if problem:
            yield (*at, op), problem


class _ProductView:
    """A product of the import (a plain dict) as a rule reads it."""

    def __init__(self, product: dict[str, Any]):
        self.product = product

    def attribute(self, name: str) -> Any:
        if name in ("price", "name"):
            return self.product[name]
        return self.product.get("attributes", {}).get(name)


def evaluate(rule: dict[str, Any], product: dict[str, Any]) -> bool:
    """Does `product` (as the import writes it) meet an annotation rule, simple or compound?"""
    if "all" in rule:
        return all(evaluate(r, product) for r in rule["all"])
    if "any" in rule:
        return any(evaluate(r, product) for r in rule["any"])
    op = next(k for k in rule if k != "attribute")
    return Rule(rule["attribute"], op, rule[op]).met_by(_ProductView(product))


def rule_text(rule: dict[str, Any]) -> str:
    """`(screen_in >= 14 and screen_in <= 15)`, for the report."""
    for key, word in (("all", " and "), ("any", " or ")):
        if key in rule:
            return "(" + word.join(rule_text(r) for r in rule[key]) + ")"
    op = next(k for k in rule if k != "attribute")
    return Rule(rule["attribute"], op, rule[op]).describe()
