"""A shopper played by any model litellm reaches: the persona as a prompt, the tools as functions."""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..llm_client import ModelClient, litellm_module
from ..templating import compiled
from ..transcript import ToolCall, Turn
from .base import ShopperBrief, ShopperMessage

DEFAULT_PROMPT = Path(__file__).parent / "prompts" / "shopper.j2"
SILENCE = "(the salesperson says nothing)"  # an agent turn with no text: never an empty message
_MIME = {b"\x89PNG": "image/png", b"\xff\xd8\xff": "image/jpeg", b"GIF8": "image/gif"}


@lru_cache(maxsize=512)
def image_data_uri(path: str) -> str | None:
    """A product image as a data URI (read once per run); None for a kind no provider takes.

    OpenAI and Anthropic both take PNG, JPEG, GIF and WebP only (Anthropic refuses the whole
    request with any other), so another kind of image is not sent.
    """
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    webp = data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    mime = "image/webp" if webp else next((m for magic, m in _MIME.items() if data.startswith(magic)), None)
    return f"data:{mime};base64,{base64.b64encode(data).decode()}" if mime else None


def shopper_prompt(brief: ShopperBrief, template: Path = DEFAULT_PROMPT) -> str:
    """The system prompt: the persona, rendered from a Jinja2 template users can replace."""
    source = template.read_text(encoding="utf-8")  # read each time: edits show; compiled once per text
    words = brief.category.replace("_", " ")
    prompt = compiled(source).render(persona=brief.persona, category=brief.category, category_words=words)
    return prompt.strip()


@lru_cache(maxsize=64)
def takes_images(model: str) -> bool:
    """Whether litellm knows the model to take images (asked once per model)."""
    return bool(litellm_module().supports_vision(model))


def _card_text(card: dict[str, Any]) -> str:
    return f"[product card] {card['name']} (id: {card['id']}) - ${card['price']:,.2f}"


@dataclass(frozen=True)
class LLMSimulator:
    """`--model anthropic/...`, `openai/...`, an alias, ...: a litellm model plays the shopper."""

    name: str
    client: ModelClient
    vision: bool | None = None  # None: ask litellm whether the model takes images
    prompt: Path = DEFAULT_PROMPT
    calls_models = True  # played ahead, concurrently (see scheduler.py)

    def shopper(self, brief: ShopperBrief, seed: int) -> LLMShopper:
        vision = self.vision if self.vision is not None else takes_images(self.client.model)
        return LLMShopper(self.client, brief, shopper_prompt(brief, self.prompt), vision, seed)


class LLMShopper:
    def __init__(self, client: ModelClient, brief: ShopperBrief, prompt: str, vision: bool, seed: int):
        self.client = client
        self.brief = brief
        self.vision = vision
        self.seed = seed
        self.messages: list[dict[str, Any]] = [{"role": "system", "content": prompt}]
        self.read_upto = 0
        self.asked_again = 0  # times the same messages were asked for again (after an empty answer)

    async def respond(self, turns: Sequence[Turn]) -> ShopperMessage:
        unread = turns[self.read_upto :]
        for turn in unread:
            self.messages.extend(self._as_messages(turn))
        self.read_upto = len(turns)
        self.asked_again = 0 if unread else self.asked_again + 1
        completion = await self.client.complete(self.messages, list(self.brief.tools), self.asked_again)
        message = completion.message
        calls = tuple(
            ToolCall(c["name"], _arguments(c["arguments"]), c["id"] or f"call_{len(self.messages)}_{i}")
            for i, c in enumerate(message["tool_calls"])
        )
        if message["content"].strip() or calls:  # an empty reply is asked again (conversation.py), unseen
            self.messages.append(self._assistant(message["content"], calls))
        return ShopperMessage(message["content"], calls, completion.usage)

    def _assistant(self, text: str, calls: tuple[ToolCall, ...]) -> dict[str, Any]:
        # no text beside tool calls is null content (Anthropic's API refuses an empty or blank text)
        entry: dict[str, Any] = {"role": "assistant", "content": text if text.strip() else None}
        if calls:
            entry["tool_calls"] = [
                {
                    "id": c.id,
                    "type": "function",
                    "function": {"name": c.name, "arguments": json.dumps(c.arguments)},
                }
                for c in calls
            ]
        return entry

    def _as_messages(self, turn: Turn) -> list[dict[str, Any]]:
        """The agent speaks as the user; our own turns come back only for their tool results."""
        if turn.role == "agent":
            text = "\n".join([turn.text, *(_card_text(c) for c in turn.cards)])
            text = text if text.strip() else SILENCE
            images = [image_data_uri(c["image"]) for c in turn.cards if c.get("image")] if self.vision else []
            if not any(images):
                return [{"role": "user", "content": text}]
            parts: list[dict[str, Any]] = [{"type": "text", "text": text}]
            parts += [{"type": "image_url", "image_url": {"url": uri}} for uri in images if uri]
            return [{"role": "user", "content": parts}]
        out: list[dict[str, Any]] = []
        images = []
        for result in turn.tool_results:
            content = {"error": result.error} if result.error else result.content
            out.append(
                {
                    "role": "tool",
                    "tool_call_id": result.call.id,
                    "content": json.dumps(content, ensure_ascii=False),
                }
            )
            if (
                self.vision
                and result.call.name == "view_product"
                and not result.error
                and result.content.get("image")
            ):
                images.append(image_data_uri(result.content["image"]))
        if any(images):
            parts = [{"type": "text", "text": "(images of the products you viewed)"}]
            parts += [{"type": "image_url", "image_url": {"url": uri}} for uri in images if uri]
            out.append({"role": "user", "content": parts})
        return out


def _arguments(raw: str | dict[str, Any] | None) -> dict[str, Any]:
    if isinstance(raw, dict):
        return raw
    try:
        value = json.loads(raw or "{}")
    except json.JSONDecodeError:
        return {"__invalid_json__": str(raw)[:500]}
    return value if isinstance(value, dict) else {"__invalid_json__": str(raw)[:500]}
