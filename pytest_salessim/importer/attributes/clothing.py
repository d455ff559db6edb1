"""Clothing product text -> the attributes the SalesSim shoppers' criteria ask about (both clothing catalogs).

Every attribute is read from what the product's name, description and features say; an attribute the
text does not state is left out, so a rule on it is not met (SPEC section 9). Booleans are set to
false only where the text says the opposite ("Fabric has no stretch", "Dry Clean Only").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .clothing_words import (
    BLEND,
    BOTTOMS,
    CLAIMS,
    CLOSE_FITS,
    CLOSURES,
    COLOURS,
    DARK,
    DARK_SHADE,
    FABRICS,
    FEEL_WORDS,
    FIBRE_SHARE,
    FIBRES,
    FITS,
    HAND_OR_DRY_CLEAN_ONLY,
    KEYWORD_RUN_LENGTH,
    KEYWORD_RUN_PUNCTUATION,
    LEGS,
    LENGTHS,
    LOOSE_FITS,
    MACHINE_WASH,
    NATURAL,
    NECKLINES,
    NEUTRAL,
    NO_MACHINE_WASH,
    NO_POCKETS,
    NOT_STRETCHY,
    NOT_THE_GARMENT_COLOUR,
    OCCASIONS,
    PAIRING,
    PATTERNS,
    PERCENT,
    REGENERATED,
    RISES,
    SHARE_FIBRE,
    SLEEVES,
    STRETCHY,
    SYNTHETIC,
)

CATEGORIES = ("female_clothing", "male_clothing")  # the SalesSim catalogs this reads
ATTRIBUTES = frozenset(
    {
        *("colors", "neutral_color", "dark_color", "materials", "fiber_mix", "natural_percent", "fabrics"),
        *("stretch", "fit", "loose_fit", "close_fit", "leg", "rise", "length", "sleeve", "neckline"),
        *("closure", "pattern", "occasions", "occasion_count", "machine_washable", "dry_clean_only"),
        *CLAIMS,
    }
)


@dataclass(frozen=True)
class ProductText:
    """A product's words, lower-cased: its name, and the description and feature lines that say something."""

    name: str
    lines: tuple[str, ...]

    @classmethod
    def of(cls, product: Mapping[str, Any]) -> ProductText:
        raw = [str(product.get("description") or ""), *(str(f) for f in product.get("features") or [])]
        lines = tuple(_unpaired(_clean(line)) for line in raw if line.strip() and not is_keyword_run(line))
        return cls(_clean(str(product.get("name") or "")), lines)

    @property
    def all(self) -> str:
        return " \n ".join((self.name, *self.lines))


