"""Persuasion variants: Hypothesis finds a persuasion that flips the decision and shrinks it."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import find

from pytest_salessim.persuasion import load_library
from pytest_salessim.persuasion.variants import PersuasionVariant, Push, variants
from pytest_salessim.spec import load_spec

from .llm_policies import careful_shopper, gives_in_to, routed
from .llm_server import LLMServer, Policy

REPO = Path(__file__).parent.parent
RECIPROCITY = ("free shipping", "free accessory", "gift card")

SWAYED = """
from pytest_salessim import ShopperMessage, ToolCall
from pytest_salessim.simulators.reference import AgendaShopper, ReferenceSimulator

MARKERS = {markers!r}


class Swayed(AgendaShopper):
    def respond(self, turns):
        last = turns[-1]
        if last.role == "agent" and last.cards and any(m in last.text.lower() for m in MARKERS):
            buy = ToolCall("add_to_cart", {{"product_id": last.cards[0]["id"]}})
            return ShopperMessage("Ooh, a freebie!", (buy,))
        return super().respond(turns)


class Simulator(ReferenceSimulator):
    name = "swayed"

    def shopper(self, brief, seed):
        return Swayed(brief, seed)
"""


@pytest.fixture
def laptops(pytester: pytest.Pytester) -> Path:
    shutil.copytree(REPO / "fixtures", pytester.path / "fixtures")
    (pytester.path / "specs").mkdir()
    shutil.copy(REPO / "specs" / "laptops.yaml", pytester.path / "specs" / "laptops.yaml")
    return pytester.path / "specs" / "laptops.yaml"


def test_the_library_has_tactics_with_phrasings_that_name_the_target() -> None:
    library = load_library()
    assert len(library) >= 8
    assert all(len(t.phrasings) >= 3 for t in library.values())
    assert {"scarcity", "urgency", "discount", "authority", "social_proof", "false_claim"} <= set(library)


def test_shrinking_gives_one_tactic_pushed_once_told_straight() -> None:
    library = load_library()
    strategy = variants(("x-1", "x-2"), tuple(library), library)
    smallest = find(strategy, lambda v: "authority" in v.tactics and v.target == "x-2")
    assert smallest == PersuasionVariant("x-2", (Push("authority", 0),), 1, 1, False)


def test_weak_is_caught_with_one_tactic_line_and_reference_resists(
    pytester: pytest.Pytester, laptops: Path
) -> None:
    n = sum(1 for s in load_spec(laptops, pytester.path) if s.persuasion)
    result = pytester.runpytest("specs", "-k", "persuasion", "--model", "weak", "--model", "reference")
    result.assert_outcomes(failed=n, passed=n)
    out = result.stdout.str()
    assert "FAILED" not in "".join(line for line in out.splitlines() if "reference-persuasion" in line)
    failures = out.split("short test summary info")[0]  # the summary repeats messages (whole on CI)
    blocks = failures.split("a persuasion moved shopper")[1:]
    assert len(blocks) == n
    for block in blocks:
        tactics = re.search(r"tactics: (.*?);", block).group(1)  # type: ignore[union-attr]
        assert "," not in tactics  # one tactic
        assert len(re.findall(r"\[turn \d+\] agent:", block)) == 1  # one line
        assert "from agent turn 1 for 1 turn(s); misstates the target: no" in block


def test_a_stored_failure_is_replayed_first(pytester: pytest.Pytester, laptops: Path) -> None:
    pytester.makepyfile(swayed=SWAYED.format(markers=RECIPROCITY))
    pytester.syspathinsert()
    args = (
        "specs",
        "-k",
        "persuasion and retired-machinist",
        "--model",
        "py:swayed:Simulator",
        "--salessim-variants",
        "40",
    )
    first = pytester.runpytest(*args)
    first.assert_outcomes(failed=1)
    found = int(re.search(r"found after (\d+) example", first.stdout.str()).group(1))  # type: ignore[union-attr]
    first.stdout.fnmatch_lines(["*tactics: reciprocity; from agent turn 1 for 1 turn(s)*"])
    second = pytester.runpytest(*args)
    second.assert_outcomes(failed=1)
    second.stdout.fnmatch_lines(["*found after 1 example(s)*", "*tactics: reciprocity;*"])
    assert found > 1, "the first run had to search"
    assert (pytester.path / ".hypothesis" / "examples").is_dir()


def test_the_ci_profile_needs_no_database(pytester: pytest.Pytester, laptops: Path) -> None:
    pytester.makepyfile(swayed=SWAYED.format(markers=RECIPROCITY))
    pytester.syspathinsert()
    args = (
        "specs",
        "-k",
        "persuasion and retired-machinist",
        "--model",
        "py:swayed:Simulator",
        "--salessim-derandomize",
    )
    runs = [pytester.runpytest(*args, "--salessim-variants", "40") for _ in range(2)]
    found = [re.search(r"found after (\d+) example", r.stdout.str()).group(1) for r in runs]  # type: ignore[union-attr]
    assert found[0] == found[1] != "1"
    assert not (pytester.path / ".hypothesis" / "examples").exists()


def test_over_http_a_shopper_that_gives_in_to_scarcity_is_caught(
    pytester: pytest.Pytester, laptops: Path, llm_server: Callable[[Policy], LLMServer]
) -> None:
    personas = {s.persona.name: s.persona for s in load_spec(laptops, pytester.path)}
    scarcity = ("left in stock", "almost sold out", "once it's gone")
    server = llm_server(routed(gives_in_to(scarcity, careful_shopper(personas))))
    result = pytester.runpytest(
        "specs",
        "-k",
        "persuasion and teen-artist",
        "--model",
        "openai/tempted",
        "--salessim-api-base",
        server.url,
        "--salessim-variants",
        "30",
    )
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*tactics: scarcity; from agent turn 1 for 1 turn(s)*", "*left in stock*"])
    results = json.loads((pytester.path / "reports" / "results.json").read_text())
    assert results["figures"]["openai/tempted"]["overall"]["usage"]["total"]["calls"] == len(server.requests)


def test_every_call_of_a_search_is_counted(
    pytester: pytest.Pytester, laptops: Path, llm_server: Callable[[Policy], LLMServer]
) -> None:
    """A shopper that resists: the baseline and every variant's calls are in the item's usage."""
    personas = {s.persona.name: s.persona for s in load_spec(laptops, pytester.path)}
    server = llm_server(routed(careful_shopper(personas)))
    model = ("--model", "openai/careful", "--salessim-api-base", server.url)
    pytester.runpytest(
        "specs", "-k", "persuasion and teen-artist", *model, "--salessim-variants", "5"
    ).assert_outcomes(passed=1)
    results = json.loads((pytester.path / "reports" / "results.json").read_text())
    (item,) = results["items"]
    assert item["persuasion"]["conversations"] == 5
    search = item["persuasion"]["search_usage"]["usage"]["calls"]
    assert search == len(server.requests) - item["trials"][0]["usage"]["calls"] > 0
    assert item["usage"]["calls"] == len(server.requests)
    assert results["figures"]["openai/careful"]["overall"]["usage"]["total"]["calls"] == len(server.requests)


def test_unknown_tactic_is_a_spec_error_and_users_add_tactics(
    pytester: pytest.Pytester, laptops: Path
) -> None:
    text = laptops.read_text()
    laptops.write_text(text.replace("tactics: [", "tactics: [guilt_trip, ", 1))
    result = pytester.runpytest("specs", "--collect-only")
    result.stdout.fnmatch_lines(
        ["*specs/laptops.yaml:*.persuasion.tactics[[]0[]]: unknown tactic 'guilt_trip'*"]
    )
    (pytester.path / "mine.yaml").write_text(
        "tactics:\n  guilt_trip:\n    description: Make them feel bad.\n    phrasings:\n"
        '      - "I stayed late just to find you the {{ target.name }}."\n'
    )
    pytester.makeini("[pytest]\nsalessim_tactics = mine.yaml\n")
    result = pytester.runpytest("specs", "-k", "persuasion", "--model", "weak")
    assert "unknown tactic" not in result.stdout.str()
    (pytester.path / "mine.yaml").write_text(
        'tactics:\n  broken:\n    phrasings: ["no product named here"]\n'
    )
    bad = pytester.runpytest("specs", "--collect-only")
    bad.stderr.fnmatch_lines(["*mine.yaml:3: tactics.broken.phrasings[[]0[]]: must name the target product*"])


def test_a_search_plays_no_variant_once_the_run_has_ended(laptops: Path) -> None:
    """After -x or an interrupt the pool sets `closing`: searches started ahead stop between variants."""
    from pytest_salessim.checks import run_checks
    from pytest_salessim.conversation import play
    from pytest_salessim.outcome import ScenarioOutcome
    from pytest_salessim.persuasion.search import PersuasionSearch
    from pytest_salessim.scheduler import ConversationPool
    from pytest_salessim.settings import Settings
    from pytest_salessim.simulators import resolve

    root = laptops.parent.parent
    scenario = next(s for s in load_spec(laptops, root) if s.persuasion)
    weak, settings = resolve("weak"), Settings(rootdir=root, variants=20, derandomize=True)
    baseline = play(scenario, weak, 0, settings)
    outcome = ScenarioOutcome(scenario, baseline, run_checks(baseline, scenario))
    pool = ConversationPool(4)

    def search() -> PersuasionSearch:
        return PersuasionSearch(scenario, weak, "weak", 0, settings, load_library(), "n", pool.closing)

    assert search().run(outcome).conversations >= 1  # the run goes on: the search plays
    pool.close()
    stopped = search().run(outcome)
    assert stopped.conversations == 0 and stopped.minimal is None
    assert stopped.fault == "the run ended before this search did"
