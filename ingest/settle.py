"""Settling the store: the identity rules of `ingest.identity` applied to every stored findings, at the cost of
what changed since the last settle, not of the size of the store.

The store keeps, beside the findings, indexes of what identities are decided from (`Store.settle_state`):
identical claims as one class with its count and members, the classes and texts that give each citation,
caption and docket, each decision's nodes and case, and how many standing opinions refer to it. A settle
takes the findings stored or changed since the last one (`Store.unsettled`), moves their claims in the
indexes, and decides again only

- the decisions of strata 1-2 (`identity.components`) a changed node is or was in, closed over the
  citations, captions and dockets that join nodes (a decision's outcome depends on its own nodes alone);
- stratum 3 (`identity.place_name`) for each caption key that a changed claim by name only has, or a decision
  renamed, added or removed had or has;
- the stripped opinions that a caption which came, went or was renamed can match;

then it rewrites only the opinions whose ids changed, and the cases whose record or presence changed. With
empty indexes it settles everything: a new store, and the first settle of a store written before them.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict
from typing import Any

from graph.keys import name_key, tokens
from graph.model import Case, OpinionGraph
from graph.store import Store
from ingest.analyze import OpinionFindings
from ingest.identity import (
    Components,
    Identities,
    _facts,
    _group_claim,
    _real,
    _Text,
    _text,
    claim_facts,
    components,
    decode,
    graph_of,
    name_of,
    place_name,
    stripped_findings,
    text_node,
)
from ingest.stripped import KnownIndex

# settle_state kinds (JSON values, but the captions' list, which stripped opinions were read against)
_V = "v"  # "" -> "1": the indexes are kept
_T = "t"  # findings key -> {"text": its text's facts, "cls": [[local id, class]], "sig": its signature}
_C = "c"  # class -> {"claim", "n": how many claims, "id": its decision}
_M = "m"  # "m" + class: findings key -> the local ids of its claims of the class
_X = "x"  # normalised citation -> the nodes giving it (classes, and texts as "key\x00")
_N = "n"  # caption key -> {"named": nodes named so, "bare": bare texts so captioned, "only", "late": classes
#           by name only placed by it, "dec": {decision: year} of strata 1-2, "minted": its name-only decisions}
_D = "dk"  # docket and year -> texts
_DEC = "d"  # decision -> {"case", "nodes", "stand_in", "primary", "ref", "oref", "pre", "key"}
_S = "s"  # the stripped findings' keys -> 1
_R = "r"  # a stripped findings' key -> the tokens of its runs (`run_tokens`), None for a store from before them
_W = "w"  # a word of a stripped findings' runs -> the stripped findings whose runs have it
KNOWN = "known"  # case id -> the caption stripped opinions were read against ("" -> "": the list is kept)


def settle(store: Store, want: Iterable[str] = ()) -> dict[str, OpinionGraph]:
    """Decide the identities of what was stored since the last settle, and write what changed, in one
    transaction. Returns the graph now standing for each findings key in `want` (a duplicate source's
    key gets the graph of the source that stands for the decision)."""
    return _Settle(store).run(list(want))


def _cls(claim: dict, late: bool) -> str:
    facts = [claim["cites"], claim["name"], claim["named"], claim["court"], claim["year"]]
    return ("L" if late else "C") + hashlib.sha1(json.dumps(facts, ensure_ascii=False).encode()).hexdigest()[:20]


def _claim(g: dict) -> dict:
    return {k: g[k] for k in ("cites", "name", "named", "court", "year")}


def _refs(sig: dict | None) -> set[str]:
    """The decisions a signature keeps in the graph: a standing opinion's own and those it cites."""
    if not sig or not sig["primary"]:
        return set()
    return {sig["id"], *(cid for _, cid in sig["to"])}


