"""Fuzzing the loader: whatever a YAML file holds, the outcome is scenarios or a SpecError."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pytest_salessim.spec import SpecError, load_spec

from ..conftest import CATALOG

KEYS = [
    "salessim",
    "catalog",
    "agent",
    "scenarios",
    "id",
    "persona",
    "expect",
    "decision",
    "any_of",
    "product",
    "name",
    "budget",
    "max",
    "preferences",
    "dealbreakers",
    "text",
    "rule",
    "attribute",
    "eq",
    "gt",
    "in",
    "keywords",
    "greeting",
    "rules",
    "when",
    "say",
    "recommend",
    "pitches",
    "tags",
    "checks",
    "max_turns",
    "persuasion",
    "targets",
    "tactics",
    "regex",
    "price",
    "image",
    "x",
]
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-10, 10**6),
    st.floats(allow_nan=True),
    st.sampled_from(KEYS),
    st.text(max_size=20),
    st.sampled_from(["{{ product('acer-aspire-5').name }}", "{{ x }}", "{% if %}", "../../etc"]),
)
documents = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(KEYS), inner, max_size=5),
    max_leaves=30,
)
VALID: dict[str, Any] = {
    "salessim": 1,
    "catalog": "../fixtures/laptops.yaml",
    "agent": {
        "greeting": "Hi",
        "pitches": [{"say": "Try {{ product('dell-xps-13').name }}", "recommend": ["dell-xps-13"]}],
    },
    "scenarios": [
        {
            "id": "s",
            "persona": {
                "name": "Ann",
                "budget": 500,
                "dealbreakers": [{"text": "Windows", "rule": {"attribute": "os", "eq": "Windows"}}],
            },
            "expect": {"decision": "purchase", "any_of": ["acer-aspire-5"]},
        }
    ],
}


def mutate(data: Any, path: list[Any], value: Any) -> Any:
    """Replace (or delete, when value is the marker) the node at `path` as far as it exists."""
    data = copy.deepcopy(data)
    node = data
    for step in path[:-1]:
        present = isinstance(node, dict) and step in node
        present = present or (isinstance(node, list) and isinstance(step, int) and step < len(node))
        if present:
            node = node[step]
        else:
            return data
    last = path[-1] if path else None
    if isinstance(node, dict) and last in node:
        if value == "<delete>":
            del node[last]
        else:
            node[last] = value
    return data


def check(tmp: Path, text: str | bytes) -> None:
    (tmp / "fixtures").mkdir(exist_ok=True)
    (tmp / "fixtures" / "laptops.yaml").write_text(CATALOG)
    (tmp / "specs").mkdir(exist_ok=True)
    path = tmp / "specs" / "fuzz.yaml"
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    try:
        load_spec(path, tmp)
    except SpecError as err:
        assert err.problems and all(
            p.file.name in ("fuzz.yaml", "laptops.yaml") and p.line >= 1 for p in err.problems
        )


FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(documents)
def test_any_document(tmp_path: Path, document: Any) -> None:
    check(
        tmp_path,
        "salessim: 1\n" + yaml.safe_dump({"body": document})
        if not isinstance(document, dict)
        else yaml.safe_dump({"salessim": 1, **document}),
    )


@FUZZ
@given(
    st.lists(
        st.sampled_from(
            [
                "scenarios",
                0,
                "persona",
                "expect",
                "agent",
                "dealbreakers",
                "rule",
                "pitches",
                "budget",
                "any_of",
                "catalog",
                "say",
                "recommend",
                "decision",
                "eq",
                "attribute",
            ]
        ),
        min_size=1,
        max_size=5,
    ),
    st.one_of(scalars, st.just("<delete>"), documents),
)
def test_near_valid_documents(tmp_path: Path, path: list[Any], value: Any) -> None:
    check(tmp_path, yaml.safe_dump(mutate(VALID, path, value)))


@FUZZ
@given(st.binary(max_size=200), st.integers(0, 400))
@pytest.mark.filterwarnings("ignore:invalid escape sequence:DeprecationWarning")  # jinja2 reading noise
def test_damaged_bytes(tmp_path: Path, noise: bytes, at: int) -> None:
    text = yaml.safe_dump(VALID).encode()
    check(tmp_path, text[:at] + noise + text[at:])
