"""report.html: one self-contained page (inline CSS, JS, SVG and images) rendered with Jinja2 autoescape;
the items' details are data its one script shows when an item is opened (items.py)."""

from __future__ import annotations

import base64
import hashlib
import io
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from ..records import ItemRecord
from ..templating import money
from .chart import chart_input, failure_chart
from .images import image_css
from .items import MAX_RESULT_CHARS, ItemData, result_text, script_json
from .people import GAP_FIGURES, human_reference

__all__ = ["MAX_RESULT_CHARS", "ReportPage", "render_html", "result_text"]

TEMPLATES = Path(__file__).with_name("templates")


def pct(value: float | None, digits: int = 0) -> str:
    return "–" if value is None else f"{value:.{digits}%}"


def num(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def signed(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:+.{digits}f}"


def interval(bounds: list[float] | None) -> str:
    return "" if not bounds else f"{bounds[0]:.0%}–{bounds[1]:.0%}"


def shade(share: float | None) -> str:
    """A cell's background: red (0) through yellow to green (1)."""
    return "#eee" if share is None else f"hsl({round(120 * share)}, 65%, 82%)"


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "j2"], default_for_string=True, default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(pct=pct, num=num, signed=signed, interval=interval, shade=shade, money=money)
    return env


@lru_cache(maxsize=1)
def _script() -> tuple[Markup, Markup]:
    """The page's one script and its CSP hash: no other script (an injected one included) may run."""
    text = (TEMPLATES / "report.js.j2").read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return Markup(text), Markup(f"'sha256-{digest}'")  # noqa: S704 - our own file; base64


class ReportPage:
    """report.html of a run, its items added one at a time as the reports read them back: the tables
    are rendered with Jinja2, each item's details kept compressed until a reader opens it (items.py)."""

    def __init__(self) -> None:
        self.items = ItemData()

    def add(self, record: ItemRecord) -> None:
        self.items.add(record)

    def write(self, results: dict[str, Any], rootdir: Path, out: IO[str]) -> None:
        """The page, from results.json's document (its items are not read) and the items added."""
        figures = results["figures"]
        models = results["settings"]["models"]
        script, script_hash = _script()
        page = (
            _environment()
            .get_template("report.html.j2")
            .render(
                results=results,
                models=models,
                figures=figures,
                categories=sorted({c for fig in figures.values() for c in fig["by_category"]}),
                tags=sorted({t for fig in figures.values() for t in fig["by_tag"]}),
                chart=failure_chart(chart_input(figures)),
                gap_figures=GAP_FIGURES,
                reference=human_reference(),
                persuasion_run=any(fig["overall"]["persuasion"]["items"] for fig in figures.values()),
                judged_run=any(fig.get("judged") for fig in figures.values()),
                item_count=len(self.items),
                index=Markup(self.items.index()),  # noqa: S704 - script_json: no <, > or & left
                products=Markup(script_json(self.items.products)),  # noqa: S704 - the same
                # base64 data URIs of known image types only
                image_css=Markup(image_css(self.items.images.classes, rootdir)),  # noqa: S704
                css=Markup((TEMPLATES / "report.css.j2").read_text(encoding="utf-8")),  # noqa: S704 - our own file
                chunks=Markup(CHUNKS),  # noqa: S704 - a marker of our own
                script=script,
                script_hash=script_hash,
            )
        )
        top, bottom = page.split(CHUNKS)
        out.write(top)
        self.items.copy_chunks(out)
        out.write(bottom)

    def close(self) -> None:
        self.items.close()


CHUNKS = "<!-- the items' compressed details -->"


def render_html(results: dict[str, Any], records: Iterable[ItemRecord], rootdir: Path) -> str:
    """The page, from results.json's document and the records (which hold the transcripts)."""
    page = ReportPage()
    for record in records:
        page.add(record)
    out = io.StringIO()
    try:
        page.write(results, rootdir, out)
    finally:
        page.close()
    return out.getvalue()
