"""LLM shoppers over real HTTP: a local OpenAI-compatible server plays them (no provider needed)."""

from __future__ import annotations

import re
import shutil
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from pytest_salessim.spec import Scenario, load_spec

from .conftest import NO_FIT, WRITER, spec_text
from .llm_policies import careful_shopper, pushover_shopper, routed
from .llm_server import Fault, LLMServer, Policy

Start = Callable[[Policy], LLMServer]
REPO = Path(__file__).parent.parent


def personas(specs: Path) -> dict[str, object]:
    return {s.persona.name: s.persona for s in load_spec(specs / "laptops.yaml", specs.parent)}


@pytest.fixture
def project(store: Path) -> Path:
    (store / "laptops.yaml").write_text(spec_text(WRITER, NO_FIT))
    return store


def run(pytester: pytest.Pytester, server: LLMServer, model: str, *args: str) -> pytest.RunResult:
    return pytester.runpytest(
        "specs",
        "--model",
        model,
        "--salessim-api-base",
        server.url,
        "--salessim-retries",
        "1",
        "--salessim-timeout",
        "5",
        *args,
    )


def test_a_careful_shopper_passes_and_a_pushover_fails(
    pytester: pytest.Pytester, project: Path, llm_server: Start
) -> None:
    good = llm_server(routed(careful_shopper(personas(project))))  # type: ignore[arg-type]
    result = run(pytester, good, "openai/careful")
    result.assert_outcomes(passed=2)
    assert good.requests and all(r["path"] == "/v1/chat/completions" for r in good.requests)
    assert all(r["body"]["model"] == "careful" for r in good.requests)
    tools = {t["function"]["name"] for t in good.requests[0]["body"]["tools"]}
    assert tools == {"search_products", "view_product", "add_to_cart", "end_conversation"}

    bad = llm_server(routed(pushover_shopper))
    result = run(pytester, bad, "openai/pushover")
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines(["*failure class: overly_lenient*"])


def test_the_shipped_specs_over_http(pytester: pytest.Pytester, llm_server: Start) -> None:
    """The testbed tells a careful LLM shopper from a pushover one."""
    shutil.copytree(REPO / "fixtures", pytester.path / "fixtures")
    (pytester.path / "specs").mkdir()
    scenarios: list[Scenario] = []
    for name in ("laptops.yaml", "headphones.yaml"):
        shutil.copy(REPO / "specs" / name, pytester.path / "specs" / name)
        scenarios += load_spec(pytester.path / "specs" / name, pytester.path)
    careful = llm_server(routed(careful_shopper({s.persona.name: s.persona for s in scenarios})))
    run(pytester, careful, "openai/careful", "-k", "not persuasion").assert_outcomes(passed=len(scenarios))
    pushover = llm_server(routed(pushover_shopper))
    result = run(pytester, pushover, "openai/pushover", "-k", "not persuasion")
    outcomes = result.parseoutcomes()
    assert outcomes["failed"] == len(scenarios) and "passed" not in outcomes
    result.stdout.re_match_lines([rf"^ openai/pushover +{len(scenarios)} +0 +"])


def test_rate_limit_then_success_is_retried(
    pytester: pytest.Pytester, project: Path, llm_server: Start
) -> None:
    server = llm_server(routed(careful_shopper(personas(project))))  # type: ignore[arg-type]
    server.faults = [Fault(429, {"retry-after": "0"}, '{"error": {"message": "slow down"}}')]
    result = run(pytester, server, "openai/careful")
    result.assert_outcomes(passed=2)


def test_a_server_that_keeps_failing_gives_errors_not_misalignments(
    pytester: pytest.Pytester, project: Path, llm_server: Start
) -> None:
    server = llm_server(routed(pushover_shopper))
    server.always = Fault(500)
    result = run(pytester, server, "openai/broken")
    result.assert_outcomes(errors=2)
    result.stdout.fnmatch_lines(["*model openai/broken failed after 2 attempts: InternalServerError*"])
    assert "Traceback" not in result.stdout.str()
    summary = result.stdout.str().split("salessim: decision alignment per model")[1]
    assert re.search(r"openai/broken +0 +0 .* 2 +0 *$", summary, re.M), summary
    assert len(server.requests) == 4  # two items, one retry each


def test_a_dead_server_gives_errors(pytester: pytest.Pytester, project: Path) -> None:
    result = pytester.runpytest(
        "specs",
        "--model",
        "openai/ghost",
        "--salessim-api-base",
        "http://127.0.0.1:9/v1",
        "--salessim-retries",
        "0",
        "--salessim-timeout",
        "2",
    )
    result.assert_outcomes(errors=2)
    result.stdout.fnmatch_lines(["*model openai/ghost failed: *Error*"])


