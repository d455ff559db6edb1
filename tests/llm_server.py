"""A local model server on 127.0.0.1 that plays shoppers over real HTTP, as OpenAI's API or Anthropic's.

It speaks OpenAI's chat completions at /v1/chat/completions and Anthropic's Messages API at
/v1/messages (tests/anthropic_api.py), each refusing with a 400 a request its provider refuses.
Tests give it a policy (a function from an OpenAI-shaped request body to a reply: Anthropic
requests are translated for it) and, when they want faults, a queue of failures to return first.
It records every request for assertions: "body" as sent, "chat" as the policy read it. A Messages-API
request that marks blocks for the prompt cache is answered with cache reads and writes as Anthropic
reports them (tests/anthropic_cache.py), and its "cache_marks" counted.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from . import anthropic_api
from .anthropic_cache import PromptCache, mark_count

OPENAI_PATH = "/v1/chat/completions"
APIS = ("openai", "anthropic")  # the providers' APIs it speaks, as litellm's model prefixes name them
Reply = dict[str, Any]  # {"content": str, "tool_calls": [{"name", "arguments"}]}
Policy = Callable[[dict[str, Any]], Reply]


@dataclass
class Fault:
    status: int = 500
    headers: dict[str, str] = field(default_factory=dict)
    body: str | None = None  # None: the error body of the API asked, for this status
    delay: float = 0.0

    def body_for(self, api: str) -> str:
        if self.body is not None:
            return self.body
        if api == "anthropic":
            return anthropic_api.error_body(
                self.status, "Overloaded" if self.status == 529 else "server exploded"
            )
        return json.dumps({"error": {"message": "server exploded", "type": "server_error"}})


class LLMServer:
    def __init__(self, policy: Policy):
        self.policy = policy
        self.faults: list[Fault] = []
        self.always: Fault | None = None
        self.latency = 0.0
        self.cap: threading.Semaphore | None = None  # at most this many requests served at once
        self.requests: list[dict[str, Any]] = []
        self.prompt_cache = PromptCache()  # Anthropic's, for requests that mark blocks (anthropic_cache.py)
        self.lock = threading.Lock()
        self.in_flight = 0
        self.peak = 0  # the most requests served at once
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.httpd.daemon_threads = True
        # a short poll: stop() returns at once rather than half a second later
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.01,), daemon=True)

    @property
    def url(self) -> str:
        """The base an OpenAI client takes; litellm's Anthropic route is given it without /v1."""
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    @property
    def rejected(self) -> list[str]:
        """Why each request the server refused as malformed was refused."""
        return [r["rejected"] for r in self.requests if "rejected" in r]

    def start(self) -> LLMServer:
        self.thread.start()
        return self

    def reset_peak(self) -> None:
        """Forget the peak, once the requests of a run that just ended are done: the client has their
        responses before the server has counted them out."""
        deadline = time.monotonic() + 5
        while self.in_flight and time.monotonic() < deadline:
            time.sleep(0.001)
        self.peak = 0

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def _next_fault(self) -> Fault | None:
        with self.lock:
            if self.faults:
                return self.faults.pop(0)
            return self.always

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as real model servers do
            disable_nagle_algorithm = True  # headers and body go out at once, no delayed-ACK stall

            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("content-length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                at = time.monotonic()
                entry = {"path": self.path, "headers": dict(self.headers), "body": body, "at": at}
                with server.lock:
                    server.requests.append(entry)
                    server.in_flight += 1
                    server.peak = max(server.peak, server.in_flight)
                try:
                    self._serve(entry, body)
                finally:
                    with server.lock:
                        server.in_flight -= 1

            def _serve(self, entry: dict[str, Any], body: Any) -> None:
                api = entry["api"] = {OPENAI_PATH: "openai", anthropic_api.PATH: "anthropic"}.get(self.path)
                if api is None:
                    missing = {"error": {"message": f"no route {self.path}", "type": "not_found_error"}}
                    self._send(404, json.dumps(missing).encode(), {})
                    return
                fault = server._next_fault()
                if fault is not None:
                    time.sleep(fault.delay)
                    self._send(fault.status, fault.body_for(api).encode(), fault.headers)
                    return
                try:
                    chat = entry["chat"] = read_request(api, dict(self.headers), body)
                except anthropic_api.Rejected as err:
                    entry["rejected"] = err.message
                    self._send(err.status, refusal(api, err).encode(), {})
                    return
                if server.cap is not None:
                    with server.cap:
                        time.sleep(server.latency)
                elif server.latency:
                    time.sleep(server.latency)
                reply = server.policy(chat)
                if api == "anthropic":
                    response = anthropic_api.message(body, reply, prompt_tokens(chat))
                    tokens = response["usage"]
                    entry["usage"] = {
                        "prompt_tokens": tokens["input_tokens"],
                        "completion_tokens": tokens["output_tokens"],
                    }
                    cached = server.prompt_cache.usage(body, tokens["input_tokens"])
                    if cached is not None:  # as Anthropic: prompt_tokens (litellm's) = all three
                        tokens.update(cached)
                        entry["cache_marks"] = mark_count(body)
                        entry["usage"]["cached_tokens"] = cached["cache_read_input_tokens"]
                        entry["usage"]["cache_creation_tokens"] = cached["cache_creation_input_tokens"]
                else:
                    response = completion(chat, reply)
                    entry["usage"] = response["usage"]
                self._send(200, json.dumps(response).encode(), {})
                entry["done"] = time.monotonic()

            def _send(self, status: int, data: bytes, headers: dict[str, str]) -> None:
                try:
                    self.send_response(status)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(data)))
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        return Handler