class _State:
    """settle_state records, read as needed and written back with the settlement."""

    def __init__(self, store: Store, fresh: bool) -> None:
        self.store, self.fresh = store, fresh
        self.got: dict[str, dict[str, Any]] = defaultdict(dict)
        self.was: dict[str, dict[str, Any]] = defaultdict(dict)  # the records as read
        self.changed: dict[str, set[str]] = defaultdict(set)

    def load(self, kind: str, keys: Iterable[str]) -> None:
        have = self.got[kind]
        need = sorted({k for k in keys if k not in have})
        if need:
            found = {} if self.fresh else self.store.settle_state(kind, need)
            for k in need:
                have[k] = json.loads(found[k]) if k in found else None
                self.was[kind][k] = json.loads(found[k]) if k in found else None

    def get(self, kind: str, key: str) -> Any:
        self.load(kind, [key])
        return self.got[kind][key]

    def all(self, kind: str) -> dict[str, Any]:
        """Every record of a kind (members of a class, the stripped keys), with this settle's changes."""
        stored = {} if self.fresh else self.store.settle_state(kind)
        self.load(kind, stored)
        return {k: v for k, v in self.got[kind].items() if v is not None}

    def put(self, kind: str, key: str, value: Any) -> None:
        self.got[kind][key] = value if value else None
        self.changed[kind].add(key)

    def writes(self) -> dict[str, dict[str, str | None]]:
        out: dict[str, dict[str, str | None]] = {}
        for kind, keys in self.changed.items():
            rows = {}
            for k in sorted(keys):
                v = self.got[kind][k]
                text = None if v is None else json.dumps(v, ensure_ascii=False, sort_keys=True)
                if k not in self.was[kind]:  # written without being read: written as it is
                    rows[k] = text
                    continue
                was = self.was[kind][k]
                if text != (None if was is None else json.dumps(was, ensure_ascii=False, sort_keys=True)):
                    rows[k] = text
            if rows:
                out[kind] = rows
        return out


def _add(lst: list | None, x: str) -> list:
    return sorted({*(lst or []), x})


def _without(lst: list | None, x: str) -> list:
    return [y for y in lst or [] if y != x]


