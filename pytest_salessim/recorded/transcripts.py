"""This project's own `transcripts.jsonl`, read back: each line's transcript exactly as it was played.

Re-grading a run gives its outcomes and figures again: the transcript (turns, tool calls, decision,
timings, tokens and cost) and the judge's judgements are read back unchanged, and the checks, which
are pure functions of the transcript and the scenario, decide as they did.
"""

from __future__ import annotations

from typing import Any, cast

from ..judge.verdicts import Judgement, Vote
from ..records import PersuasionRecord
from ..transcript import Transcript


def _value(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def judgement(record: dict[str, Any]) -> Judgement:
    """A judgement as `Judgement.to_dict` wrote it."""
    return Judgement(
        str(record["dimension"]),
        tuple(
            Vote(
                _value(v.get("value")),
                str(v.get("justification") or ""),
                tuple(v.get("turns") or ()),
                v.get("error"),
            )
            for v in record.get("votes") or ()
        ),
        _value(record.get("majority")),
        record.get("score"),
        record.get("agreement"),
        str(record.get("justification") or ""),
        tuple(record.get("turns") or ()),
        str(record.get("aspect") or ""),
        record.get("expected"),
        record.get("error"),
    )


def transcript_of(record: dict[str, Any]) -> Transcript:
    """The transcript of one line. Raises KeyError, TypeError or ValueError on a malformed one."""
    data = record["transcript"]
    found = data.get("judgements")
    judgements = None if found is None else tuple(judgement(j) for j in found)
    return Transcript.from_dict(data, judgements)


def persuasion_of(records: list[dict[str, Any]]) -> PersuasionRecord | None:
    """A persuasion item's search as its run recorded it (variants tried, flips, tactics), if it did."""
    for record in records:
        found = record.get("persuasion")
        if isinstance(found, dict) and "variants_tried" in found:
            return cast(PersuasionRecord, found)
    return None
