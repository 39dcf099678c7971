"""Where a request's time goes: named stages and counters, reported per response in a `Server-Timing` header.

A request opens a `Stages` record (the HTTP layer does, see `assistant.api.timing`); code marks its parts with
`stage("embed")` and `count("embedded", n)`. Stages nest and each is charged only its own time (the guard
running inside composition is charged to "verify", not twice), so the stages of one request add up to at most
its total. Outside a request (CLI, tests, evaluation) nothing is recorded and a stage costs one context lookup.

Example:
    with measuring() as s:
        with stage("retrieve"):
            ...
    s.ms["retrieve"], s.counts
"""

from __future__ import annotations

import functools
import time
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Callable, Iterator, TypeVar

__all__ = ["Stages", "stage", "timed", "count", "measuring", "STAGES"]

F = TypeVar("F", bound=Callable)

# The stages the answering code marks, in the order a report lists them.
STAGES = ("understand", "embed", "retrieve", "rules", "compose", "verify", "serialize")

_current: ContextVar["Stages | None"] = ContextVar("advisor_stages", default=None)


class Stages:
    """Milliseconds per stage (own time, nested stages excluded) and counters, for one request."""

    def __init__(self) -> None:
        self.ms: dict[str, float] = {}
        self.counts: dict[str, int] = {}
        self.started = time.perf_counter()
        self._open: list[list[float]] = []  # [start, time spent in nested stages]

    def total_ms(self) -> float:
        return (time.perf_counter() - self.started) * 1000

    def header(self) -> str:
        """The Server-Timing value: each stage's duration, the counters, and the total so far."""
        parts = [f"{name};dur={self.ms[name]:.2f}" for name in sorted(self.ms, key=_order)]
        parts += [f'{name};desc="{n}"' for name, n in sorted(self.counts.items())]
        parts.append(f"total;dur={self.total_ms():.2f}")
        return ", ".join(parts)


def _order(name: str) -> tuple[int, str]:
    return (STAGES.index(name) if name in STAGES else len(STAGES), name)


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Charge the time inside the block to `name` (minus nested stages) when a request is being measured."""
    s = _current.get()
    if s is None:
        yield
        return
    frame = [time.perf_counter(), 0.0]
    s._open.append(frame)
    try:
        yield
    finally:
        elapsed = time.perf_counter() - frame[0]
        s._open.pop()
        s.ms[name] = s.ms.get(name, 0.0) + (elapsed - frame[1]) * 1000
        if s._open:
            s._open[-1][1] += elapsed


def timed(name: str) -> Callable[[F], F]:
    """Decorator: every call of the function is charged to the stage `name`."""

    def wrap(fn: F) -> F:
        @functools.wraps(fn)
        def inner(*args, **kwargs):
            if _current.get() is None:
                return fn(*args, **kwargs)
            with stage(name):
                return fn(*args, **kwargs)

        return inner  # type: ignore[return-value]

    return wrap


def count(name: str, n: int = 1) -> None:
    """Add n to a counter of the request being measured (e.g. texts embedded)."""
    s = _current.get()
    if s is not None:
        s.counts[name] = s.counts.get(name, 0) + n


@contextmanager
def measuring() -> Iterator[Stages]:
    """Measure everything inside the block (and the threads it hands a copy of its context to)."""
    s = Stages()
    token = _current.set(s)
    try:
        yield s
    finally:
        _current.reset(token)
