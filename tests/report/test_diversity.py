"""TF-IDF similarity and distinct-2 against values computed by hand (and scikit-learn when installed)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_salessim.diversity import (
    STOP_WORDS,
    cosine,
    distinct_n,
    mean_pairwise_similarity,
    similarity_to_others,
    terms,
    tfidf_vectors,
)

# stop words ("the", "please", "and") and one-letter words go: red shoes | red boots | want blue shoes shoes
TEXTS = ["The red shoes", "Red boots, please", "I want blue shoes and shoes"]


def hand_similarities() -> tuple[float, float, float]:
    """The three pairwise cosines, from the definition: n = 3 documents, idf = ln((1 + n) / (1 + df)) + 1."""
    common = math.log(4 / 3) + 1  # df 2: red, shoes
    rare = math.log(4 / 2) + 1  # df 1: boots, blue, want
    d1 = {"red": common, "shoes": common}
    d2 = {"red": common, "boots": rare}
    d3 = {"want": rare, "blue": rare, "shoes": 2 * common}

    def cos(a: dict[str, float], b: dict[str, float]) -> float:
        dot = sum(w * b.get(t, 0.0) for t, w in a.items())
        return dot / math.sqrt(sum(w * w for w in a.values())) / math.sqrt(sum(w * w for w in b.values()))

    return cos(d1, d2), cos(d1, d3), cos(d2, d3)


def test_terms_drop_stop_words_and_single_characters() -> None:
    assert terms("I want blue shoes and shoes, 4 U!") == ["want", "blue", "shoes", "shoes"]
    assert len(STOP_WORDS) == 318 and {"the", "and", "please", "amoungst", "noone"} <= STOP_WORDS


def test_tfidf_vectors_are_unit_length_with_smooth_idf() -> None:
    vectors = tfidf_vectors(TEXTS)
    assert all(sum(w * w for w in v.values()) == pytest.approx(1.0) for v in vectors)
    ratio = (math.log(4 / 2) + 1) / (math.log(4 / 3) + 1)
    assert vectors[1]["boots"] / vectors[1]["red"] == pytest.approx(ratio)


def test_similarity_against_a_hand_computation() -> None:
    s12, s13, s23 = hand_similarities()
    assert s23 == 0.0
    assert similarity_to_others(TEXTS) == pytest.approx([(s12 + s13) / 2, (s12 + s23) / 2, (s13 + s23) / 2])
    assert mean_pairwise_similarity(TEXTS) == pytest.approx((s12 + s13 + s23) / 3)


def test_identical_texts_are_fully_similar_and_empty_text_is_not_similar() -> None:
    assert mean_pairwise_similarity(["red shoes", "red shoes"]) == pytest.approx(1.0)
    assert cosine(tfidf_vectors(["", "red"])[0], tfidf_vectors(["red"])[0]) == 0.0
    assert similarity_to_others(["only one"]) == [None]
    assert mean_pairwise_similarity([]) is None


def test_distinct_2_counts_bigrams_within_each_message() -> None:
    # "i want it" -> (i want), (want it); "i want it too" -> those and (it too); none across the line break
    assert distinct_n(["I want it\nI want it too"]) == pytest.approx(3 / 5)
    assert distinct_n(["don't go", "Don't go"]) == pytest.approx(1 / 2)  # contractions stay one word
    assert distinct_n(["one", ""]) is None
    assert distinct_n(["a b c"], 3) == 1.0


def test_matches_scikit_learn_when_it_is_installed() -> None:
    sklearn_text = pytest.importorskip("sklearn.feature_extraction.text")
    pairwise = pytest.importorskip("sklearn.metrics.pairwise")
    assert frozenset(sklearn_text.ENGLISH_STOP_WORDS) == STOP_WORDS
    texts = [
        *TEXTS,
        "Honestly I'd like the lightest laptop you have, under $900.",
        "Light laptop, cheap, please!",
    ]
    matrix = sklearn_text.TfidfVectorizer(stop_words="english").fit_transform(texts)
    sims = pairwise.cosine_similarity(matrix)
    n = len(texts)
    expected = [(sims[i].sum() - sims[i][i]) / (n - 1) for i in range(n)]
    assert similarity_to_others(texts) == pytest.approx(expected)


WORDS = ["red", "shoes", "boots", "blue", "light", "laptop", "cheap", "the", "please", "I", "want", "a", ""]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join), max_size=12))
def test_each_texts_similarity_is_its_mean_cosine_to_every_other(texts: list[str]) -> None:
    """The linear-time sum equals the definition: every pair's cosine, one by one (empty texts too)."""
    if len(texts) < 2:
        assert similarity_to_others(texts) == [None] * len(texts)
        return
    vectors = tfidf_vectors(texts)
    expected = [
        sum(cosine(vectors[i], vectors[j]) for j in range(len(texts)) if j != i) / (len(texts) - 1)
        for i in range(len(texts))
    ]
    assert similarity_to_others(texts) == pytest.approx(expected, abs=1e-12)
