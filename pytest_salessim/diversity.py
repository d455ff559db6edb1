"""How alike shoppers talk: TF-IDF cosine similarity (the SalesSim paper's measure) and distinct-n.

The TF-IDF is scikit-learn's default, written out so that no heavy dependency is needed: lowercase
tokens of two or more word characters, English stop words removed, raw term counts times the smooth
idf ln((1 + n) / (1 + df)) + 1, each vector scaled to unit length. Cosine is then a dot product.
"""

from __future__ import annotations

import math
import re
from array import array
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

# The English stop-word list of the Glasgow Information Retrieval Group, the list scikit-learn uses
# for stop_words="english" (318 words, its spellings kept: "amoungst", "couldnt", "hasnt", "noone").
# fmt: off
STOP_WORDS: frozenset[str] = frozenset([
    "a", "about", "above", "across", "after", "afterwards", "again", "against", "all", "almost", "alone",
    "along", "already", "also", "although", "always", "am", "among", "amongst", "amoungst", "amount", "an",
    "and", "another", "any", "anyhow", "anyone", "anything", "anyway", "anywhere", "are", "around", "as",
    "at", "back", "be", "became", "because", "become", "becomes", "becoming", "been", "before",
    "beforehand", "behind", "being", "below", "beside", "besides", "between", "beyond", "bill", "both",
    "bottom", "but", "by", "call", "can", "cannot", "cant", "co", "con", "could", "couldnt", "cry", "de",
    "describe", "detail", "do", "done", "down", "due", "during", "each", "eg", "eight", "either", "eleven",
    "else", "elsewhere", "empty", "enough", "etc", "even", "ever", "every", "everyone", "everything",
    "everywhere", "except", "few", "fifteen", "fifty", "fill", "find", "fire", "first", "five", "for",
    "former", "formerly", "forty", "found", "four", "from", "front", "full", "further", "get", "give", "go",
    "had", "has", "hasnt", "have", "he", "hence", "her", "here", "hereafter", "hereby", "herein",
    "hereupon", "hers", "herself", "him", "himself", "his", "how", "however", "hundred", "i", "ie", "if",
    "in", "inc", "indeed", "interest", "into", "is", "it", "its", "itself", "keep", "last", "latter",
    "latterly", "least", "less", "ltd", "made", "many", "may", "me", "meanwhile", "might", "mill", "mine",
    "more", "moreover", "most", "mostly", "move", "much", "must", "my", "myself", "name", "namely",
    "neither", "never", "nevertheless", "next", "nine", "no", "nobody", "none", "noone", "nor", "not",
    "nothing", "now", "nowhere", "of", "off", "often", "on", "once", "one", "only", "onto", "or", "other",
    "others", "otherwise", "our", "ours", "ourselves", "out", "over", "own", "part", "per", "perhaps",
    "please", "put", "rather", "re", "same", "see", "seem", "seemed", "seeming", "seems", "serious",
    "several", "she", "should", "show", "side", "since", "sincere", "six", "sixty", "so", "some", "somehow",
    "someone", "something", "sometime", "sometimes", "somewhere", "still", "such", "system", "take", "ten",
    "than", "that", "the", "their", "them", "themselves", "then", "thence", "there", "thereafter",
    "thereby", "therefore", "therein", "thereupon", "these", "they", "thick", "thin", "third", "this",
    "those", "though", "three", "through", "throughout", "thru", "thus", "to", "together", "too", "top",
    "toward", "towards", "twelve", "twenty", "two", "un", "under", "until", "up", "upon", "us", "very",
    "via", "was", "we", "well", "were", "what", "whatever", "when", "whence", "whenever", "where",
    "whereafter", "whereas", "whereby", "wherein", "whereupon", "wherever", "whether", "which", "while",
    "whither", "who", "whoever", "whole", "whom", "whose", "why", "will", "with", "within", "without",
    "would", "yet", "you", "your", "yours", "yourself", "yourselves"
])
# fmt: on

_TERM = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default token_pattern
_WORD = re.compile(r"(?u)\w+(?:'\w+)*")  # words for distinct-n, contractions kept whole


def terms(text: str) -> list[str]:
    """The TF-IDF terms of a text: lowercase, two or more word characters, no stop words."""
    return [t for t in _TERM.findall(text.lower()) if t not in STOP_WORDS]


def tfidf_vectors(texts: Sequence[str]) -> list[dict[str, float]]:
    """One unit-length sparse TF-IDF vector per text, the idf fitted on `texts` (empty text: {})."""
    counts = [Counter(terms(t)) for t in texts]
    n = len(counts)
    df = Counter(term for doc in counts for term in doc)
    idf = {term: math.log((1 + n) / (1 + d)) + 1 for term, d in df.items()}
    vectors = []
    for doc in counts:
        weights = {term: tf * idf[term] for term, tf in doc.items()}
        norm = math.sqrt(sum(w * w for w in weights.values()))
        vectors.append({term: w / norm for term, w in weights.items()} if norm else {})
    return vectors


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Cosine of two unit-length sparse vectors (0 when either is empty)."""
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(term, 0.0) for term, w in a.items())


def similarity_to_others(texts: Sequence[str]) -> list[float | None]:
    """Each text's mean TF-IDF cosine to the other texts (None for a text that has no other).

    The mean of these over a group is the group's mean pairwise similarity; it is how the human
    reference's `avg_tfidf_similarity` is defined per dialogue. The vectors have unit length, so the
    sum of a text's cosines to the others is its dot product with the sum of all vectors, less its
    own length (1, or 0 when empty): linear in the texts, not quadratic.
    """
    n = len(texts)
    if n < 2:
        return [None] * n
    vectors = tfidf_vectors(texts)
    total: dict[str, float] = {}
    for vector in vectors:
        for term, weight in vector.items():
            total[term] = total.get(term, 0.0) + weight
    return [(cosine(vector, total) - cosine(vector, vector)) / (n - 1) for vector in vectors]


def mean_pairwise_similarity(texts: Sequence[str]) -> float | None:
    """The mean TF-IDF cosine over all pairs of texts; higher means less diverse."""
    sims = [s for s in similarity_to_others(texts) if s is not None]
    return sum(sims) / len(sims) if sims else None


def ngrams(text: str, n: int = 2) -> tuple[tuple[str, ...], ...]:
    """The word n-grams of a text, line by line (a line is one message: n-grams do not cross it)."""
    out: list[tuple[str, ...]] = []
    for line in text.splitlines():
        words = _WORD.findall(line.lower())
        out.extend(zip(*(words[i:] for i in range(n)), strict=False))  # ragged: stops at the shortest
    return tuple(out)


def distinct_n(texts: Sequence[str], n: int = 2) -> float | None:
    """Distinct n-grams over all n-grams of the texts (Li et al. 2016); None when there are none."""
    counted = [_gram_hashes(text, n) for text in texts]
    total = sum(count for count, _ in counted)
    return len(set().union(*(hashes for _, hashes in counted))) / total if total else None


@lru_cache(maxsize=8192)  # a run's figures count the same texts per model, category and tag
def _gram_hashes(text: str, n: int) -> tuple[int, array[int]]:
    """A text's n-gram count and its distinct n-grams as 64-bit hashes, kept small for the cache: the
    n-grams themselves take some 18 KB a text, which on a run of 20,000 texts is most of its memory.
    Two distinct n-grams of a run share a hash with a chance under 1e-7."""
    grams = ngrams(text, n)
    return len(grams), array("q", {hash(gram) for gram in grams})
