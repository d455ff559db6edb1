"""LLM shoppers over both providers' APIs: the same policy plays the same over OpenAI's and Anthropic's."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pytest_salessim.conversation import play
from pytest_salessim.llm_client import ModelFault
from pytest_salessim.settings import Settings
from pytest_salessim.simulators import resolve
from pytest_salessim.spec import Scenario, load_spec

from .conftest import CATALOG, NO_FIT, WRITER, spec_text
from .llm_policies import careful_shopper, pushover_shopper, routed
from .llm_server import APIS, Fault, LLMServer, Policy
from .test_llm import _png

Start = Callable[[Policy], LLMServer]
REPO = Path(__file__).parent.parent


def laptops(tmp_path: Path, image: bool = False) -> dict[str, Scenario]:
    """The writer and no-fit scenarios; with `image`, the laptop the writer buys has a picture."""
    (tmp_path / "fixtures").mkdir()
    catalog = CATALOG
    if image:
        (tmp_path / "fixtures" / "acer.png").write_bytes(_png())
        catalog = catalog.replace("    price: 449.99\n", "    price: 449.99\n    image: acer.png\n")
    (tmp_path / "fixtures" / "laptops.yaml").write_text(catalog)
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "laptops.yaml").write_text(spec_text(WRITER, NO_FIT))
    return {s.id: s for s in load_spec(tmp_path / "specs" / "laptops.yaml", tmp_path)}


def careful(specs: dict[str, Scenario]) -> Policy:
    return routed(careful_shopper({s.persona.name: s.persona for s in specs.values()}))


def decisions(specs: dict[str, Scenario], server: LLMServer, api: str, **settings: Any) -> dict[str, str]:
    """Each scenario played once by `{api}/careful` over the server: its decision."""
    config = Settings(api_base=server.url, retries=2, timeout=5, **settings)
    simulator = resolve(f"{api}/careful", config)
    return {sid: play(s, simulator, 1, config).decision.describe() for sid, s in specs.items()}


EXPECTED = {"writer": "purchase acer-aspire-5", "no-fit": "no_purchase (nothing fits)"}


def sent(server: LLMServer) -> list[list[dict[str, Any]]]:
    """Every request's messages as sent over the wire (Anthropic's blocks, or OpenAI's messages)."""
    return [r["body"]["messages"] for r in server.requests]


def blocks(message: dict[str, Any]) -> list[str]:
    content = message["content"]
    return ["text"] if isinstance(content, str) else [block["type"] for block in content]


@pytest.mark.parametrize("api", APIS)
def test_tools_and_a_turn_with_text_and_a_tool_call(tmp_path: Path, llm_server: Start, api: str) -> None:
    specs = laptops(tmp_path)
    server = llm_server(careful(specs))
    assert decisions(specs, server, api) == EXPECTED
    assert not server.rejected
    path = {"openai": "/v1/chat/completions", "anthropic": "/v1/messages"}[api]
    assert {r["path"] for r in server.requests} == {path}
    assistant = [m for messages in sent(server) for m in messages if m["role"] == "assistant"]
    if api == "anthropic":
        kinds = {tuple(blocks(m)) for m in assistant}
        assert ("text", "tool_use") in kinds  # "Let me look around." and a search, in one turn
        assert ("tool_use", "tool_use") in kinds  # two views and no text: no empty text block
        tools = {t["name"] for t in server.requests[0]["body"]["tools"]}
        assert all(isinstance(r["body"]["max_tokens"], int) for r in server.requests)
    else:
        assert any(m.get("content") and m.get("tool_calls") for m in assistant)
        assert any(m.get("content") is None and m.get("tool_calls") for m in assistant)
        tools = {t["function"]["name"] for t in server.requests[0]["body"]["tools"]}
    assert tools == {"search_products", "view_product", "add_to_cart", "end_conversation"}


