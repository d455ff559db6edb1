"""Product images as data URIs, each embedded once as a CSS class, so the report stays one file."""

from __future__ import annotations

import base64
from collections.abc import Mapping
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


def _data_uri(path: Path) -> str | None:
    mime = MIME_TYPES.get(path.suffix.lower())
    if mime is None or not path.is_file() or path.stat().st_size > MAX_BYTES:
        return None
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def image_css(classes: Mapping[str, str], rootdir: Path) -> str:
    """One rule per image, `.img-N { background-image: url(data:...) }`: each distinct image under the
    rootdir read once; paths outside it or unreadable get no rule (the card shows a placeholder)."""
    root = rootdir.resolve()
    rules = []
    for recorded, name in classes.items():
        path = (root / recorded).resolve()  # an absolute recorded path stays as it is
        if not path.is_relative_to(root):
            continue
        uri = _data_uri(path)
        if uri is not None:
            rules.append(f'.{name}{{background-image:url("{uri}")}}')
    return "\n".join(rules)
