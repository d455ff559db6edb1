"""Recorded-conversation tests: the shared laptop store (tests/conftest.py), its two scenarios, and
conversations written as other stacks log them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from pytest_salessim.spec import Scenario, load_spec

from ..conftest import NO_FIT, WRITER, spec_text

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def laptops(store: Path) -> Path:
    """A project with specs/laptops.yaml: `writer` (Emily, buys acer-aspire-5) and `no-fit` (Bob, leaves)."""
    (store / "laptops.yaml").write_text(spec_text(WRITER, NO_FIT))
    return store.parent


def shows(result: pytest.RunResult, *patterns: str) -> None:
    """Each pattern matches some line of the output, in whatever order pytest printed them."""
    for pattern in patterns:
        result.stdout.fnmatch_lines([pattern])


def copy_data(project: Path, *names: str) -> None:
    for name in names:
        shutil.copy(DATA / name, project / name)


def scenarios(project: Path) -> dict[str, Scenario]:
    return {s.id: s for s in load_spec(project / "specs" / "laptops.yaml", project)}


def call(name: str, arguments: dict[str, Any], call_id: str) -> dict[str, Any]:
    return {"id": call_id, "type": "function", "function": {"name": name, "arguments": json.dumps(arguments)}}


def chat_record(
    scenario: str = "writer", model: str = "team-shopper", bought: str = "acer-aspire-5"
) -> dict[str, Any]:
    """A conversation as a team logs it in the OpenAI chat shape: the shopper is the assistant."""
    return {
        "scenario": scenario,
        "model": model,
        "messages": [
            {"role": "system", "content": "You are Emily, a freelance writer."},
            {"role": "user", "content": "Hi! Looking for a new laptop today?"},
            {
                "role": "assistant",
                "content": "Hi, I need a laptop for writing, you know, Windows, under $500.",
            },
            {
                "role": "user",
                "content": "The Acer Aspire 5 is only $449.99.\n"
                "[product card] Acer Aspire 5 (id: acer-aspire-5) - $449.99",
            },
            {
                "role": "assistant",
                "content": "Ooh, you know, can I see it?",
                "tool_calls": [call("view_product", {"product_id": "acer-aspire-5"}, "c1")],
            },
            {
                "role": "tool",
                "tool_call_id": "c1",
                "content": json.dumps({"id": "acer-aspire-5", "name": "Acer Aspire 5"}),
            },
            {
                "role": "assistant",
                "content": "Thanks so much, it's a big screen and it's Windows, I'll take it!",
                "tool_calls": [call("add_to_cart", {"product_id": bought}, "c2")],
            },
            {"role": "tool", "tool_call_id": "c2", "content": json.dumps({"added": bought})},
        ],
    }


def write_jsonl(path: Path, *lines: Any) -> Path:
    """Each line as JSON, or as it is when it is a string already (to write broken lines)."""
    path.write_text("".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines))
    return path
