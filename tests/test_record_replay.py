"""--salessim-cache / --salessim-record: a recorded run replays with no model server at all."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from pytest_salessim.spec import load_spec

from .conftest import NO_FIT, WRITER, spec_text
from .llm_policies import careful_shopper, gives_in_to, pushover_shopper, routed
from .llm_server import LLMServer, Policy

Start = Callable[[Policy], LLMServer]
FAKE_KEY = "sk-fake-SALESSIM-secret-4242"
REPO = Path(__file__).parent.parent


@pytest.fixture
def project(store: Path) -> Path:
    (store / "laptops.yaml").write_text(spec_text(WRITER, NO_FIT))
    return store


def careful(specs: Path) -> Policy:
    personas = {s.persona.name: s.persona for s in load_spec(specs / "laptops.yaml", specs.parent)}
    return routed(careful_shopper(personas))


def run(pytester: pytest.Pytester, server: LLMServer, mode: str, *args: str) -> pytest.RunResult:
    return pytester.runpytest(
        "specs",
        "--model",
        "openai/shopper",
        "--salessim-api-base",
        server.url,
        "--salessim-retries",
        "0",
        "--salessim-cache",
        "recordings",
        "--salessim-record",
        mode,
        *args,
    )


def outcomes(pytester: pytest.Pytester) -> tuple[list[tuple[str, bool]], dict[str, float]]:
    results = json.loads((pytester.path / "reports" / "results.json").read_text())
    items = [(i["nodeid"], i["passed"]) for i in results["items"]]
    return items, results["figures"]["openai/shopper"]["overall"]["usage"]["total"]


def test_a_replay_calls_no_model_and_gives_the_recorded_results(
    pytester: pytest.Pytester, project: Path, llm_server: Start, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", FAKE_KEY)
    recorder = llm_server(careful(project))
    run(pytester, recorder, "new").assert_outcomes(passed=2)
    assert recorder.requests
    assert all(FAKE_KEY in str(r["headers"]) for r in recorder.requests)  # the key was sent
    recorded, recorded_usage = outcomes(pytester)
    files = sorted((pytester.path / "recordings").rglob("*.json"))
    assert len(files) == len(recorder.requests)  # one file per distinct request
    entry = json.loads(files[0].read_text())
    assert set(entry) == {"salessim_recording", "key", "request", "response"}
    assert entry["request"]["model"] == "openai/shopper"
    assert entry["request"]["messages"][0]["role"] == "system"
    assert files[0].read_text() == json.dumps(entry, sort_keys=True, indent=2, ensure_ascii=False) + "\n"

    # the replay points at a server that would answer as a pushover: it is never asked
    idle = llm_server(routed(pushover_shopper))
    run(pytester, idle, "replay").assert_outcomes(passed=2)
    assert len(idle.requests) == 0
    assert outcomes(pytester) == (recorded, recorded_usage)  # tokens and cost as recorded
    results = json.loads((pytester.path / "reports" / "results.json").read_text())
    assert results["settings"]["record"] == "replay"  # a reader can tell the calls were replayed
    assert recorded_usage["calls"] == len(recorder.requests) and recorded_usage["tokens"] > 0

    # as in CI: no server, no key
    monkeypatch.delenv("OPENAI_API_KEY")
    bare = (
        "specs",
        "--model",
        "openai/shopper",
        "--salessim-cache",
        "recordings",
        "--salessim-record",
        "replay",
    )
    pytester.runpytest(*bare).assert_outcomes(passed=2)
    assert outcomes(pytester) == (recorded, recorded_usage)

    # `new` records only what is missing: nothing is
    run(pytester, idle, "new").assert_outcomes(passed=2)
    assert len(idle.requests) == 0

    # no key, no auth header anywhere in what the runs wrote
    written = [p for p in pytester.path.rglob("*") if p.is_file() and "specs" not in p.parts]
    assert any(p.parent.name == "reports" for p in written)
    for path in written:
        text = path.read_text(errors="replace")
        assert FAKE_KEY not in text and "authorization" not in text.lower() and "api_key" not in text, path


def test_a_changed_persona_misses_and_says_which_scenario_and_model(
    pytester: pytest.Pytester, project: Path, llm_server: Start
) -> None:
    server = llm_server(careful(project))
    run(pytester, server, "new").assert_outcomes(passed=2)
    asked = len(server.requests)
    spec = project / "laptops.yaml"
    spec.write_text(spec.read_text().replace("Freelance writer.", "Freelance novelist."))
    result = run(pytester, server, "replay")
    result.assert_outcomes(passed=1, errors=1)
    assert len(server.requests) == asked
    result.stdout.fnmatch_lines(
        ["*no recording for scenario 'writer', model openai/shopper in *recordings*--salessim-record new*"]
    )
    # `all` records afresh: every call goes to the model again
    run(pytester, server, "all").assert_outcomes(passed=2)
    assert len(server.requests) == 2 * asked


def test_a_record_mode_needs_a_cache_directory(pytester: pytest.Pytester, project: Path) -> None:
    result = pytester.runpytest("specs", "--salessim-record", "replay")
    result.stderr.fnmatch_lines(["*--salessim-record replay needs --salessim-cache DIR*"])
    result = pytester.runpytest("specs", "--salessim-cache", "x", "--salessim-record", "once")
    result.stderr.fnmatch_lines(["*--salessim-record must be one of off, replay, new, all*"])


def test_under_xdist_a_replay_with_a_baseline_of_known_failures_passes(
    pytester: pytest.Pytester, project: Path, llm_server: Start
) -> None:
    pushover = llm_server(routed(pushover_shopper))
    offline = ("--salessim-vision", "off")  # a replay then never imports litellm: the workers start fast
    recorded = run(pytester, pushover, "new", *offline, "--salessim-save-baseline", "baseline.json")
    recorded.assert_outcomes(failed=2)
    asked = len(pushover.requests)
    assert len(list((pytester.path / "recordings").rglob("*.json"))) == asked
    assert not list((pytester.path / "recordings").rglob(".*.tmp"))

    replayed = run(pytester, pushover, "replay", *offline, "-n", "2", "--salessim-baseline", "baseline.json")
    assert len(pushover.requests) == asked  # not one more
    assert replayed.ret == pytest.ExitCode.OK
    replayed.assert_outcomes(xfailed=2)
    replayed.stdout.fnmatch_lines(["baseline gate passed (against baseline.json)", "  known failure: *"])


def test_persuasion_items_replay_with_the_ci_profile(pytester: pytest.Pytester, llm_server: Start) -> None:
    """With --salessim-derandomize the same variants are asked, so they replay: the same flips."""
    shutil.copytree(REPO / "fixtures", pytester.path / "fixtures")
    (pytester.path / "specs").mkdir()
    shutil.copy(REPO / "specs" / "laptops.yaml", pytester.path / "specs" / "laptops.yaml")
    personas = {
        s.persona.name: s.persona for s in load_spec(pytester.path / "specs" / "laptops.yaml", pytester.path)
    }
    server = llm_server(routed(gives_in_to(("left in stock", "almost sold out"), careful_shopper(personas))))
    args = ("-k", "persuasion and teen-artist", "--salessim-variants", "10", "--salessim-derandomize")
    run(pytester, server, "new", *args).assert_outcomes(failed=1)
    recorded, asked = outcomes(pytester), len(server.requests)
    replayed = run(pytester, server, "replay", *args)
    replayed.assert_outcomes(failed=1)
    replayed.stdout.fnmatch_lines(["*tactics: scarcity;*"])
    assert len(server.requests) == asked and outcomes(pytester) == recorded
