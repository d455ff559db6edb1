"""Product attributes read from names, descriptions and features, per category: what rules can ask.

Each category's extractor is a module of this package with `CATEGORIES` (the category names it
serves, as the products file or `--category` names them), `ATTRIBUTES` (the names it may give) and
`extract(product) -> attributes`. A new
category needs only a new module: the registry finds it. `extract` is given the product as the import
converted it (`id`, `name`, `price`, `description`, `features`, `attributes`) and returns the
attributes it read; they are merged over the product's own, so an extractor may also convert one
(a weight in ounces to pounds). What an extractor cannot read, the annotations file adds by hand
(`annotations/<category>.yaml`, `products:`).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

Extract = Callable[[dict[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class Extractor:
    module: str
    attributes: frozenset[str]  # every name it may give (a product may lack some)
    extract: Extract


@lru_cache(maxsize=1)
def registry() -> dict[str, Extractor]:
    """Category name -> its extractor, from every module of this package."""
    found: dict[str, Extractor] = {}
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for category in getattr(module, "CATEGORIES", ()):
            if category in found:
                other = found[category].module
                raise RuntimeError(f"category {category!r} has two extractors: {other}, {info.name}")
            found[category] = Extractor(
                info.name, frozenset(getattr(module, "ATTRIBUTES", ())), module.extract
            )
    return found


def extractor_for(category: str) -> Extractor | None:
    """The extractor of a category (`female_clothing`, `laptops`), if one is registered."""
    return registry().get(category) or registry().get(category.replace("-", "_"))


def extract_attributes(category: str, products: list[dict[str, Any]]) -> dict[str, Any]:
    """Every product's attributes with what its category's extractor read merged over them (in place);
    the report: which extractor, and how many products got each attribute."""
    found = extractor_for(category)
    if found is None:
        return {"extractor": None, "attributes": {}, "may_give": []}
    counts: Counter[str] = Counter()
    for product in products:
        read = {k: v for k, v in found.extract(product).items() if v is not None}
        if read:
            product["attributes"] = {**product.get("attributes", {}), **read}
            counts.update(read.keys())
    may_give = sorted(found.attributes | set(counts))
    return {"extractor": found.module, "attributes": dict(sorted(counts.items())), "may_give": may_give}
