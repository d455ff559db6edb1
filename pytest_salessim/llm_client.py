"""One chat-completion call through litellm, retried with backoff; litellm is imported only here."""

from __future__ import annotations

import asyncio
import json
import os
import re
import time
from dataclasses import asdict, dataclass, field, replace
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .settings import Settings
from .transcript import Usage

if TYPE_CHECKING:
    from .cache import Recordings

PLACEHOLDER_KEY = "sk-salessim-local-no-key"
# litellm's pydantic models warn about their own typing when first used: not the user's concern
QUIET_WARNINGS = "ignore::UserWarning:pydantic.*"
ROUTER_BUSY = "max_parallel_requests slots in use"  # litellm Router: all deployments at their cap
RETRYABLE = (
    "RateLimitError",
    "InternalServerError",
    "ServiceUnavailableError",
    "BadGatewayError",
    "APIConnectionError",
    "Timeout",
    "APIError",
)


_SECRET_NAME = re.compile(r"(KEY|TOKEN|SECRET|PASSWORD)$", re.IGNORECASE)


def scrub(text: str) -> str:
    """Hide every secret of the environment (…_API_KEY, …_TOKEN) that a provider echoes back."""
    for name, value in os.environ.items():
        if len(value) >= 8 and _SECRET_NAME.search(name) and value in text:
            text = text.replace(value, "***")
    return text


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
    router: Any = None  # a litellm Router (--salessim-model-config) serving this model name
    cache: Recordings | None = None  # --salessim-cache: recorded calls, replayed or recorded
    prompt_cache: bool = False  # --salessim-prompt-cache auto: mark prefixes where the provider takes marks

    def marks_prompts(self) -> bool:
        """Whether each call's stable prefix is marked for the provider's prompt cache (prompt_cache.py);
        asked when calling, so that collecting alone never imports litellm."""
        return self.prompt_cache and takes_cache_marks(self.model, self.router)

    async def complete(
        self, messages: list[dict[str, Any]], tools: list[dict[str, Any]] | None = None, asked_again: int = 0
    ) -> Completion:
        """The model's answer, called for or recorded (--salessim-cache).

        `asked_again` counts how often these same messages were asked for just before (an empty
        answer is asked again): each asking is recorded apart, so a replay answers as the model did.
        """
        if self.cache is None:
            return await self._call(messages, tools)
        from .cache import ModelRequest

        request = ModelRequest.of(self.model, messages, tools, self.extra)
        if asked_again:
            request = replace(request, params={**request.params, "salessim_asked_again": asked_again})
        if self.cache.replays:
            recorded = self.cache.load(request)
            if recorded is not None:
                return Completion(recorded["message"], recorded_usage(recorded.get("usage")))
            if not self.cache.records:
                raise ModelFault(self.cache.missing(request))
        completion = await self._call(messages, tools)
        self.cache.save(request, completion.message, asdict(completion.usage))
        return completion

    async def _call(self, messages: list[dict[str, Any]], tools: list[dict[str, Any]] | None) -> Completion:
        litellm = litellm_module()
        call = self.router.acompletion if self.router is not None else litellm.acompletion
        if self.marks_prompts():
            from .prompt_cache import marked

            messages = marked(messages)  # only as sent: the call cache keys on the messages unmarked
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
        if self.api_base and self.router is None:
            request["api_base"] = api_base_for(self.model, self.api_base)
            if not _key_in_environment(self.model, self.api_base):
                request["api_key"] = PLACEHOLDER_KEY  # local servers need none
        attempt = 0
        queue_until = time.monotonic() + self.timeout
        while True:
            try:
                response = await call(**request)
                break
            except Exception as err:
                kind = type(err).__name__
                if ROUTER_BUSY in str(err) and time.monotonic() < queue_until:
                    await asyncio.sleep(0.02)  # every deployment at its cap: wait for a slot, not a retry
                    continue
                if kind not in RETRYABLE or attempt >= self.retries:
                    raise ModelFault(self._describe(err, attempt)) from None
                await asyncio.sleep(self._delay(err, attempt))
                attempt += 1
        return Completion(_message(response), _usage(litellm, response, self.model))

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
        text = scrub(" ".join(str(err).split()))
        for prefix in ("litellm.", "OpenAIException - ", "AnthropicException - ", "AnthropicError - "):
            text = text.replace(prefix, "")
        text = re.sub(rf"^(?:{type(err).__name__}:\s*)+", "", text)
        text = _HANDLE_WITH.sub("", _error_body_said(text))
        if len(text) > 200:
            text = text[:197] + "..."
        tries = f" after {attempt + 1} attempts" if attempt else ""
        return f"model {self.model} failed{tries}: {type(err).__name__}: {text}"


