"""Labels known to disagree with their persona: a `label-conflict` scenario loads (the tag says the
conflict is known) and is an expected failure under `reference`, with the reason; other simulators are
graded against the label as it is; an `unlabelled` one is skipped with what to do."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import spec_text

# Emily's dealbreaker forbids ChromeOS, yet the label lists the Chromebook
CONFLICT = """\
  - id: writer
    tags: [{tag}]
    persona:
      name: Emily
      budget: 500
      dealbreakers:
        - text: it has to run Windows
          rule: {{attribute: os, eq: Windows}}
    expect: {{decision: purchase, any_of: [lenovo-chromebook]}}
"""
# the two Windows laptops under $900 keep everything; the label lists only one of them
PREFERENCE = """\
  - id: gamer
    tags: [label-preference]
    persona:
      name: Tyler
      budget: 900
      preferences:
        - text: a 15.6-inch screen
          rule: {attribute: screen_in, eq: 15.6}
      dealbreakers:
        - text: it has to run Windows
          rule: {attribute: os, eq: Windows}
    expect: {decision: purchase, any_of: [asus-tuf]}
"""


def test_a_label_its_persona_contradicts_is_a_spec_error_unless_tagged(
    pytester: pytest.Pytester, store: Path
) -> None:
    (store / "laptops.yaml").write_text(spec_text(CONFLICT.format(tag="budget")))
    untagged = pytester.runpytest("specs", "-p", "no:cacheprovider")
    untagged.stdout.fnmatch_lines(["*expected product 'lenovo-chromebook' breaks the dealbreaker*"])
    assert untagged.ret == pytest.ExitCode.INTERRUPTED

    (store / "laptops.yaml").write_text(spec_text(CONFLICT.format(tag="label-conflict"), PREFERENCE))
    result = pytester.runpytest("specs", "-rxX", "-p", "no:cacheprovider", "--model", "reference")
    assert result.ret == pytest.ExitCode.OK
    result.assert_outcomes(xfailed=2)  # the cheaper Acer is as good by the criteria: reference buys it
    result.stdout.fnmatch_lines(
        [
            "XFAIL specs/laptops.yaml::writer[[]reference[]] - label-conflict: the authors accept "
            "lenovo-chromebook, which breaks the dealbreaker 'it has to run Windows' "
            "(needs os = 'Windows', has 'ChromeOS')",
            "XFAIL specs/laptops.yaml::gamer[[]reference[]] - label-preference: acer-aspire-5 keeps every "
            "dealbreaker and meets 1 of 1 preferences, the best product the authors list 1: *",
        ]
    )


def test_other_simulators_are_graded_against_the_label_as_it_is(
    pytester: pytest.Pytester, store: Path
) -> None:
    (store / "laptops.yaml").write_text(spec_text(CONFLICT.format(tag="label-conflict")))
    result = pytester.runpytest("specs", "-p", "no:cacheprovider", "--model", "weak")
    # no xfail (only `reference` follows the criteria as written): weak buys the product the label
    # accepts, which passes, the dealbreaker check saying what the criteria find broken
    result.assert_outcomes(passed=1)
    results = json.loads((pytester.path / "reports" / "results.json").read_text())
    (dealbreakers,) = [c for c in results["items"][0]["trials"][0]["checks"] if c["name"] == "dealbreakers"]
    assert dealbreakers["passed"] and dealbreakers["detail"].startswith(
        "lenovo-chromebook breaks the dealbreaker"
    )
    assert dealbreakers["detail"].endswith("but the label accepts it (label-conflict)")


def test_an_unlabelled_scenario_is_skipped_with_the_next_step(pytester: pytest.Pytester, store: Path) -> None:
    unlabelled = CONFLICT.format(tag="unlabelled").replace(
        "expect: {decision: purchase, any_of: [lenovo-chromebook]}", "expect: {decision: no_purchase}"
    )
    (store / "laptops.yaml").write_text(spec_text(unlabelled))
    result = pytester.runpytest(
        "specs", "-rs", "-p", "no:cacheprovider", "--model", "reference", "--model", "weak"
    )
    result.assert_outcomes(skipped=2)
    result.stdout.fnmatch_lines(
        ["SKIPPED * unlabelled: the personas came without acceptable products*annotate*"]
    )
