"""A yes/no JSON Schema check: the shipped schema compiled into plain Python closures.

jsonschema explains every violation (validate.py turns its errors into messages at the right line),
but walking a valid spec through it costs about 0.4 ms per scenario, and nearly every file a run
reads is valid. `compile_schema` turns the keywords the schema uses into closures that only answer
"valid?" (about twenty times faster, and jsonschema is not even imported); validate.py asks them
first and hands a document they reject to jsonschema for the messages. A schema with a keyword not
compiled here gets no quick check (None): every document then goes to jsonschema. The closures
follow jsonschema's Draft 2020-12 semantics keyword by keyword; tests/spec/test_quickcheck.py holds
the two to the same answer on generated and mutated documents.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

Check = Callable[[Any], bool]

# Keywords that say nothing about validity.
_ANNOTATIONS = frozenset(
    {"$schema", "$id", "$comment", "$defs", "title", "description", "examples", "default"}
)

_TYPES: dict[str, Check] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "integer": lambda v: (
        (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer())
    ),
}


class Unsupported(Exception):
    """The schema uses a keyword (or a form of one) that is not compiled here."""


def compile_schema(schema: dict[str, Any]) -> Check | None:
    """A function telling whether a value is valid against `schema`, or None if it cannot be compiled."""
    try:
        return _Compiler(schema.get("$defs", {})).node(schema)
    except Unsupported:
        return None


def _always(value: Any) -> bool:
    return True


def _never(value: Any) -> bool:
    return False


def _every(checks: list[Check]) -> Check:
    """One check that passes when each of `checks` does."""
    if not checks:
        return _always
    if len(checks) == 1:
        return checks[0]
    return lambda value: all(check(value) for check in checks)


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def equal(one: Any, two: Any) -> bool:
    """JSON equality as jsonschema sees it for enum and const: true is not 1, 1 is 1.0."""
    if isinstance(one, bool) or isinstance(two, bool):
        return type(one) is type(two) and one == two
    if isinstance(one, list) and isinstance(two, list):
        return len(one) == len(two) and all(equal(a, b) for a, b in zip(one, two, strict=True))
    if isinstance(one, dict) and isinstance(two, dict):
        return one.keys() == two.keys() and all(equal(one[k], two[k]) for k in one)
    if isinstance(one, (list, dict)) or isinstance(two, (list, dict)):
        return False
    return bool(one == two)


class _Compiler:
    def __init__(self, defs: dict[str, Any]):
        self.defs = defs
        self.compiled: dict[str, Check] = {}

    def node(self, schema: Any) -> Check:
        if schema is True:
            return _always
        if schema is False:
            return _never
        if not isinstance(schema, dict):
            raise Unsupported(f"schema {schema!r}")
        unknown = set(schema) - _ANNOTATIONS - _KEYWORDS
        if unknown:
            raise Unsupported(", ".join(sorted(unknown)))
        checks = [
            check
            for check in (
                self.ref(schema),
                self.type(schema),
                self.enum(schema),
                self.object(schema),
                self.array(schema),
                self.string(schema),
                self.numeric(schema),
                self.logic(schema),
            )
            if check is not None
        ]
        return _every(checks)

    def ref(self, schema: dict[str, Any]) -> Check | None:
        ref = schema.get("$ref")
        if ref is None:
            return None
        name = ref.removeprefix("#/$defs/") if isinstance(ref, str) else None
        if name is None or name == ref or name not in self.defs:
            raise Unsupported(f"$ref {ref!r}")
        if name not in self.compiled:
            cell: list[Check] = []
            self.compiled[name] = lambda value: cell[0](value)  # a definition that refers to itself
            cell.append(self.node(self.defs[name]))
            self.compiled[name] = cell[0]
        return self.compiled[name]

    def type(self, schema: dict[str, Any]) -> Check | None:
        if "type" not in schema:
            return None
        names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if any(name not in _TYPES for name in names):
            raise Unsupported(f"type {schema['type']!r}")
        tests = [_TYPES[name] for name in names]
        return tests[0] if len(tests) == 1 else (lambda value: any(test(value) for test in tests))

    def enum(self, schema: dict[str, Any]) -> Check | None:
        checks: list[Check] = []
        if "const" in schema:
            const = schema["const"]
            checks.append(lambda value: equal(value, const))
        if "enum" in schema:
            words = frozenset(o for o in schema["enum"] if isinstance(o, str))
            others = [o for o in schema["enum"] if not isinstance(o, str)]

            def one_of(value: Any) -> bool:
                if isinstance(value, str):
                    return value in words
                return any(equal(value, other) for other in others)

            checks.append(one_of)
        return _every(checks) if checks else None

    def object(self, schema: dict[str, Any]) -> Check | None:
        keys = ("properties", "additionalProperties", "required", "minProperties", "maxProperties")
        if not any(key in schema for key in keys):
            return None
        properties = {name: self.node(sub) for name, sub in schema.get("properties", {}).items()}
        additional = self.node(schema["additionalProperties"]) if "additionalProperties" in schema else None
        required = tuple(schema.get("required", ()))
        low, high = schema.get("minProperties", 0), schema.get("maxProperties", float("inf"))

        def check(value: Any) -> bool:
            if not isinstance(value, dict):
                return True
            if not low <= len(value) <= high:
                return False
            for name in required:
                if name not in value:
                    return False
            for name, item in value.items():
                sub = properties.get(name) if isinstance(name, str) else None
                if sub is None:
                    sub = additional
                if sub is not None and not sub(item):
                    return False
            return True

        return check

    def array(self, schema: dict[str, Any]) -> Check | None:
        if not any(key in schema for key in ("items", "minItems", "maxItems")):
            return None
        if "items" in schema and not isinstance(schema["items"], (dict, bool)):
            raise Unsupported("items as a list")
        items = self.node(schema["items"]) if "items" in schema else None
        low, high = schema.get("minItems", 0), schema.get("maxItems", float("inf"))

        def check(value: Any) -> bool:
            if not isinstance(value, list):
                return True
            if not low <= len(value) <= high:
                return False
            if items is not None:
                for item in value:
                    if not items(item):
                        return False
            return True

        return check

    def string(self, schema: dict[str, Any]) -> Check | None:
        if not any(key in schema for key in ("minLength", "maxLength", "pattern", "format")):
            return None
        if schema.get("format", "regex") != "regex":
            raise Unsupported(f"format {schema['format']!r}")
        low, high = schema.get("minLength", 0), schema.get("maxLength", float("inf"))
        pattern = re.compile(schema["pattern"]) if "pattern" in schema else None
        is_regex = "format" in schema

        def check(value: Any) -> bool:
            if not isinstance(value, str):
                return True
            if not low <= len(value) <= high:
                return False
            if pattern is not None and pattern.search(value) is None:
                return False
            if is_regex:
                try:
                    re.compile(value)
                except re.error:
                    return False
            return True

        return check

    def numeric(self, schema: dict[str, Any]) -> Check | None:
        bounds = [(key, schema[key]) for key in _BOUNDS if key in schema]
        if not bounds:
            return None
        tests = [(_BOUNDS[key], limit) for key, limit in bounds]
        return lambda value: not _number(value) or all(test(value, limit) for test, limit in tests)

    def logic(self, schema: dict[str, Any]) -> Check | None:
        checks: list[Check] = []
        if "if" in schema:
            condition = self.node(schema["if"])
            then = self.node(schema.get("then", True))
            otherwise = self.node(schema.get("else", True))
            checks.append(lambda value: then(value) if condition(value) else otherwise(value))
        if "anyOf" in schema:
            options = [self.node(sub) for sub in schema["anyOf"]]
            checks.append(lambda value: any(option(value) for option in options))
        if "allOf" in schema:
            checks.append(_every([self.node(sub) for sub in schema["allOf"]]))
        if "oneOf" in schema:
            choices = [self.node(sub) for sub in schema["oneOf"]]
            checks.append(lambda value: sum(1 for choice in choices if choice(value)) == 1)
        if "not" in schema:
            negated = self.node(schema["not"])
            checks.append(lambda value: not negated(value))
        return _every(checks) if checks else None


# As jsonschema compares: a violation is the comparison that fails (so NaN violates no bound).
_BOUNDS: dict[str, Callable[[Any, Any], bool]] = {
    "minimum": lambda value, limit: not value < limit,
    "maximum": lambda value, limit: not value > limit,
    "exclusiveMinimum": lambda value, limit: not value <= limit,
    "exclusiveMaximum": lambda value, limit: not value >= limit,
}

_KEYWORDS = frozenset(
    {
        "$ref", "type", "enum", "const",
        "properties", "additionalProperties", "required", "minProperties", "maxProperties",
        "items", "minItems", "maxItems",
        "minLength", "maxLength", "pattern", "format",
        *_BOUNDS,
        "if", "then", "else", "anyOf", "allOf", "oneOf", "not",
    }
)  # fmt: skip