@pytest.mark.parametrize("api", APIS)
def test_images_of_viewed_products_follow_the_tool_results(
    tmp_path: Path, llm_server: Start, api: str
) -> None:
    specs = laptops(tmp_path, image=True)
    server = llm_server(careful(specs))
    assert decisions({"writer": specs["writer"]}, server, api, vision="on") == {"writer": EXPECTED["writer"]}
    assert not server.rejected
    last = sent(server)[-1]  # the request that bought: every turn before it
    views = next(
        i for i, m in enumerate(last) if "view_product" in json.dumps(m) and m["role"] == "assistant"
    )
    if api == "anthropic":
        calls = blocks(last[views])
        assert set(calls) == {"tool_use"} and len(calls) == 2  # the two laptops within budget
        # the next user turn: a tool_result for each view first, then the caption and the image
        assert blocks(last[views + 1]) == ["tool_result", "tool_result", "text", "image"]
        image = last[views + 1]["content"][-1]["source"]
        assert image["type"] == "base64" and image["media_type"] == "image/png"
    else:
        assert len(last[views]["tool_calls"]) == 2
        assert [m["role"] for m in last[views + 1 : views + 4]] == ["tool", "tool", "user"]
        parts = last[views + 3]["content"]
        assert [p["type"] for p in parts] == ["text", "image_url"]
        assert parts[1]["image_url"]["url"].startswith("data:image/png;base64,")


@pytest.mark.parametrize(
    ("api", "status", "said"),
    [
        ("openai", 429, "RateLimitError: server exploded"),
        ("anthropic", 429, "RateLimitError: rate_limit_error: server exploded"),
        ("anthropic", 529, "InternalServerError: overloaded_error: Overloaded"),
    ],
    ids=["openai-429", "anthropic-429", "anthropic-529"],
)
def test_rate_limits_and_overloads_are_retried(
    tmp_path: Path, llm_server: Start, api: str, status: int, said: str
) -> None:
    specs = laptops(tmp_path)
    server = llm_server(careful(specs))
    server.faults = [Fault(status, {"retry-after": "0"}), Fault(status, {"retry-after": "0"})]
    assert decisions(specs, server, api) == EXPECTED
    assert [r.get("usage") is None for r in server.requests[:3]] == [True, True, False]
    server.always = Fault(status, {"retry-after": "0"})
    with pytest.raises(ModelFault) as fault:
        decisions(specs, server, api)
    assert str(fault.value) == f"model {api}/careful failed after 3 attempts: {said}"  # the body in words


def test_the_same_outcomes_over_both_apis(pytester: pytest.Pytester, llm_server: Start) -> None:
    """The shipped specs, a careful and a pushover shopper, images on: item by item the same."""
    shutil.copytree(REPO / "fixtures", pytester.path / "fixtures")
    (pytester.path / "specs").mkdir()
    scenarios: list[Scenario] = []
    for name in ("laptops.yaml", "headphones.yaml"):
        shutil.copy(REPO / "specs" / name, pytester.path / "specs" / name)
        scenarios += load_spec(pytester.path / "specs" / name, pytester.path)
    shoppers = {
        "careful": careful_shopper({s.persona.name: s.persona for s in scenarios}),
        "pushover": pushover_shopper,
    }
    server = llm_server(routed(lambda body: shoppers[body["model"]](body)))
    outcomes, conversations = {}, {}
    for api in APIS:
        result = pytester.runpytest(
            "specs",
            "-k",
            "not persuasion",
            *("--model", f"{api}/careful", "--model", f"{api}/pushover"),
            *("--salessim-api-base", server.url, "--salessim-vision", "on", "--salessim-retries", "0"),
        )
        result.assert_outcomes(passed=len(scenarios), failed=len(scenarios))
        results = json.loads((pytester.path / "reports" / "results.json").read_text())
        outcomes[api] = {
            (item["scenario"], item["model"].split("/")[1]): [
                (t["decision"], t["failure_class"], t["checks"], t["shopper_text"]) for t in item["trials"]
            ]
            for item in results["items"]
        }
        lines = (pytester.path / "reports" / "transcripts.jsonl").read_text().splitlines()
        conversations[api] = {
            (line["scenario"], line["model"].split("/")[1]): [_turn(t) for t in line["transcript"]["turns"]]
            for line in map(json.loads, lines)
        }
    assert not server.rejected
    assert {r["path"] for r in server.requests} == {"/v1/chat/completions", "/v1/messages"}
    assert any(r["api"] == "anthropic" and "image_url" in json.dumps(r["chat"]) for r in server.requests)
    assert len(outcomes["openai"]) == 2 * len(scenarios)
    assert outcomes["anthropic"] == outcomes["openai"]
    assert conversations["anthropic"] == conversations["openai"]  # turn by turn, tool call by tool call


def _turn(turn: dict[str, Any]) -> tuple[Any, ...]:
    """A turn without what differs between runs: tool call ids and timings."""
    calls = [
        (r["call"]["name"], r["call"]["arguments"], r["content"], r["error"]) for r in turn["tool_results"]
    ]
    return turn["role"], turn["text"], [card["id"] for card in turn["cards"]], calls
