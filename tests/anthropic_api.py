"""Anthropic's Messages API for the local test server: the rules it enforces, and its shapes.

A request that breaks a rule gets the 400 Anthropic answers (with Anthropic's wording where known);
a valid one is translated to the OpenAI shape the policies read, and their reply back to an
Anthropic message, so every policy plays over both APIs unchanged.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import itertools
import json
import re
from collections.abc import Mapping
from typing import Any

from .anthropic_cache import MAX_MARKS, mark_count

PATH = "/v1/messages"
IMAGE_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp"}
BLOCKS = {"user": {"text", "image", "tool_result"}, "assistant": {"text", "tool_use"}}
ERROR_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    403: "permission_error",
    404: "not_found_error",
    413: "request_too_large",
    429: "rate_limit_error",
    529: "overloaded_error",
}
_TOOL_ID = re.compile(r"^[a-zA-Z0-9_-]+$")
_TOOL_NAME = re.compile(r"^[a-zA-Z0-9_-]{1,128}$")
_ids = itertools.count(1)


class Rejected(Exception):
    """A request the provider's API refuses (the server's OpenAI rules raise it too): status, message."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status
        self.message = message


def error_body(status: int, message: str) -> str:
    """Anthropic's error shape: rate_limit_error for 429, overloaded_error for 529, ..."""
    kind = ERROR_TYPES.get(status, "api_error")
    return json.dumps({"type": "error", "error": {"type": kind, "message": message}})


def check(headers: Mapping[str, str], body: Any) -> None:
    """Raise `Rejected` for the first rule of the Messages API that the request breaks."""
    sent = {key.lower(): value for key, value in headers.items()}
    if not (sent.get("x-api-key") or sent.get("authorization")):
        raise Rejected("x-api-key header is required", 401)
    if not sent.get("anthropic-version"):
        raise Rejected("anthropic-version: header is required")
    if not isinstance(body, dict):
        raise Rejected("request body must be a JSON object")
    for name in ("model", "messages", "max_tokens"):
        if name not in body:
            raise Rejected(f"{name}: Field required")
    max_tokens = body["max_tokens"]
    if not isinstance(max_tokens, int) or isinstance(max_tokens, bool) or max_tokens < 1:
        raise Rejected("max_tokens: Input should be a valid integer greater than or equal to 1")
    _check_system(body.get("system"))
    _check_tools(body.get("tools", []))
    _check_messages(body["messages"])
    marks = mark_count(body)
    if marks > MAX_MARKS:
        raise Rejected(f"A maximum of {MAX_MARKS} blocks with cache_control may be provided. Found {marks}.")


def _check_system(system: Any) -> None:
    if system is None or isinstance(system, str):
        return
    if not isinstance(system, list):
        raise Rejected("system: Input should be a valid string or a list of text blocks")
    for j, block in enumerate(system):
        if not isinstance(block, dict) or block.get("type") != "text":
            raise Rejected(f"system.{j}.type: Input should be 'text'")
        _check_text(block.get("text"), f"system.{j}.text")


def _check_tools(tools: Any) -> None:
    if not isinstance(tools, list):
        raise Rejected("tools: Input should be a valid list")
    for j, tool in enumerate(tools):
        if not isinstance(tool, dict) or not _TOOL_NAME.match(str(tool.get("name", ""))):
            raise Rejected(f"tools.{j}.name: String should match pattern '^[a-zA-Z0-9_-]{{1,128}}$'")
        schema = tool.get("input_schema")
        if not isinstance(schema, dict) or schema.get("type") != "object":
            raise Rejected(f"tools.{j}.input_schema: Input schema must have type 'object'")


