"""One chat-completion call through litellm, retried with backoff; litellm is imported only here."""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from .transcript import Usage

PLACEHOLDER_KEY = "sk-salessim-local-no-key"
# litellm's pydantic models warn about their own typing when first used: not the user's concern
QUIET_WARNINGS = "ignore::UserWarning:pydantic.*"
RETRYABLE = (
    "RateLimitError",
    "InternalServerError",
    "ServiceUnavailableError",
    "BadGatewayError",
    "APIConnectionError",
    "Timeout",
    "APIError",
)


class ModelFault(Exception):
    """A model or network fault that outlasted the retries: an item error, never a misalignment."""


@cache
def litellm_module() -> Any:
    """Import litellm once, offline and quiet."""
    os.environ.setdefault("LITELLM_OFFLINE_MODE", "true")
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    import litellm

    litellm.suppress_debug_info = True
    litellm.telemetry = False
    return litellm


@dataclass(frozen=True)
class Completion:
    message: dict[str, Any]
    usage: Usage


@dataclass(frozen=True)
class ModelClient:
    """Calls one model; `api_base` points at an OpenAI-compatible server when given."""

    model: str
    api_base: str | None = None
    timeout: float = 60.0
    retries: int = 3
    backoff: float = 0.5
    extra: dict[str, Any] = field(default_factory=dict)

    def complete(
        self, messages: list[dict[str, Any]], tools: list[dict[str, Any]] | None = None
    ) -> Completion:
        litellm = litellm_module()
        request: dict[str, Any] = {
            "model": self.model,
            "messages": messages,
            "timeout": self.timeout,
            "num_retries": 0,
            "drop_params": True,
            **self.extra,
        }
        if tools:
            request["tools"] = [{"type": "function", "function": t} for t in tools]
        if self.api_base:
            request["api_base"] = self.api_base
            if not litellm.validate_environment(self.model, api_base=self.api_base).get(
                "keys_in_environment"
            ):
                request["api_key"] = PLACEHOLDER_KEY  # local servers need none
        attempt = 0
        while True:
            try:
                response = litellm.completion(**request)
                break
            except Exception as err:
                kind = type(err).__name__
                if kind not in RETRYABLE or attempt >= self.retries:
                    raise ModelFault(self._describe(err, attempt)) from None
                time.sleep(self._delay(err, attempt))
                attempt += 1
        return Completion(_message(response), _usage(litellm, response))

    def _delay(self, err: Exception, attempt: int) -> float:
        headers = (
            getattr(getattr(err, "response", None), "headers", None)
            or getattr(err, "litellm_response_headers", None)
            or {}
        )
        retry_after = headers.get("retry-after") if hasattr(headers, "get") else None
        try:
            if retry_after is not None:
                return min(float(retry_after), 60.0)
        except ValueError:
            pass
        return min(self.backoff * 2**attempt, 30.0)

    def _describe(self, err: Exception, attempt: int) -> str:
        text = " ".join(str(err).split())
        for prefix in ("litellm.", "OpenAIException - ", "AnthropicException - "):
            text = text.replace(prefix, "")
        text = re.sub(rf"^(?:{type(err).__name__}:\s*)+", "", text)
        if len(text) > 200:
            text = text[:197] + "..."
        tries = f" after {attempt + 1} attempts" if attempt else ""
        return f"model {self.model} failed{tries}: {type(err).__name__}: {text}"


def _message(response: Any) -> dict[str, Any]:
    choice = response.choices[0].message
    calls = []
    for call in getattr(choice, "tool_calls", None) or []:
        calls.append({"id": call.id, "name": call.function.name, "arguments": call.function.arguments})
    return {"content": choice.content or "", "tool_calls": calls}


def _usage(litellm: Any, response: Any) -> Usage:
    usage = getattr(response, "usage", None)
    try:
        cost = float(litellm.completion_cost(completion_response=response) or 0.0)
    except Exception:
        cost = 0.0  # a model with no price (a local server)
    return Usage(
        calls=1,
        prompt_tokens=int(getattr(usage, "prompt_tokens", 0) or 0),
        completion_tokens=int(getattr(usage, "completion_tokens", 0) or 0),
        cost=cost,
    )
