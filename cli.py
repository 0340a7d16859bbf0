"""The `precedent` command: a thin layer over ingest.pipeline, the stores and graph.export."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from tqdm import tqdm

from graph.config import DEFAULT_DB, REPO_DIR, open_store
from graph.store import StoreError

DB_HELP = (
    f"the store: a directory for the embedded store (default {DEFAULT_DB}, or $PRECEDENT_DB), or a Neo4j "
    "address such as neo4j://localhost:7687 (login from $NEO4J_USER, $NEO4J_PASSWORD; $NEO4J_DATABASE)"
)


class CliError(Exception):
    """Bad input to a command (an --out folder that does not exist ...); the message is one line."""


def write_whole(target: Path, text: str) -> None:
    """`text` into `target`, whole or not at all: written beside it, then renamed over it."""
    if not target.parent.is_dir():
        raise CliError(f"cannot write {target}: no folder {target.parent}")
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise CliError(f"cannot write {target}: {exc.strerror or exc}") from exc


def _choose_tokenizer(name: str | None) -> None:
    """Set the tokenizer for this process and its workers, and compile Hyperscan's database once, here."""
    from ingest import fast_tokenizer

    if name:
        if name == "hyperscan" and not fast_tokenizer.available():
            raise CliError("--tokenizer hyperscan needs the hyperscan package: pip install 'precedent-explorer[fast]'")
        os.environ[fast_tokenizer.ENV] = name
    try:
        fast_tokenizer.prepare()
    except ValueError as exc:
        raise CliError(str(exc)) from exc


def cmd_ingest(args: argparse.Namespace) -> int:
    from ingest.pipeline import BUDGET_S, default_jobs, ingest
    from ingest.read import iter_opinions, shown

    if args.shared_files and not args.cluster:
        raise CliError("--shared-files goes with --cluster (with --jobs the worker processes read the files anyway)")
    paths = [Path(p) for p in args.paths]
    missing = [p for p in paths if not p.exists() and not p.is_symlink()]  # a broken link: the reader says so
    for p in missing:
        print(f"error: {shown(str(p))}: no such file or directory", file=sys.stderr)
    _choose_tokenizer(args.tokenizer)
    store = open_store(args.db)
    failed = len(missing)
    done = 0
    budget = BUDGET_S if args.budget is None else args.budget
    items = iter_opinions([p for p in paths if p not in missing], defer=True)  # read where analysed
    with tqdm(desc="ingest", unit="file", disable=args.quiet or None, file=sys.stderr) as bar:

        def tick(source: str) -> None:  # each file as soon as it is analysed; results come as the store settles
            bar.update(1)
            bar.set_postfix_str(source[-40:])

        if getattr(args, "cluster", None):
            from ingest.cluster import ingest_on_cluster

            results = ingest_on_cluster(items, store, args.cluster, budget=budget, on_item=tick,
                                        workers_read=args.shared_files)
        else:
            results = ingest(items, store, jobs=args.jobs or default_jobs(), budget=budget, on_item=tick)
        for r in results:
            if r.reason:
                failed += 1
                tqdm.write(f"error: {r.source}: {r.reason}", file=sys.stderr)
            else:
                done += 1
    stats = store.stats()
    store.close()
    print(
        f"ingested {done} opinion(s), {failed} failed; the store holds {stats['cases']} cases and "
        f"{stats['citations']} citations",
        file=sys.stderr,
    )
    return 1 if failed else 0


def cmd_export(args: argparse.Namespace) -> int:
    from graph import export

    if args.format == "csv" and not args.out:
        print("error: --format csv writes two files; name the nodes file with --out", file=sys.stderr)
        return 2
    target = Path(args.out) if args.out else None
    if target and not target.parent.is_dir():  # say so before a long export, not after
        raise CliError(f"cannot write {target}: no folder {target.parent}")
    store = open_store(args.db, create=False)
    try:
        if args.format == "json":
            out = export.to_json(store)
        elif args.format == "graphml":
            out = export.to_graphml(store)
        else:
            nodes, edges = export.to_csv(store)
    finally:
        store.close()
    if args.format == "csv":
        write_whole(target, nodes)
        write_whole(target.with_name(target.stem + "_edges" + target.suffix), edges)
    elif target:
        write_whole(target, out)
    else:
        sys.stdout.write(out)
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    store = open_store(args.db, create=False)
    for k, v in store.stats().items():
        print(f"{k}: {v}")
    store.close()
    return 0


