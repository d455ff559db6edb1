"""Products: stable kebab-case ids, prices parsed, details kept, the duplicate name told apart."""

from __future__ import annotations

from typing import Any

from pytest_salessim.importer.catalog import convert_products, normalise_name, parse_price, slug, unique_ids


def test_ids_are_kebab_case_from_names() -> None:
    assert slug("Levi's Men's 505 Regular Fit (Seasonal)") == "levis-mens-505-regular-fit-seasonal"
    assert slug("Layer 8 Men\u2019s Quick Dry") == "layer-8-mens-quick-dry"
    assert slug('Apple - MacBook Air - M1 Chip - 13.3" Display') == "apple-macbook-air-m1-chip-13-3-display"
    assert slug("Caf\u00e9 Cr\u00e8me") == "cafe-creme"


def test_long_names_are_cut_at_a_word() -> None:
    cut = slug("word " * 40)
    assert len(cut) <= 80 and cut.endswith("word") and not cut.endswith("-")


def test_repeated_names_get_distinct_ids_in_file_order() -> None:
    assert unique_ids(["Blue Jean", "Red Jean", "Blue Jean", "Blue  jean"]) == [
        "blue-jean",
        "red-jean",
        "blue-jean-2",
        "blue-jean-3",
    ]


def test_prices_from_strings_and_numbers() -> None:
    assert parse_price("$415.00") == 415.0
    assert parse_price("$1,299.99") == 1299.99
    assert parse_price(89) == 89.0 and parse_price(12.5) == 12.5
    assert parse_price("n/a") is None and parse_price(None) is None and parse_price(True) is None


def test_names_compare_with_straight_quotes_and_single_spaces() -> None:
    assert normalise_name("Men\u2019s  Jean \u201cSlim\u201d") == 'Men\'s Jean "Slim"'


def test_products_keep_their_details_and_report_what_is_left_out() -> None:
    records: list[dict[str, Any]] = [
        {
            "name": "Trail  Jacket",
            "price": "$120.00",
            "description": "Waterproof.",
            "features": ["Sealed seams", "No features available"],
            "category": "jackets",
            "rating": "4.5",
            "review_count": 12,
            "image_url": "data/images/x.png",
        },
        {"name": "Trail Jacket", "price": 99.5, "features": ["No features available"]},
        {"name": "Mystery", "price": "call us"},
    ]
    result = convert_products(records)
    first, second = result.products
    assert first == {
        "id": "trail-jacket",
        "name": "Trail Jacket",
        "price": 120,
        "description": "Waterproof.",
        "features": ["Sealed seams"],
        "attributes": {"category": "jackets", "rating": 4.5, "review_count": 12},
    }
    assert second == {"id": "trail-jacket-2", "name": "Trail Jacket", "price": 99.5}
    assert result.duplicate_names == {"Trail Jacket": ["trail-jacket", "trail-jacket-2"]}
    assert result.without_price == ["Mystery"]
    assert result.left_out_fields == {"image_url": "the image files are not part of the dataset"}
