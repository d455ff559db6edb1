"""The quick schema check (fastjsonschema) gives jsonschema's answer: on every shipped file, on mutated
and generated documents, and on the corners of JSON Schema where Python's types and JSON's differ."""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path
from typing import Any

import fastjsonschema
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from pytest_salessim.spec.validate import _quick_check, _validator

ROOT = Path(__file__).resolve().parents[2]
SPECS = sorted((ROOT / "specs").glob("*.yaml"))
CATALOGS = sorted((ROOT / "fixtures" / "catalogs").glob("*.yaml"))
BAD = sorted((Path(__file__).parent / "bad").glob("*.yaml"))


def same_answer(data: Any, definition: str | None = None) -> bool:
    quick = _quick_check(definition)
    expected = _validator(definition).is_valid(data)
    assert quick(data) == expected, f"quick check says {not expected}, jsonschema {expected}"
    return expected


def documents(paths: list[Path]) -> list[Any]:
    return [yaml.safe_load(path.read_text(encoding="utf-8")) for path in paths]


def test_every_shipped_spec_and_catalog_is_valid_to_both() -> None:
    assert SPECS and CATALOGS
    assert all(same_answer(data) for data in documents(SPECS))
    assert all(same_answer(data, "catalog_file") for data in documents(CATALOGS))


def test_every_malformed_spec_gets_the_same_answer() -> None:
    answers = []
    for path in BAD:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, RecursionError, UnicodeDecodeError):
            continue  # not YAML at all: never reaches the schema
        answers.append(same_answer(data))
    assert answers.count(False) >= 10  # the schema's own cases, not only the other loaders'


