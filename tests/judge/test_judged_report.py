"""report.html with a judge: the judged dimensions' table, and in each item who the shopper is (the
persona panel) and every vote with the majority's justification, as Chromium shows them."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import spec_text
from ..judge_policies import rule_judge
from ..report.chromium import dump_dom, needs_chromium
from .conftest import JUDGED_WRITER, Start, judge_args, personas

PY = "py:tests.judge.shoppers:"


@needs_chromium
def test_the_report_shows_the_judged_table_the_persona_and_the_votes(
    pytester: pytest.Pytester, store: Path, llm_server: Start
) -> None:
    (store / "laptops.yaml").write_text(spec_text(JUDGED_WRITER + "    checks: {require: [personality]}\n"))
    server = llm_server(rule_judge(personas(store)))
    result = pytester.runpytest(*judge_args(server, PY + "terse", PY + "chatty"))
    result.assert_outcomes(passed=1, failed=1)
    page = pytester.path / "reports" / "report.html"
    html = page.read_text()
    assert '<table id="judged-table">' in html and "judge openai/judge (3 votes a question)" in html
    dom = dump_dom(page, pytester.path)  # the first failure opens by itself: terse's
    for shown in [
        "personality: extraversion high, neuroticism low",
        "knowledge: novice",
        "budget: at most $500",
        "it has to run Windows · rule: os = 'Windows'",
        "personality · extraversion: high, judged low · votes low, low, low · agreement 100%",
        "states_dealbreakers: 0 · votes 0, 0, 0",
    ]:
        assert shown in dom, shown
