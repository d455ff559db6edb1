"""The recordings' keys and files, without a model."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from pytest_salessim.cache import ModelRequest, Recordings, conversation_of

MESSAGES = [{"role": "system", "content": "You are Emily."}, {"role": "user", "content": "Hello"}]
TOOLS = [{"name": "end_conversation", "parameters": {"type": "object", "properties": {}}}]


def test_the_key_covers_what_decides_the_answer_and_nothing_else() -> None:
    key = ModelRequest.of("openai/m", MESSAGES, TOOLS, {}).key()
    secrets = {"api_key": "sk-x", "api_base": "http://h", "extra_headers": {"Authorization": "Bearer y"}}
    assert ModelRequest.of("openai/m", MESSAGES, TOOLS, {**secrets, "timeout": 3}).key() == key
    reordered = [{"content": m["content"], "role": m["role"]} for m in MESSAGES]
    assert ModelRequest.of("openai/m", reordered, TOOLS, {}).key() == key  # canonical JSON
    changed = [MESSAGES[0], {"role": "user", "content": "Hello!"}]
    assert (
        len(
            {
                key,
                ModelRequest.of("openai/other", MESSAGES, TOOLS, {}).key(),
                ModelRequest.of("openai/m", changed, TOOLS, {}).key(),
                ModelRequest.of("openai/m", MESSAGES, None, {}).key(),
                ModelRequest.of("openai/m", MESSAGES, TOOLS, {"temperature": 0.5}).key(),
            }
        )
        == 5
    )


def test_a_recording_is_readable_json_and_written_whole(tmp_path: Path) -> None:
    cache = Recordings(tmp_path, "new")
    request = ModelRequest.of("openai/m", MESSAGES, TOOLS, {"api_key": "sk-secret", "seed": 1})
    assert cache.load(request) is None
    message = {"content": "hi", "tool_calls": [{"id": "c1", "name": "end_conversation", "arguments": "{}"}]}
    path = cache.save(
        request, message, {"calls": 1, "prompt_tokens": 5, "completion_tokens": 2, "cost": 0.01}
    )
    assert path.parent == tmp_path / "openai_m" and path.name == request.key() + ".json"
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left
    text = path.read_text()
    assert "sk-secret" not in text and json.loads(text)["request"]["params"] == {"seed": 1}
    assert cache.load(request) == {"message": message, "usage": json.loads(text)["response"]["usage"]}
    path.write_text("{not json")
    assert cache.load(request) is None  # a broken file is a miss


def test_a_miss_names_the_scenario_and_the_model(tmp_path: Path) -> None:
    request = ModelRequest.of("openai/m", MESSAGES, TOOLS, {})
    with conversation_of("writer"):
        text = Recordings(tmp_path, "replay").missing(request)
    assert text.startswith(f"no recording for scenario 'writer', model openai/m in {tmp_path} ")
    assert text.endswith("run with --salessim-record new to record it")


def test_many_writers_of_one_recording_leave_one_whole_file(tmp_path: Path) -> None:
    """As -n 4 workers recording the same call: each rename is atomic, the last one wins whole."""
    cache = Recordings(tmp_path, "all")
    request = ModelRequest.of("openai/m", MESSAGES, TOOLS, {})
    usage = {"calls": 1, "prompt_tokens": 1, "completion_tokens": 1, "cost": 0.0}
    with ThreadPoolExecutor(8) as pool:
        list(
            pool.map(
                lambda i: cache.save(request, {"content": "x" * 10_000, "tool_calls": []}, usage), range(64)
            )
        )
    (path,) = (tmp_path / "openai_m").iterdir()
    assert cache.load(request) is not None and json.loads(path.read_text())["key"] == request.key()