def paths_of(node: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a document: mapping keys and list indexes, down to the leaves."""
    found = [at]
    if isinstance(node, dict):
        for key, value in node.items():
            found += paths_of(value, (*at, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += paths_of(value, (*at, index))
    return found


# Values near the schema's edges: empty, zero, negative, fractional, booleans for numbers, names with
# a space, a bad regular expression, the enums' words, and containers where scalars go.
NEAR = st.sampled_from(
    ["", " ", "a", "a b", "purchase", "no_purchase", "buy", "acer-aspire-5", "(", "[a-", ".*"]
    + [0, -1, 1, 2, 21]
    + [0.0, 1.0, 1.5, -0.5, 1e9, True, False, None, [], {}, ["a"], [""], {"attribute": "x"}]
    + [{"attribute": "x", "eq": 1}, {"attribute": "x", "eq": 1, "ne": 2}, {"say": "hi"}, {"regex": "("}]
)
JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 30) | st.floats() | st.text(max_size=5) | NEAR,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
KEYS = ["id", "name", "say", "when", "regex", "rule", "attribute", "eq", "lt", "in", "matches", "model"]
KEYS += ["retrieval", "greeting", "top_k", "decision", "any_of", "budget", "max", "unknown", "price"]


def mutated(data: Any, draw: Any) -> Any:
    """`data` with one change at a random place: replaced, deleted, a key added, an item added."""
    data = copy.deepcopy(data)
    path = draw(st.sampled_from(paths_of(data)))
    if not path:
        return draw(JSONISH)
    parent = data
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    kind = draw(st.sampled_from(["replace", "replace", "delete", "add key", "add item"]))
    if kind == "replace":
        parent[last] = draw(NEAR | JSONISH)
    elif kind == "delete":
        del parent[last]
    elif kind == "add key" and isinstance(parent[last], dict):
        parent[last][draw(st.sampled_from(KEYS) | st.text(max_size=6))] = draw(NEAR | JSONISH)
    elif kind == "add item" and isinstance(parent[last], list):
        parent[last].append(draw(NEAR | JSONISH))
    return data


SPEC_DATA = documents(SPECS)
CATALOG_DATA = documents(CATALOGS)


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_a_mutated_spec_gets_the_same_answer(data: st.DataObject) -> None:
    original = data.draw(st.sampled_from(SPEC_DATA))
    changed = mutated(original, data.draw)
    if data.draw(st.booleans()):  # a second change, so that some documents are wrong in two places
        changed = mutated(changed, data.draw)
    same_answer(changed)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_a_mutated_catalog_gets_the_same_answer(data: st.DataObject) -> None:
    same_answer(mutated(data.draw(st.sampled_from(CATALOG_DATA)), data.draw), "catalog_file")


@settings(max_examples=200, deadline=None)
@given(JSONISH)
def test_any_value_gets_the_same_answer(value: Any) -> None:
    same_answer(value)
    same_answer(value, "catalog_file")


CORNERS = [
    ({"type": "integer"}, [1, 1.0, 1.5, True, "1", None, float("inf")]),
    ({"type": "number"}, [0, 0.5, False, "0", None]),
    ({"type": ["string", "number", "boolean"]}, ["x", 1, True, None, [], {}]),
    ({"enum": ["a", 1, True, [1], {"a": 1}]}, ["a", 1, 1.0, True, False, 0, [1], [True], {"a": 1}, {"a": 0}]),
    ({"const": 0}, [0, 0.0, False, "0"]),
    ({"minimum": 1, "exclusiveMaximum": 5}, [1, 0.99, 5, 4.9, True, "9", None, float("nan"), float("inf")]),
    ({"maximum": 1, "exclusiveMinimum": 0}, [1, 0, 0.5, float("nan"), float("-inf")]),
    ({"minLength": 2, "maxLength": 3}, ["ab", "a", "abcd", "ééé", 5]),
    ({"pattern": "^[a-z]+$"}, ["abc", "ab c", 3]),
    ({"format": "regex"}, ["a+", "(", "[", 1]),
    ({"minItems": 1, "maxItems": 2, "items": {"type": "string"}}, [[], ["a"], [1], ["a", "b", "c"], "a"]),
    (
        {
            "required": ["a"],
            "minProperties": 2,
            "maxProperties": 2,
            "additionalProperties": False,
            "properties": {"a": {"type": "string"}, "b": {}},
        },
        [{"a": "x", "b": 1}, {"a": "x"}, {"a": 1, "b": 1}, {"a": "x", "c": 1}, {1: 1, "a": "x"}, []],
    ),  # fmt: skip
    (
        {"if": {"anyOf": [{"required": ["m"]}, {"required": ["r"]}]}, "else": {"required": ["g"]}},
        [{"m": 1}, {"r": 1}, {"g": 1}, {}, {"x": 1}, 3],
    ),
    ({"oneOf": [{"type": "integer"}, {"minimum": 5}], "not": {"const": 7}}, [1, 6, 6.5, 7, "x"]),
    (
        {
            "$defs": {
                "tree": {"type": "object", "properties": {"kids": {"items": {"$ref": "#/$defs/tree"}}}}
            },
            "$ref": "#/$defs/tree",
        },
        [{"kids": [{"kids": []}]}, {"kids": [{"kids": [3]}]}, {"kids": [1]}],
    ),  # fmt: skip
    (True, [1, None]),
    (False, [1, None]),
]


@pytest.mark.parametrize(("schema", "values"), CORNERS)
def test_corners_of_json_schema(schema: Any, values: list[Any]) -> None:
    check = fastjsonschema.compile(schema, use_formats=True)

    def valid(value: Any) -> bool:
        try:
            check(value)
        except fastjsonschema.JsonSchemaException:
            return False
        return True

    reference = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    assert [valid(v) for v in values] == [reference.is_valid(v) for v in values]


def test_a_run_of_valid_specs_never_imports_jsonschema() -> None:
    program = (
        "import sys; from pathlib import Path; from pytest_salessim.spec import load_spec\n"
        f"for path in sorted(Path({str(ROOT / 'specs')!r}).glob('*.yaml')):\n"
        f"    load_spec(path, Path({str(ROOT)!r}))\n"
        "print('jsonschema' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
