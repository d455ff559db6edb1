"""Rules judge a product without any model (SPEC section 9 meanings)."""

from __future__ import annotations

import time
from types import MappingProxyType
from typing import Any

import pytest

from pytest_salessim.spec.model import Product
from pytest_salessim.spec.rules import Rule


def product(**attributes: Any) -> Product:
    return Product("p", "Aero Book 14", 499.5, attributes=MappingProxyType(attributes))


@pytest.mark.parametrize(
    ("op", "value", "attributes", "met"),
    [
        ("eq", "windows", {"os": "Windows"}, True),  # strings compare case-insensitively
        ("eq", "Windows", {"os": "macOS"}, False),
        ("ne", "macOS", {"os": "Windows"}, True),
        ("ne", "macOS", {}, False),  # a rule on a missing attribute is not met
        ("eq", 1, {"ports": "1"}, False),  # another type is not met
        ("ne", 1, {"ports": "1"}, False),
        ("eq", True, {"touch": True}, True),
        ("eq", 1, {"touch": True}, False),  # a boolean is not a number
        ("lt", 14, {"screen_in": 13.3}, True),
        ("lte", 14, {"screen_in": 14}, True),
        ("gt", 14, {"screen_in": 14}, False),
        ("gte", 14, {"screen_in": 14}, True),
        ("gt", 14, {"screen_in": "15"}, False),
        ("in", ["Dell", "HP"], {"brand": "hp"}, True),
        ("in", ["Dell", "HP"], {"brand": "Acer"}, False),
        ("not_in", ["Dell", "HP"], {"brand": "Acer"}, True),
        ("not_in", ["Dell"], {}, False),
        ("contains", "usb-c", {"ports": ["USB-C", "HDMI"]}, True),  # membership for a list
        ("contains", "usb", {"ports": ["USB-C", "HDMI"]}, False),
        ("contains", "pro", {"line": "ProArt Studio"}, True),  # substring for a string
        ("contains", "pro", {"weight": 1.2}, False),
        ("matches", r"^aero\b", {"line": "Aero Book"}, True),
        ("matches", r"\d{3}", {"line": "Aero"}, False),
    ],
)
def test_rule_operators(op: str, value: Any, attributes: dict[str, Any], met: bool) -> None:
    attribute = next(iter(attributes), "absent")
    assert Rule(attribute, op, value).met_by(product(**attributes)) is met


def test_price_and_name_are_attributes() -> None:
    assert Rule("price", "lte", 500).met_by(product())
    assert not Rule("price", "lt", 499.5).met_by(product())
    assert Rule("name", "matches", "book 14$").met_by(product())


def test_describe() -> None:
    assert Rule("price", "lte", 500).describe() == "price <= 500"
    assert Rule("brand", "not_in", ["Acer"]).describe() == "brand not in ['Acer']"


def test_matches_ends_at_once_on_a_pattern_that_backtracks_for_ever_in_python() -> None:
    started = time.perf_counter()
    assert not Rule("code", "matches", "(a+)+$").met_by(product(code="a" * 40 + "!"))
    assert Rule("code", "matches", "^A+!$").met_by(product(code="a" * 40 + "!"))  # ignoring case
    assert time.perf_counter() - started < 0.5
