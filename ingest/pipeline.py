"""The ingest loop: analyse each opinion (pure, in worker processes), keep its findings, settle the store.

`ingest.analyze.analyze` does everything that needs only the opinion; it runs in
`jobs` worker processes, which also read the files (`Unread`) and encode what is
to be stored. This process is the single writer: it stores opinions' findings as
they come, those ready together in one transaction (so a killed ingest loses at
most the last few analyses, never part of a findings), and from time to time and at the end `ingest.settle.settle`
resolves identities over every stored findings and writes what changed. The
graph is thus a function of the set of opinions ingested, whatever their order,
batches or interruptions; re-running a killed ingest finishes the job.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any, Protocol

from graph.model import OpinionGraph
from graph.store import Store
from ingest import doctrine
from ingest.analyze import OpinionFindings, analyze, prepare
from ingest.identity import claims_of, encode
from ingest.models import Opinion, ReadError
from ingest.read import Halves, Unread, pair, read_unread
from ingest.settle import settle

BUDGET_S = 120  # CPU seconds one opinion may take before it is reported as a failure, never a hang
_SETTLE_EVERY_S = 60.0  # a long ingest updates the graph about this often...
_SETTLE_SHARE = 10  # ...but settling (serial, and reading every stored claim) takes at most a tenth of the time
# while the workers are busy the writer settles what it has about this often (once every opinion is handed
# out, whenever it waits), up to a quarter of the time: it then takes some of a core from the workers, but what
# it settles is not left for the end, when nothing else runs (on 2 cores a share of 10 left about a second of
# the overruling set's 10 s for the end)
_SETTLE_IDLE_S = 2.0
_IDLE_SHARE = 3
# the findings that are ready are stored together, in one transaction (a server store's round trip costs more
# than most findings), whenever the writer would wait, at most this many, and at least this often
_STORE_AT_ONCE = 32
_STORE_EVERY_S = 1.0


@dataclass(frozen=True)
class Ingested:
    """What became of one opinion, or of one file that could not be read."""

    source: str  # the file it came from (its path for a file that could not be read)
    graph: OpinionGraph | None = None  # what the graph holds for it
    reason: str | None = None  # why not, in one line


class _Budget(Exception):
    pass


def _on_alarm(signum: int, frame: object) -> None:
    raise _Budget


def analyze_within(opinion: Opinion, budget: float = BUDGET_S) -> OpinionFindings | str:
    """`analyze`, or the one-line reason it failed (an exception, or more than `budget` CPU seconds)."""
    timed = budget > 0 and threading.current_thread() is threading.main_thread()
    if timed:
        old = signal.signal(signal.SIGPROF, _on_alarm)
        signal.setitimer(signal.ITIMER_PROF, budget)
    try:
        return analyze(opinion)
    except _Budget:
        return f"could not be ingested (took more than {budget:g} s of CPU; the file is too large or too unusual)"
    except Exception as exc:  # one bad opinion must not stop the others
        return f"could not be ingested ({type(exc).__name__}: {exc})"
    finally:
        if timed:
            signal.setitimer(signal.ITIMER_PROF, 0)
            signal.signal(signal.SIGPROF, old)


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class Executor(Protocol):
    """What runs the analyses: a ProcessPoolExecutor, or a Dask distributed Client (ingest.cluster)."""

    def submit(self, fn: Any, /, *args: Any) -> Future: ...


@dataclass(frozen=True)
class _Waiting:
    """The next result is not ready yet: the writer may do something else meanwhile. `draining`: every opinion
    has been handed out, so what it settles now is not left for the end."""

    draining: bool


@dataclass(frozen=True)
class _Done:
    """One opinion analysed, as the writer needs it: what to store, or why not (also a file not read)."""

    source: str
    stored: tuple[str, str, bytes] | None = None  # (key, claims, findings), one of Store.put_findings's
    reason: str | None = None

    @classmethod
    def failed(cls, error: ReadError) -> _Done:
        return cls(error.path, reason=error.reason)


def _work(item: Opinion | Unread, budget: float) -> list[_Done | Halves]:
    """Read (a deferred file) and analyse, everything the writer does not need to do: run in the workers. A
    file's CourtListener halves come back as they are, to be paired with the other files' (`read.pair`)."""
    done: list[_Done | Halves] = []
    for one in read_unread(item) if isinstance(item, Unread) else [item]:
        if isinstance(one, Halves):
            done.append(one)
        elif isinstance(one, ReadError):
            done.append(_Done.failed(one))
        else:
            found = analyze_within(one, budget)
            done.append(_Done(one.source_file, reason=found) if isinstance(found, str)
                        else _Done(one.source_file, (found.key, claims_of(found), encode(found))))
    return done


def _analysed(
    items: Iterable[Opinion | ReadError | Unread], jobs: int, budget: float, executor: Executor | None = None,
    workers_read: bool = False,
) -> Iterator[_Done | _Waiting]:
    """Each opinion analysed (or why not), in the order given, then the decisions CourtListener halves make
    (their halves may sit in any file, so they are paired once every file is read); `jobs` > 1 analyses in
    worker processes, which also read the deferred files, `executor` wherever it runs them (`jobs` is then
    how many it runs at once; its workers may be other machines, so the files are read here unless
    `workers_read`: they see them at the same paths); and `_Waiting` whenever the next result is not ready
    yet."""
    halves: list[Halves] = []

    def kept(results: Iterable[_Done | _Waiting | Halves]) -> Iterator[_Done | _Waiting]:
        for r in results:
            if isinstance(r, Halves):
                halves.append(r)
            else:
                yield r

    if jobs <= 1 and executor is None:
        yield from kept(_here(items, budget))
        yield from kept(_here(pair(halves), budget))
        return
    if executor is not None and not workers_read:
        items = (one for item in items for one in (read_unread(item) if isinstance(item, Unread) else [item]))
    if executor is None:
        prepare()  # here, once: the workers fork from this process
    with nullcontext(executor) if executor is not None else ProcessPoolExecutor(jobs) as pool:
        yield from kept(_pooled(pool, items, jobs, budget))
        yield from kept(_pooled(pool, pair(halves), jobs, budget))


def _here(items: Iterable[Opinion | ReadError | Unread], budget: float) -> Iterator[_Done | Halves]:
    for item in items:
        yield from [_Done.failed(item)] if isinstance(item, ReadError) else _work(item, budget)


def _pooled(pool: Executor, items: Iterable[Opinion | ReadError | Unread | Halves], jobs: int,
            budget: float) -> Iterator[_Done | _Waiting | Halves]:
    window: deque[list[_Done | Halves] | Future] = deque()
    for item in items:
        window.append([_Done.failed(item)] if isinstance(item, ReadError)
                      else [item] if isinstance(item, Halves) else pool.submit(_work, item, budget))
        while len(window) > 4 * max(jobs, 1):  # bounded: a corpus never sits in memory at once
            yield from _next(window, draining=False)
    while window:
        yield from _next(window, draining=True)


def _next(window: deque[list[_Done | Halves] | Future], draining: bool) -> Iterator[_Done | _Waiting | Halves]:
    head = window.popleft()
    if isinstance(head, list):
        yield from head
        return
    if not head.done():
        yield _Waiting(draining)
    yield from head.result()


def ingest(
    items: Iterable[Opinion | ReadError | Unread],
    store: Store,
    jobs: int = 1,
    budget: float = BUDGET_S,
    executor: Executor | None = None,
    on_item: Callable[[str], None] | None = None,
    workers_read: bool = False,
) -> Iterator[Ingested]:
    """Ingest every read opinion into `store`; a bad file or opinion is reported and the rest go on.

    The CLI and the app's upload page both ingest through here. Results (and
    failures, in the order of `items`; decisions made of CourtListener halves
    that came `Unread` last, once every file is read) are yielded each time the store is
    settled (about every minute, every few seconds while the workers are busy,
    and at the end); `on_item` is told each file as soon as it is analysed, for
    a progress bar. The analyses run here (`jobs` 1), in `jobs`
    worker processes, or on `executor` (which reads the files too with
    `workers_read`: its workers see them at the same paths).
    """
    store.set_doctrines(doctrine.load_taxonomy())
    pending: list[Ingested | tuple[str, str]] = []  # in input order: failures, and (file, key) to settle
    unstored: list[tuple[str, str, bytes]] = []  # analysed, not yet stored
    last, cost, stored_at = time.monotonic(), 0.0, time.monotonic()

    def store_all() -> None:
        nonlocal stored_at
        store.put_findings(unstored)
        unstored.clear()
        stored_at = time.monotonic()

    def flush() -> Iterator[Ingested]:
        nonlocal last, cost
        store_all()
        t = time.monotonic()
        graphs = settle(store, [p[1] for p in pending if isinstance(p, tuple)])
        last, cost = time.monotonic(), time.monotonic() - t
        for p in pending:
            yield Ingested(p[0], graphs[p[1]]) if isinstance(p, tuple) else p
        pending.clear()

    for done in _analysed(items, jobs, budget, executor, workers_read):
        if isinstance(done, _Waiting):  # the workers are busy: settle what is stored meanwhile, not at the end
            store_all()
            every = 0.0 if done.draining else _SETTLE_IDLE_S
            if pending and time.monotonic() - last >= max(every, _IDLE_SHARE * cost):
                yield from flush()
            continue
        if done.stored is None:
            pending.append(Ingested(done.source, reason=done.reason))
        else:
            unstored.append(done.stored)
            if len(unstored) >= _STORE_AT_ONCE or time.monotonic() - stored_at >= _STORE_EVERY_S:
                store_all()
            pending.append((done.source, done.stored[0]))
        if on_item:
            on_item(done.source)
        if pending and time.monotonic() - last >= max(_SETTLE_EVERY_S, _SETTLE_SHARE * cost):
            yield from flush()
    yield from flush()  # always: also finishes the job of an ingest killed before it settled


def ingest_one(opinion: Opinion, store: Store) -> OpinionGraph:
    """One opinion into `store` (its findings stored, the store settled): the graph that now stands for it."""
    found = analyze(opinion)
    store.put_findings([(found.key, claims_of(found), encode(found))])
    return settle(store, [found.key])[found.key]