def test_a_timeout_is_an_error(pytester: pytest.Pytester, project: Path, llm_server: Start) -> None:
    server = llm_server(routed(pushover_shopper))
    server.always = Fault(200, delay=3.0)
    result = pytester.runpytest(
        "specs",
        "-k",
        "writer",
        "--model",
        "openai/slow",
        "--salessim-api-base",
        server.url,
        "--salessim-retries",
        "0",
        "--salessim-timeout",
        "0.5",
    )
    result.assert_outcomes(errors=1, deselected=1)
    result.stdout.fnmatch_lines(["*model openai/slow failed: *timed out*"])
    assert "During handling" not in result.stdout.str() and "Warning" not in result.stdout.str()


def _png() -> bytes:
    raw = b"".join(b"\x00" + b"\x10\x80\xf0" * 2 for _ in range(2))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _images_sent(server: LLMServer) -> int:
    return sum(
        1
        for r in server.requests
        for m in r["body"]["messages"]
        if isinstance(m.get("content"), list)
        for part in m["content"]
        if part.get("type") == "image_url" and part["image_url"]["url"].startswith("data:image/png;base64,")
    )


def test_images_reach_vision_models_only(pytester: pytest.Pytester, project: Path, llm_server: Start) -> None:
    (project.parent / "fixtures" / "acer.png").write_bytes(_png())
    catalog = project.parent / "fixtures" / "laptops.yaml"
    catalog.write_text(
        catalog.read_text().replace("    price: 449.99\n", "    price: 449.99\n    image: acer.png\n")
    )
    policy = routed(careful_shopper(personas(project)))  # type: ignore[arg-type]
    vision = llm_server(policy)
    run(pytester, vision, "openai/gpt-4o").assert_outcomes(passed=2)
    assert _images_sent(vision) > 0
    text_only = llm_server(policy)
    run(pytester, text_only, "openai/gpt-3.5-turbo").assert_outcomes(passed=2)
    assert _images_sent(text_only) == 0
    forced = llm_server(policy)
    run(pytester, forced, "openai/local-vlm", "--salessim-vision", "on").assert_outcomes(passed=2)
    assert _images_sent(forced) > 0


def test_an_llm_sales_agent_and_the_judge(
    pytester: pytest.Pytester, project: Path, llm_server: Start
) -> None:
    server = llm_server(routed(pushover_shopper))
    result = run(
        pytester,
        server,
        "openai/pushover",
        "--salessim-agent-model",
        "openai/agent",
        "--salessim-judge-model",
        "openai/judge",
    )
    result.assert_outcomes(passed=1, failed=1)  # the agent happened to pitch the right laptop first
    agent_calls = [r for r in server.requests if r["body"]["model"] == "agent"]
    judge_calls = [r for r in server.requests if r["body"]["model"] == "judge"]
    assert agent_calls and len(judge_calls) == 2 * 4 * 3  # items x dimensions that apply x votes
    assert {t["function"]["name"] for t in agent_calls[0]["body"]["tools"]} == {
        "search_catalog",
        "view_product",
        "recommend_products",
    }
    # the agent recommended the first two products of its search; the pushover bought the first
    result.stdout.fnmatch_lines(["*actual:   purchase acer-aspire-5*", "*cards: acer-aspire-5, dell-xps-13*"])
    result.stdout.fnmatch_lines(["*disclosure: 1 criteria in the first message (LLM judge)*"])


def test_an_llm_agent_named_in_the_spec(pytester: pytest.Pytester, store: Path, llm_server: Start) -> None:
    agent = 'agent:\n  model: openai/spec-agent\n  instructions: "Always recommend the cheapest laptop."\n'
    (store / "laptops.yaml").write_text(spec_text(WRITER, agent=agent))
    server = llm_server(routed(pushover_shopper))
    run(pytester, server, "openai/pushover").assert_outcomes(passed=1)
    systems = [
        r["body"]["messages"][0]["content"] for r in server.requests if r["body"]["model"] == "spec-agent"
    ]
    assert systems and "Always recommend the cheapest laptop." in systems[0]


def test_a_python_simulator(pytester: pytest.Pytester, project: Path) -> None:
    pytester.makepyfile(
        my_sims="""
        from pytest_salessim.simulators.reference import ReferenceSimulator

        class Careful(ReferenceSimulator):
            name = "careful"

        def make():
            return Careful()
        """
    )
    pytester.syspathinsert()
    result = pytester.runpytest("specs", "--model", "py:my_sims:make", "-v")
    result.stdout.fnmatch_lines(["*writer[[]py:my_sims:make[]] PASSED*"])
    result.assert_outcomes(passed=2)
    result.stdout.re_match_lines([r"^ py:my_sims:make +2 +2 +2 +100.0%"])
    bad = pytester.runpytest("specs", "--model", "py:my_sims:nothing")
    assert bad.ret == pytest.ExitCode.USAGE_ERROR
    bad.stderr.fnmatch_lines(["*my_sims has no 'nothing'*"])