def cmd_rename(args: argparse.Namespace) -> int:
    store = open_store(args.db)
    try:
        store.set_case_name(args.case_id, args.name)
        case = store.case(args.case_id)
    except KeyError:
        print(f"error: no case with id {args.case_id!r} in the store (ids are in `precedent export`)", file=sys.stderr)
        return 1
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        store.close()
    print(f"{args.case_id}: {case.name if case else args.name}")
    return 0


def cmd_doctrine(args: argparse.Namespace) -> int:
    """Precedents cited for a doctrine (and everything under it), most relied on first."""
    from graph import analysis

    store = open_store(args.db, create=False)
    try:
        doctrines = store.doctrines()
        known = {d.key: d for d in doctrines}
        if not args.key:
            for d, depth in analysis.doctrine_tree(doctrines):
                print(f"{'  ' * depth}{d.key}  {d.label}")
            return 0
        if args.key not in known:
            close = sorted(k for k in known if args.key.lower() in k.lower())
            hint = f"; did you mean {', '.join(close[:5])}?" if close else "; `precedent doctrine` lists them"
            print(f"error: no doctrine {args.key!r} in the taxonomy{hint}", file=sys.stderr)
            return 2
        cits = store.doctrine_citations(sorted(analysis.descendants(doctrines, args.key)))
        print(f"{known[args.key].label} ({args.key}): {len(cits)} citation(s)")
        for i, r in enumerate(analysis.rank_precedents(cits)[: args.limit], 1):
            case = store.case(r.case_id)
            name = f"{case.name} ({case.year})" if case and case.year else case.name if case else r.case_id
            counts = " · ".join(f"{t} {n}" for t, n in sorted(r.counts.items()))
            print(f"{i:3d}. {name}  [{counts}]")
        return 0
    finally:
        store.close()


def port_taken(address: str, port: int) -> str | None:
    """Why the app could not listen on address:port (another server holds it), or None when it can."""
    import socket

    try:
        with socket.socket(socket.AF_INET6 if ":" in address else socket.AF_INET) as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server does: TIME_WAIT is no obstacle
            s.bind((address, port))
    except OSError as exc:
        return exc.strerror or str(exc)
    return None


def cmd_app(args: argparse.Namespace) -> int:
    """Ingest the bundled corpus when the store is empty, then open the explorer."""
    import os

    if reason := port_taken(args.address, args.port):
        print(f"precedent app: port {args.port} on {args.address} is not available ({reason}); is another "
              f"`precedent app` running? Choose another port with --port {args.port + 1}", file=sys.stderr)
        return 1
    store = open_store(args.db)
    empty = store.stats()["opinions"] == 0
    store.close()
    if empty:
        demo = ["ingest", str(REPO_DIR / "data" / "corpus"), *(["--db", args.db] if args.db else [])]
        code = cmd_ingest(parser().parse_args(demo))  # the ingest command's own options and defaults
        if code:
            return code
    env = dict(os.environ, **({"PRECEDENT_DB": str(args.db)} if args.db else {}))
    cmd = [sys.executable, "-m", "streamlit", "run", str(REPO_DIR / "app.py"), "--server.port", str(args.port),
           "--server.address", args.address,
           "--browser.gatherUsageStats", "false",  # offline: the app sends nothing anywhere
           "--client.toolbarMode", "viewer"]  # no Deploy button or developer menu
    if args.headless:
        cmd += ["--server.headless", "true"]
    return subprocess.call(cmd, env=env)


