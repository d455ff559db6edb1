"""Catalogs, inline or from a file, with their images checked: products a scenario can name."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType
from typing import Any

from .errors import FieldPath, Problem, SpecError
from .model import Catalog, Product
from .store import checked_document
from .yamldoc import Document

_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a")


def inside(path: Path, root: Path) -> bool:
    """True when `path` resolves inside the project (pytest's rootdir)."""
    return path.resolve().is_relative_to(root.resolve())


def _is_image(path: Path) -> bool:
    with path.open("rb") as handle:
        head = handle.read(12)
    return head.startswith(_IMAGE_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")


# Catalog files already read in this process, by path, modification time, size and project root.
_FILES: dict[tuple[Path, int, int, Path], Catalog] = {}


class CatalogLoader:
    """Reads the catalogs a spec file names, inline or from files."""

    def __init__(self, root: Path, store: Path | None = None):
        self.root = root
        self.store = store  # where checked catalog documents are kept, as spec files are (store.py)

    def load(self, document: Document, field: FieldPath, value: Any) -> Catalog:
        """The catalog `value` (a path or an inline list) at `field` of `document`."""
        if isinstance(value, list):
            return self._build(document, field, value)
        path = (document.path.parent / value).resolve()
        if not inside(path, self.root):
            raise SpecError(
                [document.problem(field, f"catalog {value!r} is outside the project ({self.root})")]
            )
        if not path.is_file():
            raise SpecError([document.problem(field, f"catalog file {value!r} not found (looked at {path})")])
        stat = path.stat()
        key = (path, stat.st_mtime_ns, stat.st_size, self.root)
        if key not in _FILES:  # a catalog shared by many spec files is read and checked once
            catalog_doc = checked_document(path, self.store, "catalog_file")
            data = catalog_doc.data
            products, at = (data["products"], ("products",)) if isinstance(data, dict) else (data, ())
            _FILES[key] = self._build(catalog_doc, at, products)
        return _FILES[key]

    def _build(self, document: Document, field: FieldPath, items: list[dict[str, Any]]) -> Catalog:
        problems: list[Problem] = []
        products: list[Product] = []
        seen: set[str] = set()
        for index, item in enumerate(items):
            at = (*field, index)
            if item["id"] in seen:
                problems.append(document.problem((*at, "id"), f"duplicate product id {item['id']!r}"))
            seen.add(item["id"])
            image = None
            if "image" in item:
                image, problem = self._image(document, (*at, "image"), item["image"])
                if problem:
                    problems.append(problem)
            products.append(
                Product(
                    id=item["id"],
                    name=item["name"],
                    price=float(item["price"]),
                    description=item.get("description", ""),
                    features=tuple(item.get("features", ())),
                    attributes=MappingProxyType(dict(item.get("attributes", {}))),
                    image=image,
                )
            )
        if problems:
            raise SpecError(problems)
        return Catalog(tuple(products))

    def _image(self, document: Document, field: FieldPath, value: str) -> tuple[Path | None, Problem | None]:
        path = (document.path.parent / value).resolve()
        if not inside(path, self.root):
            return None, document.problem(field, f"image {value!r} is outside the project ({self.root})")
        if not path.is_file():
            return None, document.problem(field, f"image file {value!r} not found (looked at {path})")
        if not _is_image(path):
            return None, document.problem(field, f"{value!r} is not a PNG, JPEG, GIF or WebP image")
        return path, None
