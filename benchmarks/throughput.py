"""How close LLM runs come to the limit: (model calls x latency) / concurrency.

Starts a local OpenAI-compatible server with a set latency, runs 100 conversations of the shipped
specs through the plugin (50 scenarios x --salessim-repeat 2) at concurrency 16 and 1, and prints
model calls, wall time, the ideal time, their ratio, the speed-up, peak memory, the cost per model
call at zero latency (ours against raw litellm's), and two Router deployments against one.

    python benchmarks/throughput.py [--latency 0.2] [--skip-serial]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pytest_salessim.spec import load_spec  # noqa: E402
from tests.llm_policies import careful_shopper, routed  # noqa: E402
from tests.llm_server import LLMServer  # noqa: E402

SPECS = [str(p.relative_to(ROOT)) for p in sorted((ROOT / "specs").glob("*.yaml"))]  # the 50 hand-written
ENV = {**os.environ, "LITELLM_OFFLINE_MODE": "true"}


def start(latency: float, cap: int | None = None) -> LLMServer:
    scenarios = [s for f in sorted((ROOT / "specs").glob("*.yaml")) for s in load_spec(f, ROOT)]
    server = LLMServer(routed(careful_shopper({s.persona.name: s.persona for s in scenarios})))
    server.latency = latency
    if cap is not None:
        server.cap = threading.Semaphore(cap)
    return server.start()


def run(args: list[str]) -> dict[str, float]:
    """One pytest process: wall time, CPU time and peak memory (of that process alone)."""
    out = tempfile.TemporaryFile("w+")  # noqa: SIM115 - read back after os.wait4, closed below
    started = time.perf_counter()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pytest",
            *SPECS,
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:randomly",
            "--salessim-report",
            tempfile.mkdtemp(),
            *args,
        ],
        cwd=ROOT,
        env=ENV,
        stdout=out,
        stderr=subprocess.STDOUT,
        text=True,
    )
    _, status, usage = os.wait4(proc.pid, 0)  # this child's own usage, not the children's maximum
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    out.seek(0)
    text = out.read()
    out.close()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"pytest failed ({proc.returncode}):\n{text[-4000:]}")
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "peak_mb": usage.ru_maxrss / 1024,
        "tail": text.strip().splitlines()[-1],
    }


def steady_rate(requests: list[dict[str, Any]]) -> float:
    """Calls per second at the servers while the middle 80% of the calls arrived: the run's first
    conversations starting and its last ones finishing (fewer left than slots) taken off."""
    arrivals = sorted(r["at"] for r in requests)
    first, last = len(arrivals) // 10, len(arrivals) * 9 // 10
    return (last - first) / (arrivals[last] - arrivals[first])


def plugin_run(
    server: LLMServer, model: str, concurrency: int, *extra: str, one: bool = False
) -> dict[str, float]:
    server.requests.clear()
    select = (
        ["-k", "writer-on-a-tight-budget or night-nurse-pen-notes and not persuasion"]
        if one
        else ["-k", "not persuasion", "--salessim-repeat", "2"]
    )
    result = run(
        [
            "--model",
            model,
            "--salessim-api-base",
            server.url,
            "--salessim-concurrency",
            str(concurrency),
            *select,
            *extra,
        ]
    )
    result["calls"] = len(server.requests)
    return result


RAW = """
import asyncio, json, os, sys, time
os.environ["LITELLM_OFFLINE_MODE"] = "true"
import litellm
litellm.suppress_debug_info = True
url, path, concurrency = sys.argv[1], sys.argv[2], int(sys.argv[3])
requests = json.load(open(path))
async def call(body, slots):
    async with slots:
        await litellm.acompletion(model="openai/" + body["model"], messages=body["messages"],
                                  tools=body.get("tools"), api_base=url, api_key="x", num_retries=0)
async def main():
    slots = asyncio.Semaphore(concurrency)
    await call(requests[0], slots)  # warm: clients made, first-call work done
    start = time.process_time()
    await asyncio.gather(*(call(body, slots) for body in requests))
    return (time.process_time() - start) / len(requests) * 1000
