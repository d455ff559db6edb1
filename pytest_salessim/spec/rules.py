"""Rules on product attributes: how a criterion is judged without a model."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from .regex import search

OPERATORS = ("eq", "ne", "lt", "lte", "gt", "gte", "in", "not_in", "contains", "matches")


class HasAttributes(Protocol):
    def attribute(self, name: str) -> Any: ...


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _comparable(a: Any, b: Any) -> bool:
    if _number(a) and _number(b):
        return True
    return type(a) is type(b) and isinstance(a, str)


def _fold(value: Any) -> Any:
    return value.casefold() if isinstance(value, str) else value


@dataclass(frozen=True)
class Rule:
    """`{attribute, OP: value}`; a rule on an attribute the product lacks, or of another type, fails."""

    attribute: str
    op: str
    value: Any

    def met_by(self, product: HasAttributes) -> bool:
        actual = product.attribute(self.attribute)
        if actual is None:
            return False
        op, want = self.op, self.value
        if op in ("eq", "ne"):
            if not (_comparable(actual, want) or type(actual) is type(want)):
                return False
            same = _fold(actual) == _fold(want)
            return same if op == "eq" else not same
        if op in ("lt", "lte", "gt", "gte"):
            if not _number(actual) or not _number(want):
                return False
            return {
                "lt": actual < want,
                "lte": actual <= want,
                "gt": actual > want,
                "gte": actual >= want,
            }[op]
        if op in ("in", "not_in"):
            members = [_fold(v) for v in want]
            if isinstance(actual, list | tuple):
                return False
            inside = _fold(actual) in members
            return inside if op == "in" else not inside
        if op == "contains":
            if isinstance(actual, list | tuple):
                return _fold(want) in [_fold(v) for v in actual]
            if isinstance(actual, str) and isinstance(want, str):
                return want.casefold() in actual.casefold()
            return False
        if op == "matches":
            return isinstance(actual, str) and search(want, actual)  # RE2: linear time, whatever the text
        raise ValueError(f"unknown rule operator {op!r}")

    def describe(self) -> str:
        symbol = {"eq": "=", "ne": "!=", "lt": "<", "lte": "<=", "gt": ">", "gte": ">="}.get(self.op)
        if symbol:
            return f"{self.attribute} {symbol} {self.value!r}"
        return f"{self.attribute} {self.op.replace('_', ' ')} {self.value!r}"
