"""The shopper's tools over one catalog (SPEC section 3)."""

from __future__ import annotations

from pathlib import Path

from pytest_salessim.tools import Storefront
from pytest_salessim.transcript import ToolCall

from .factories import scenarios


def store(tmp_path: Path) -> Storefront:
    return Storefront(scenarios(tmp_path)["writer"].catalog)


def test_empty_search_lists_the_whole_catalog(tmp_path: Path) -> None:
    result = store(tmp_path).call(ToolCall("search_products", {"query": ""}))
    assert [row["id"] for row in result.content] == [
        "acer-aspire-5",
        "dell-xps-13",
        "asus-tuf",
        "lenovo-chromebook",
    ]
    assert set(result.content[0]) == {"id", "name", "price"}
    assert result.product_ids == tuple(row["id"] for row in result.content)


def test_search_ranks_by_matching_words(tmp_path: Path) -> None:
    result = store(tmp_path).call(ToolCall("search_products", {"query": "ChromeOS 14"}))
    assert [row["id"] for row in result.content][0] == "lenovo-chromebook"
    assert store(tmp_path).call(ToolCall("search_products", {"query": "espresso"})).content == []


def test_view_product(tmp_path: Path) -> None:
    result = store(tmp_path).call(ToolCall("view_product", {"product_id": "asus-tuf"}))
    assert result.content["attributes"]["screen_in"] == 15.6 and result.error is None
    missing = store(tmp_path).call(ToolCall("view_product", {"product_id": "ghost"}))
    assert missing.error == "no product with id 'ghost'" and missing.product_ids == ()


def test_add_to_cart_decides_and_ends(tmp_path: Path) -> None:
    shop = store(tmp_path)
    shop.call(ToolCall("add_to_cart", {"product_id": "acer-aspire-5"}))
    assert shop.decision is not None and shop.decision.describe() == "purchase acer-aspire-5"
    late = shop.call(ToolCall("view_product", {"product_id": "asus-tuf"}))
    assert late.error == "the conversation has already ended"


def test_unknown_product_in_cart_is_recorded_not_raised(tmp_path: Path) -> None:
    shop = store(tmp_path)
    result = shop.call(ToolCall("add_to_cart", {"product_id": "iphone-99"}))
    assert shop.decision is not None and shop.decision.hallucinated and result.error


def test_end_conversation(tmp_path: Path) -> None:
    shop = store(tmp_path)
    shop.call(ToolCall("end_conversation", {"reason": "too pricey"}))
    assert shop.decision is not None and shop.decision.describe() == "no_purchase (too pricey)"


def test_unknown_tools_and_bad_arguments_are_errors_for_the_shopper(tmp_path: Path) -> None:
    shop = store(tmp_path)
    assert "unknown tool 'checkout'" in (shop.call(ToolCall("checkout", {})).error or "")
    assert "view_product takes product_id" in (shop.call(ToolCall("view_product", {"id": "x"})).error or "")
    assert shop.decision is None
