"""--salessim-model-config: one model name served by several deployments, through a litellm Router."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .llm_server import LLMServer
from .test_concurrency import THREE, Start, careful

SCENARIOS = f"({THREE}) and not persuasion"


def model_config(path: Path, servers: list[LLMServer], cap: int | None = None) -> Path:
    """A Router model list: the name `shopper` served by each server, each capped at `cap` calls at once."""
    params: dict[str, object] = {"model": "openai/careful"}
    if cap is not None:
        params["max_parallel_requests"] = cap
    deployments = [
        {"model_name": "shopper", "litellm_params": {**params, "api_base": s.url}} for s in servers
    ]
    path.write_text(json.dumps({"model_list": deployments}))
    return path


def results(root: Path) -> list[dict]:
    items: list[dict] = json.loads((root / "reports" / "results.json").read_text())["items"]
    return items


def test_calls_spread_over_the_deployments_each_within_its_cap(
    pytester: pytest.Pytester, shipped: Path, llm_server: Start
) -> None:
    servers = [llm_server(careful(shipped)), llm_server(careful(shipped))]
    for server in servers:
        server.latency = 0.05  # calls overlap: the caps are reached
    config = model_config(shipped / "models.json", servers, cap=2)
    result = pytester.runpytest(
        "specs/laptops.yaml", "-k", SCENARIOS, "--model", "shopper", "--salessim-model-config", str(config),
        "--salessim-concurrency", "8", "--salessim-repeat", "3",
    )  # fmt: skip
    result.assert_outcomes(passed=3)
    assert all(server.requests for server in servers)  # both deployments served
    assert all(server.peak <= 2 for server in servers)  # never more than the cap at once
    assert max(server.peak for server in servers) == 2  # and the cap was reached: calls waited for it
    calls = sum(t["usage"]["calls"] for item in results(shipped) for t in item["trials"])
    assert calls == sum(len(server.requests) for server in servers)


def test_two_capped_deployments_serve_twice_as_many_at_once_as_one(
    pytester: pytest.Pytester, shipped: Path, llm_server: Start
) -> None:
    servers = [llm_server(careful(shipped)), llm_server(careful(shipped))]
    for server in servers:
        server.latency = 0.05
    in_flight = []
    for deployments in (servers[:1], servers):
        # a file of its own per run: the process keeps a Router per file (pytester runs share the process)
        config = model_config(shipped / f"models-{len(deployments)}.json", deployments, cap=2)
        for server in servers:
            server.reset_peak()
            server.requests.clear()
        pytester.runpytest(
            "specs/laptops.yaml", "-k", SCENARIOS, "--model", "shopper",
            "--salessim-model-config", str(config), "--salessim-concurrency", "8", "--salessim-repeat", "3",
        ).assert_outcomes(passed=3)  # fmt: skip
        in_flight.append(sum(server.peak for server in deployments))
    assert in_flight == [2, 4]


def test_a_model_not_in_the_list_is_resolved_as_usual(
    pytester: pytest.Pytester, shipped: Path, llm_server: Start
) -> None:
    listed, direct = llm_server(careful(shipped)), llm_server(careful(shipped))
    config = model_config(shipped / "models.json", [listed])
    result = pytester.runpytest(
        "specs/laptops.yaml", "-k", "night-nurse-pen-notes and not persuasion", "--model", "openai/careful",
        "--salessim-api-base", direct.url, "--salessim-model-config", str(config),
    )  # fmt: skip
    result.assert_outcomes(passed=1)
    assert direct.requests and not listed.requests


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("model_list: [{model_name: shopper}]", "expected a list of {model_name, litellm_params"),
        ("[1, 2]", "expected a list of {model_name, litellm_params"),
    ],
)
def test_a_bad_model_list_is_a_usage_error_naming_the_file(
    pytester: pytest.Pytester, shipped: Path, text: str, message: str
) -> None:
    (shipped / "models.yaml").write_text(text)
    result = pytester.runpytest(
        "specs/laptops.yaml", "--model", "shopper", "--salessim-model-config", "models.yaml"
    )
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"*--salessim-model-config: *models.yaml: {message}*"])


def test_a_missing_model_list_is_a_usage_error(pytester: pytest.Pytester, shipped: Path) -> None:
    result = pytester.runpytest(
        "specs/laptops.yaml", "--model", "shopper", "--salessim-model-config", "nope.yaml"
    )
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--salessim-model-config*nope.yaml*"])
