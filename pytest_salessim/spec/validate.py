"""The JSON Schema check, with messages that say what was expected, at the right line."""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import Any

from .errors import Problem
from .yamldoc import Document

_TYPE_NAMES = {
    "object": "a mapping",
    "array": "a list",
    "string": "a string",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "null": "nothing",
}


@cache
def spec_schema() -> dict[str, Any]:
    """The shipped JSON Schema of a spec file (`pytest_salessim/spec/schema.json`)."""
    text = resources.files(__package__).joinpath("schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def _schema(definition: str | None) -> dict[str, Any]:
    schema = spec_schema()
    if definition is None:
        return schema
    return {"$defs": schema["$defs"], "$ref": f"#/$defs/{definition}"}


@cache
def _quick_check(definition: str | None) -> Callable[[Any], bool]:
    """Whether a document is valid, by code fastjsonschema generates from the schema (about 20 times
    faster than jsonschema on a valid spec); jsonschema then explains what is wrong with one that is not."""
    import fastjsonschema

    # Draft 7 holds every keyword the schema uses; its $id is a name, not an address to fetch.
    schema = {k: v for k, v in _schema(definition).items() if k not in ("$id", "$schema")}
    validate = fastjsonschema.compile({**schema, "$schema": "http://json-schema.org/draft-07/schema#"})

    def valid(data: Any) -> bool:
        try:
            validate(data)
        except fastjsonschema.JsonSchemaException:
            return False
        return True

    return valid


@cache
def _validator(definition: str | None) -> Any:
    from jsonschema import Draft202012Validator

    schema = _schema(definition)
    inlined = {**_inline(schema, schema["$defs"], ()), "$defs": schema["$defs"]}
    return Draft202012Validator(inlined, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _inline(node: Any, defs: dict[str, Any], chain: tuple[str, ...]) -> Any:
    """The schema with each `{"$ref": "#/$defs/X"}` replaced by X itself: the same checks, with no
    reference to resolve at every value (jsonschema validates about twice as fast). A definition
    that refers to itself keeps its reference (resolved through `$defs`)."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/") and len(node) == 1:
            name = ref.removeprefix("#/$defs/")
            return node if name in chain else _inline(defs[name], defs, (*chain, name))
        return {k: v if k == "$defs" else _inline(v, defs, chain) for k, v in node.items()}
    if isinstance(node, list):
        return [_inline(v, defs, chain) for v in node]
    return node


def schema_problems(document: Document, definition: str | None = None) -> list[Problem]:
    """Every schema violation of `document` (or of one of the schema's `$defs`)."""
    if _quick_check(definition)(document.data):
        return []  # valid: jsonschema would find nothing, and need not be imported
    problems = []
    for error in _validator(definition).iter_errors(document.data):
        problems.extend(_explain(document, error))
    return problems


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", str: "a string", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__
    )


def _shown(value: Any) -> str:
    text = json.dumps(value, default=str, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def _explain(document: Document, error: Any) -> list[Problem]:
    field = tuple(error.absolute_path)
    kind, expected, value = error.validator, error.validator_value, error.instance
    if kind == "additionalProperties" and isinstance(value, dict):
        allowed = sorted(error.schema.get("properties", {}))
        problems = []
        for key in value:
            if key in allowed:
                continue
            close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else f"; expected one of {', '.join(allowed)}"
            problems.append(document.problem((*field, key), f"unknown key {key!r}{hint}"))
        return problems
    if kind == "required":
        missing = [k for k in expected if k not in value]
        return [document.problem(field, f"missing required field {k!r}") for k in missing]
    if kind == "type":
        wanted = [expected] if isinstance(expected, str) else expected
        names = " or ".join(_TYPE_NAMES.get(t, t) for t in wanted)
        message = f"expected {names}, got {_kind(value)} {_shown(value)}"
    elif kind in ("const", "enum"):
        options = [expected] if kind == "const" else expected
        message = f"expected {' or '.join(_shown(o) for o in options)}, got {_shown(value)}"
    elif kind in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
        words = {
            "minimum": "at least",
            "exclusiveMinimum": "more than",
            "maximum": "at most",
            "exclusiveMaximum": "less than",
        }
        message = f"expected a number {words[kind]} {expected}, got {_shown(value)}"
    elif kind in ("minItems", "minLength"):
        message = "expected a non-empty value" if expected == 1 else f"expected at least {expected} items"
    elif kind in ("maxItems", "maxLength"):
        message = f"too long: at most {expected} allowed"
    elif kind == "pattern":
        message = (
            f"expected a name of letters, digits, '-', '_' or '.' (pattern {expected}), got {_shown(value)}"
        )
    elif kind == "minProperties" and set(error.schema.get("properties", {})) >= {"attribute", "eq"}:
        message = "a rule needs an operator: one of eq ne lt lte gt gte in not_in contains matches"
    elif kind == "minProperties" and set(error.schema.get("properties", {})) >= {"emotion", "knowledge"}:
        message = "a grid needs a field to vary: one of " + ", ".join(error.schema["properties"])
    elif kind == "maxProperties" and "attribute" in error.schema.get("properties", {}):
        ops = [k for k in value if k != "attribute"]
        message = f"a rule has exactly one operator, got {len(ops)}: {', '.join(ops)}"
    else:
        message = error.message
    return [document.problem(field, message)]
