"""Personas: free text kept as sentences with keywords, the budget found and made a rule."""

from __future__ import annotations

from collections import Counter

from pytest_salessim.importer.personas import ceiling_in, draft_persona, keywords, sentences


def test_sentences_split_tidily() -> None:
    text = 'Must be machine washable.  Needs  pockets! Fits 13.3" laptops?  "'
    assert sentences(text) == ["Must be machine washable.", "Needs pockets!", 'Fits 13.3" laptops?']
    assert sentences("Soft fabric blends.The design is simple.") == [
        "Soft fabric blends.",
        "The design is simple.",
    ]
    assert sentences("") == []


def test_ceilings_people_write() -> None:
    assert ceiling_in("Product must be under $500.") == 500
    assert ceiling_in("Must not go over $1,200.") == 1200
    assert ceiling_in("Looking for a laptop that's priced between $2000 and $2500.") == 2500
    assert ceiling_in("Has a budget of $800") == 800
    assert ceiling_in("Must have at least 16GB RAM.") is None


def test_a_laptop_budget_comes_from_its_dealbreaker() -> None:
    draft = draft_persona(
        {
            "name": "Kevin",
            "age": 30,
            "persona_background": "Job hunting.",
            "preferences": "Looking for a laptop under $300. Needs video calls.",
            "dealbreakers": "Must be under $300. Cannot be slow.",
            "acceptable_products": ["A"],
        },
        8,
    )
    assert draft.id == "kevin-9" and draft.budget == 300
    assert [(c.text, c.hard, c.budget_rule) for c in draft.criteria] == [
        ("Looking for a laptop under $300.", False, False),
        ("Needs video calls.", False, False),
        ("Must be under $300.", True, True),
        ("Cannot be slow.", True, False),
    ]
    assert draft.notes == ["budget 300 read from the dealbreaker 'Must be under $300.'"]


def test_a_given_budget_rules_the_sentence_that_states_it() -> None:
    record = {
        "uuid": "2288fdce-ceaa-495f-a979-9444f1d9aa59",
        "name": "Jill",
        "age": 19,
        "budget": 25,
        "category_y": "shirt",
        "preferences": "A relaxed fit.",
        "dealbreakers": "Machine washable. Requires a price point under $25.",
        "acceptable_products": [],
    }
    draft = draft_persona(record, 0)
    assert draft.id == "jill-2288fdce" and draft.subcategory == "shirt" and draft.budget == 25
    assert [c.text for c in draft.criteria if c.budget_rule] == ["Requires a price point under $25."]


def test_a_budget_no_sentence_states_gets_its_own_dealbreaker() -> None:
    draft = draft_persona({"name": "Joya", "budget": 75, "dealbreakers": "Must be soft."}, 0)
    assert draft.criteria[-1].text == "Spend at most $75." and draft.criteria[-1].budget_rule
    assert "added the dealbreaker" in draft.notes[0]


def test_budget_zero_is_no_budget_and_extra_fields_are_kept() -> None:
    draft = draft_persona(
        {
            "name": "Clara",
            "budget": 0,
            "vocabulary": ["final cut pro"],
            "speaking_style": "Precise.",
            "What else is important to you?": "As much RAM as possible.",
            "Preferences": "Prefers MacOS.",
            "preferences": "",
            "ideal_products": ["X"],
            "odd": [1, 2],
        },
        5,
    )
    assert draft.budget is None and not any(c.budget_rule for c in draft.criteria)
    assert draft.speaking_style == "Precise. Uses words like 'final cut pro'."
    assert [c.text for c in draft.criteria] == ["Prefers MacOS.", "As much RAM as possible."]
    assert draft.notes == [
        "read `Preferences` as preferences",
        "kept the extra field 'What else is important to you?' as a preference",
        "left out the extra field 'odd'",
        "budget 0 is no amount: no budget",
        "kept `vocabulary` in the speaking style",
        "left out `ideal_products` (the paper grades `acceptable_products` only)",
    ]


def test_keywords_are_few_rare_and_not_shared() -> None:
    draft = draft_persona(
        {
            "name": "Ann",
            "budget": 40,
            "preferences": "Breathable fabric for hiking. Breathable fabric for yoga.",
            "dealbreakers": "The total cost must not exceed $40. The shirt must not be flashy.",
        },
        0,
    )
    counts = Counter({"fabric": 9, "breathable": 9})
    words = keywords(draft, frozenset({"shirt"}), counts)
    assert words == [["breathable", "fabric", "hiking"], ["yoga"], ["budget"], ["flashy"]]
