"""`checks: {require: [...]}` and the ini option `salessim_require`: a judged dimension that fails items."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import spec_text
from ..judge_policies import rule_judge
from .conftest import JUDGED_WRITER, Start, judge_args, personas

PY = "py:tests.judge.shoppers:"


def test_a_required_dimension_fails_the_item_with_the_judge_s_reasons(
    pytester: pytest.Pytester, store: Path, llm_server: Start
) -> None:
    (store / "laptops.yaml").write_text(
        spec_text(JUDGED_WRITER + "    checks: {require: [states_dealbreakers]}\n")
    )
    server = llm_server(rule_judge(personas(store)))
    result = pytester.runpytest(*judge_args(server, PY + "tight_lipped", "reference"))
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*shopper 'Emily' did not act as its persona would (py:tests.judge.shoppers:tight_lipped*",
            "*  expected: purchase acer-aspire-5",
            "*  actual:   purchase acer-aspire-5 (Acer Aspire 5, $449.99)",
            "*    FAIL states_dealbreakers: majority 0 (votes 0, 0, 0; agreement 100%): "
            "'never states: it has to run Windows; a budget of at most $500 (absolute)'",
            "*  turns that matter:",
            "*shopper: * [[]add_to_cart(acer-aspire-5)[]]",
        ]
    )
    result.stdout.fnmatch_lines(
        ["FAILED specs/laptops.yaml::writer[[]py:tests.judge.shoppers:tight_lipped[]]*"]
    )


def test_the_ini_option_requires_it_of_every_scenario(
    pytester: pytest.Pytester, store: Path, llm_server: Start
) -> None:
    (store / "laptops.yaml").write_text(spec_text(JUDGED_WRITER))
    pytester.makeini("[pytest]\nsalessim_require = personality\n")
    server = llm_server(rule_judge(personas(store)))
    result = pytester.runpytest(*judge_args(server, PY + "terse", PY + "chatty"))
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*    FAIL personality: mean 0.50; extraversion high, judged low (votes low, low, low; "
            "agreement 100%): 'messages of * words on average'; neuroticism low, judged low*",
        ]
    )


def test_without_require_a_bad_score_is_a_figure_and_without_a_judge_nothing(
    pytester: pytest.Pytester, store: Path, llm_server: Start
) -> None:
    (store / "laptops.yaml").write_text(spec_text(JUDGED_WRITER + "    checks: {require: [personality]}\n"))
    offline = pytester.runpytest("specs", "--model", PY + "terse", "-p", "no:cacheprovider")
    offline.assert_outcomes(passed=1)  # no judge: the requirement cannot be judged, nothing is asked


def test_require_names_are_checked(pytester: pytest.Pytester, store: Path) -> None:
    (store / "laptops.yaml").write_text(spec_text(JUDGED_WRITER + "    checks: {require: [charm]}\n"))
    result = pytester.runpytest("specs", "-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(["*specs/laptops.yaml:*checks.require*"])
    assert result.ret == pytest.ExitCode.INTERRUPTED
    pytester.makeini("[pytest]\nsalessim_require = charm\n")
    bad = pytester.runpytest("specs", "-p", "no:cacheprovider")
    assert bad.ret == pytest.ExitCode.USAGE_ERROR
    bad.stderr.fnmatch_lines(["*salessim_require: unknown charm; a requirement is one of comprehension, *"])
