"""A local OpenAI-compatible chat-completions server on 127.0.0.1 that plays shoppers over real HTTP.

Tests give it a policy (a function from the request body to a reply) and, when they want faults,
a queue of failures to return first. It records every request for assertions.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Reply = dict[str, Any]  # {"content": str, "tool_calls": [{"name", "arguments"}]}
Policy = Callable[[dict[str, Any]], Reply]


@dataclass
class Fault:
    status: int = 500
    headers: dict[str, str] = field(default_factory=dict)
    body: str = '{"error": {"message": "server exploded", "type": "server_error"}}'
    delay: float = 0.0


class LLMServer:
    def __init__(self, policy: Policy):
        self.policy = policy
        self.faults: list[Fault] = []
        self.always: Fault | None = None
        self.latency = 0.0
        self.cap: threading.Semaphore | None = None  # at most this many requests served at once
        self.requests: list[dict[str, Any]] = []
        self.lock = threading.Lock()
        self.in_flight = 0
        self.peak = 0  # the most requests served at once
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

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
                fault = server._next_fault()
                if fault is not None:
                    time.sleep(fault.delay)
                    self._send(fault.status, fault.body.encode(), fault.headers)
                    return
                if server.cap is not None:
                    with server.cap:
                        time.sleep(server.latency)
                elif server.latency:
                    time.sleep(server.latency)
                response = completion(body, server.policy(body))
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
    prompt_tokens = sum(len(json.dumps(m.get("content") or "")) for m in request.get("messages", [])) // 4
    completion_tokens = max(1, len(json.dumps(message)) // 4)
    return {
        "id": "chatcmpl-local",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": request.get("model", "local"),
        "choices": [{"index": 0, "message": message, "finish_reason": "tool_calls" if calls else "stop"}],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }
