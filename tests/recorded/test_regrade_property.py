"""Property: a generated run, written as transcripts.jsonl and graded again, gives the same records
(outcomes, trials, checks, decisions, usage, judgements) and the same figures, to the last bit.

The runs are generated, not played: any turns, cards, tool results, decisions (hallucinated ones
too), timings, tokens, costs, judgements, repeats and models, through the package's own writer and
reader (plan, read, grade); no pytest run, no model.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pytest_salessim.checks import run_checks
from pytest_salessim.judge.verdicts import Judgement, Vote
from pytest_salessim.outcome import ItemResult, ScenarioOutcome
from pytest_salessim.recorded.grade import graded, read
from pytest_salessim.recorded.plan import plan
from pytest_salessim.recorded.scenarios import ScenarioIndex
from pytest_salessim.records import ItemRecord
from pytest_salessim.report.figures import run_figures
from pytest_salessim.report.json_report import ordered, transcript_lines, write_jsonl
from pytest_salessim.report.people import human_reference
from pytest_salessim.settings import Settings
from pytest_salessim.spec import Scenario
from pytest_salessim.transcript import Decision, ToolCall, ToolResult, Transcript, Turn, Usage

from ..conftest import CATALOG, NO_FIT, WRITER, spec_text

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)  # what JSON can carry
WORDS = st.sampled_from(["windows", "screen", "budget", "$500", "hi", "thanks", "laptop", "you know", "13"])
FLOATS = st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False)
IDS = ["acer-aspire-5", "dell-xps-13", "asus-tuf", "lenovo-chromebook"]
CARDS = st.lists(st.sampled_from(IDS), max_size=2, unique=True)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-1000, 1000) | FLOATS | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=6,
)


def usage() -> st.SearchStrategy[Usage]:
    return st.builds(Usage, st.integers(0, 50), st.integers(0, 10**6), st.integers(0, 10**6), FLOATS)


def said() -> st.SearchStrategy[str]:
    return st.one_of(TEXT, st.lists(WORDS, max_size=6).map(" ".join))


@st.composite
def tool_result(draw: st.DrawFn) -> ToolResult:
    call = ToolCall(
        draw(st.sampled_from(["search_products", "view_product", "nonsense"])),
        draw(JSON.filter(lambda v: isinstance(v, dict)) | st.just({})),
        draw(TEXT),
    )
    return ToolResult(call, draw(JSON), draw(st.none() | TEXT), tuple(draw(CARDS)))


@st.composite
def judgement(draw: st.DrawFn) -> Judgement:
    value = (
        st.none()
        | st.integers(0, 1)
        | st.sampled_from(["low", "neutral", "high"])
        | st.booleans()
        | st.tuples(st.integers(1, 3))
    )
    votes = tuple(
        draw(
            st.lists(st.builds(Vote, value, TEXT, st.tuples(st.integers(0, 9)), st.none() | TEXT), max_size=3)
        )
    )
    return Judgement(
        draw(st.sampled_from(["comprehension", "personality", "first_turn_disclosure", "criterion"])),
        votes,
        draw(value),
        draw(st.none() | st.sampled_from([0.0, 0.5, 1.0, 2.0])),
        draw(st.none() | FLOATS),
        draw(TEXT),
        tuple(draw(st.lists(st.integers(0, 9), max_size=2))),
        draw(TEXT),
        draw(st.none() | st.sampled_from(["low", "high"])),
        draw(st.none() | TEXT),
    )


@st.composite
def transcript(draw: st.DrawFn, scenario: Scenario, model: str) -> Transcript:
    turns = [Turn("agent", draw(said()), (), (), draw(FLOATS))]
    for _ in range(draw(st.integers(1, 5))):
        results = tuple(draw(st.lists(tool_result(), max_size=2)))
        turns.append(Turn("shopper", draw(said()), (), results, draw(FLOATS)))
        cards = tuple(p.card() for p in scenario.catalog.products if p.id in draw(CARDS))
        turns.append(Turn("agent", draw(said()), cards, (), draw(FLOATS)))
    kind = draw(st.sampled_from(["purchase", "no_purchase", "undecided"]))
    bought = draw(st.sampled_from([*IDS, "imaginary-laptop"])) if kind == "purchase" else None
    decision = Decision(
        kind, bought, draw(st.sampled_from(["", "too pricey", "empty_reply"])), bought == "imaginary-laptop"
    )
    judged = draw(st.booleans())
    return Transcript(
        scenario.id,
        model,
        draw(st.integers(0, 2**32 - 1)),
        tuple(turns),
        decision,
        draw(FLOATS),
        draw(usage()),
        draw(usage()),
        draw(usage()),
        tuple(draw(st.lists(TEXT, max_size=2))) if judged else None,
        tuple(draw(st.lists(judgement(), max_size=3))) if judged else None,
    )


def _without_nodeid(records: list[ItemRecord]) -> list[dict[str, Any]]:
    return [
        {k: v for k, v in r.items() if k != "nodeid"}
        for r in sorted(records, key=lambda r: r["nodeid"].split("::")[-1])
    ]


def test_regrading_a_generated_run_reproduces_its_records_and_figures(tmp_path: Path) -> None:
    (tmp_path / "fixtures").mkdir()
    (tmp_path / "fixtures" / "laptops.yaml").write_text(CATALOG)
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "laptops.yaml").write_text(spec_text(WRITER, NO_FIT))
    index = ScenarioIndex.load([tmp_path / "specs" / "laptops.yaml"], tmp_path, "specs/")
    scenarios = [found[0] for found in index.by_id.values()]
    reference = human_reference()

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.data())
    def regraded_alike(data: st.DataObject) -> None:
        models = data.draw(
            st.lists(st.sampled_from(["m1", "open/m-2", "claude"]), min_size=1, max_size=2, unique=True)
        )
        run = Settings(rootdir=tmp_path, min_pass_rate=data.draw(st.sampled_from([1.0, 0.5])))
        records: list[ItemRecord] = []
        for model in models:
            for scenario in data.draw(
                st.lists(st.sampled_from(scenarios), min_size=1, unique_by=lambda s: s.id)
            ):
                trials = data.draw(st.lists(transcript(scenario, model), min_size=1, max_size=3))
                outcomes = tuple(ScenarioOutcome(scenario, t, run_checks(t, scenario)) for t in trials)
                result = ItemResult(scenario, model, outcomes, run.min_pass_rate)
                records.append(
                    result.record(f"specs/laptops.yaml::{scenario.id}[{model}]", "specs/laptops.yaml")
                )
        path = tmp_path / "transcripts.jsonl"
        write_jsonl(path, transcript_lines(ordered(records, models), tmp_path))

        again: list[ItemRecord] = []
        for item in plan(path, index, "transcripts.jsonl"):
            assert item.error is None and item.scenario is not None and item.recording is not None
            found = read(item.recording, item.scenario, item.model)
            result = graded(found.transcripts, item.scenario, item.model, run, ())
            again.append(result.record(f"transcripts.jsonl::{item.name}", index.file_of(item.scenario)))
        assert _without_nodeid(again) == _without_nodeid(records)
        assert run_figures(again, models, reference) == run_figures(records, models, reference)

    regraded_alike()