def _clean(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\uff0c", ",").lower()
    return " ".join(text.split())


def _unpaired(line: str) -> str:
    """The line without what it suggests wearing the product with ("pair it with skinny jeans")."""
    return re.sub(PAIRING, " ", line)


def is_keyword_run(line: str) -> bool:
    """A long line of search keywords, not a sentence about the product."""
    if len(line) < KEYWORD_RUN_LENGTH:
        return False
    punctuation = sum(line.count(c) for c in ".,;:!()|/")
    return punctuation / len(line) < KEYWORD_RUN_PUNCTUATION


def _found(patterns: Mapping[str, str], text: str) -> list[str]:
    """The keys whose pattern occurs in `text`, in the order of their first occurrence."""
    hits = []
    for key, pattern in patterns.items():
        match = re.search(pattern, text)
        if match:
            hits.append((match.start(), key))
    return list(dict.fromkeys(key for _, key in sorted(hits)))


def _said(pattern: str, text: str) -> bool:
    return re.search(pattern, text) is not None


def colours(text: ProductText) -> list[str]:
    """The colours the product is said to come in."""
    words = text.all
    for phrase in NOT_THE_GARMENT_COLOUR:
        words = re.sub(phrase, " ", words)
    return _found(COLOURS, words)


def dark_colour(text: ProductText, named: list[str]) -> bool | None:
    """Offered in a dark colour: black, charcoal, navy, wine, or a colour called dark, deep or army."""
    if set(named) & DARK:
        return True
    shaded = re.search(DARK_SHADE + r"(" + "|".join(COLOURS) + r"|wash)\b", text.all)
    return True if shaded else (False if named else None)


def fibres(text: ProductText) -> list[str]:
    """The fibres of its composition: those given a percentage where the text gives any, else every one
    it names as what it is made of."""
    words = re.sub(FEEL_WORDS, " ", text.all)
    weighed = {
        key: rf"{PERCENT}(?:{pattern})|(?:{pattern})\s*\d{{1,3}}\s*%" for key, pattern in FIBRES.items()
    }
    return _found(weighed, words) or _found(FIBRES, words)


def fibre_mix(named: Iterable[str], unnamed: bool = False) -> str | None:
    """Which kinds of fibre it is made of: "natural", "natural+synthetic", "regenerated+synthetic", ...;
    "natural+other" where the text says a cotton (linen, wool) blend and names no other fibre."""
    kinds = [
        kind
        for kind, members in (("natural", NATURAL), ("regenerated", REGENERATED), ("synthetic", SYNTHETIC))
        if set(named) & members
    ]
    if kinds == ["natural"] and unnamed:
        kinds.append("other")
    return "+".join(kinds) or None


def natural_percent(text: ProductText) -> float | None:
    """The share of natural fibres in the first composition given in percentages ("65% Cotton,35%
    Polyester" -> 65); where a text lists one per colour, the first is the one read."""
    for line in (text.name, *text.lines):
        shares = [(float(m[0]), m[1]) for m in re.findall(SHARE_FIBRE, line)]
        shares = shares or [(float(m[1]), m[0]) for m in re.findall(FIBRE_SHARE, line)]
        if not any(_found(FIBRES, word) for _, word in shares):
            continue
        total = natural = 0.0
        for share, word in shares:
            if total + share > 100:
                break
            total += share
            natural += share if set(_found(FIBRES, word)) & NATURAL else 0
        return natural
    return None


def stretch(text: ProductText, named_fibres: list[str]) -> bool | None:
    """Stretches: the text says so, or spandex is in it; false where the text says it has no stretch."""
    if _said(NOT_STRETCHY, text.all) and not _said(r"\bsome stretch\b", text.all):
        return False
    return True if _said(STRETCHY, text.all) or "spandex" in named_fibres else None


def machine_washable(text: ProductText) -> bool | None:
    """May go in a washing machine: said so; false where the text forbids it or says hand-wash or dry-clean
    only and nothing allows a machine."""
    words = text.all
    if _said(NO_MACHINE_WASH, words):
        return False
    if _said(MACHINE_WASH, re.sub(NO_MACHINE_WASH, " ", words)):
        return True
    return False if _said(HAND_OR_DRY_CLEAN_ONLY, words) else None


def dry_clean_only(text: ProductText) -> bool | None:
    return True if _said(r"\bdry[ -]?clean only\b", text.all) else None


def _first(patterns: Mapping[str, str], text: ProductText) -> str | None:
    """The value the name states, else the first one the other lines state."""
    for words in (text.name, *text.lines):
        hits = _found(patterns, words)
        if hits:
            return hits[0]
    return None


def extract(product: Mapping[str, Any]) -> dict[str, Any]:
    """The attributes one clothing product's text states; an attribute it does not state is left out."""
    text = ProductText.of(product)
    named_colours = colours(text)
    named_fibres = fibres(text)
    natural = natural_percent(text)
    fits = _found(FITS, text.all)
    occasions = _found(OCCASIONS, text.all)
    bottom = str((product.get("attributes") or {}).get("category", "")).lower() in BOTTOMS
    legs = _found(LEGS, text.all) if bottom else []
    found: dict[str, Any] = {
        "colors": named_colours,
        "neutral_color": bool(set(named_colours) & NEUTRAL) if named_colours else None,
        "dark_color": dark_colour(text, named_colours),
        "materials": named_fibres,
        "fiber_mix": fibre_mix(named_fibres, unnamed=natural is None and _said(BLEND, text.all)),
        "natural_percent": natural,
        "fabrics": _found(FABRICS, text.all),
        "stretch": stretch(text, named_fibres),
        "fit": fits,
        "loose_fit": True if set(fits) & LOOSE_FITS else None,
        "close_fit": True if set(fits) & CLOSE_FITS or "skinny" in legs else None,
        "leg": legs,
        "rise": _found(RISES, text.all) if bottom else [],
        "length": None if bottom else _first(LENGTHS, text),
        "sleeve": None if bottom else _first(SLEEVES, text),
        "neckline": [] if bottom else _found(NECKLINES, text.all),
        "closure": _found(CLOSURES, text.all),
        "pattern": _found(PATTERNS, text.all),
        "occasions": occasions,
        "occasion_count": len(occasions) or None,
        "machine_washable": machine_washable(text),
        "dry_clean_only": dry_clean_only(text),
    }
    for claim, pattern in CLAIMS.items():
        found[claim] = True if _said(pattern, text.all) else None
    if found["pockets"] and _said(NO_POCKETS, text.all):
        found["pockets"] = False
    return {key: value for key, value in found.items() if value not in (None, [])}
