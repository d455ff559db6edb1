"""report.html: one file, no network, everything escaped, failures first, fast for 500 items."""

from __future__ import annotations

import base64
import gzip
import json
import re
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from pytest_salessim.records import RunResults
from pytest_salessim.report import build_results
from pytest_salessim.report.html import MAX_RESULT_CHARS, render_html, result_text
from pytest_salessim.settings import Settings

from .chromium import dump_dom, needs_chromium
from .records import card, persuasion, record, trial, turn

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360f8cf0000000301"
    "0100c9fe92ef0000000049454e44ae426082"
)
INJECTED = "<script>document.title='pwned'</script><img src=x onerror=alert(1)>"


class StartTags(HTMLParser):
    """The element and attribute names of a page (escaped text has none)."""

    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()
        self.attributes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.names.add(tag)
        self.attributes.update(name for name, _ in attrs)


def page(tmp_path: Path, records: list[dict[str, Any]], models: list[str]) -> str:
    settings = Settings(rootdir=tmp_path)
    return render_html(build_results(RunResults(records, models, settings)), records, tmp_path)  # type: ignore[arg-type]


def items(html: str) -> list[tuple[list[Any], dict[str, Any]]]:
    """The page's items as its script reads them: each index row with its details, unpacked."""
    index = json.loads(
        re.search(r'<script type="application/json" id="item-index">(.*?)</script>', html, re.S)[1]
    )  # type: ignore[index]
    chunks = {
        int(n): json.loads(gzip.decompress(base64.b64decode(data)))
        for n, data in re.findall(
            r'<script type="application/octet-stream" id="chunk-(\d+)">(.*?)</script>', html
        )
    }
    return [(row, chunks[row[11]][row[12]]) for row in index]


def hostile_records(tmp_path: Path) -> list[dict[str, Any]]:
    image = tmp_path / "fixtures" / "acer.png"
    image.parent.mkdir(parents=True, exist_ok=True)
    image.write_bytes(PNG)
    outside = tmp_path.parent / "outside.png"
    outside.write_bytes(PNG)
    chat = [
        turn(
            "agent",
            "Hi",
            (
                card("acer", "</div><script>alert(1)</script>", 449.99, str(image)),
                card("far", "Far away", 9, str(outside)),
            ),
        ),
        turn(
            "shopper",
            INJECTED,
            tools=(
                {
                    "call": {"name": "view_product", "arguments": {"product_id": "<b>x</b>"}},
                    "content": {"note": "</pre><script>alert(2)</script>"},
                    "error": None,
                    "product_ids": [],
                },
            ),
        ),
    ]
    return [
        record(
            "weak",
            'quote"scenario',
            trial(passed=False, failure_class="overly_lenient", text=INJECTED, chat=chat),
            category="<i>laptops</i>",
        ),
        record(
            "weak",
            "p",
            trial(passed=False, chat=chat),
            kind="persuasion",
            persuasion=persuasion(3, 1, {"<script>x</script>": (3, 1)}, minimal=True),
        ),
        record("reference", "ok", trial(chat=chat)),
    ]


def test_everything_from_a_run_is_escaped(tmp_path: Path) -> None:
    html = page(tmp_path, hostile_records(tmp_path), ["reference", "weak"])
    assert html.count("<script>") == 1  # ours, at the end; the others hold data, which never runs
    assert (
        len(re.findall(r'<script type="application/(?:json|octet-stream)"', html))
        == html.count("<script") - 1
    )
    assert "<img src=x" not in html and "alert(1)</script>" not in html and "<i>" not in html
    assert "<option>&lt;i&gt;laptops&lt;/i&gt;</option>" in html  # the filters: escaped by the template
    assert "\\u003ci\\u003elaptops\\u003c/i\\u003e" in html  # the index: no <, > or & in its JSON
    (row, detail), *_ = items(html)
    assert row[2] == "<i>laptops</i>"  # as data, shown by the script with textContent
    assert INJECTED in [turn[1] for turn in detail["trials"][0]["turns"]]


