"""Spec and catalog files already read and checked, by their bytes: unchanged, they are read in a blink.

YAML parsing and the JSON Schema check are a pure function of a file's bytes (and of this code), so
their result is kept in pytest's cache directory (`.pytest_cache/d/salessim-specs`), named by a hash
of both. Only files that passed are kept: a file with a problem is read again and its error shown
every time. Everything that depends on other files (the products a spec names, a catalog's images,
the persuasion tactics) is checked on every run, from the kept document. `pytest --cache-clear`
empties the store; with the cache plugin off (`-p no:cacheprovider`) nothing is kept. A document no
run has used for KEEP_DAYS days is removed (`prune`), so that a store kept by CI does not grow forever.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import time
from functools import cache
from pathlib import Path
from typing import Any

from .errors import SpecError
from .validate import schema_problems
from .yamldoc import Document, read_document

KEEP_DAYS = 30
_DAY = 24 * 3600


@cache
def _salt() -> bytes:
    """What decides a file's document besides its bytes: this package's and PyYAML's versions, and the
    schema it is checked against. Another version of any, another key."""
    from importlib.metadata import version

    import yaml

    schema = (Path(__file__).parent / "schema.json").read_bytes()
    return hashlib.sha256(f"{version('pytest-salessim')} {yaml.__version__}".encode() + schema).digest()


def checked_document(path: Path, store: Path | None = None, definition: str | None = None) -> Document:
    """The document at `path`, read and checked against the schema (or one of its `$defs`, such as
    `catalog_file`); a SpecError says what is wrong."""
    raw = path.read_bytes()
    key = _salt() + (definition or "").encode() + b"\0" + raw
    found = kept(store, key) if store is not None else None
    if isinstance(found, tuple) and len(found) == 2:
        return Document(path, *found)
    document = read_document(path, raw)
    problems = schema_problems(document, definition)
    if problems:
        raise SpecError(problems)
    if store is not None:
        keep(store, key, (document.data, document.lines))
    return document


def _entry(store: Path, key: bytes) -> Path:
    return store / f"{hashlib.sha256(key).hexdigest()}.marshal"


def kept(store: Path, key: bytes) -> Any:
    """What `keep` put in `store` under `key`, or None; used now, it is not pruned for KEEP_DAYS."""
    entry = _entry(store, key)
    try:
        value = marshal.loads(entry.read_bytes())
        os.utime(entry)
    except (OSError, EOFError, ValueError, TypeError):
        return None  # not kept yet, or unreadable: made again
    return value


def keep(store: Path, key: bytes, value: Any) -> None:
    """Keep `value` (anything marshal holds: plain data, code) in `store` under `key`."""
    try:
        blob = marshal.dumps(value)
    except ValueError:
        return  # a value marshal cannot hold (a YAML date): made again every time
    entry = _entry(store, key)
    temporary = entry.with_name(f"{entry.name}.{os.getpid()}.tmp")
    try:
        store.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(blob)
        os.replace(temporary, entry)  # whole or not at all, whichever pytest-xdist worker writes it
    except OSError:
        temporary.unlink(missing_ok=True)  # a read-only cache: nothing kept, nothing lost


def prune(store: Path, now: float | None = None) -> int:
    """Remove the documents no run has used for KEEP_DAYS days, at most once a day (the store's
    `.pruned` file says when it last was); return how many went."""
    now = time.time() if now is None else now
    mark = store / ".pruned"
    try:
        if now - mark.stat().st_mtime < _DAY:
            return 0
    except OSError:
        pass  # never pruned
    removed = 0
    try:
        mark.touch()
        os.utime(mark, (now, now))
        for entry in os.scandir(store):
            unused = now - entry.stat().st_mtime > KEEP_DAYS * _DAY
            if unused and entry.name.endswith((".marshal", ".tmp")):
                os.unlink(entry.path)
                removed += 1
    except OSError:
        pass  # a read-only or vanished store: nothing to prune
    return removed
