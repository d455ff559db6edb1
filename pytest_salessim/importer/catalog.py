"""A SalesSim products file -> catalog products with stable ids, parsed prices and kept details."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

MAX_ID_LENGTH = 80
PLACEHOLDER_FEATURES = frozenset({"no features available"})
# fields that become attributes (numbers where they read as numbers); the rest are reported as left out
ATTRIBUTE_FIELDS = ("category", "weight", "rating", "review_count", "availability")
LEFT_OUT_FIELDS = {
    "image": "the image files are not part of the dataset",
    "image_url": "the image files are not part of the dataset",
    "amazon_url": "a link to a web page, not a product detail",
}
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"'})
_PRICE = re.compile(r"-?\d[\d,]*(?:\.\d+)?")


def normalise_name(name: str) -> str:
    """A product name as people type it: straight quotes, single spaces."""
    return " ".join(name.translate(_APOSTROPHES).split())


def slug(text: str, limit: int = MAX_ID_LENGTH) -> str:
    """Kebab-case ASCII: "Levi's Men's 505" -> "levis-mens-505"; cut at a word within `limit`."""
    ascii_text = unicodedata.normalize("NFKD", normalise_name(text)).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower().replace("'", "")).strip("-")
    if len(words) <= limit:
        return words or "item"
    cut = words[: limit + 1].rsplit("-", 1)[0]
    return cut or words[:limit]


def unique_ids(names: list[str]) -> list[str]:
    """One stable id per name, in order; a repeated slug gets -2, -3, ..."""
    ids: list[str] = []
    taken: set[str] = set()
    for name in names:
        base = slug(name)
        candidate, n = base, 1
        while candidate in taken:
            n += 1
            candidate = f"{base}-{n}"
        taken.add(candidate)
        ids.append(candidate)
    return ids


def parse_price(value: Any) -> float | None:
    """`"$415.00"`, `"$1,299"`, `415` -> a number; None when there is no amount."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    match = _PRICE.search(str(value or ""))
    return float(match.group().replace(",", "")) if match else None


def whole(amount: float) -> float | int:
    """500.0 -> 500, as a person writes it."""
    return int(amount) if float(amount).is_integer() else amount


def _attribute(value: Any) -> Any:
    if isinstance(value, bool | int | float):
        return value
    text = str(value).strip()
    try:
        return float(text) if "." in text else int(text)
    except ValueError:
        return text


@dataclass
class CatalogImport:
    """The products kept, and what the conversion had to decide about the others."""

    products: list[dict[str, Any]] = field(default_factory=list)
    ids_by_name: dict[str, list[str]] = field(default_factory=dict)  # normalised name -> ids
    duplicate_names: dict[str, list[str]] = field(default_factory=dict)  # name -> its ids
    without_price: list[str] = field(default_factory=list)
    left_out_fields: dict[str, str] = field(default_factory=dict)  # field -> why


def convert_products(records: list[dict[str, Any]]) -> CatalogImport:
    """The products of one category, in file order."""
    result = CatalogImport()
    named = [r for r in records if isinstance(r, dict) and str(r.get("name") or "").strip()]
    ids = unique_ids([str(r["name"]) for r in named])
    for record, product_id in zip(named, ids, strict=True):
        name = " ".join(str(record["name"]).split())
        price = parse_price(record.get("price"))
        if price is None or price < 0:
            result.without_price.append(name)
            continue
        product: dict[str, Any] = {"id": product_id, "name": name, "price": whole(price)}
        description = " ".join(str(record.get("description") or "").split())
        if description:
            product["description"] = description
        features = [" ".join(str(f).split()) for f in record.get("features") or []]
        features = [f for f in features if f and f.lower() not in PLACEHOLDER_FEATURES]
        if features:
            product["features"] = features
        attributes = {
            key: _attribute(record[key]) for key in ATTRIBUTE_FIELDS if record.get(key) not in (None, "", [])
        }
        if attributes:
            product["attributes"] = attributes
        for key in record:
            if key not in ("name", "price", "description", "features", *ATTRIBUTE_FIELDS):
                result.left_out_fields.setdefault(
                    key, LEFT_OUT_FIELDS.get(key, "not a product detail we use")
                )
        result.products.append(product)
        result.ids_by_name.setdefault(normalise_name(name), []).append(product_id)
    for ids_of_name in result.ids_by_name.values():
        if len(ids_of_name) > 1:
            name = next(p["name"] for p in result.products if p["id"] == ids_of_name[0])
            result.duplicate_names[name] = list(ids_of_name)
    return result
