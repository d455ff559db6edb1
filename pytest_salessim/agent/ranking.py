"""BM25 over a catalog: which products best match a shopper's words, like the paper's product look-up tool."""

from __future__ import annotations

import math
import re
import threading
from collections import Counter
from dataclasses import dataclass

from ..spec.model import Catalog, Product

K1 = 1.5
B = 0.75
NAME_WEIGHT = 2  # a word of the name counts as much as two of the description
_TOKEN = re.compile(r"[a-z0-9]+")
_STOP_WORDS = """
    a an the and or but of to for in on at by with from as is are be been it its this that these those
    i me my we our you your he she they them his her their not no so than too very can could would
    should must need needs want wants like really just also any some something one has have had do does
    will may might more most less much many about into up if then when what which who how all each both
    please looking look prefer prefers something anything thing things hi hello thanks thank im i'm
    """
_STOP = frozenset(_STOP_WORDS.split())


def stem(word: str) -> str:
    """A light stemmer: "shirts" meets "shirt", "dresses" "dress", "washable" "wash"."""
    if len(word) <= 3:
        return word
    if word.endswith(("sses", "xes", "ches", "shes", "zes")):
        return word[:-2]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("able") and len(word) > 6:
        return word[:-4]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def terms(text: str) -> list[str]:
    """Lowercase word stems without stop words: what the ranking compares."""
    return [stem(w) for w in _TOKEN.findall(text.lower()) if w not in _STOP]


def product_terms(product: Product) -> Counter[str]:
    counts: Counter[str] = Counter()
    for _ in range(NAME_WEIGHT):
        counts.update(terms(product.name))
    counts.update(terms(" ".join([product.description, *product.features])))
    for key, value in product.attributes.items():
        values = value if isinstance(value, list) else [value]
        counts.update(terms(" ".join([key.replace("_", " "), *map(str, values)])))
    return counts


@dataclass(frozen=True)
class CatalogIndex:
    """BM25 statistics of one catalog, built once and shared by every conversation over it."""

    ids: tuple[str, ...]
    documents: tuple[Counter[str], ...]
    lengths: tuple[int, ...]
    average_length: float
    idf: dict[str, float]

    @classmethod
    def build(cls, catalog: Catalog) -> CatalogIndex:
        documents = tuple(product_terms(p) for p in catalog.products)
        lengths = tuple(sum(d.values()) for d in documents)
        n = len(documents)
        df: Counter[str] = Counter(term for d in documents for term in d)
        idf = {t: math.log((n - f + 0.5) / (f + 0.5) + 1) for t, f in df.items()}
        return cls(catalog.ids, documents, lengths, (sum(lengths) / n) if n else 0.0, idf)

    def scores(self, query: Counter[str]) -> list[float]:
        """BM25 of every product, in catalog order; each query term counts as often as it was said."""
        out = []
        for document, length in zip(self.documents, self.lengths, strict=True):
            norm = K1 * (1 - B + B * length / (self.average_length or 1))
            score = 0.0
            for term, said in query.items():
                tf = document.get(term, 0)
                if tf:
                    score += said * self.idf[term] * tf * (K1 + 1) / (tf + norm)
            out.append(score)
        return out

    def rank(self, query: Counter[str]) -> list[tuple[str, float]]:
        """Products with a positive score, best first (ties in catalog order)."""
        scored = [(s, i) for i, s in enumerate(self.scores(query)) if s > 0]
        return [(self.ids[i], s) for s, i in sorted(scored, key=lambda x: (-x[0], x[1]))]


_INDEXES: dict[int, tuple[Catalog, CatalogIndex]] = {}
_LOCK = threading.Lock()


def index_of(catalog: Catalog) -> CatalogIndex:
    """The index of `catalog`, built on first use (a spec file's scenarios share one catalog object)."""
    with _LOCK:
        entry = _INDEXES.get(id(catalog))
        if entry is None or entry[0] is not catalog:
            if len(_INDEXES) > 64:
                _INDEXES.clear()
            entry = (catalog, CatalogIndex.build(catalog))
            _INDEXES[id(catalog)] = entry
        return entry[1]
