"""Product images as data URIs, each embedded once as a CSS class, so the report stays one file."""

from __future__ import annotations

import base64
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

MIME_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
}
MAX_BYTES = 2_000_000  # a bigger image is left out (a placeholder shows) to keep the report light


@dataclass(frozen=True)
class EmbeddedImages:
    classes: dict[str, str]  # image path as recorded -> CSS class
    css: str  # one rule per image: .img-N { background-image: url(data:...) }

    def css_class(self, path: str | None) -> str | None:
        return self.classes.get(path) if path else None


def _data_uri(path: Path) -> str | None:
    mime = MIME_TYPES.get(path.suffix.lower())
    if mime is None or not path.is_file() or path.stat().st_size > MAX_BYTES:
        return None
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def embed_images(paths: Iterable[str], rootdir: Path) -> EmbeddedImages:
    """Read each distinct image under the rootdir once; paths outside it or unreadable are left out."""
    root = rootdir.resolve()
    classes: dict[str, str] = {}
    rules = []
    for recorded in sorted(set(paths)):
        path = (root / recorded).resolve()  # an absolute recorded path stays as it is
        if not path.is_relative_to(root):
            continue
        uri = _data_uri(path)
        if uri is None:
            continue
        name = f"img-{len(classes)}"
        classes[recorded] = name
        rules.append(f'.{name}{{background-image:url("{uri}")}}')
    return EmbeddedImages(classes, "\n".join(rules))
