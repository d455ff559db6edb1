"""Listing the items plays nothing: no model is called and litellm is not imported."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import NO_FIT, WRITER, spec_text
from .llm_policies import careful_shopper, routed
from .llm_server import LLMServer, Policy

# Waits a second inside the run loop (before pytest's own returns for --collect-only), so that any
# conversation started ahead would have reached the server by the end.
PROBE = (
    "import sys, time\n"
    "def pytest_runtestloop(session):\n"
    "    time.sleep(1)\n"
    "def pytest_sessionfinish(session):\n"
    "    print('litellm imported:', 'litellm' in sys.modules)\n"
)


def test_collect_only_makes_no_request_and_imports_no_litellm(
    pytester: pytest.Pytester, store: Path, llm_server: Callable[[Policy], LLMServer]
) -> None:
    from .factories import scenarios

    (store / "laptops.yaml").write_text(spec_text(WRITER, NO_FIT))
    (pytester.path / "factory").mkdir()
    personas = {s.persona.name: s.persona for s in scenarios(pytester.path / "factory").values()}
    server = llm_server(routed(careful_shopper(personas)))
    pytester.makeconftest(PROBE)
    args = ("specs", "-s", "--model", "openai/x", "--salessim-api-base", server.url)
    result = pytester.runpytest_subprocess(*args, "--collect-only")
    result.stdout.fnmatch_lines(["*ScenarioItem writer?openai/x?*", "*2 tests collected*"])
    result.stdout.fnmatch_lines(["*litellm imported: False*"])
    assert server.requests == []
    # the same command without --collect-only plays, so the probe and the server can tell
    result = pytester.runpytest_subprocess(*args)
    result.stdout.fnmatch_lines(["*litellm imported: True*"])
    assert server.requests


def test_collection_errors_stop_the_run_before_any_model_call(
    pytester: pytest.Pytester, store: Path, llm_server: Callable[[Policy], LLMServer]
) -> None:
    (store / "laptops.yaml").write_text(spec_text(WRITER))
    (store / "broken.yaml").write_text("salessim: 1\nscenarios: [\n")
    server = llm_server(lambda body: {"content": "hello", "tool_calls": []})
    pytester.makeconftest(PROBE)
    result = pytester.runpytest_subprocess(
        "specs", "-s", "--model", "openai/x", "--salessim-api-base", server.url
    )
    assert result.ret == pytest.ExitCode.INTERRUPTED
    result.stdout.fnmatch_lines(["*litellm imported: False*"])
    assert server.requests == []
