"""--salessim-concurrency: conversations share N slots; pytest's items, order and outcomes stay."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from pytest_salessim.spec import load_spec

from .llm_policies import careful_shopper, routed
from .llm_server import LLMServer, Policy

REPO = Path(__file__).resolve().parent.parent
Start = Callable[[Policy], LLMServer]
THREE = "executive-assistant-vp-travel or night-nurse-pen-notes or data-science-student"


def careful(root: Path) -> Policy:
    scenarios = [s for f in (root / "specs").glob("*.yaml") for s in load_spec(f, root)]
    personas = {s.persona.name: s.persona for s in scenarios}
    return routed(careful_shopper(personas))


def run(
    pytester: pytest.Pytester, server: LLMServer, *args: str, specs: tuple[str, ...] = ("specs/laptops.yaml",)
) -> tuple[pytest.RunResult, list[dict]]:
    server.reset_peak()
    result = pytester.runpytest(
        *specs, "-v", "--model", "openai/careful", "--salessim-api-base", server.url, *args
    )
    items = json.loads((pytester.path / "reports" / "results.json").read_text())["items"]
    return result, items


def played(result: pytest.RunResult) -> list[str]:
    """The item lines of `-v`, in the order pytest reported them."""
    return re.findall(r"^(specs/\S+) (PASSED|FAILED|ERROR)", result.stdout.str(), re.MULTILINE)


def decisions(items: list[dict]) -> list[tuple[str, list[str]]]:
    return [(i["nodeid"], [t["decision_text"] for t in i["trials"]]) for i in items]


def test_conversations_not_items_take_the_slots(
    pytester: pytest.Pytester, shipped: Path, llm_server: Start
) -> None:
    """3 items x 3 trials at concurrency 4: four conversations at once, never more; same outcomes as one."""
    server = llm_server(careful(shipped))
    server.latency = 0.05
    args = ("-k", f"({THREE}) and not persuasion", "--salessim-repeat", "3")
    many, many_items = run(pytester, server, *args, "--salessim-concurrency", "4")
    assert server.peak == 4  # items alone would give 3; trials without slots would give 9
    one, one_items = run(pytester, server, *args, "--salessim-concurrency", "1")
    assert server.peak == 1
    many.assert_outcomes(passed=3)
    one.assert_outcomes(passed=3)
    assert played(many) == played(one)  # pytest's order and outcomes
    assert decisions(many_items) == decisions(one_items)  # the same conversations, trial by trial
    assert [t["seed"] for i in many_items for t in i["trials"]] == [
        t["seed"] for i in one_items for t in i["trials"]
    ]


def test_persuasion_searches_beyond_the_executor_threads_finish(
    pytester: pytest.Pytester, shipped: Path, llm_server: Start
) -> None:
    """26 searches at once, more than asyncio's default executor has threads (litellm prepares calls there).

    Searches that waited for conversations on those very threads once deadlocked here.
    """
    server = llm_server(careful(shipped))
    server.latency = 0.02
    result = pytester.runpytest_subprocess(
        "specs",
        "-k",
        "persuasion",
        "--model",
        "openai/careful",
        "--salessim-api-base",
        server.url,
        "--salessim-concurrency",
        "32",
        "--salessim-variants",
        "2",
        timeout=150,
    )
    result.assert_outcomes(passed=26)
    assert server.peak > 6


def test_under_xdist_each_worker_plays_ahead_what_it_was_sent(
    pytester: pytest.Pytester, shipped: Path, llm_server: Start
) -> None:
    server = llm_server(careful(shipped))
    server.latency = 0.05
    specs = ("specs/laptops.yaml", "specs/headphones.yaml")
    args = ("-k", "not persuasion", "--salessim-concurrency", "4", "-p", "no:randomly")
    serial, serial_items = run(pytester, server, *args, specs=specs)
    assert server.peak == 4
    # Without playing ahead a worker has one conversation in flight. Whether two workers overlap in time
    # is up to their start-up, so each assertion holds for one worker alone.
    by_file, by_file_items = run(pytester, server, *args, "-n", "2", "--dist", "loadfile", specs=specs)
    assert server.peak >= 4  # a worker sent a whole file fills its four slots
    by_item, by_item_items = run(pytester, server, *args, "-n", "1", specs=specs)
    assert server.peak >= 2  # the worker plays ahead the items queued for it
    for result in (serial, by_file, by_item):
        result.assert_outcomes(passed=20)
    assert sorted(decisions(by_file_items)) == sorted(decisions(serial_items))
    assert sorted(decisions(by_item_items)) == sorted(decisions(serial_items))
