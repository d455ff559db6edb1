"""Scenarios and transcripts built by hand, for tests of pure functions."""

from __future__ import annotations

from pathlib import Path

from pytest_salessim.spec import Scenario, load_spec
from pytest_salessim.transcript import Decision, ToolCall, ToolResult, Transcript, Turn

from .conftest import AGENT, CATALOG, NO_FIT, WRITER, spec_text


def scenarios(tmp_path: Path, *bodies: str, agent: str = AGENT) -> dict[str, Scenario]:
    """Load scenarios written as in a spec file, against the shared laptop catalog."""
    (tmp_path / "fixtures").mkdir(exist_ok=True)
    (tmp_path / "fixtures" / "laptops.yaml").write_text(CATALOG)
    (tmp_path / "specs").mkdir(exist_ok=True)
    path = tmp_path / "specs" / "laptops.yaml"
    path.write_text(spec_text(*(bodies or (WRITER, NO_FIT)), agent=agent))
    return {s.id: s for s in load_spec(path, tmp_path)}


def agent(text: str, *card_ids: str) -> Turn:
    return Turn("agent", text, tuple({"id": i, "name": i, "price": 1.0, "image": None} for i in card_ids))


def shopper(text: str = "", *calls: tuple[str, dict[str, str]], seen: tuple[str, ...] = ()) -> Turn:
    results = tuple(ToolResult(ToolCall(name, args), {}, None, seen) for name, args in calls)
    return Turn("shopper", text, (), results)


def transcript(decision: Decision, *turns: Turn) -> Transcript:
    return Transcript("writer", "test", 0, turns, decision, 0.0)


def bought(product_id: str, *turns: Turn, hallucinated: bool = False) -> Transcript:
    last = shopper("I'll take it.", ("add_to_cart", {"product_id": product_id}))
    return transcript(Decision("purchase", product_id, hallucinated=hallucinated), *turns, last)


def left(*turns: Turn) -> Transcript:
    return transcript(
        Decision("no_purchase", reason="nothing fits"),
        *turns,
        shopper("Bye.", ("end_conversation", {"reason": "no"})),
    )
