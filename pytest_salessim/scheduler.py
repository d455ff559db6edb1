"""Where conversations run: offline ones inline, model calls on one shared event loop, many at once.

pytest still runs items one by one, in order, with the same outcomes. Items whose conversations
call models are started ahead on the model loop, at most `concurrency` at a time; an item's
setup then only waits for its own result, which is usually ready.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine, Iterable
from concurrent.futures import Future
from typing import Any, Protocol, TypeVar

T = TypeVar("T")


class ModelLoop:
    """One event loop on a daemon thread: every model call of the process awaits on it.

    litellm's async clients belong to the loop they were made on, so there is only one.
    """

    _lock = threading.Lock()
    _instance: ModelLoop | None = None

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="salessim-models", daemon=True)
        self.thread.start()

    @classmethod
    def get(cls) -> ModelLoop:
        with cls._lock:
            if cls._instance is None:
                cls._instance = ModelLoop()
            return cls._instance

    def submit(self, coroutine: Coroutine[Any, Any, T]) -> Future[T]:
        if threading.current_thread() is self.thread:
            coroutine.close()
            raise RuntimeError("a blocking conversation was started on the model loop itself")
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop)


def run_blocking(coroutine: Coroutine[Any, Any, T], on_model_loop: bool) -> T:
    """Run a conversation to its end: on the model loop when it awaits models, else right here."""
    if on_model_loop:
        return ModelLoop.get().submit(coroutine).result()
    try:
        coroutine.send(None)  # offline shoppers and agents answer at once: it never suspends
    except StopIteration as done:
        return done.value
    coroutine.close()
    raise RuntimeError(
        "a simulator awaited something outside a model call; give it `calls_models = True` "
        "so that its conversations run on the model loop"
    )


class Playable(Protocol):
    @property
    def nodeid(self) -> str: ...

    def play(self) -> Any: ...

    async def aplay(self) -> Any: ...

    def calls_models(self) -> bool: ...


class ConversationPool:
    """Starts the items that call models ahead of pytest, `concurrency` at a time."""

    def __init__(self, concurrency: int):
        self.concurrency = concurrency
        self._futures: dict[str, Future[Any]] = {}
        self._limit: asyncio.Semaphore | None = None

    def prefetch(self, items: Iterable[Playable]) -> None:
        """Start the conversations of `items` (those that call models), in the given order."""
        if self.concurrency <= 1:
            return
        models = ModelLoop.get()
        for item in items:
            if item.nodeid not in self._futures and item.calls_models():
                self._futures[item.nodeid] = models.submit(self._bounded(item))

    async def _bounded(self, item: Playable) -> Any:
        if self._limit is None:
            self._limit = asyncio.Semaphore(self.concurrency)  # made on the model loop
        async with self._limit:
            return await item.aplay()

    def fetch(self, item: Playable) -> Any:
        """The item's result: from the pool when it was started ahead, else played now."""
        future = self._futures.pop(item.nodeid, None)
        return item.play() if future is None else future.result()

    def close(self) -> None:
        """Stop what no item will ask for (after -x, a crash, or an interrupt)."""
        for future in self._futures.values():
            future.cancel()
        self._futures.clear()
