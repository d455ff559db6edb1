"""Record and replay of model calls, so that CI runs for free and gives the same answers every time.

One readable JSON file per request, named by the sha256 of the request's canonical JSON: the model
name, the messages, the tools and the parameters that change the answer. Never the API key, the
API base or any header: those are not part of the key and are never written. Modes as vcrpy's:
`replay` never calls a model, `new` records only what is missing, `all` records afresh.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

RecordMode = Literal["off", "replay", "new", "all"]
MODES: tuple[RecordMode, ...] = ("off", "replay", "new", "all")
FORMAT = 1
# Request parameters that change the answer; anything else (keys, headers, timeouts) stays out.
ANSWER_PARAMS = frozenset(
    {
        "temperature",
        "top_p",
        "top_k",
        "max_tokens",
        "max_completion_tokens",
        "seed",
        "stop",
        "n",
        "presence_penalty",
        "frequency_penalty",
        "logit_bias",
        "response_format",
        "tool_choice",
        "parallel_tool_calls",
        "reasoning_effort",
        "thinking",
    }
)

_scenario: ContextVar[str | None] = ContextVar("salessim_scenario", default=None)


@contextmanager
def conversation_of(scenario: str) -> Iterator[None]:
    """Name the scenario whose conversation makes the model calls inside, for a missing recording."""
    token = _scenario.set(scenario)
    try:
        yield
    finally:
        _scenario.reset(token)


@dataclass(frozen=True)
class ModelRequest:
    """What decides a model's answer, as recorded."""

    model: str
    messages: list[dict[str, Any]]
    tools: list[dict[str, Any]] | None
    params: Mapping[str, Any]

    @classmethod
    def of(
        cls,
        model: str,
        messages: list[dict[str, Any]],
        tools: list[dict[str, Any]] | None,
        extra: Mapping[str, Any],
    ) -> ModelRequest:
        params = {k: v for k, v in extra.items() if k in ANSWER_PARAMS}
        return cls(model, messages, tools or None, params)

    def summary(self) -> dict[str, Any]:
        params = dict(self.params)
        return {"model": self.model, "messages": self.messages, "tools": self.tools, "params": params}

    def key(self) -> str:
        canonical = json.dumps(self.summary(), sort_keys=True, separators=(",", ":"), default=str)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Recordings:
    """A directory of recorded model calls, used in one of the modes."""

    directory: Path
    mode: RecordMode

    @property
    def replays(self) -> bool:
        return self.mode in ("replay", "new")

    @property
    def records(self) -> bool:
        return self.mode in ("new", "all")

    def path(self, request: ModelRequest) -> Path:
        folder = re.sub(r"[^A-Za-z0-9._-]+", "_", request.model).strip("_") or "model"
        return self.directory / folder / f"{request.key()}.json"

    def load(self, request: ModelRequest) -> dict[str, Any] | None:
        """The recorded answer: {"message": {content, tool_calls}, "usage": {...}}, or None."""
        try:
            data = json.loads(self.path(request).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        response = data.get("response") if isinstance(data, dict) else None
        if not isinstance(response, dict):
            return None  # not a recording of ours: a miss, not a crash
        message = response.get("message")
        if not isinstance(message, dict) or not isinstance(message.get("tool_calls", []), list):
            return None
        return {
            "message": {"content": message.get("content") or "", "tool_calls": message.get("tool_calls", [])},
            "usage": response.get("usage"),
        }

    def save(self, request: ModelRequest, message: dict[str, Any], usage: dict[str, Any]) -> Path:
        """Write atomically: a temporary file in the same folder, then renamed over (safe under -n 4)."""
        path = self.path(request)
        document = {
            "salessim_recording": FORMAT,
            "key": request.key(),
            "request": request.summary(),
            "response": {"message": message, "usage": usage},
        }
        text = json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False, default=str) + "\n"
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return path

    def missing(self, request: ModelRequest) -> str:
        """Why a replay cannot go on: which scenario, which model, which file, and what to do."""
        scenario = _scenario.get()
        where = f"scenario {scenario!r}, " if scenario else ""
        return (
            f"no recording for {where}model {request.model} in {self.directory} "
            f"(request {request.key()[:12]}: the persona, prompt, agent or model changed, or it was "
            "never recorded); run with --salessim-record new to record it"
        )
