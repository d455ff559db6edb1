"""What an LLM judge adds to a run: judge calls per conversation and how close the run stays to the limit.

Starts a local OpenAI-compatible server with a set latency that plays both the shopper (the careful
shopper of tests/llm_policies.py) and the judge (the rule judge of tests/judge_policies.py), runs 100
conversations of the shipped specs (50 scenarios x --salessim-repeat 2) at concurrency 16 with
`--salessim-judge-model` at 3 votes, and prints judge calls per conversation (dimensions x votes) and
wall / (one-conversation run + all calls x latency / concurrency), which should stay at most 1.15:
judge calls take the run's slots, ahead of conversations not started, so they fill the same slots
the conversations do. The same run without a judge is printed beside it.

    python benchmarks/judge.py [--latency 0.2] [--votes 3] [--concurrency 16]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from throughput import run  # noqa: E402

from pytest_salessim.spec import load_spec  # noqa: E402
from tests.judge_policies import by_model, rule_judge  # noqa: E402
from tests.llm_policies import careful_shopper, routed  # noqa: E402
from tests.llm_server import LLMServer  # noqa: E402

ONE = ["-k", "writer-on-a-tight-budget or night-nurse-pen-notes and not persuasion"]
MANY = ["-k", "not persuasion", "--salessim-repeat", "2"]


def start(latency: float) -> LLMServer:
    scenarios = [s for f in sorted((ROOT / "specs").glob("*.yaml")) for s in load_spec(f, ROOT)]
    shopper = routed(careful_shopper({s.persona.name: s.persona for s in scenarios}))
    judge = rule_judge({s.persona.name: s for s in scenarios})
    server = LLMServer(by_model({"judge": judge}, shopper))
    server.latency = latency
    return server.start()


def judged_run(server: LLMServer, concurrency: int, select: list[str], *extra: str) -> dict[str, float]:
    server.requests.clear()
    report = tempfile.mkdtemp()
    args = ["--model", "openai/careful", "--salessim-api-base", server.url]
    args += ["--salessim-concurrency", str(concurrency), *select, *extra]
    result = run([*args, "--salessim-report", report])
    lines = (Path(report) / "transcripts.jsonl").read_text().splitlines()
    result["conversations"] = len(lines)
    result["calls"] = len(server.requests)
    result["judge_calls"] = sum(1 for r in server.requests if r["body"]["model"] == "judge")
    result["dimensions"] = sum(
        len({(j["dimension"], j["aspect"]) for j in json.loads(line)["transcript"]["judgements"] or []})
        for line in lines
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--votes", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=16)
    options = parser.parse_args()
    latency, concurrency = options.latency, options.concurrency
    judge = ["--salessim-judge-model", "openai/judge", "--salessim-judge-votes", str(options.votes)]

    server = start(latency)
    print(f"latency {latency * 1000:.0f} ms, concurrency {concurrency}, {options.votes} votes")
    for label, extra in (("without a judge", []), ("with a judge", judge)):
        one = judged_run(server, concurrency, ONE, *extra)
        many = judged_run(server, concurrency, MANY, *extra)
        ideal = one["wall"] + many["calls"] * latency / concurrency
        print(f"{label}: {many['tail']}")
        print(f"  one-conversation run: {one['wall']:.2f} s ({one['calls']} calls)")
        if many["judge_calls"]:
            per = many["judge_calls"] / many["conversations"]
            questions = many["dimensions"] / many["conversations"]
            print(
                f"  judge calls per conversation: {per:.1f} ({questions:.1f} questions x "
                f"{options.votes} votes); {many['judge_calls']} of {many['calls']} calls"
            )
        print(
            f"  {many['conversations']} conversations, model calls {many['calls']}, "
            f"wall {many['wall']:.2f} s, ideal {ideal:.2f} s, wall / ideal = {many['wall'] / ideal:.3f}"
        )
    server.stop()


if __name__ == "__main__":
    main()