_HANDLE_WITH = re.compile(r"\.? Handle with `[\w.]+`\.?")  # litellm's advice to its own users


def _error_body_said(text: str) -> str:
    """An error body a provider sent as JSON (Anthropic's: type and message) said in words."""
    start = text.find("{")
    try:
        body, end = json.JSONDecoder().raw_decode(text, start) if start >= 0 else (None, 0)
    except ValueError:
        return text
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict) or not isinstance(error.get("message"), str):
        return text
    said = f"{error['type']}: {error['message']}" if isinstance(error.get("type"), str) else error["message"]
    return text[:start] + said + text[end:]


@lru_cache(maxsize=64)
def api_base_for(model: str, api_base: str) -> str:
    """The base litellm's route for `model` wants, given a server's URL as OpenAI clients take it.

    An OpenAI-compatible server's URL ends in /v1; litellm's Anthropic route appends /v1/messages
    to its base (as Anthropic's SDKs do), so one URL serves both once that /v1 is dropped for it.
    """
    try:
        provider = litellm_module().get_llm_provider(model)[1]
    except Exception:  # a Router name or a model litellm cannot place: it says so when called
        return api_base
    base = api_base.rstrip("/")
    if provider == "anthropic" and base.endswith("/v1"):
        return base.removesuffix("/v1")
    return api_base


@lru_cache(maxsize=64)
def _key_in_environment(model: str, api_base: str) -> bool:
    result = litellm_module().validate_environment(model, api_base=api_base)
    return bool(result.get("keys_in_environment"))


@lru_cache(maxsize=8)
def load_router(path: Path) -> Any:
    """A litellm Router from a model list file (YAML or JSON): one name, several deployments."""
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    model_list = data.get("model_list") if isinstance(data, dict) else data
    if not isinstance(model_list, list) or not all(
        isinstance(d, dict) and "model_name" in d and isinstance(d.get("litellm_params"), dict)
        for d in model_list
    ):
        raise ValueError(
            f"{path}: expected a list of {{model_name, litellm_params: {{model, ...}}}} (or model_list:)"
        )
    for deployment in model_list:
        params = deployment["litellm_params"]
        if params.get("api_base") and "api_key" not in params:
            params["api_key"] = PLACEHOLDER_KEY
    router_settings = data.get("router_settings", {}) if isinstance(data, dict) else {}
    return litellm_module().Router(model_list=model_list, num_retries=0, **router_settings)


def router_models(router: Any) -> set[str]:
    """The model names a Router serves."""
    return {d["model_name"] for d in _deployments(router)}


def _message(response: Any) -> dict[str, Any]:
    choice = response.choices[0].message
    calls = []
    for call in getattr(choice, "tool_calls", None) or []:
        calls.append({"id": call.id, "name": call.function.name, "arguments": call.function.arguments})
    return {"content": choice.content or "", "tool_calls": calls}


_UNPRICED: set[str] = set()  # models litellm has no price for: not asked again


