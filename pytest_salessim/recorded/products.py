"""Products named in words, matched to the catalog by name: never a guess.

A recorded conversation from another stack may name a product instead of giving its id (SalesSim's
shopper writes `[ACCEPT] I'll take the Dell XPS 13!`; its agent's recommendations carry titles). A
name matches when it is a catalog product's name (any case, quotes straightened, spaces collapsed),
or, failing that, when exactly one catalog name contains it or is contained in it. Two or more
candidates, or none, leave it unmatched, and the reason says which.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..spec.model import Catalog, Product

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})


def plain(text: str) -> str:
    """A name or text as names are compared: any case, quotes straightened, spaces collapsed."""
    return " ".join(text.translate(_QUOTES).casefold().split())


@dataclass(frozen=True)
class NameMatch:
    """What a name (or a text) matched: one product, or why not."""

    said: str  # the name or text as recorded
    product: Product | None
    how: str  # "by name", ... or, unmatched, why: "names no product of the catalog", ...
    candidates: tuple[Product, ...] = ()

    @property
    def matched(self) -> bool:
        return self.product is not None

    def describe(self) -> str:
        quoted = _quote(self.said)
        if self.product is not None:
            return f"{quoted} -> {self.product.id} ({self.how})"
        listed = ", ".join(f"{p.id} ({p.name})" for p in self.candidates[:5])
        more = f" and {len(self.candidates) - 5} more" if len(self.candidates) > 5 else ""
        return f"{quoted} {self.how}" + (f": {listed}{more}" if listed else "")


def _quote(text: str, width: int = 120) -> str:
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= width else flat[: width - 3] + "...")


def _one(said: str, found: list[Product], how: str) -> NameMatch:
    """One product, or one name listed twice (the same name and price): the first, said so."""
    distinct = {(plain(p.name), p.price) for p in found}
    if len(distinct) == 1:
        if len(found) > 1:
            ids = ", ".join(p.id for p in found)
            how += f"; the catalog lists this product {len(found)} times ({ids}): the first is taken"
        return NameMatch(said, found[0], how)
    return NameMatch(said, None, f"could be any of {len(found)} products", tuple(found))


def match_name(name: str, catalog: Catalog) -> NameMatch:
    """The catalog product a recorded name stands for (an exact name first, then a part of one)."""
    wanted = plain(name)
    if not wanted:
        return NameMatch(name, None, "is no name")
    exact = [p for p in catalog.products if plain(p.name) == wanted]
    if exact:
        return _one(name, exact, "by name")
    by_id = catalog.get(name.strip())
    if by_id is not None:
        return NameMatch(name, by_id, "by id")
    partial = [p for p in catalog.products if wanted in plain(p.name) or plain(p.name) in wanted]
    if partial:
        return _one(name, partial, "by part of its name")
    return NameMatch(name, None, "names no product of the catalog")


def named_in(text: str, catalog: Catalog) -> list[Product]:
    """The catalog products whose full name the text contains; a name inside a longer one found
    there too (`Dell XPS 13` in `Dell XPS 13 Plus`) counts once, as the longer."""
    said = plain(text)
    found = [p for p in catalog.products if plain(p.name) and plain(p.name) in said]
    names = {plain(p.name) for p in found}
    return [p for p in found if not any(plain(p.name) != other and plain(p.name) in other for other in names)]


def unique(products: Iterable[Product]) -> list[Product]:
    """Each product once, in order (products are told apart by id)."""
    seen: dict[str, Product] = {}
    for product in products:
        seen.setdefault(product.id, product)
    return list(seen.values())


def match_text(text: str, catalog: Catalog, recommended: Iterable[Product] = ()) -> NameMatch:
    """The product an accepting message means: the one it names, else the one recommended just before.

    Several named, or none named and several (or none) recommended just before: unmatched.
    """
    named = named_in(text, catalog)
    if named:
        return _one(text, named, "named in the accepting message")
    shown = unique(recommended)
    if len(shown) == 1:
        return NameMatch(text, shown[0], "names no product; the one recommended just before")
    if shown:
        return NameMatch(
            text, None, f"names no product, and {len(shown)} were recommended just before", tuple(shown)
        )
    return NameMatch(text, None, "names no product of the catalog, and none was recommended just before")
