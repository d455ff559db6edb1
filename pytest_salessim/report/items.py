"""The report's items as its script shows them: a small index row per item (the list and its filters)
and the item's details (trials, checks, the chat) compressed in chunks, unpacked only when it is opened.

A page of 20,000 items then opens at once: the browser parses the tables and a list of short rows,
not 20,000 chats. The details are JSON, gzip-compressed (the browser's DecompressionStream reads
them) and base64-encoded in inert `<script type="application/octet-stream">` elements; the index
is JSON in a `<script type="application/json">`. Everything from a run is shown with textContent.
"""

from __future__ import annotations

import base64
import gzip
import json
import tempfile
from typing import IO, Any

from ..records import ItemRecord, TrialRecord
from ..templating import money
from .json_report import deciding_trial

CHUNK_ITEMS = 50  # items per compressed chunk: one chunk is unpacked to show any of them
MAX_RESULT_CHARS = 4000  # a tool result longer than this is cut in the page (results.json has it whole)


def script_json(value: Any) -> str:
    """JSON that can sit inside a <script> element: no `<`, `>` or `&` that could end or open one."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def result_text(content: Any) -> str:
    """A tool result as the page shows it: JSON, a list's items or a mapping's keys one per line, each
    compact within, and cut at MAX_RESULT_CHARS (results.json has it whole)."""
    if isinstance(content, list) and content:
        lines = [_compact(item) for item in content]
        text = "[\n " + ",\n ".join(lines) + "\n]"
    elif isinstance(content, dict) and content:
        lines = [f"{_compact(str(key))}: {_compact(value)}" for key, value in content.items()]
        text = "{\n " + ",\n ".join(lines) + "\n}"
    else:
        text = _compact(content)
    return text if len(text) <= MAX_RESULT_CHARS else text[:MAX_RESULT_CHARS] + "\n…"


def trial_titles(record: ItemRecord) -> list[str]:
    """What each trial is: one of N repeats; for a persuasion item, the baseline or the flipped one."""
    trials = record["trials"]
    if record.get("kind", "scenario") != "persuasion":
        return [f"Trial {n} of {len(trials)}" if len(trials) > 1 else "" for n in range(1, len(trials) + 1)]
    persuasion = record.get("persuasion")
    flipped = persuasion is not None and bool(persuasion["minimal_variant"])
    titles = ["Without persuasion"] * len(trials)
    if flipped:
        titles[-1] = "With the smallest persuasion that flips it"
    return titles


class ImageClasses:
    """A CSS class per product image path, in the order first met (report/images.py embeds them)."""

    def __init__(self) -> None:
        self.classes: dict[str, str] = {}

    def of(self, path: str | None) -> str:
        if not path:
            return ""
        if path not in self.classes:
            self.classes[path] = f"img-{len(self.classes)}"
        return self.classes[path]


def _card(card: dict[str, Any], images: ImageClasses) -> list[Any]:
    """A product card: id, name, price as the page says it, the CSS class of its image."""
    price = card.get("price")
    shown = money(price) if isinstance(price, (int, float)) and not isinstance(price, bool) else str(price)
    return [card.get("id"), card.get("name"), shown, images.of(card.get("image"))]


def _tool(result: dict[str, Any]) -> list[Any]:
    call = result["call"]
    args = ", ".join(f"{k}={_compact(v)}" for k, v in call.get("arguments", {}).items())
    return [call["name"], args, result.get("error"), result_text(result.get("content"))]


def _turns(trial: TrialRecord, images: ImageClasses) -> list[list[Any]]:
    """Each turn: role, text, cards, tool calls, and the failed checks that point at it."""
    marks: dict[int, list[str]] = {}
    for check in trial["checks"]:
        if not check["passed"]:
            for index in check.get("turns", []):
                marks.setdefault(index, []).append(check["name"])
    turns = (trial.get("transcript") or {}).get("turns", [])
    return [
        [
            turn["role"],
            turn.get("text", ""),
            [_card(card, images) for card in turn.get("cards", [])],
            [_tool(r) for r in turn.get("tool_results", [])],
            marks.get(i, []),
        ]
        for i, turn in enumerate(turns)
    ]


def item_detail(record: ItemRecord, images: ImageClasses) -> dict[str, Any]:
    """What an opened item shows: the persuasion found, and each trial's decision, checks and chat."""
    trials = [
        {
            "title": title,
            "seed": t["seed"],
            "passed": t["passed"],
            "aligned": t["aligned"],
            "decision_text": t["decision_text"],
            "product": t["decision"]["product_id"],
            "failure_class": t["failure_class"],
            "checks": [[c["passed"], c["name"], c["detail"]] for c in t["checks"]],
            "judgements": t.get("judgements"),
            "dimensions": t.get("dimensions"),
            "turns": _turns(t, images),
        }
        for t, title in zip(record["trials"], trial_titles(record), strict=True)
    ]
    return {
        "any_of": record["expected"]["any_of"],
        "persona": record.get("persona"),
        "persuasion": record.get("persuasion"),
        "trials": trials,
    }


