"""The run's records on disk as its items finish, so that memory does not grow with the run.

Each record, as it arrives (on the controller, under pytest-xdist too), is appended whole to a spool
file in the report folder, and its conversations to transcripts.jsonl (flushed: a run that is killed
keeps what it played, in the order it was played). The run keeps in memory only what the figures
read (`records.in_memory`); the reports read the whole records back one at a time, in their own
order (transcripts.jsonl is then written again in that order). The spool is removed at the end.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from ..records import ItemRecord
from .json_report import transcript_lines

SPOOL = ".salessim-records.jsonl"  # beside the reports while the run lasts


class RecordSpool:
    """Whole records appended to a file, read back by their index (the order they arrived in)."""

    def __init__(self, directory: Path, rootdir: Path):
        directory.mkdir(parents=True, exist_ok=True)
        self.path = directory / SPOOL
        self.transcripts = directory / "transcripts.jsonl"
        self.rootdir = rootdir
        self._spans: list[tuple[int, int]] = []  # each record's offset and length in the spool
        self._spool: IO[bytes] = self.path.open("w+b")
        self._lines: IO[str] = self.transcripts.open("w", encoding="utf-8")
        self._end = 0

    def __len__(self) -> int:
        return len(self._spans)

    def add(self, record: ItemRecord) -> None:
        """Append the record, and its conversations to transcripts.jsonl."""
        data = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
        self._spool.seek(self._end)
        self._spool.write(data)
        self._spans.append((self._end, len(data)))
        self._end += len(data)
        for line in transcript_lines([record], self.rootdir):
            self._lines.write(json.dumps(line, ensure_ascii=False, allow_nan=False) + "\n")
        self._lines.flush()

    def read(self, index: int) -> ItemRecord:
        offset, length = self._spans[index]
        self._spool.seek(offset)
        record: ItemRecord = json.loads(self._spool.read(length))
        return record

    def records(self, order: Iterable[int]) -> Iterator[ItemRecord]:
        """The whole records at these indices, one at a time."""
        for index in order:
            yield self.read(index)

    def seal(self) -> None:
        """No record comes any more: transcripts.jsonl is closed (the reports write it again)."""
        self._lines.close()

    def close(self) -> None:
        """Close both files and remove the spool (transcripts.jsonl stays)."""
        self._lines.close()
        self._spool.close()
        self.path.unlink(missing_ok=True)