print(json.dumps({"cpu_per_call_ms": asyncio.run(main())}))
"""


def raw_litellm_cost(server: LLMServer, requests: list[dict[str, object]], concurrency: int) -> float:
    """Raw litellm.acompletion, `concurrency` at a time, on the very requests the plugin sent."""
    path = Path(tempfile.mkdtemp()) / "requests.json"
    path.write_text(json.dumps([r["body"] for r in requests]))
    out = subprocess.run(
        [sys.executable, "-c", RAW, server.url, str(path), str(concurrency)],
        env=ENV,
        capture_output=True,
        text=True,
    )
    return float(json.loads(out.stdout.strip().splitlines()[-1])["cpu_per_call_ms"])


def per_call(one: dict[str, float], many: dict[str, float], calls: float) -> float:
    """CPU milliseconds per model call: the many-item run over the one-item run (start-up taken off)."""
    return (many["cpu"] - one["cpu"]) / calls * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--skip-serial", action="store_true", help="skip the slow concurrency-1 run")
    options = parser.parse_args()
    latency, concurrency = options.latency, options.concurrency

    server = start(latency)
    one = plugin_run(server, "openai/careful", concurrency, one=True)
    many = plugin_run(server, "openai/careful", concurrency)
    ideal = one["wall"] + many["calls"] * latency / concurrency
    print(f"latency {latency * 1000:.0f} ms, concurrency {concurrency}: {many['tail']}")
    print(f"  one-conversation run: {one['wall']:.2f} s ({one['calls']} calls)")
    print(
        f"  model calls {many['calls']}, wall {many['wall']:.2f} s, ideal {ideal:.2f} s, "
        f"wall / ideal = {many['wall'] / ideal:.3f}"
    )
    print(f"  peak memory of the pytest process: {many['peak_mb']:.0f} MB")
    startup = one["wall"] - one["calls"] * latency  # the fixed cost: start-up and one conversation's own work
    if not options.skip_serial:
        serial = plugin_run(server, "openai/careful", 1)
        speedup = (serial["wall"] - startup) / (many["wall"] - startup)
        print(
            f"  concurrency 1: wall {serial['wall']:.2f} s; "
            f"speed-up with start-up taken off both: {speedup:.1f}x"
        )
    server.stop()

    # Zero latency: what a model call costs us. Each figure is the median of three runs (2 cores, noisy).
    zero = start(0.0)
    cache = tempfile.mkdtemp()  # the same calls, recorded, to replay without litellm or network
    record = ("--salessim-cache", cache, "--salessim-record", "all", "--salessim-vision", "off")
    replay = ("--salessim-cache", cache, "--salessim-record", "replay", "--salessim-vision", "off")
    plugin_run(zero, "openai/careful", concurrency, *record, one=True)
    plugin_run(zero, "openai/careful", concurrency, *record)
    whole, raw, own = [], [], []
    for _ in range(3):
        one0 = plugin_run(zero, "openai/careful", concurrency, one=True)
        many0 = plugin_run(zero, "openai/careful", concurrency)
        calls = many0["calls"] - one0["calls"]
        whole.append(per_call(one0, many0, calls))
        raw.append(raw_litellm_cost(zero, list(zero.requests), concurrency))
        own.append(
            per_call(
                plugin_run(zero, "openai/careful", concurrency, *replay, one=True),
                plugin_run(zero, "openai/careful", concurrency, *replay),
                calls,
            )
        )
    whole_ms, raw_ms, own_ms = (statistics.median(x) for x in (whole, raw, own))
    print(
        f"zero latency, {many0['calls']} calls, median of 3: "
        f"our whole cost per model call {whole_ms:.2f} ms CPU; "
        f"raw litellm.acompletion on the same requests ({concurrency} at a time) {raw_ms:.2f} ms; "
        f"our own code per call, on a replay of the same calls (no litellm, no network) {own_ms:.2f} ms"
    )
    zero.stop()

    cap = 4
    servers = [start(latency, cap), start(latency, cap)]
    config = Path(tempfile.mkdtemp()) / "router.yaml"
    deployments = [
        {
            "model_name": "shopper",
            "litellm_params": {"model": "openai/careful", "api_base": s.url, "max_parallel_requests": cap},
        }
        for s in servers
    ]
    config.write_text(json.dumps({"model_list": deployments}))
    router_args = [
        "--model",
        "shopper",
        "--salessim-model-config",
        str(config),
        "--salessim-concurrency",
        "16",
    ]
    router_args += ["-k", "not persuasion", "--salessim-repeat", "2"]
    for s in servers:
        s.requests.clear()
    two = run(router_args)
    calls_two = sum(len(s.requests) for s in servers)
    split = f"{len(servers[0].requests)}/{len(servers[1].requests)}"
    steady_two = steady_rate([r for s in servers for r in s.requests])
    config.write_text(json.dumps({"model_list": deployments[:1]}))
    servers[0].requests.clear()
    single = run(router_args)
    calls_one = len(servers[0].requests)
    steady_one = steady_rate(servers[0].requests)
    gain = (calls_two / (two["wall"] - startup)) / (calls_one / (single["wall"] - startup))
    print(
        f"Router, servers capped at {cap} requests at once: one deployment {calls_one} calls in "
        f"{single['wall']:.2f} s; two deployments {calls_two} calls in {two['wall']:.2f} s (split {split}); "
        f"throughput with start-up taken off both: x{gain:.2f}; steady throughput (calls per second "
        f"while the middle 80% arrived): {steady_one:.1f} against {steady_two:.1f}, "
        f"x{steady_two / steady_one:.2f}"
    )
    for s in servers:
        s.stop()


if __name__ == "__main__":
    main()