def read_request(api: str, headers: dict[str, str], body: Any) -> dict[str, Any]:
    """The request in the OpenAI shape the policies read, or `Rejected` as its provider would."""
    if api == "anthropic":
        anthropic_api.check(headers, body)
        return anthropic_api.chat_request(body)
    problem = chat_problem(body)
    if problem:
        raise anthropic_api.Rejected(problem)
    return body


def refusal(api: str, err: anthropic_api.Rejected) -> str:
    if api == "anthropic":
        return anthropic_api.error_body(err.status, err.message)
    return json.dumps({"error": {"message": err.message, "type": "invalid_request_error", "code": None}})


def chat_problem(body: Any) -> str | None:
    """The first rule of OpenAI's chat completions that the request breaks, in OpenAI's words."""
    messages = body.get("messages") if isinstance(body, dict) else None
    if not isinstance(messages, list) or not messages:
        return "Invalid 'messages': empty array. Expected an array with minimum length 1."
    pending: list[str] = []  # tool calls of the last assistant message not answered yet
    for i, message in enumerate(messages):
        if message.get("role") == "tool":
            if message.get("tool_call_id") not in pending:
                return (
                    "Invalid parameter: messages with role 'tool' must be a response to a preceeding "
                    "message with 'tool_calls'."
                )
            pending.remove(message["tool_call_id"])
            continue
        if pending:
            return _unanswered(pending)
        if message.get("role") == "assistant":
            calls = message.get("tool_calls") or []
            if message.get("content") is None and not calls:
                return f"Invalid value for 'messages[{i}].content': expected a string, got null."
            pending = [call["id"] for call in calls]
    return _unanswered(pending) if pending else None


def _unanswered(tool_call_ids: list[str]) -> str:
    return (
        "An assistant message with 'tool_calls' must be followed by tool messages responding to each "
        "'tool_call_id'. The following tool_call_ids did not have response messages: "
        + ", ".join(tool_call_ids)
    )


def prompt_tokens(request: dict[str, Any]) -> int:
    """A rough count from the text sizes (the same for both APIs: their policies read the same)."""
    return sum(len(json.dumps(m.get("content") or "")) for m in request.get("messages", [])) // 4


def completion(request: dict[str, Any], reply: Reply) -> dict[str, Any]:
    """An OpenAI chat.completion for `reply`, with token counts from the text sizes."""
    calls = [
        {
            "id": f"call_{i}_{int(time.time() * 1e6) % 1_000_000}",
            "type": "function",
            "function": {
                "name": c["name"],
                "arguments": c["arguments"]
                if isinstance(c["arguments"], str)
                else json.dumps(c["arguments"]),
            },
        }
        for i, c in enumerate(reply.get("tool_calls", []))
    ]
    message: dict[str, Any] = {"role": "assistant", "content": reply.get("content") or None}
    if calls:
        message["tool_calls"] = calls
    prompt = prompt_tokens(request)
    completion_tokens = max(1, len(json.dumps(message)) // 4)
    return {
        "id": "chatcmpl-local",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": request.get("model", "local"),
        "choices": [{"index": 0, "message": message, "finish_reason": "tool_calls" if calls else "stop"}],
        "usage": {
            "prompt_tokens": prompt,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt + completion_tokens,
        },
    }