class _Settle:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.st = _State(store, fresh=not store.settle_state(_V, [""]))
        self.seeds: set[str] = set()  # nodes whose decision must be decided again
        self.old_decisions: set[str] = set()  # decisions a changed node was in
        self.keys: set[str] = set()  # caption keys stratum 3 must place again
        self.late_keys: set[str] = set()
        self.written: dict[str, str | None] = {}  # signature column of the changed findings
        self.reading: dict[str, tuple[str, list]] = {}  # stripped key -> (captions' hash, groups) as read now
        self.again: set[str] = set()  # stripped findings read again
        self.loaded: dict[str, OpinionFindings] = {}
        self.relevant: dict[str, list[tuple[str, str]]] = {}
        self.runs: dict[str, list | None] = {}
        self.index: list[KnownIndex] = []
        self.known_changes: dict[str, str | None] = {}

    # -- the indexes -----------------------------------------------------------------------------------

    def _index(self, kind: str, key: str, node: str, add: bool, field: str | None = None) -> None:
        rec = self.st.get(kind, key)
        if field is None:
            self.st.put(kind, key, (_add if add else _without)(rec, node))
        else:
            rec = dict(rec or {})
            rec[field] = (_add if add else _without)(rec.get(field), node)
            self.st.put(kind, key, {k: v for k, v in rec.items() if v})

    def _text_facts(self, key: str, rec: dict, add: bool) -> None:
        case, caption = rec["text"][0], rec["text"][1]
        node = text_node(key)
        for c in _facts(tuple(case["citations"]))[1]:
            self._index(_X, c, node, add)
        if caption:
            self._index(_N, caption, node, add, "named")
            if not _real(case["citations"]):
                self._index(_N, caption, node, add, "bare")
        if case["docket"]:
            self._index(_D, f"{case['docket']}\x00{case['year']}", node, add)
        self.seeds.add(node)
        if rec.get("sig"):
            self.old_decisions.add(rec["sig"]["id"])

    def _member(self, cls: str, claim: dict, key: str, gid: str, add: bool) -> None:
        st = self.st
        rec = dict(st.get(_C, cls) or {"claim": claim, "n": 0, "id": None})
        before = rec["n"]
        rec["n"] += 1 if add else -1
        st.put(_C, cls, rec if rec["n"] else None)
        if rec["id"]:
            self.old_decisions.add(rec["id"])
        late, real = cls.startswith("L"), _real(claim["cites"])
        if real:
            self.seeds.add(cls)
        else:
            (self.late_keys if late else self.keys).add(name_of(claim))
        if (add and before == 0) or not rec["n"]:  # the class came or went
            if real:
                for c in _facts(tuple(claim["cites"]))[1]:
                    self._index(_X, c, cls, add)
                if claim["named"]:
                    self._index(_N, name_key(claim["name"]), cls, add, "named")
            else:
                self._index(_N, name_of(claim), cls, add, "late" if late else "only")

    def _classes(self, key: str, pairs: list[list[str]], claims: dict[str, dict], add: bool) -> None:
        """A findings' claims (local id, class) into or out of their classes: its member record of each class
        is what the pairs say (no need to read it)."""
        for gid, cls in pairs:
            self._member(cls, claims[cls], key, gid, add)
        for cls in {cls for _, cls in pairs}:
            self.st.put(_M + cls, key, sorted(gid for gid, c in pairs if c == cls) if add else None)

    def _preload(self, texts: dict[str, _Text]) -> None:
        """Read at once the records the changed findings' old and new claims touch (a store is a round trip
        away)."""
        st = self.st
        claims = [_claim(g) for t in texts.values() for g in t.groups]
        classes = {_cls(c, False) for c in claims} | {c for k in texts for _, c in (st.got[_T][k] or {}).get("cls", ())}
        st.load(_C, classes)
        claims += [st.got[_C][c]["claim"] for c in classes if st.got[_C][c]]
        cases = [t.case.citations for t in texts.values()] + [
            old["text"][0]["citations"] for k in texts if (old := st.got[_T][k])]
        st.load(_X, {c for cites in [*cases, *(c["cites"] for c in claims)] for c in _facts(tuple(cites))[1]})
        st.load(_N, {name_of(c) for c in claims} | {name_key(c["name"]) for c in claims}
                | {t.caption for t in texts.values() if t.caption}
                | {old["text"][1] for k in texts if (old := st.got[_T][k]) and old["text"][1]})
        st.load(_D, {f"{t.case.docket}\x00{t.case.year}" for t in texts.values() if t.case.docket})

    # -- one settle --------------------------------------------------------------------------------------

    def run(self, want: list[str]) -> dict[str, OpinionGraph]:
        st, store = self.st, self.store
        rows = store.findings_claims() if st.fresh else store.unsettled()
        texts = {k: _text(k, c) for k, c, _ in rows}
        self.written = {k: sig for k, _, sig in rows}
        self.runs = {k: t.runs for k, t in texts.items() if t.stripped}
        st.load(_T, texts)
        dirty = sorted(texts)
        self._preload(texts)
        for k in dirty:  # each changed findings' old claims out of the indexes, its new ones in
            t, old = texts[k], st.got[_T][k]
            new = {"text": [asdict(t.case), t.caption, t.size, t.stripped], "sig": old["sig"] if old else None,
                   "cls": old["cls"] if old and t.stripped and old["text"][3] else []}
            # (a findings stored before runs were kept is found by "": looked up whenever a caption moves)
            words = sorted({w for run in t.runs or [[""]] for w in run}) if t.stripped else []
            for w in set((old or {}).get("words", ())) ^ set(words):  # where a caption's words find it
                self._index(_W, w, k, add=w in words)
            if words:
                new["words"] = words
            if old:
                self._text_facts(k, old, add=False)
                if not (t.stripped and old["text"][3]):  # a stripped text's claims change as it is read again
                    self._classes(k, old["cls"], {c: st.get(_C, c)["claim"] for _, c in old["cls"]}, add=False)
            if not t.stripped:
                groups = [(g["id"], _cls(g, False), _claim(g)) for g in t.groups]
                new["cls"] = [[gid, cls] for gid, cls, _ in groups]
                self._classes(k, new["cls"], {cls: c for _, cls, c in groups}, add=True)
            st.put(_T, k, new)
            self._text_facts(k, new, add=True)
            st.put(_S, k, 1 if t.stripped else None)
            st.put(_R, k, t.runs if t.stripped else None)

        comp, now_of = self._components()
        ordinary_of = self._place(sorted(self.keys), late=False)
        class_of = {**now_of, **ordinary_of}
        signed = self._sign(dirty, class_of, comp, stripped=False)
        known, moved = self._known()
        self._read_stripped(dirty, moved)
        class_of |= self._place(sorted(self.keys | self.late_keys), late=True)
        signed |= self._sign(dirty, class_of, comp, stripped=True)
        return self._write(dirty, signed, want, known)

    def _components(self) -> tuple[Components, dict[str, str]]:
        """Strata 1-2 again for the decisions any changed node is or was in. The closure follows the links
        `identity.components` joins nodes by (a shared citation; a bare text's caption; a docket), looser
        (years are not compared), so it holds every node a decision of it can have: a new link there must
        be indexed and followed here too."""
        st = self.st
        st.load(_DEC, self.old_decisions)
        for cid in self.old_decisions:
            if (d := st.got[_DEC][cid]) and "nodes" in d:
                self.seeds.update(d["nodes"])
        seen: set[str] = set()
        level = set(self.seeds)
        while level:
            seen |= level
            texts = [n[:-1] for n in level if n.endswith("\x00")]
            classes = [n for n in level if not n.endswith("\x00")]
            st.load(_T, texts)
            st.load(_C, classes)
            cites, captions, bares, dockets = set(), set(), set(), set()
            for k in texts:
                if (t := st.got[_T][k]) is None:
                    continue
                case, caption = t["text"][0], t["text"][1]
                cites.update(_facts(tuple(case["citations"]))[1])
                if caption:  # a bare text joins what is named so; anything named so, the bare texts
                    bares.add(caption)
                    if not _real(case["citations"]):
                        captions.add(caption)
                if case["docket"]:
                    dockets.add(f"{case['docket']}\x00{case['year']}")
            for c in classes:
                if (rec := st.got[_C][c]) is None or not _real(rec["claim"]["cites"]):
                    continue
                cites.update(_facts(tuple(rec["claim"]["cites"]))[1])
                if rec["claim"]["named"]:
                    bares.add(name_key(rec["claim"]["name"]))
            st.load(_X, cites)
            st.load(_N, captions | bares)
            st.load(_D, dockets)
            nxt: set[str] = set()
            for c in cites:
                nxt.update(st.got[_X][c] or ())
            for k in captions:
                nxt.update((st.got[_N][k] or {}).get("named", ()))
            for k in bares:
                nxt.update((st.got[_N][k] or {}).get("bare", ()))
            for d in dockets:
                nxt.update(st.got[_D][d] or ())
            level = nxt - seen
        for n in seen:  # every decision a node of the closure was in is decided again (or is no more)
            rec = st.got[_T].get(n[:-1]) if n.endswith("\x00") else st.got[_C].get(n)
            old = ((rec or {}).get("sig") or {}).get("id") if n.endswith("\x00") else (rec or {}).get("id")
            if old:
                self.old_decisions.add(old)
        st.load(_DEC, self.old_decisions)
        texts = sorted(n[:-1] for n in seen if n.endswith("\x00") and st.got[_T].get(n[:-1]))
        classes = sorted(n for n in seen if not n.endswith("\x00") and st.got[_C].get(n)
                         and _real(st.got[_C][n]["claim"]["cites"]))
        objs = []
        for k in texts:
            case, caption, size, stripped = st.got[_T][k]["text"]
            c = Case(**{**case, "citations": tuple(case["citations"]), "missing": tuple(case["missing"])})
            objs.append(_Text(k, c, caption, size, stripped))
        comp = components(objs, [claim_facts(st.got[_C][c]["claim"], c, st.got[_C][c]["n"]) for c in classes])
        st.load(_DEC, comp.cases)
        for cid in sorted(self.old_decisions | set(comp.cases)):  # their caption keys' stratum 3 changes too
            old = st.got[_DEC][cid]
            if old and "nodes" in old and not old["stand_in"]:
                k = name_key(old["case"]["name"])
                self.keys.add(k)
                rec = dict(st.get(_N, k) or {})
                rec["dec"] = {c: y for c, y in (rec.get("dec") or {}).items() if c != cid}
                st.put(_N, k, {f: v for f, v in rec.items() if v})
        for cid, case in sorted(comp.cases.items()):
            old = st.got[_DEC][cid] or {}
            st.put(_DEC, cid, {"case": asdict(case), "nodes": comp.nodes[cid], "stand_in": cid in comp.stand_in,
                               "primary": comp.primary.get(cid), "ref": old.get("ref", 0), "oref": old.get("oref", 0),
                               "pre": case.name})
            if cid not in comp.stand_in:
                k = name_key(case.name)
                self.keys.add(k)
                rec = dict(st.get(_N, k) or {})
                rec["dec"] = {**(rec.get("dec") or {}), cid: case.year}
                st.put(_N, k, rec)
        for cid in self.old_decisions - set(comp.cases):  # decisions of strata 1-2 that are no more
            if (old := st.got[_DEC][cid]) and "nodes" in old:
                st.put(_DEC, cid, {**old, "nodes": [], "gone": True})
        of = {n[:-1] if n.endswith("\x00") else n: cid for n, cid in comp.of.items()}
        return comp, of

    def _place(self, keys: list[str], late: bool) -> dict[str, str]:
        """Stratum 3 for these caption keys: the decision of each of their classes by name only, and the
        decisions minted for them (from the ordinary opinions' claims alone unless `late`)."""
        st = self.st
        st.load(_N, keys)
        of: dict[str, str] = {}
        for k in keys:
            rec = dict(st.got[_N][k] or {})
            only, stripped = rec.get("only", []), rec.get("late", []) if late else []
            st.load(_C, [*only, *stripped])
            placed = place_name(k, rec.get("dec") or {},
                                [claim_facts(st.got[_C][c]["claim"], c, st.got[_C][c]["n"]) for c in only],
                                [claim_facts(st.got[_C][c]["claim"], c, st.got[_C][c]["n"]) for c in stripped])
            of.update(placed.of)
            st.load(_DEC, [*placed.cases, *rec.get("minted", ())])
            for cid, case in placed.cases.items():
                now = st.got[_DEC][cid] or {}
                pre = placed.before_late.get(cid)
                st.put(_DEC, cid, {"case": asdict(case), "stand_in": False, "primary": None, "key": k,
                                   "ref": now.get("ref", 0), "oref": now.get("oref", 0),
                                   "pre": pre.name if pre else None})
            for cid in set(rec.get("minted", ())) - set(placed.cases):
                if now := st.got[_DEC][cid]:
                    st.put(_DEC, cid, {**now, "gone": True})
            rec["minted"] = sorted(placed.cases)
            st.put(_N, k, {f: v for f, v in rec.items() if v})
        return of

    def _sign(self, dirty: list[str], class_of: dict[str, str], comp: Components, stripped: bool) -> dict[str, dict]:
        """The new signature of every findings of one kind (ordinary or stripped) whose ids may have changed:
        the changed ones, the members of classes whose decision changed, the texts of decisions decided again
        (and the stripped ones read again), with the decisions they keep in the graph counted."""
        st = self.st
        keys = {k for k in dirty if st.got[_T][k]["text"][3] == stripped} | (self.again if stripped else set())
        for cls, cid in class_of.items():
            rec = st.get(_C, cls)
            if rec and rec["id"] != cid and cls.startswith("L") == stripped:
                keys |= set(st.all(_M + cls))
        for n, cid in comp.of.items():
            if n.endswith("\x00") and (t := st.got[_T][n[:-1]]) and t["text"][3] == stripped:
                sig = t["sig"] or {}
                if sig.get("id") != cid or sig.get("primary") != (comp.primary.get(cid) == n[:-1]):
                    keys.add(n[:-1])
        st.load(_T, keys)
        out: dict[str, dict] = {}
        for k in sorted(keys):
            t = st.got[_T][k]
            st.load(_C, [c for _, c in t["cls"]])
            me = comp.of.get(text_node(k)) or t["sig"]["id"]
            to = sorted([[gid, class_of.get(c) or st.got[_C][c]["id"]] for gid, c in t["cls"]])
            sig: dict[str, Any] = {"id": me, "primary": st.get(_DEC, me)["primary"] == k, "to": to}
            if stripped:
                known, groups = self.reading.get(k) or (t["sig"]["known"], t["sig"]["groups"])
                sig |= {"known": known, "groups": groups}
            out[k] = sig
            if not st.fresh:
                self._count(t["sig"], -1, not stripped)
            self._count(sig, +1, not stripped)
            st.put(_T, k, {**t, "sig": sig})
        for cls, cid in class_of.items():
            if (rec := st.get(_C, cls)) and rec["id"] != cid:
                st.put(_C, cls, {**rec, "id": cid})
        return out

    def _count(self, sig: dict | None, step: int, ordinary: bool) -> None:
        for cid in _refs(sig):
            rec = dict(self.st.get(_DEC, cid))
            rec["ref"] += step
            if ordinary:
                rec["oref"] += step
            self.st.put(_DEC, cid, rec)

    def _known(self) -> tuple[dict[str, str | None], list[tuple[str, str]] | None]:
        """The captions stripped opinions are read against (the decisions an ordinary opinion standing in the
        graph keeps there, by the name ordinary opinions give them): the changes, and the (id, caption) pairs
        that came, went or were renamed (None: the list was not kept before, so every one is read again)."""
        st = self.st
        candidates = sorted(st.changed[_DEC])
        if st.fresh:
            was = self.store.settle_state(KNOWN)
            kept = was.pop("", None) is not None
        else:
            was, kept = self.store.settle_state(KNOWN, candidates), True
        changes: dict[str, str | None] = {}
        for cid in candidates:
            d = st.got[_DEC][cid]
            name = d["pre"] if d and not d.get("gone") and d["oref"] > 0 and not d["stand_in"] else None
            if was.get(cid) != name:
                changes[cid] = name
        if st.fresh:
            changes |= {cid: None for cid in was if cid not in st.got[_DEC]}
        moved = sorted({(cid, n) for cid in changes for n in (was.get(cid), changes[cid]) if n is not None})
        if not kept:
            changes[""] = ""
        self.known_changes = changes
        return changes, (moved if kept else None)

    def _relevant(self, k: str) -> list[tuple[str, str]]:
        """The known captions a stripped opinion's runs can match (reading it against them reads it as against
        every known caption); the index of every caption is built once, and only when one is needed."""
        if k not in self.relevant:
            if not self.index:
                stored = {} if self.st.fresh else self.store.settle_state(KNOWN)
                every = {**stored, **self.known_changes}
                self.index.append(KnownIndex(sorted((c, n) for c, n in every.items() if c and n is not None)))
            if k not in self.runs:
                self.runs[k] = self.st.get(_R, k)
            runs = self.runs[k]
            self.relevant[k] = self.index[0].known if runs is None else self.index[0].relevant(runs)
        return self.relevant[k]

    def _read_stripped(self, dirty: list[str], moved: list[tuple[str, str]] | None) -> None:
        """Read again the stripped opinions whose captions may have changed, and move their claims in the
        indexes: those changed, and those a caption that came, went or was renamed can match."""
        st = self.st
        changed = {k for k in dirty if st.got[_T][k]["text"][3]}
        if moved is None:  # no list of captions was kept: every stripped opinion is looked up
            look = sorted(changed | set(st.all(_S)))
        else:  # a caption can match only the runs it shares a word with
            words = sorted({"", *(w for _, name in moved for w in tokens(name))}) if moved else []
            st.load(_W, words)
            look = sorted(changed.union(*(st.got[_W][w] or () for w in words)))
        st.load(_R, [k for k in look if k not in self.runs])
        self.runs.update((k, st.got[_R][k]) for k in look if k not in self.runs)
        probe = KnownIndex(moved or [])
        look = [k for k in look if k in changed or moved is None or self.runs[k] is None
                or probe.relevant(self.runs[k])]  # (whether a caption matches a run depends on nothing else)
        st.load(_T, look)
        again = []
        for k in look:
            last = st.got[_T][k]["sig"] or {}
            names = sorted({name for _, name in self._relevant(k)})
            h = hashlib.sha1(json.dumps(names).encode()).hexdigest()[:16]
            if k in changed or last.get("known") != h or "groups" not in last:
                again.append(k)
                self.reading[k] = (h, [])
        for k, data in self.store.findings_data(again).items():
            f = self.loaded[k] = stripped_findings(decode(data), self._relevant(k))
            t = dict(st.got[_T][k])
            groups = [_group_claim(g) for g in f.groups]
            self._classes(k, t["cls"], {c: st.get(_C, c)["claim"] for _, c in t["cls"]}, add=False)
            by_name = [(g["id"], _cls(g, True), _claim(g)) for g in groups if not _real(g["cites"])]
            t["cls"] = [[gid, cls] for gid, cls, _ in by_name]
            self._classes(k, t["cls"], {cls: c for _, cls, c in by_name}, add=True)
            st.put(_T, k, t)
            self.reading[k] = (self.reading[k][0], groups)
        self.again = set(again)

    def _prior(self, k: str) -> dict | None:
        """A findings' signature before this settle (a store written before the indexes keeps it only in the
        findings' signature column)."""
        if self.st.fresh:
            sig = self.written.get(k)
            return json.loads(sig) if sig else None
        return (self.st.was[_T].get(k) or {}).get("sig")

    def _write(self, dirty: list[str], signed: dict[str, dict], want: list[str],
               known: dict[str, str | None]) -> dict[str, OpinionGraph]:
        st, store = self.st, self.store
        prior = {k: self._prior(k) for k in signed}
        stored = set(dirty)
        changed = sorted(k for k, sig in signed.items() if k in stored or sig != prior[k])
        st.load(_T, want)
        primary_of = {k: st.get(_DEC, st.got[_T][k]["sig"]["id"])["primary"] for k in want if st.got[_T].get(k)}
        need = sorted({k for k in changed if signed[k]["primary"]} | set(primary_of.values()))
        for k, data in store.findings_data([k for k in need if k not in self.loaded]).items():
            f = decode(data)
            self.loaded[k] = stripped_findings(f, self._relevant(k)) if st.get(_T, k)["text"][3] else f
        graphs: dict[str, OpinionGraph] = {}
        for k in need:
            sig = st.got[_T][k]["sig"]
            st.load(_DEC, _refs(sig))
            of = {(k, k): sig["id"], **{(k, gid): cid for gid, cid in sig["to"]}}
            graphs[k] = graph_of(self.loaded[k], Identities(of, {}, {c: _case(st.got[_DEC][c]["case"])
                                                                     for c in _refs(sig)}))
        drop = sorted({prior[k]["id"] for k in changed if prior[k] and prior[k]["primary"]})
        upsert, gone = [], []
        for cid in sorted(st.changed[_DEC]):
            new, old = st.got[_DEC][cid], st.was[_DEC].get(cid)
            now = bool(new and not new.get("gone") and new["ref"] > 0)
            was = bool(old and not old.get("gone") and old["ref"] > 0)
            if now and (not was or new["case"] != old["case"]):
                upsert.append(_case(new["case"]))
            elif was and not now:
                gone.append(cid)
            if new is not None and new.get("gone") and new["ref"] == 0:
                st.put(_DEC, cid, None)
        if st.fresh:
            present = {cid for cid, d in st.got[_DEC].items() if d and not d.get("gone") and d["ref"] > 0}
            gone = sorted({c.id for c in store.cases()} - present)
            st.put(_V, "", "1")
        state = st.writes()
        if known:
            state[KNOWN] = known
        store.apply_settlement(
            cases=upsert,
            graphs=[graphs[k] for k in changed if signed[k]["primary"]],
            drop_opinions=drop,
            signatures={k: json.dumps(signed[k], sort_keys=True) for k in changed},
            state=state,
            drop_cases=gone,
        )
        return {k: graphs[p] for k, p in primary_of.items()}


def _case(d: dict) -> Case:
    return Case(**{**d, "citations": tuple(d["citations"]), "missing": tuple(d["missing"])})
