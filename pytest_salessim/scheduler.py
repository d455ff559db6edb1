"""Conversations in flight at once: items that call models are played ahead, in pytest's order.

pytest still runs items one by one, in order, with the same outcomes; an item's setup only waits
for its own conversations, which a bounded pool of threads has usually finished by then.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Protocol


class Playable(Protocol):
    @property
    def nodeid(self) -> str: ...

    def play(self) -> Any: ...

    def calls_models(self) -> bool: ...


class ConversationPool:
    """Plays items that call models on up to `concurrency` threads, ahead of pytest."""

    def __init__(self, concurrency: int):
        self.concurrency = concurrency
        self._executor: ThreadPoolExecutor | None = None
        self._futures: dict[str, Future[Any]] = {}

    def prefetch(self, items: Iterable[Playable]) -> None:
        """Start the conversations of `items` (those that call models), in the given order."""
        if self.concurrency <= 1:
            return
        for item in items:
            if item.nodeid in self._futures or not item.calls_models():
                continue
            if self._executor is None:
                self._executor = ThreadPoolExecutor(self.concurrency, thread_name_prefix="salessim")
            self._futures[item.nodeid] = self._executor.submit(item.play)

    def fetch(self, item: Playable, play: Callable[[], Any] | None = None) -> Any:
        """The item's result: from the pool when it was prefetched, else played now."""
        future = self._futures.pop(item.nodeid, None)
        if future is None:
            return (play or item.play)()
        return future.result()

    def close(self) -> None:
        """Stop what no item will ask for (after -x, a crash, or an interrupt)."""
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None
        self._futures.clear()
