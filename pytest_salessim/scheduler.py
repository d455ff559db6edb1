"""Where conversations run: offline ones inline, model calls on one shared event loop, many at once.

pytest still runs items one by one, in order, with the same outcomes. Items whose conversations
call models are all started ahead on the model loop; each conversation (a trial of a repeated item,
a persuasion variant) takes one of `concurrency` slots while it runs, so that slots, not items, are
the unit of concurrency. An item's setup then only waits for its own result, usually ready.
"""

from __future__ import annotations

import asyncio
import threading
from collections import deque
from collections.abc import AsyncIterator, Coroutine, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import asynccontextmanager
from typing import Any, Protocol, TypeVar, runtime_checkable

T = TypeVar("T")


class ModelLoop:
    """One event loop on a daemon thread: every model call of the process awaits on it.

    litellm's async clients belong to the loop they were made on, so there is only one.
    """

    _lock = threading.Lock()
    _instance: ModelLoop | None = None

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._slots: dict[int, Slots] = {}
        self.thread = threading.Thread(target=self.loop.run_forever, name="salessim-models", daemon=True)
        self.thread.start()

    @classmethod
    def get(cls) -> ModelLoop:
        with cls._lock:
            if cls._instance is None:
                cls._instance = ModelLoop()
            return cls._instance

    def slots(self, concurrency: int) -> Slots:
        """The conversation slots of a run with this concurrency (on the model loop only)."""
        concurrency = max(1, concurrency)
        if concurrency not in self._slots:
            self._slots[concurrency] = Slots(concurrency)
        return self._slots[concurrency]

    def submit(self, coroutine: Coroutine[Any, Any, T]) -> Future[T]:
        if threading.current_thread() is self.thread:
            coroutine.close()
            raise RuntimeError("a blocking conversation was started on the model loop itself")
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop)


class Slots:
    """`concurrency` slots, as a semaphore, where a call that finishes a started conversation's work
    (a judge's) goes before conversations that have not started: results come in pytest's order.
    """

    def __init__(self, concurrency: int):
        self._free = concurrency
        self._waiting: deque[asyncio.Future[None]] = deque()
        self._urgent: deque[asyncio.Future[None]] = deque()

    async def acquire(self, urgent: bool = False) -> None:
        if self._free > 0 and not any(not f.done() for q in (self._urgent, self._waiting) for f in q):
            self._free -= 1
            return
        handed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        (self._urgent if urgent else self._waiting).append(handed)
        try:
            await handed
        except asyncio.CancelledError:
            if handed.done() and not handed.cancelled():
                self.release()  # handed a slot just as it was cancelled: pass it on
            raise

    def release(self) -> None:
        for queue in (self._urgent, self._waiting):
            while queue:
                handed = queue.popleft()
                if not handed.done():  # a cancelled waiter is skipped
                    handed.set_result(None)
                    return
        self._free += 1

    async def __aenter__(self) -> None:
        await self.acquire()

    async def __aexit__(self, *exc: object) -> None:
        self.release()

    @asynccontextmanager
    async def first(self) -> AsyncIterator[None]:
        """A slot ahead of every conversation still waiting for one."""
        await self.acquire(urgent=True)
        try:
            yield
        finally:
            self.release()


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


@runtime_checkable
class Playable(Protocol):
    @property
    def nodeid(self) -> str: ...

    def play(self) -> Any: ...

    async def aplay(self) -> Any: ...

    def calls_models(self) -> bool: ...


class ConversationPool:
    """Starts the items that call models ahead of pytest; their conversations share the slots."""

    def __init__(self, concurrency: int):
        self.concurrency = concurrency
        self._futures: dict[str, Future[Any]] = {}
        self._threads: ThreadPoolExecutor | None = None
        self.closing = threading.Event()  # set when the run ends: searches stop between variants

    def prefetch(self, items: Iterable[Playable]) -> None:
        """Start the items that call models, in the given order (which is the order slots are taken)."""
        if self.concurrency <= 1:
            return
        for item in items:
            if item.nodeid not in self._futures and item.calls_models():  # an offline run starts no loop
                self._futures[item.nodeid] = ModelLoop.get().submit(item.aplay())

    @property
    def threads(self) -> ThreadPoolExecutor:
        """Threads for work that drives its conversations synchronously (Hypothesis' search).

        Never the model loop's default executor: litellm prepares every call there, and threads
        that wait for conversations must not be the ones those conversations wait for.
        """
        if self._threads is None:
            self._threads = ThreadPoolExecutor(self.concurrency, thread_name_prefix="salessim-search")
        return self._threads

    def fetch(self, item: Playable) -> Any:
        """The item's result: from the pool when it was started ahead, else played now."""
        future = self._futures.pop(item.nodeid, None)
        return item.play() if future is None else future.result()

    def close(self) -> None:
        """Stop what no item will ask for (after -x, a crash, or an interrupt)."""
        self.closing.set()
        for future in self._futures.values():
            future.cancel()
        self._futures.clear()
        if self._threads is not None:
            self._threads.shutdown(wait=False, cancel_futures=True)
            self._threads = None
