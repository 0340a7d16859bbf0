"""Ingest on a Dask distributed cluster: the pure analysis on the cluster's workers, the write here.

Dask distributed (not Ray) because it is a pure-Python install of a few
megabytes, its `Client` is a `concurrent.futures`-style executor (`submit`
returns futures with `.result()`), so `ingest.pipeline.ingest` maps the same
pure function over it unchanged, and a scheduler plus workers start with two
commands on any machines that can reach each other (`dask scheduler`,
`dask worker tcp://HOST:8786`). Ray would bring its own object store and
services for no gain here: the work is one independent function per opinion.

Only the analysis (`ingest.analyze.analyze`, and encoding what is to be
stored) runs on the workers, which may be other machines; this process reads
the files (unless the workers see them at the same paths, `workers_read`: then
they read them, and send back only CourtListener halves to be paired here),
writes every findings and settles identities, so the store (SQLite or
Neo4j) has a single writer and the graph is the same as `--jobs 1` gives.
The per-opinion time budget is kept only where analyses run in a process's
main thread (--jobs): Dask runs tasks in worker threads, so there a
pathological opinion holds its worker until done.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from graph.store import Store
from ingest.models import Opinion, ReadError
from ingest.pipeline import BUDGET_S, Ingested, ingest
from ingest.read import Unread


class ClusterError(Exception):
    """The cluster cannot be used (not installed, scheduler unreachable); the message is one line."""


def ingest_on_cluster(
    items: Iterable[Opinion | ReadError | Unread],
    store: Store,
    address: str,
    budget: float = BUDGET_S,
    on_item: Callable[[str], None] | None = None,
    workers_read: bool = False,
) -> Iterator[Ingested]:
    """`ingest`, with the analyses on the Dask cluster whose scheduler is at `address` (tcp://host:8786), and
    with `workers_read` the reading too."""
    try:
        from distributed import Client
    except ImportError as exc:  # an optional extra
        raise ClusterError("--cluster needs Dask distributed: pip install 'precedent-explorer[cluster]'") from exc
    try:
        client = Client(address, set_as_default=False, timeout="10s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {address} ({type(exc).__name__})") from None
    if workers_read:  # a worker's working folder is its own
        items = (Unread(i.path.absolute()) if isinstance(i, Unread) else i for i in items)
    with client:
        threads = sum(client.nthreads().values()) or 1
        yield from ingest(items, store, jobs=threads, budget=budget, executor=_Pure(client), on_item=on_item,
                          workers_read=workers_read)


class _Pure:
    """Dask's submit, with every task its own (two equal opinions are still two results to write)."""

    def __init__(self, client) -> None:  # noqa: ANN001 (distributed is optional)
        self.client = client

    def submit(self, fn, /, *args):  # noqa: ANN001, ANN002, ANN201
        return self.client.submit(fn, *args, pure=False)