def test_the_page_makes_no_network_request(tmp_path: Path) -> None:
    html = page(tmp_path, hostile_records(tmp_path), ["reference", "weak"])
    assert (
        "default-src 'none'; img-src data:" in html
    )  # a CSP: nothing loads from anywhere, whatever is inside
    assert re.search(r"script-src 'sha256-[A-Za-z0-9+/=]+'", html)  # only our script may run
    tags = StartTags()
    tags.feed(html)
    assert not tags.names & {"img", "link", "iframe", "object", "embed", "source", "audio", "video", "base"}
    assert not tags.attributes & {"src", "href", "action", "formaction", "srcset", "poster", "background"}
    assert all(url.startswith('"data:image/png;base64,') for url in re.findall(r"url\(([^)]*)\)", html))


def test_images_are_embedded_once_and_only_from_the_project(tmp_path: Path) -> None:
    html = page(tmp_path, hostile_records(tmp_path), ["reference", "weak"])
    assert html.count("data:image/png;base64,") == 1  # the same image on three items, once; outside: none
    assert "outside.png" not in html and str(tmp_path) not in html


def test_failures_come_first_and_the_minimal_variant_is_shown(tmp_path: Path) -> None:
    html = page(tmp_path, hostile_records(tmp_path), ["reference", "weak"])
    shown = items(html)
    assert [row[3] for row, _ in shown] == ["failed", "failed", "passed"]
    persuaded = shown[1][1]
    assert persuaded["persuasion"]["minimal_variant"]["lines"][0]["say"] == "Only two left in stock!"
    assert [t["title"] for t in persuaded["trials"]] == ["With the smallest persuasion that flips it"]


def test_five_hundred_items_render_quickly(tmp_path: Path) -> None:
    chat = [
        turn("agent" if i % 2 == 0 else "shopper", f"message {i} about laptops", (card("acer", "Acer", 449),))
        for i in range(16)
    ]
    records = [
        record(
            "m",
            f"s{i}",
            trial(
                passed=i % 3 != 0,
                failure_class=None if i % 3 else "too_strict",
                text=f"shopper {i} wants a light laptop",
                chat=chat,
            ),
            category=f"c{i % 5}",
        )
        for i in range(500)
    ]
    start = time.perf_counter()
    html = page(tmp_path, records, ["m"])
    assert time.perf_counter() - start < 10
    assert len(items(html)) == 500 and '<details class="item"' not in html  # drawn by the script
    assert len(html) < 500 * 2000  # the chats compressed


@needs_chromium
def test_chromium_runs_no_injected_script_and_the_filters_work(tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    report.write_text(page(tmp_path, hostile_records(tmp_path), ["reference", "weak"]), encoding="utf-8")
    dom = dump_dom(report, tmp_path)
    assert "<title>pytest-salessim report</title>" in dom  # the injected script did not rename the page
    assert dom.count("<script>") == 1 and "<img" not in dom
    assert 'id="filter-count">3 of 3 items<' in dom  # our script ran
    assert dom.count('<details class="item"') == 3
    # the first failure is open, its chat unpacked and shown as text
    opened = re.search(
        r'<details class="item" id="item-1"[^>]*\bopen=""[^>]*>.*?</details>\s*<details', dom, re.S
    )
    assert opened is not None and '<div class="chat transcript">' in opened[0]
    assert "&lt;script&gt;document.title='pwned'&lt;/script&gt;" in opened[0]
    filtered = dump_dom(report, tmp_path, "#model=weak&outcome=failed")
    assert 'id="filter-count">2 of 3 items<' in filtered


def test_a_tool_result_is_json_one_entry_per_line_and_cut_when_long() -> None:
    products = [{"id": f"p{n}", "name": f"Product {n}", "price": 10.5 * n} for n in range(3)]
    text = result_text(products)
    assert json.loads(text) == products and len(text.splitlines()) == 5  # brackets and one line each
    details = {"id": "p1", "features": ["light", "quiet"], "attributes": {"os": "Windows"}}
    assert json.loads(result_text(details)) == details and len(result_text(details).splitlines()) == 5
    assert [result_text(v) for v in (None, [], {}, "é")] == ["null", "[]", "{}", '"é"']
    long = result_text([{"description": "x" * 100}] * 100)
    assert len(long) == MAX_RESULT_CHARS + 2 and long.endswith("\n…")
