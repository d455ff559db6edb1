"""The recordings' keys and files, without a model."""

from __future__ import annotations

import json
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
