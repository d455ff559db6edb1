"""Products named in words, matched by name: one product or an honest refusal, never a guess."""

from __future__ import annotations

import pytest

from pytest_salessim.recorded.products import match_name, match_text, named_in
from pytest_salessim.spec.model import Catalog, Product

CATALOG = Catalog(
    (
        Product("xps-13", "Dell XPS 13", 1299),
        Product("xps-13-plus", "Dell XPS 13 Plus", 1499),
        Product("aspire", "Acer Aspire 5", 449.99),
        Product("jean", "Levi\u2019s 505 Regular Jean", 49.5),
        Product("jean-2", "Levi\u2019s 505 Regular Jean", 49.5),
        Product("tuf", "ASUS TUF Gaming F15", 799),
    )
)


@pytest.mark.parametrize(
    ("name", "product", "how"),
    [
        ("Dell XPS 13", "xps-13", "by name"),
        ("  dell   xps 13 ", "xps-13", "by name"),  # any case, spaces collapsed
        ("tuf", "tuf", "by id"),
        ("Acer Aspire 5 laptop", "aspire", "by part of its name"),
        ("ASUS TUF", "tuf", "by part of its name"),
        (
            "Levi's 505 Regular Jean",
            "jean",
            "by name; the catalog lists this product 2 times (jean, jean-2): the first is taken",
        ),
    ],
)
def test_a_name_matches_one_product(name: str, product: str, how: str) -> None:
    match = match_name(name, CATALOG)
    assert match.product is not None and match.product.id == product and match.how == how


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("Dell XPS", "could be any of 2 products: xps-13 (Dell XPS 13), xps-13-plus (Dell XPS 13 Plus)"),
        ("MacBook Air", "names no product of the catalog"),
        ("", "is no name"),
    ],
)
def test_a_name_of_several_products_or_none_is_unmatched(name: str, why: str) -> None:
    match = match_name(name, CATALOG)
    assert match.product is None and match.describe() == f"{name!r} {why}"


def test_a_name_inside_a_longer_one_counts_as_the_longer() -> None:
    assert [p.id for p in named_in("I'll take the Dell XPS 13 Plus!", CATALOG)] == ["xps-13-plus"]
    assert [p.id for p in named_in("the Dell XPS 13 or the Dell XPS 13 Plus", CATALOG)] == ["xps-13-plus"]
    assert [p.id for p in named_in("the Acer Aspire 5 or the Dell XPS 13", CATALOG)] == ["xps-13", "aspire"]


def test_an_accepting_message_is_matched_to_what_it_names_else_to_the_one_recommended_before() -> None:
    aspire, tuf = CATALOG.get("aspire"), CATALOG.get("tuf")
    assert aspire is not None and tuf is not None
    named = match_text("[ACCEPT] The Acer Aspire 5, please", CATALOG, [tuf])
    assert named.product == aspire and named.how == "named in the accepting message"
    before = match_text("[ACCEPT] I'll take it", CATALOG, [tuf, tuf])
    assert before.product == tuf and before.how == "names no product; the one recommended just before"
    several = match_text("[ACCEPT] That one", CATALOG, [tuf, aspire])
    assert several.product is None and several.candidates == (tuf, aspire)
    none = match_text("[ACCEPT] That one", CATALOG)
    assert none.product is None and none.how.endswith("and none was recommended just before")
