"""The checks as scores in [0, 1], and their weighted combination: one meaning for every reward.

Decision alignment and dealbreakers are the checks themselves (1.0 passed, 0.0 failed). Disclosure
is 1.0 at or under the scenario's `max_first_turn_disclosures` and falls linearly to 0.0 when the
message reveals every criterion (the budget included). Lexical variety is 1 minus the mean TF-IDF
cosine of a text to its peers (the SalesSim paper's similarity between shoppers), or, with no peer,
the text's own distinct-2; a text with no content word scores 0.0.

With an LLM judge (`--salessim-judge-model`), each judged dimension is a signal too: its majority
score (0 or 1; personality, the mean over the specified traits). A conversation the judge did not
judge on a dimension (no judge, judge errors) has no such signal, and `combine` weighs only the
signals a conversation has, so a run without a judge scores exactly as before.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Mapping, Sequence

from ..checks import dealbreakers_kept, decision_alignment, disclosed
from ..diversity import cosine, distinct_n, tfidf_vectors
from ..judge.verdicts import REQUIRABLE, Judgement, summarize
from ..spec.model import Scenario
from ..transcript import Transcript

SIGNALS = ("decision_alignment", "dealbreakers", "disclosure", "variety")
JUDGED_SIGNALS: tuple[str, ...] = REQUIRABLE  # with a judge: comprehension ... personality
# Deciding as the persona would matters most (the paper's headline measure); then the hard criteria;
# the judged dimensions, where a judge graded the conversation, as much as disclosure each.
DEFAULT_WEIGHTS: Mapping[str, float] = {
    "decision_alignment": 4.0,
    "dealbreakers": 2.0,
    "disclosure": 1.0,
    "variety": 1.0,
    "comprehension": 1.0,
    "states_dealbreakers": 1.0,
    "judged_alignment": 1.0,
    "personality": 1.0,
}


def disclosure_score(revealed: int, scenario: Scenario) -> float:
    """1.0 at or under the limit, then linearly down to 0.0 at every criterion revealed."""
    limit = scenario.checks.max_first_turn_disclosures
    total = len(scenario.persona.criteria) + (scenario.persona.budget is not None)
    if revealed <= limit:
        return 1.0
    return max(0.0, 1.0 - (revealed - limit) / max(1, total - limit))


def revealed_in(text: str, scenario: Scenario) -> int:
    """Criteria of the persona that `text` reveals (the plugin's keyword measure)."""
    return len(disclosed(text, scenario.persona))


def lexical_variety(
    texts: Sequence[str],
    groups: Sequence[Hashable] | None = None,
    sources: Sequence[Hashable] | None = None,
) -> list[float]:
    """Each text's variety against its peers: the texts of its group from another source.

    Without `groups` every text is in one group; without `sources` every other text is a peer.
    TF-IDF is fitted on the group's texts, as the run's figures are.
    """
    n = len(texts)
    groups = groups if groups is not None else [0] * n
    sources = sources if sources is not None else list(range(n))
    scores = [0.0] * n
    for group in dict.fromkeys(groups):
        members = [i for i in range(n) if groups[i] == group]
        vectors = dict(zip(members, tfidf_vectors([texts[i] for i in members]), strict=True))
        for i in members:
            if not vectors[i]:
                continue  # no content word: nothing varied said
            peers = [j for j in members if sources[j] != sources[i]]
            if peers:
                similarity = sum(cosine(vectors[i], vectors[j]) for j in peers) / len(peers)
                scores[i] = max(0.0, 1.0 - similarity)
            else:
                scores[i] = distinct_n([texts[i]]) or 0.0
    return scores


def shopper_text(transcript: Transcript) -> str:
    """Everything the shopper said, a message a line (as the run's diversity figures read it)."""
    return "\n".join(t.text for t in transcript.shopper_turns if t.text.strip())


def transcript_scores(
    transcript: Transcript, scenario: Scenario, variety: float | None = None
) -> dict[str, float]:
    """The four signals of one conversation; `variety` defaults to the shopper's own distinct-2."""
    if variety is None:
        variety = lexical_variety([shopper_text(transcript)])[0]
    return {
        "decision_alignment": float(decision_alignment(transcript, scenario).passed),
        "dealbreakers": float(dealbreakers_kept(transcript, scenario).passed),
        "disclosure": disclosure_score(_revealed(transcript, scenario), scenario),
        "variety": variety,
        **judged_scores(transcript.judgements or ()),
    }


def judged_scores(judgements: Sequence[Judgement]) -> dict[str, float]:
    """The judged dimensions the judge scored (an unjudged one is left out, never a 0)."""
    out = {}
    for dimension in JUDGED_SIGNALS:
        summary = summarize(dimension, judgements)
        if summary is not None and summary["judged"] and summary["score"] is not None:
            out[dimension] = summary["score"]
    return out


def _revealed(transcript: Transcript, scenario: Scenario) -> int:
    if transcript.judged_disclosures is not None:  # the LLM judge's count, as the check uses it
        return len(transcript.judged_disclosures)
    return revealed_in(transcript.first_shopper_text(), scenario)


def normalised(weights: Mapping[str, float], present: Collection[str] | None = None) -> dict[str, float]:
    """Weights that sum to 1 (over the `present` signals only, when given); negative weights,
    unknown signals or an all-zero set are errors."""
    known = SIGNALS + JUDGED_SIGNALS
    unknown = sorted(set(weights) - set(known))
    if unknown:
        raise ValueError(f"unknown reward signal(s) {', '.join(unknown)}; the signals are {', '.join(known)}")
    if any(w < 0 for w in weights.values()):
        raise ValueError(f"reward weights must not be negative: {dict(weights)}")
    if sum(weights.values()) <= 0:
        raise ValueError("reward weights must not all be zero")
    kept = {name: w for name, w in weights.items() if present is None or name in present}
    total = sum(kept.values())
    if total <= 0:
        raise ValueError(f"no weighted signal among those scored ({', '.join(present or ())})")
    return {name: kept[name] / total for name in known if name in kept}


def combine(scores: Mapping[str, float], weights: Mapping[str, float] = DEFAULT_WEIGHTS) -> float:
    """The weighted mean of the signals the conversation has (weights normalised over them)."""
    return sum(w * scores[name] for name, w in normalised(weights, scores).items())
