"""The run's records on disk as its items finish, so that memory does not grow with the run.

Each record, as it arrives (on the controller, under pytest-xdist too), has its conversations appended
to transcripts.jsonl (flushed: a run that is killed keeps what it played, in the order it was played)
and the rest to a spool file in the report folder. The run keeps in memory only what the figures read
(`records.in_memory`); the reports read the whole records back one at a time, in their own order
(transcripts.jsonl is then written again in that order). The spool is removed at the end.
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
    """Records appended as they arrive, read back whole by their index (the order they arrived in).

    A conversation is written once, as its line of transcripts.jsonl; the spool keeps the rest of the
    record and where its lines are, and reading a record back puts each transcript in its place (with
    image paths relative to the rootdir, as transcripts.jsonl has them). transcripts.jsonl is read
    back so until the reports write it again in their order.
    """

    def __init__(self, directory: Path, rootdir: Path):
        directory.mkdir(parents=True, exist_ok=True)
        self.path = directory / SPOOL
        self.transcripts = directory / "transcripts.jsonl"
        self.rootdir = rootdir
        self._spans: list[tuple[int, int]] = []  # each record's offset and length in the spool
        self._spool: IO[bytes] = self.path.open("w+b")
        self._lines: IO[bytes] = self.transcripts.open("wb")
        self._reader: IO[bytes] | None = None  # transcripts.jsonl, once the run is over
        self._end = 0  # of the spool
        self._lines_end = 0  # of transcripts.jsonl

    def __len__(self) -> int:
        return len(self._spans)

    def add(self, record: ItemRecord) -> None:
        """Append the record's conversations to transcripts.jsonl (flushed), and the rest to the spool."""
        lines = []
        for line in transcript_lines([record], self.rootdir):
            data = (json.dumps(line, ensure_ascii=False, allow_nan=False) + "\n").encode("utf-8")
            self._lines.write(data)
            lines.append((self._lines_end, len(data)))
            self._lines_end += len(data)
        self._lines.flush()
        rest = {
            **record,
            "trials": [{k: v for k, v in t.items() if k != "transcript"} for t in record["trials"]],
        }
        data = (json.dumps({"record": rest, "lines": lines}, ensure_ascii=False) + "\n").encode("utf-8")
        self._spool.seek(self._end)
        self._spool.write(data)
        self._spans.append((self._end, len(data)))
        self._end += len(data)

    def read(self, index: int) -> ItemRecord:
        offset, length = self._spans[index]
        self._spool.seek(offset)
        entry = json.loads(self._spool.read(length))
        record: ItemRecord = entry["record"]
        if self._reader is None:  # every line is flushed as it is written
            self._reader = self.transcripts.open("rb")
        for trial, (start, size) in zip(record["trials"], entry["lines"], strict=True):
            self._reader.seek(start)
            trial["transcript"] = json.loads(self._reader.read(size))["transcript"]
        return record

    def records(self, order: Iterable[int]) -> Iterator[ItemRecord]:
        """The whole records at these indices, one at a time."""
        try:
            for index in order:
                yield self.read(index)
        finally:
            self._close_reader()  # the reports may now write transcripts.jsonl again

    def seal(self) -> None:
        """No record comes any more: transcripts.jsonl is written."""
        self._lines.close()

    def close(self) -> None:
        """Close the files and remove the spool (transcripts.jsonl stays)."""
        self._lines.close()
        self._close_reader()
        self._spool.close()
        self.path.unlink(missing_ok=True)

    def _close_reader(self) -> None:
        if self._reader is not None:
            self._reader.close()
            self._reader = None