def _check_messages(messages: Any) -> None:
    if not isinstance(messages, list) or not messages:
        raise Rejected("messages: at least one message is required")
    asked: list[str] = []  # tool_use ids of the message before, each answered in this one
    for i, message in enumerate(messages):
        role = message.get("role") if isinstance(message, dict) else None
        if role not in BLOCKS:
            raise Rejected(f"messages.{i}.role: Input should be 'user' or 'assistant'")
        if i == 0 and role != "user":
            raise Rejected('messages: first message must use the "user" role')
        if i and role == messages[i - 1]["role"]:
            raise Rejected(
                f'messages: roles must alternate between "user" and "assistant", '
                f'but found multiple "{role}" roles in a row'
            )
        final_assistant = role == "assistant" and i == len(messages) - 1
        blocks = _blocks(message.get("content"), f"messages.{i}", role, final_assistant)
        answered = [block["tool_use_id"] for block in blocks if block["type"] == "tool_result"]
        for j, block in enumerate(blocks):
            if block["type"] == "tool_result" and block["tool_use_id"] not in asked:
                raise Rejected(
                    f"messages.{i}.content.{j}: unexpected `tool_use_id` found in `tool_result` blocks: "
                    f"{block['tool_use_id']}. Each `tool_result` block must have a corresponding "
                    "`tool_use` block in the previous message."
                )
        _unanswered(i - 1, [tool_id for tool_id in asked if tool_id not in answered])
        if answered and any(block["type"] != "tool_result" for block in blocks[: len(answered)]):
            raise Rejected(
                f"messages.{i}: `tool_result` blocks must come first in the content of a user message, "
                "before any text or image"
            )
        asked = [block["id"] for block in blocks if block["type"] == "tool_use"]
    _unanswered(len(messages) - 1, asked)


def _unanswered(index: int, tool_ids: list[str]) -> None:
    if tool_ids:
        raise Rejected(
            f"messages.{index}: `tool_use` ids were found without `tool_result` blocks immediately after: "
            f"{', '.join(tool_ids)}. Each `tool_use` block must have a corresponding `tool_result` "
            "block in the next message."
        )


def _blocks(content: Any, where: str, role: str, final_assistant: bool) -> list[dict[str, Any]]:
    """The message's content as blocks, each checked (only a final assistant message may be empty)."""
    if isinstance(content, str):
        content = [{"type": "text", "text": content}] if content else []
    if not isinstance(content, list):
        raise Rejected(f"{where}.content: Input should be a valid string or list of content blocks")
    if not content and not final_assistant:
        raise Rejected(
            f"{where}: all messages must have non-empty content "
            "except for the optional final assistant message"
        )
    for j, block in enumerate(content):
        kind = block.get("type") if isinstance(block, dict) else None
        at = f"{where}.content.{j}"
        if kind not in BLOCKS[role]:
            raise Rejected(f"{at}.type: a {role} message cannot hold a {kind!r} block")
        if kind == "text":
            _check_text(block.get("text"), f"{at}.text")
            if final_assistant and block["text"] != block["text"].rstrip():
                raise Rejected("final assistant content cannot end with trailing whitespace")
        elif kind == "image":
            _check_image(block.get("source"), f"{at}.source")
        elif kind == "tool_use":
            if not _TOOL_ID.match(str(block.get("id", ""))) or not block.get("name"):
                raise Rejected(f"{at}: a tool_use block needs an id matching '^[a-zA-Z0-9_-]+$' and a name")
            if not isinstance(block.get("input"), dict):
                raise Rejected(f"{at}.input: Input should be a valid dictionary")
        else:
            if not isinstance(block.get("tool_use_id"), str):
                raise Rejected(f"{at}.tool_use_id: Field required")
            _check_result_content(block.get("content"), at)
    return content


def _check_text(text: Any, where: str) -> None:
    if not isinstance(text, str):
        raise Rejected(f"{where}: Input should be a valid string")
    if not text:
        raise Rejected(f"{where}: text content blocks must be non-empty")
    if not text.strip():
        raise Rejected(f"{where}: text content blocks must contain non-whitespace text")


def _check_image(source: Any, where: str) -> None:
    if not isinstance(source, dict) or source.get("type") not in ("base64", "url"):
        raise Rejected(f"{where}.type: Input should be 'base64' or 'url'")
    if source["type"] == "url":
        if not str(source.get("url", "")).startswith(("http://", "https://")):
            raise Rejected(f"{where}.url: Input should be a valid URL")
        return
    if source.get("media_type") not in IMAGE_TYPES:
        raise Rejected(f"{where}.media_type: Input should be one of {', '.join(sorted(IMAGE_TYPES))}")
    try:
        base64.b64decode(source.get("data") or "", validate=True)
    except (binascii.Error, ValueError):
        raise Rejected(f"{where}.data: The image data is not valid base64") from None
    if not source.get("data"):
        raise Rejected(f"{where}.data: The image data is empty")