def _usage(litellm: Any, response: Any, model: str) -> Usage:
    usage = getattr(response, "usage", None)
    hidden = getattr(response, "_hidden_params", None) or {}
    cost = hidden.get("response_cost")  # litellm prices every response once already
    if cost is None and model not in _UNPRICED:
        try:
            cost = litellm.completion_cost(completion_response=response)
        except Exception:
            _UNPRICED.add(model)  # a model with no price (a local server)
    details = getattr(usage, "prompt_tokens_details", None)
    return Usage(
        calls=1,
        prompt_tokens=int(getattr(usage, "prompt_tokens", 0) or 0),
        completion_tokens=int(getattr(usage, "completion_tokens", 0) or 0),
        cost=float(cost or 0.0),
        # litellm reads Anthropic's cache_read_input_tokens / cache_creation_input_tokens and OpenAI's
        # cached_tokens into prompt_tokens_details; its prompt_tokens include both
        cached_tokens=_tokens(details, "cached_tokens") or _tokens(usage, "cache_read_input_tokens"),
        cache_creation_tokens=(
            _tokens(details, "cache_creation_tokens") or _tokens(usage, "cache_creation_input_tokens")
        ),
    )


def _tokens(value: Any, name: str) -> int:
    found = getattr(value, name, None) if value is not None else None
    return int(found) if isinstance(found, (int, float)) and not isinstance(found, bool) else 0


class UnknownModelName(ValueError):
    """A name that is no alias, no Router model and no model litellm knows."""


def client_for(name: str, settings: Settings) -> ModelClient:
    """The client for a model name: an alias, a Router model name, or a litellm model id."""
    model = settings.aliases.get(name, name)
    router = None
    if settings.model_config is not None:
        try:
            router = load_router(settings.model_config)
        except (OSError, ValueError) as err:
            raise UnknownModelName(f"--salessim-model-config: {err}") from None
        if model not in router_models(router):
            router = None
    if router is None and "/" not in model and model not in litellm_module().model_cost:
        raise UnknownModelName(model)
    timeout, retries = settings.timeout, settings.retries
    return ModelClient(
        model,
        settings.api_base,
        timeout,
        retries,
        router=router,
        cache=recordings(settings),
        prompt_cache=settings.prompt_cache == "auto",
    )


def takes_cache_marks(model: str, router: Any = None) -> bool:
    """Whether the model's provider caches only what a request marks: Anthropic's Claude models (also on
    Bedrock, Vertex AI, Azure AI), as litellm's model list says they cache. For a Router model name, only
    when every deployment does (a mark is no error elsewhere, but it is no use either)."""
    if router is not None:
        deployments = [d for d in _deployments(router) if d.get("model_name") == model]
        models = [str(d.get("litellm_params", {}).get("model", "")) for d in deployments]
        return bool(models) and all(takes_cache_marks(m) for m in models)
    return _takes_cache_marks(model)


@lru_cache(maxsize=64)
def _takes_cache_marks(model: str) -> bool:
    litellm_module()
    try:
        from litellm.llms.anthropic.common_utils import supports_anthropic_cache_control
    except ImportError:  # an older litellm: its model list says which models cache
        try:
            provider = litellm_module().get_llm_provider(model)[1]
            return provider == "anthropic" and bool(litellm_module().supports_prompt_caching(model))
        except Exception:
            return False
    return bool(supports_anthropic_cache_control(model, None))


def _deployments(router: Any) -> list[dict[str, Any]]:
    """A Router's deployments (`registry().all()` where litellm deprecates `model_list`)."""
    return list(router.registry().all() if hasattr(router, "registry") else router.model_list)


def recorded_usage(usage: Any) -> Usage:
    """A replayed call counts as one call, with the tokens and cost it had when recorded."""
    usage = usage if isinstance(usage, dict) else {}
    prompt, completion = int(usage.get("prompt_tokens", 0)), int(usage.get("completion_tokens", 0))
    return Usage(
        calls=1,
        prompt_tokens=prompt,
        completion_tokens=completion,
        cost=float(usage.get("cost", 0.0)),
        cached_tokens=int(usage.get("cached_tokens", 0)),
        cache_creation_tokens=int(usage.get("cache_creation_tokens", 0)),
    )


def recordings(settings: Settings) -> Recordings | None:
    if settings.cache_dir is None or settings.record == "off":
        return None
    from .cache import Recordings

    return Recordings(settings.cache_dir, settings.record)
