"""The SalesSim authors' rollouts graded: a decision in words matched to a product by name and shown,
an ambiguous or unknown name left `unmatched` with the name quoted (an error, never a guess), a
rollout that ended in error an error of its item, counted apart; JSON and literal-string exports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import DATA, copy_data, shows


def test_a_rollout_file_is_graded_with_its_accepts_matched_by_name(
    pytester: pytest.Pytester, laptops: Path
) -> None:
    copy_data(laptops, "rollouts.json")
    result = pytester.runpytest("rollouts.json", "--salessim-specs", "specs", "-rA", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=3, failed=1, errors=3)
    result.stdout.fnmatch_lines(
        [
            # named in the accepting message, matched by name and shown in the item
            "*Captured salessim decision call*",
            '[[]ACCEPT] in message 4: "[[]ACCEPT] Great, I\'ll take the Acer Aspire 5, you know!" -> '
            "acer-aspire-5 (named in the accepting message)",
        ]
    )
    # named in none: the one product recommended just before, said so
    result.stdout.fnmatch_lines(
        [
            "*That sounds perfect, I'll take it.\" -> acer-aspire-5 "
            "(names no product; the one recommended just before)"
        ]
    )
    # ambiguous: two names, both quoted as candidates, not graded
    result.stdout.fnmatch_lines(
        [
            "rollouts.json:35: decision unmatched: [[]ACCEPT] in message 4: "
            '"[[]ACCEPT] Either the Acer Aspire 5 or the Dell XPS 13 is fine, I\'ll take one." '
            "could be any of 2 products: acer-aspire-5 (Acer Aspire 5), dell-xps-13 (Dell XPS 13); not graded"
        ]
    )
    # unknown: a product no catalog has, quoted, with what was recommended just before
    result.stdout.fnmatch_lines(
        [
            "rollouts.json:48: decision unmatched: [[]ACCEPT] in message 4: "
            '"[[]ACCEPT] Actually I\'ll take the Zenbook Pro 14 I saw online." '
            "names no product, and 2 were recommended just before: *; not graded"
        ]
    )
    # a wrong product bought: graded like any conversation, with the record's line
    result.stdout.fnmatch_lines(
        [
            "shopper 'Emily' did not act as its persona would (rollouts, seed 0)",
            "  actual:   purchase dell-xps-13 (Dell XPS 13, $1,299)",
            "  failure class: overly_lenient",
            "  recorded: rollouts.json:61",
        ]
    )
    # outcome: error is an error of its item, counted apart from the misalignments
    result.stdout.fnmatch_lines(
        [
            "rollouts.json:87: the rollout ended in error (outcome: error): "
            "openai.RateLimitError: Error code: 429",
            "salessim recorded: 4 conversations graded; not graded (errors of their items): "
            "2 with a decision matching no one product, 1 ended in error (outcome: error)",
        ]
    )
    assert "Traceback" not in result.stdout.str()
    document = json.loads((laptops / "reports" / "results.json").read_text())
    assert document["summary"]["rollouts"] == {
        "items": 4,
        "passed": 3,
        "failed": 1,
        "errors": 3,
        "skipped": 0,
        "persuasion_items": 0,
    }
    assert document["figures"]["rollouts"]["overall"]["alignment"] == 0.75  # errors are not in it
    assert sorted(r["reason"].split(": ", 1)[1][:40] for r in document["not_played"]) == [
        "decision unmatched: [ACCEPT] in message ",
        "decision unmatched: [ACCEPT] in message ",
        "the rollout ended in error (outcome: err",
    ]


def test_the_accepting_turn_becomes_the_tool_call_its_words_meant(
    pytester: pytest.Pytester, laptops: Path
) -> None:
    copy_data(laptops, "rollouts.json")
    pytester.runpytest("rollouts.json", "-k", "writer and not 3 and not 4", "-p", "no:cacheprovider")
    lines = [
        json.loads(line) for line in (laptops / "reports" / "transcripts.jsonl").read_text().splitlines()
    ]
    first = lines[0]["transcript"]["turns"]
    assert [t["role"] for t in first] == ["agent", "shopper", "agent", "shopper"]
    assert first[2]["cards"][0]["id"] == "acer-aspire-5"  # the recommended item, by its title
    accepting = first[3]
    assert accepting["text"] == "Great, I'll take the Acer Aspire 5, you know!"  # the token is taken out
    call = accepting["tool_results"][0]
    assert call["call"] == {"name": "add_to_cart", "arguments": {"product_id": "acer-aspire-5"}, "id": ""}
    assert call["content"]["matched"].endswith("-> acer-aspire-5 (named in the accepting message)")


def test_an_older_export_with_python_literal_fields_and_no_ids_is_read_alike(
    pytester: pytest.Pytester, laptops: Path
) -> None:
    copy_data(laptops, "rollouts_literal.json")
    literal = json.loads((DATA / "rollouts_literal.json").read_text())
    assert isinstance(literal[0]["conversation"], str) and "conversation_id" not in literal[0]
    result = pytester.runpytest("rollouts_literal.json", "-rA", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2, errors=1)
    shows(
        result,
        *[
            "PASSED rollouts_literal.json::writer[[]rollouts_literal]",
            "PASSED rollouts_literal.json::no-fit[[]rollouts_literal]",
            "ERROR rollouts_literal.json::writer[[]rollouts_literal]#2 - Failed: *",
            "rollouts_literal.json:11: decision unmatched: [[]ACCEPT] in message 4: "
            '"[[]ACCEPT] I\'ll go with that one." '
            "names no product, and 2 were recommended just before: acer-aspire-5 (Acer Aspire 5), "
            "asus-tuf (ASUS TUF Gaming F15); not graded",
        ],
    )
    # a title read from the first line of page_content, as the authors' grader reads it
    result.stdout.fnmatch_lines(
        ["*Thanks, I'll take the Acer Aspire 5!\" -> acer-aspire-5 (named in the accepting message)"]
    )


def test_rollouts_as_json_lines_or_under_simulations_are_read_too(
    pytester: pytest.Pytester, laptops: Path
) -> None:
    records = json.loads((DATA / "rollouts.json").read_text())
    (laptops / "lines.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records[:2]))
    (laptops / "wrapped.json").write_text(
        json.dumps({"config": {"max_turns": 10}, "simulations": records[5:6]}, indent=2)
    )
    result = pytester.runpytest("lines.jsonl", "wrapped.json", "-rA", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=3)
    shows(
        result,
        *[
            "PASSED lines.jsonl::writer[[]lines]",
            "PASSED lines.jsonl::writer[[]lines]#2",
            "PASSED wrapped.json::no-fit[[]wrapped]",
        ],
    )


def test_a_tool_call_naming_the_product_decides_as_the_authors_later_simulator_logs_it(
    pytester: pytest.Pytester, laptops: Path
) -> None:
    record = json.loads((DATA / "rollouts.json").read_text())[0]
    record["model"] = "gpt-4o"
    record["conversation"][-1] = {
        "speaker": "Shopper",
        "text": "This is the one for me.",
        "shopper_action": json.dumps(
            {"name": "add_to_cart", "arguments": json.dumps({"product": "acer aspire 5"})}
        ),
    }
    (laptops / "later.json").write_text(json.dumps([record]))
    result = pytester.runpytest("later.json", "-rA", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
    shows(
        result,
        "PASSED later.json::writer[[]gpt-4o]",
        "add_to_cart in message 4: 'acer aspire 5' -> acer-aspire-5 (by name)",
    )


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ({"name": "Nobody", "age": 40}, "no scenario for persona 'Nobody', age 40 among the 2 of specs/"),
        (
            {"name": "Emily", "age": 61},
            "persona 'Emily', age 61: no scenario of that name has that age; "
            "of that name: writer (laptops.yaml)",
        ),
    ],
)
def test_a_shopper_that_matches_no_scenario_is_an_error_naming_the_candidates(
    pytester: pytest.Pytester, laptops: Path, persona: dict[str, object], expected: str
) -> None:
    record = json.loads((DATA / "rollouts.json").read_text())[0]
    record["shopper_persona"] = persona
    (laptops / "stray.json").write_text(json.dumps([record]))
    result = pytester.runpytest("stray.json", "--salessim-specs", "specs", "-p", "no:cacheprovider")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines([f"stray.json:1: {expected}"])