def _positive(value: str) -> int:
    n = int(value)
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {n}")
    return n


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="precedent",
        description="Build and explore a citation graph of US court opinions: who cites whom, how each "
        "precedent was treated, and for which doctrine.",
    )
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser(
        "ingest",
        help="read opinions into the store",
        description="Read opinions (plain text, HTML, CourtListener or CAP JSON, Fastcase XML, PDF; files or "
        "folders, recursively) and add them to the store. Re-ingesting is idempotent. "
        "Bad files are reported one per line and skipped; the exit code is 1 if any failed.",
    )
    s.add_argument("paths", nargs="+", metavar="PATH", help="files or folders of opinions")
    s.add_argument("--db", help=DB_HELP)
    s.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    s.add_argument("--jobs", type=_positive, default=None, metavar="N",
                   help="opinions analysed at once, in worker processes (default: this machine's cores); "
                   "the graph is the same whatever N")
    s.add_argument("--budget", type=float, default=None, metavar="SECONDS",
                   help="CPU seconds one opinion may take before it is reported as failed (default 120; 0: no limit)")
    s.add_argument("--tokenizer", choices=("default", "hyperscan"), default=None,
                   help="how eyecite finds citations: its default tokenizer, or Hyperscan (several times faster, "
                   "the same citations; needs the 'fast' extra; compiled once, then cached). Default: "
                   "$PRECEDENT_TOKENIZER, else default")
    s.add_argument("--cluster", metavar="ADDRESS",
                   help="analyse on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786; needs the "
                   "'cluster' extra); this machine still reads the files and writes the store")
    s.add_argument("--shared-files", action="store_true",
                   help="with --cluster: the workers see the files at the same paths (a shared file system), so "
                   "they read them, not this machine; a file a worker cannot see fails with its reason")
    s.set_defaults(func=cmd_ingest)

    s = sub.add_parser(
        "export",
        help="write the whole graph (JSON, GraphML or CSV)",
        description="Write the graph as JSON (default; its fields are described in EXPORT.md at the top of "
        "the project's folder), GraphML for Gephi, or two CSV tables (nodes and edges) for R and pandas.",
    )
    s.add_argument("--db", help=DB_HELP)
    s.add_argument("--out", help="file to write (default: standard output)")
    s.add_argument("--format", choices=["json", "graphml", "csv"], default="json")
    s.set_defaults(func=cmd_export)

    s = sub.add_parser("stats", help="count cases, citations and opinions in the store")
    s.add_argument("--db", help=DB_HELP)
    s.set_defaults(func=cmd_stats)

    s = sub.add_parser(
        "rename",
        help="give a case its caption (an untitled opinion's) without ingesting again",
        description="Set the name a case is shown and found by, e.g. the caption of a citation-stripped "
        "opinion whose text does not carry one. The name is kept when opinions are ingested later.",
    )
    s.add_argument("case_id", metavar="CASE_ID", help="the case's id, as `precedent export` lists it")
    s.add_argument("name", metavar="CAPTION", help='the caption, e.g. "Dudnikov v. Chalk & Vermilion Fine Arts, Inc."')
    s.add_argument("--db", help=DB_HELP)
    s.set_defaults(func=cmd_rename)

    s = sub.add_parser(
        "doctrine",
        help="precedents cited for a doctrine, with their treatments",
        description="Without KEY, list the doctrine taxonomy. With KEY (e.g. pj.express_aiming), list "
        "the precedents cited for it or any doctrine under it, most relied on first, with how many "
        "citing opinions followed, distinguished, criticized or merely cited each.",
    )
    s.add_argument("key", nargs="?", metavar="KEY", help="a doctrine key")
    s.add_argument("--db", help=DB_HELP)
    s.add_argument("--limit", type=int, default=25, help="how many precedents to list (default 25)")
    s.set_defaults(func=cmd_doctrine)

    s = sub.add_parser("app", help="open the explorer in the browser (ingests the demo corpus into an empty store)")
    s.add_argument("--db", help=DB_HELP)
    s.add_argument("--port", type=int, default=8501)
    s.add_argument("--address", default="localhost",
                   help="the address to serve on (default localhost: this machine only; 0.0.0.0 for the network)")
    s.add_argument("--headless", action="store_true", help="do not open a browser window")
    s.set_defaults(func=cmd_app)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("interrupted; the store holds every opinion committed so far", file=sys.stderr)
        return 130
    except (StoreError, CliError) as exc:  # an unreachable server, a wrong password, no --out folder: one line
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # a cluster that cannot be reached is one line too
        if type(exc).__name__ != "ClusterError":
            raise
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `precedent export | head`: the reader left; not an error
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