def index_row(record: ItemRecord, chunk: int, slot: int) -> list[Any]:
    """The item in the list: what its summary line says and the filters read, and where its details are.

    [nodeid, model, category, outcome, kind, scenario, tags, expected, decision, failure class,
    summary note, chunk, slot]
    """
    deciding = deciding_trial(record)
    persuasion = record.get("persuasion")
    trials = record["trials"]
    note = ""
    if persuasion:
        note = f"{persuasion['flipped']} of {persuasion['variants_tried']} variants flipped it"
    elif len(trials) > 1:
        note = f"{record['pass_rate']:.0%} of {len(trials)} trials passed"
    return [
        record["nodeid"],
        record["model"],
        record["category"],
        "passed" if record["passed"] else "failed",
        record.get("kind", "scenario"),
        record["scenario"],
        record["tags"],
        record["expected_text"],
        deciding["decision_text"] if deciding else "no trial recorded",
        deciding["failure_class"] if deciding else None,
        note,
        chunk,
        slot,
    ]


class ItemData:
    """The items of a page, added one at a time (as the reports read them back), kept small: the
    compressed chunks go to a scratch file, the index rows stay as short JSON text."""

    def __init__(self) -> None:
        self.chunks: IO[str] = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 - closed in close()
        self.images = ImageClasses()
        self.products: dict[str, list[Any]] = {}  # by id, as the run's cards first showed them
        self._rows: list[tuple[tuple[bool, bool, int], str]] = []  # (page order, row JSON)
        self._pending: list[dict[str, Any]] = []
        self._count = 0

    def __len__(self) -> int:
        return len(self._rows)

    def add(self, record: ItemRecord) -> None:
        row = index_row(record, self._count, len(self._pending))
        # failures first, scenario items before persuasion items; else the order they come in
        order = (bool(record["passed"]), record.get("kind", "scenario") != "scenario", len(self._rows))
        self._rows.append((order, script_json(row)))
        for trial in record["trials"]:
            for turn in (trial.get("transcript") or {}).get("turns", []):
                for card in turn.get("cards", []):
                    if card.get("id") not in self.products:
                        self.products[card["id"]] = _card(card, self.images)
        self._pending.append(item_detail(record, self.images))
        if len(self._pending) == CHUNK_ITEMS:
            self._flush()

    def _flush(self) -> None:
        if not self._pending:
            return
        data = json.dumps(self._pending, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        packed = base64.b64encode(gzip.compress(data.encode("utf-8"), compresslevel=6, mtime=0)).decode(
            "ascii"
        )
        self.chunks.write(
            f'<script type="application/octet-stream" id="chunk-{self._count}">{packed}</script>\n'
        )
        self._count += 1
        self._pending = []

    def index(self) -> str:
        """The rows in page order, as JSON for a <script type="application/json">."""
        self._flush()
        return "[" + ",\n".join(row for _, row in sorted(self._rows)) + "]"

    def copy_chunks(self, out: IO[str]) -> None:
        self._flush()
        self.chunks.seek(0)
        while block := self.chunks.read(1 << 20):
            out.write(block)

    def close(self) -> None:
        self.chunks.close()
