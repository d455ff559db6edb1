"""What --salessim-prompt-cache saves: 10-turn conversations with Claude over the local Messages API.

Starts the local test server (tests/llm_server.py), which speaks Anthropic's Messages API and plays
its prompt cache (tests/anthropic_cache.py: a marked prefix of at least 1,024 tokens, Sonnet's least,
is written the first time and read after), with a shopper that chats for seven turns before it
searches, views and decides (ten shopper turns). Runs the shipped specs' scenarios (`-k "not
persuasion"`) through the plugin as `anthropic/claude-sonnet-4-5` with the prompt cache on (auto)
and off, and prints the input tokens, the share read from and written to the cache, and the cost
at litellm's prices for that model (input $3, cache read $0.30, cache write $3.75 per million).

    python benchmarks/prompt_cache.py [--agent] [--model anthropic/claude-sonnet-4-5]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pytest_salessim.spec import load_spec  # noqa: E402
from tests.llm_policies import careful_shopper, routed  # noqa: E402
from tests.llm_server import LLMServer, Policy, Reply  # noqa: E402

SPECS = [str(p.relative_to(ROOT)) for p in sorted((ROOT / "specs").glob("*.yaml"))]  # the 50 hand-written
ENV = {**os.environ, "LITELLM_OFFLINE_MODE": "true"}
QUESTIONS = (
    "Hi! I'm looking around, not sure yet what I need.",
    "Hmm, what makes that one worth it?",
    "Is it good for everyday use, you know, nothing fancy?",
    "How long does it usually last?",
    "What do most people pick?",
    "And is there anything a bit different?",
    "Okay. Let me have a look myself.",
)


def chatty(shopper: Policy) -> Policy:
    """A shopper that asks seven questions before it browses and decides as `shopper` does."""

    def policy(body: dict[str, Any]) -> Reply:
        said = sum(m["role"] == "assistant" for m in body["messages"])
        if said < len(QUESTIONS):
            return {"content": QUESTIONS[said]}
        return shopper(body)

    return policy


def start() -> LLMServer:
    scenarios = [s for f in sorted((ROOT / "specs").glob("*.yaml")) for s in load_spec(f, ROOT)]
    return LLMServer(routed(chatty(careful_shopper({s.persona.name: s.persona for s in scenarios})))).start()


def run(server: LLMServer, model: str, mode: str, agent: bool) -> dict[str, Any]:
    """One pytest run; its figures from results.json and the server's count of the marks."""
    server.requests.clear()
    reports = Path(tempfile.mkdtemp())
    args = ["--model", model, "--salessim-api-base", server.url, "--salessim-prompt-cache", mode]
    args += ["--salessim-agent-model", model] if agent else []
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", *SPECS, "-q", "-p", "no:cacheprovider", "-k", "not persuasion"]
        + ["--salessim-report", str(reports), *args],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
    )
    if done.returncode not in (0, 1):
        raise SystemExit(f"pytest failed ({done.returncode}):\n{done.stdout[-4000:]}{done.stderr[-2000:]}")
    figures = json.loads((reports / "results.json").read_text())["figures"][model]["overall"]
    return {
        "wall": time.perf_counter() - started,
        "trials": figures["trials"],
        "turns": figures["shopper_turns"],
        "usage": figures["usage"]["total"],
        "marks": sum(r.get("cache_marks", 0) for r in server.requests),
        "calls": len(server.requests),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="anthropic/claude-sonnet-4-5")
    parser.add_argument("--agent", action="store_true", help="the sales agent is the same Claude model")
    options = parser.parse_args()
    server = start()
    cached = run(server, options.model, "auto", options.agent)
    plain = run(server, options.model, "off", options.agent)
    server.stop()
    usage = cached["usage"]
    prompt = usage["prompt_tokens"]
    who = "shopper and sales agent" if options.agent else "the shopper"
    print(
        f"{cached['trials']} conversations of {cached['turns']:.1f} shopper turns, "
        f"{cached['calls']} calls to {options.model} ({who})"
    )
    print(f"  input tokens: {prompt:,} (off: {plain['usage']['prompt_tokens']:,})")
    print(
        f"  prompt cache auto: {cached['marks']} marks; read from the cache {usage['cached_tokens']:,} "
        f"({usage['cached_tokens'] / prompt:.1%} of the input), written {usage['cache_creation_tokens']:,} "
        f"({usage['cache_creation_tokens'] / prompt:.1%})"
    )
    saving = 1 - usage["cost"] / plain["usage"]["cost"]
    print(
        f"  cost: ${usage['cost']:.4f} with the cache, ${plain['usage']['cost']:.4f} without "
        f"({saving:.0%} less); wall {cached['wall']:.1f} s and {plain['wall']:.1f} s"
    )


if __name__ == "__main__":
    main()
