"""A SalesSim persona record -> the persona of a scenario: free-text criteria kept, a budget rule found."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..spec.model import content_words
from .answers import is_release_record, read_answers
from .catalog import slug
from .money import FLEXIBLE, budget_in, ceiling_in, mentions_money
from .temperament import Temperament, read_temperament

KEYWORDS_PER_CRITERION = 5
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")
_RUN_ON = re.compile(r"(?<=[a-z]{2})\.(?=[A-Z][a-z])")  # "blends.The": a missing space
# words that say nothing about which product fits: left out of the keywords that count as disclosing
_GENERIC_WORDS = """
    requires require required requirement ensure ensuring ensures allow allows allowing provide provides
    providing should suitable item items piece pieces purchase shopping accommodate maintain maintaining
    look looks total while without within overall essential important key also well etc sure sufficient
    able possible options option preference preferences seeks seeking wants needed necessary ideal
    perfect priority prioritizes prioritize given whether usage use used using make making made
    during such like various especially particularly including includes include ones cannot product
    products options enough between offer offers values yet overly feature preferred different taking
    equal align aligns aligned
    """
_GENERIC = frozenset(_GENERIC_WORDS.split())
_MONEY_WORDS = """
    budget price priced prices pricing cost costs afford affordable affordability spend spending exceed
    exceeding dollars point under over limited limit stay fit within range go
    """
_MONEY = frozenset(_MONEY_WORDS.split())


def sentences(text: str) -> list[str]:
    """Free text -> its sentences, whitespace tidied; stray punctuation between them dropped."""
    tidy = _RUN_ON.sub(". ", " ".join(str(text or "").split()))
    return [s.strip() for s in _SENTENCE_END.split(tidy) if re.search(r"\w", s)]


@dataclass(frozen=True)
class CriterionDraft:
    text: str
    hard: bool
    budget_rule: bool = False  # carries the rule {price lte budget}
    ceiling: float | None = None  # carries a price rule of its own amount (a release's budget answer)
    said: str = ""  # the words its keywords come from, when not its whole text (a release's answer)

    @property
    def about_money(self) -> bool:
        return mentions_money(self.text)

    @property
    def words(self) -> str:
        return self.said or self.text


@dataclass
class PersonaDraft:
    """A persona on its way to a spec: the fields kept and the criteria, before keywords."""

    id: str
    name: str
    age: int | None
    background: str
    speaking_style: str
    budget: float | None
    subcategory: str | None
    criteria: list[CriterionDraft]
    acceptable: list[str]
    notes: list[str] = field(default_factory=list)  # what the conversion decided, for the report
    temperament: Temperament = field(default_factory=Temperament)  # Big Five, emotion, knowledge
    labelled: bool = True  # False: the record has no `acceptable_products` (the public release)
    flexible: float = 0.0  # how far the budget may stretch (a release's budget that is no dealbreaker)


KNOWN_KEYS = frozenset(
    {
        "uuid",
        "name",
        "age",
        "persona_background",
        "speaking_style",
        "preferences",
        "Preferences",
        "dealbreakers",
        "acceptable_products",
        "ideal_products",
        "budget",
        "category",
        "category_y",
        "vocabulary",
        "background",
        "big_5_specification",
        "big_5",
        "personality",
        "emotion",
        "knowledge_level",
        "knowledge",
    }
)


def _scenario_id(record: dict[str, Any], index: int) -> str:
    """`jill-2288fdce` (name and uuid), `emily-new-grad` (a release's persona id), else `emily-1`."""
    name = slug(str(record.get("name") or "shopper"), 40)
    uuid = re.sub(r"[^0-9a-f]", "", str(record.get("uuid") or "").lower())
    persona_id = str(record.get("persona_background") or "")
    if uuid:
        return f"{name}-{uuid[:8]}"
    if record.get("background") and re.fullmatch(r"[a-z][a-z0-9_]{0,40}", persona_id):
        return f"{name}-{slug(persona_id)}"
    return f"{name}-{index + 1}"


def _preferences_text(record: dict[str, Any]) -> str:
    """`preferences`, or `Preferences` where a file spelt it so and left the other empty."""
    parts = [str(record.get(key) or "").strip() for key in ("preferences", "Preferences")]
    return " ".join(p for p in parts if p)


def draft_persona(record: dict[str, Any], index: int) -> PersonaDraft:
    """Everything a persona record says, kept; its budget from `budget` or from its dealbreakers.

    A record of the public release's format (question/answer pairs, no acceptable products) is read
    by answers.py; its scenario is then unlabelled until the annotations decide it.
    """
    notes: list[str] = []
    flexible = 0.0
    if is_release_record(record):
        answers = read_answers(record)
        criteria = [
            CriterionDraft(a.text, a.hard, a.budget_rule, a.ceiling, a.said) for a in answers.criteria
        ]
        budget, flexible = answers.budget, answers.flexible
        notes.extend(answers.notes)
        for key in record:
            if key not in KNOWN_KEYS and not key.strip().endswith("?"):
                notes.append(f"left out the extra field {key!r}")
    else:
        criteria, budget, flexible = _free_text_criteria(record, notes)
    style = " ".join(str(record.get("speaking_style") or "").split())
    vocabulary = [str(v) for v in record.get("vocabulary") or [] if str(v).strip()]
    if vocabulary:
        words = ", ".join(f"'{v}'" for v in vocabulary)
        style = f"{style} Uses words like {words}.".strip()
        notes.append("kept `vocabulary` in the speaking style")
    if record.get("ideal_products"):
        notes.append("left out `ideal_products` (the paper grades `acceptable_products` only)")
    subcategory = record.get("category") or record.get("category_y")
    temperament = read_temperament(record)
    notes.extend(temperament.notes)
    background = " ".join(str(record.get("background") or record.get("persona_background") or "").split())
    if temperament.knowledge_text:
        background = f"{background} {temperament.knowledge_text}".strip()
    return PersonaDraft(
        id=_scenario_id(record, index),
        name=" ".join(str(record.get("name") or f"Shopper {index + 1}").split()),
        age=record["age"] if isinstance(record.get("age"), int) and 0 <= record["age"] <= 130 else None,
        background=background,
        speaking_style=style,
        budget=budget,
        subcategory=str(subcategory) if subcategory else None,
        criteria=criteria,
        acceptable=[str(n) for n in record.get("acceptable_products") or []],
        notes=notes,
        temperament=temperament,
        labelled="acceptable_products" in record,
        flexible=flexible,
    )


def _free_text_criteria(
    record: dict[str, Any], notes: list[str]
) -> tuple[list[CriterionDraft], float | None, float]:
    """The criteria of free-text `preferences` and `dealbreakers`, one a sentence, and the budget: the
    `budget` field, else a ceiling a dealbreaker states (absolute), else a preference that names its
    budget ("Has a budget of $800": it may stretch by 10%, as the paper lets a budget that is no
    dealbreaker). A price a preference states without calling it a budget ("Prefers options under
    $1200") stays a preference."""
    preferences = sentences(_preferences_text(record))
    if record.get("Preferences"):
        notes.append("read `Preferences` as preferences")
    for key, value in record.items():
        if key not in KNOWN_KEYS and isinstance(value, str) and value.strip():
            preferences += sentences(value)
            notes.append(f"kept the extra field {key!r} as a preference")
        elif key not in KNOWN_KEYS:
            notes.append(f"left out the extra field {key!r}")
    dealbreakers = sentences(str(record.get("dealbreakers") or ""))
    budget = _positive(record.get("budget"))
    if record.get("budget") is not None and budget is None:
        notes.append(f"budget {record.get('budget')!r} is no amount: no budget")
    ruled: tuple[str, int] | None = None  # (list, index) of the sentence that carries the budget rule
    flexible = 0.0
    if budget is None and "budget" not in record:
        for i, sentence in enumerate(dealbreakers):
            ceiling = ceiling_in(sentence)
            if ceiling is not None:
                budget, ruled = ceiling, ("dealbreakers", i)
                notes.append(f"budget {ceiling:g} read from the dealbreaker {sentence!r}")
                break
        for i, sentence in enumerate(preferences if budget is None else []):
            stated = budget_in(sentence)
            if stated is not None:  # a budget that is no dealbreaker: the paper lets it stretch
                budget, ruled, flexible = stated, ("preferences", i), FLEXIBLE
                notes.append(
                    f"budget {stated:g} read from the preference {sentence!r}: no dealbreaker, so it may "
                    f"stretch by {FLEXIBLE:.0%} as the paper lets it"
                )
                break
    elif budget is not None:
        ruled = _budget_sentence(dealbreakers, "dealbreakers") or _budget_sentence(preferences, "preferences")
    criteria = [CriterionDraft(s, False, ruled == ("preferences", i)) for i, s in enumerate(preferences)] + [
        CriterionDraft(s, True, ruled == ("dealbreakers", i)) for i, s in enumerate(dealbreakers)
    ]
    if budget is not None and ruled is None:
        criteria.append(CriterionDraft(f"Spend at most ${budget:,.0f}.", True, True))
        notes.append("no sentence states the budget: added the dealbreaker 'Spend at most ...'")
    return criteria, budget, flexible


def _positive(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        return None
    return float(value)


def _budget_sentence(texts: list[str], kind: str) -> tuple[str, int] | None:
    return next(((kind, i) for i, s in enumerate(texts) if mentions_money(s)), None)


def word_counts(drafts: Iterable[PersonaDraft]) -> Counter[str]:
    """In how many criteria of a file each word appears: rare words tell criteria apart best."""
    counts: Counter[str] = Counter()
    for draft in drafts:
        for criterion in draft.criteria:
            counts.update(content_words(criterion.words))
    return counts


def keywords(persona: PersonaDraft, ignore: frozenset[str], counts: Counter[str]) -> list[list[str]]:
    """For each criterion, the few words whose use discloses it: its rarest, in the order it says them.

    A word two criteria share discloses only the first of them (while the other has words left),
    and a budget sentence leaves out its money words, since saying an amount discloses the budget.
    """
    skip = ignore | _GENERIC | set(content_words(persona.name))
    claimed: set[str] = set()
    out = []
    for criterion in persona.criteria:
        money = criterion.about_money
        words = [
            w
            for w in content_words(criterion.words, skip | (_MONEY if money else frozenset()))
            if not re.fullmatch(r"[\d.,]+", w)
        ]
        own = [w for w in words if w not in claimed] or words
        if not own:
            out.append(_fallback(criterion, persona, money))
            continue
        rarest = sorted(own, key=lambda w: (counts[w], own.index(w)))[:KEYWORDS_PER_CRITERION]
        chosen = [w for w in own if w in rarest]
        claimed.update(chosen)
        out.append(chosen)
    return out


def _fallback(criterion: CriterionDraft, persona: PersonaDraft, money: bool) -> list[str]:
    """Keywords of a sentence that says nothing but an amount: the amount discloses it.

    With a `budget:` an amount already discloses the budget, so only the word "budget" is left here.
    """
    if money:
        amounts = (
            [] if persona.budget is not None else re.findall(r"\$\s?\d[\d,]*(?:\.\d+)?", criterion.words)
        )
        return ["budget", *amounts]
    return [w for w in content_words(criterion.words) if w[0].isalpha()]