def _check_result_content(content: Any, where: str) -> None:
    if content is None or isinstance(content, str):
        return
    if not isinstance(content, list):
        raise Rejected(f"{where}.content: Input should be a valid string or list of content blocks")
    for j, block in enumerate(content):
        kind = block.get("type") if isinstance(block, dict) else None
        if kind == "text":
            _check_text(block.get("text"), f"{where}.content.{j}.text")
        elif kind == "image":
            _check_image(block.get("source"), f"{where}.content.{j}.source")
        else:
            raise Rejected(f"{where}.content.{j}.type: Input should be 'text' or 'image'")


def chat_request(body: dict[str, Any]) -> dict[str, Any]:
    """The request as OpenAI's chat completions has it, for the policies to read."""
    messages: list[dict[str, Any]] = []
    system = body.get("system")
    if system:
        text = system if isinstance(system, str) else "\n".join(block["text"] for block in system)
        messages.append({"role": "system", "content": text})
    for message in body["messages"]:
        content = message["content"]
        blocks = [{"type": "text", "text": content}] if isinstance(content, str) else content
        if message["role"] == "assistant":
            messages.append(_assistant(blocks))
            continue
        for block in blocks:
            if block["type"] == "tool_result":
                messages.append(
                    {
                        "role": "tool",
                        "tool_call_id": block["tool_use_id"],
                        "content": _text(block.get("content")),
                    }
                )
        rest = [block for block in blocks if block["type"] != "tool_result"]
        if rest:
            messages.append({"role": "user", "content": _user_content(rest)})
    tools = [
        {
            "type": "function",
            "function": {
                "name": tool["name"],
                "description": tool.get("description", ""),
                "parameters": tool["input_schema"],
            },
        }
        for tool in body.get("tools", [])
    ]
    request = {"model": body["model"], "messages": messages, "max_tokens": body["max_tokens"]}
    return {**request, "tools": tools} if tools else request


def _assistant(blocks: list[dict[str, Any]]) -> dict[str, Any]:
    texts = [block["text"] for block in blocks if block["type"] == "text"]
    entry: dict[str, Any] = {"role": "assistant", "content": "\n".join(texts) if texts else None}
    calls = [
        {
            "id": block["id"],
            "type": "function",
            "function": {"name": block["name"], "arguments": json.dumps(block["input"])},
        }
        for block in blocks
        if block["type"] == "tool_use"
    ]
    return {**entry, "tool_calls": calls} if calls else entry


def _user_content(blocks: list[dict[str, Any]]) -> str | list[dict[str, Any]]:
    if all(block["type"] == "text" for block in blocks):
        return "\n".join(block["text"] for block in blocks)
    parts: list[dict[str, Any]] = []
    for block in blocks:
        if block["type"] == "text":
            parts.append({"type": "text", "text": block["text"]})
        else:
            source = block["source"]
            url = source.get("url") or f"data:{source['media_type']};base64,{source['data']}"
            parts.append({"type": "image_url", "image_url": {"url": url}})
    return parts


def _text(content: Any) -> str:
    if isinstance(content, list):
        return "\n".join(block["text"] for block in content if block.get("type") == "text")
    return content or ""


def message(request: dict[str, Any], reply: dict[str, Any], prompt_tokens: int) -> dict[str, Any]:
    """An Anthropic message for a policy's reply: content blocks, stop_reason and usage."""
    content: list[dict[str, Any]] = (
        [{"type": "text", "text": reply["content"]}] if reply.get("content") else []
    )
    for call in reply.get("tool_calls", []):
        arguments = call["arguments"]
        if isinstance(arguments, str):
            with contextlib.suppress(ValueError):  # else kept as it came: the client judges it
                arguments = json.loads(arguments)
        content.append(
            {"type": "tool_use", "id": f"toolu_{next(_ids):08d}", "name": call["name"], "input": arguments}
        )
    calls = any(block["type"] == "tool_use" for block in content)
    return {
        "id": f"msg_{next(_ids):08d}",
        "type": "message",
        "role": "assistant",
        "model": request.get("model", "local"),
        "content": content,
        "stop_reason": "tool_use" if calls else "end_turn",
        "stop_sequence": None,
        "usage": {"input_tokens": prompt_tokens, "output_tokens": max(1, len(json.dumps(content)) // 4)},
    }
