"""A synthetic citation graph with the shape of the real one, for benchmarks at 10k-100k cases.

    python bench/synth.py --measure   re-measure PATTERNS from the real seed opinions
    python bench/synth.py N_CASES N_CITATIONS   time generating that many

The numbers in PATTERNS were measured by `measure` on tests/fixtures/texts
ingested with the real pipeline: how many decisions an opinion cites, the mix
of treatments and mention counts, how many doctrines an edge carries and from
which areas, evidence lengths, how old cited cases are, and the names, reporters
and courts of real cases. The passages are real sentences of those opinions.
A fixed table (not a fresh measurement each run) keeps a benchmark's graph the
same across commits, so its timings compare.

In-degree follows preferential attachment: each citation picks an earlier case
with odds 1 + (citations it already has), mostly within the citing opinion's
area of law, so a few precedents collect most citations as in real case law.
Generation streams one opinion at a time and does O(1) work per citation.
"""

from __future__ import annotations

import bisect
import math
import random
import re
import sys
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if sys.path[0] == str(Path(__file__).resolve().parent):
    sys.path[0] = str(ROOT)  # run as a script: this folder's ingest.py would hide the `ingest` package

from graph.model import Case, Citation, Doctrine, Evidence, OpinionGraph, Passage  # noqa: E402
from graph.store import Store  # noqa: E402
from ingest.analyze import cite_id  # noqa: E402
from ingest.doctrine import load_taxonomy  # noqa: E402

SEED_TEXTS = ROOT / "tests" / "fixtures" / "texts"
PASSAGE_CHARS = 600
NAME_ONLY_SHARE = 0.1  # cited cases known by name alone (measured: 36 of 339 have no reporter citation)
OTHER_KEYS_SHARE = 0.1  # doctrine picks spread over the whole taxonomy, so every doctrine has some edges

# Measured by `python bench/synth.py --measure` on tests/fixtures/texts.
PATTERNS: dict = {'out_degree': [5, 8, 11, 24, 25, 26, 28, 31, 35, 36, 46, 66],
 'treatments': [[['cited'], 270], [['followed'], 60], [['distinguished'], 5], [['distinguished', 'followed'], 4],
                [['criticized', 'distinguished', 'followed'], 1], [['criticized', 'followed'], 1]],
 'mentions': [(1, 210), (2, 49), (3, 26), (4, 17), (5, 9), (6, 4), (7, 4), (8, 3), (9, 3), (10, 3), (11, 2), (12, 1),
              (14, 1), (15, 2), (19, 1), (24, 2), (27, 1), (28, 1), (75, 1), (190, 1)],
 'keys_per_edge': [(0, 38), (1, 205), (2, 52), (3, 28), (4, 18)],
 'own_area_share': 0.7,
 'areas': {'procedure': 124,
           'pj': 122,
           'family': 55,
           'first_amendment': 42,
           'elections': 40,
           'equal_protection': 38,
           'discovery': 12,
           'review': 9,
           'housing': 8,
           'torts': 7,
           'due_process': 6,
           'employment': 5,
           'crimpro': 5,
           'copyright': 5,
           'trademark': 2,
           'immigration': 2,
           'appellate': 2,
           'criminal': 1},
 'keys': {'procedure': {'procedure.standing': 32,
                        'procedure.summary_judgment': 13,
                        'procedure.judicial_estoppel': 12,
                        'procedure.standard_of_review': 11,
                        'procedure.pleading': 10,
                        'procedure.standing.traceability': 7,
                        'procedure.prima_facie_standard': 7,
                        'procedure.eleventh_amendment': 6,
                        'procedure.subject_matter_jurisdiction': 6,
                        'procedure.standing.injury': 5,
                        'procedure.ripeness': 4,
                        'procedure.preclusion': 2,
                        'procedure.preliminary_injunction': 2,
                        'procedure.declaratory_judgment': 2,
                        'procedure.sanctions': 2,
                        'procedure.venue': 1,
                        'procedure.service': 1,
                        'procedure.preservation': 1},
          'pj': {'pj.express_aiming': 19,
                 'pj.arising_out_of': 14,
                 'pj.calder_effects_test': 12,
                 'pj.harm_in_forum': 11,
                 'pj.rule_4k2': 11,
                 'pj.reasonableness': 10,
                 'pj.purposeful_direction': 10,
                 'pj.purposeful_availment': 7,
                 'pj.minimum_contacts': 6,
                 'pj.unilateral_activity': 6,
                 'pj.specific_test': 5,
                 'pj.pendent': 5,
                 'pj.general': 3,
                 'pj.long_arm_statute': 1,
                 'pj.stream_of_commerce': 1,
                 'pj.jurisdictional_discovery': 1},
          'family': {'family.custody_best_interests': 37,
                     'family.child_support': 7,
                     'family.psychological_parent': 6,
                     'family.parentage': 3,
                     'family.relocation': 2},
          'first_amendment': {'first_amendment': 27,
                              'first_amendment.expressive_conduct': 9,
                              'first_amendment.defamation': 5,
                              'first_amendment.overbreadth': 1},
          'elections': {'elections.absentee_voting': 15,
                        'elections.burden_on_voting': 11,
                        'elections.vra': 10,
                        'elections.ballot_secrecy': 4},
          'equal_protection': {'equal_protection.strict_scrutiny': 22,
                               'equal_protection.race_conscious_admissions': 8,
                               'equal_protection.rational_basis': 4,
                               'equal_protection': 4},
          'discovery': {'discovery.early_doe': 8, 'discovery.letters_rogatory': 2, 'discovery.scope': 2},
          'review': {'review.magistrate_order': 9},
          'housing': {'housing.landlord_liability': 8},
          'torts': {'torts.negligence': 7},
          'due_process': {'due_process.procedural': 6},
          'employment': {'employment.unemployment_benefits': 5},
          'crimpro': {'crimpro.identification': 3, 'crimpro.jury_instructions': 1, 'crimpro.double_jeopardy': 1},
          'copyright': {'copyright.infringement': 4, 'copyright.dmca_safe_harbor': 1},
          'trademark': {'trademark.likelihood_of_confusion': 2},
          'immigration': {'immigration.removal': 2},
          'appellate': {'appellate.jurisdiction': 2},
          'criminal': {'criminal.elements': 1}},
 'evidence_per_edge': [(1, 52), (2, 14), (3, 2), (4, 2), (5, 1)],
 'evidence_chars': [7, 32, 58, 79, 90, 119, 143, 156, 171, 185, 203, 222, 226, 233, 237, 250, 265, 274, 283, 296,
                    299],
 'age': [0, 2, 2, 4, 5, 6, 8, 9, 12, 14, 16, 18, 21, 23, 27, 31, 34, 42, 53, 59, 145],
 'opinion_years': [1967, 1980, 2004, 2004, 2013, 2015, 2020, 2022, 2024, 2025, 2025],
 'reporters': {'U.S.': {'n': 75, 'courts': {'U.S.': 75}, 'years': [1908, 209, 2024, 603]},
               'F.3d': {'n': 48,
                        'courts': {'4th Cir.': 19, '9th Cir.': 18, '5th Cir.': 3, '11th Cir.': 2},
                        'years': [1993, 9, 2021, 997]},
               'A.2d': {'n': 34, 'courts': {'App.Div.': 16, 'Ch.Div.': 3}, 'years': [1944, 39, 2009, 968]},
               'S. Ct.': {'n': 29, 'courts': {'U.S.': 28}, 'years': [1945, 66, 2021, 141]},
               'F. Supp. 3d': {'n': 27,
                               'courts': {'E.D. Va.': 1, 'E.D. N.C.': 1, 'W.D. Mich.': 1, 'M.D. Tenn.': 1},
                               'years': [2016, 212, 2022, 590]},
               'L. Ed. 2d': {'n': 26, 'courts': {'U.S.': 25}, 'years': [1962, 7, 2018, 201]},
               'N.J. Super.': {'n': 25,
                               'courts': {'App.Div.': 18,
                                          'Ch.Div.': 5,
                                          'New Jersey Superior Court, Chancery Division': 1},
                               'years': [1949, 5, 2015, 444]},
               'P.2d': {'n': 19,
                        'courts': {'Colorado Supreme Court': 1, 'Washington Supreme Court': 1},
                        'years': [1936, 60, 1980, 612]},
               'S.W.2d': {'n': 18,
                          'courts': {'Mo.App.': 3, 'Tex.': 3, 'Mo.App. W.D.': 2, 'Mo. App.': 1},
                          'years': [1956, 291, 1999, 998]},
               'S.W.3d': {'n': 16,
                          'courts': {'Tex.': 3,
                                     'Mo.App. W.D.': 1,
                                     'Missouri Court of Appeals': 1,
                                     'Texas Courts of Appeals': 1},
                          'years': [2000, 15, 2004, 134]},
               'N.J.': {'n': 15, 'courts': {}, 'years': [1950, 5, 2012, 212]},
               'F.4th': {'n': 8,
                         'courts': {'9th Cir.': 5, '6th Cir.': 2, '4th Cir.': 1},
                         'years': [2021, 1, 2024, 95]},
               'Wash. 2d': {'n': 8, 'courts': {'Washington Supreme Court': 1}, 'years': [1941, 10, 1967, 71]},
               'A.3d': {'n': 8,
                        'courts': {'Ch.Div.': 2, 'App.Div.': 2, 'New Jersey Superior Court, Chancery Division': 1},
                        'years': [2010, 16, 2015, 133]},
               'Colo.': {'n': 7, 'courts': {'Colorado Supreme Court': 1}, 'years': [1971, 176, 1980, 200]},
               'F.2d': {'n': 7,
                        'courts': {'9th Cir.': 2, '3d Cir.': 1, 'CA4': 1, '1st Cir.': 1},
                        'years': [1938, 98, 1988, 854]},
               'F. Supp. 2d': {'n': 5,
                               'courts': {'M.D.N.C.': 1, 'S.D. Fla.': 1, 'D.N.M.': 1, 'N.D. Cal.': 1},
                               'years': [2004, 335, 2012, 897]},
               'Wash.': {'n': 3, 'courts': {}, 'years': [1913, 75, 1936, 187]},
               'Cal. App. 2d': {'n': 2, 'courts': {}, 'years': [1947, 81, 1951, 104]},
               'N.W.2d': {'n': 2, 'courts': {}, 'years': [1943, 7, 1995, 533]},
               'N.C.': {'n': 2, 'courts': {}, 'years': [1945, 225, 1991, 329]},
               'P.': {'n': 2, 'courts': {}, 'years': [1913, 134, 1913, 134]}},
 'firsts': ['AMA Multimedia LLC', 'AMA Multimedia, LLC', 'Adams', 'Adarand Constructors, Inc.', 'Allen',
            'Anadarko Petroleum Corp.', 'Anderson', 'Andover', 'Andrews', 'Ark. United',
            'Asahi Metal Indus. Co., Ltd.', 'Ashcroft', 'Asis Internet Servs.', 'Axiom Foods, Inc.', 'Ayla, LLC',
            'Babbitt', 'Baker', 'Bancroft Masters', 'Barblock', 'Barnes and Noble, Inc.', 'Baures', 'Beck',
            'Bell Atl. Corp.', 'Bell Helicopter Textron', 'Bennett', 'Bodyguard Productions, Inc.', 'Bolling',
            'Boumediene', 'Briskin', 'Broderson', 'Brown', 'Buckley', 'Buckley and Meyer', 'Burdick', 'Burgess',
            'Burri Law PA', 'CAMP Legal Def. Fund, Inc.', 'Calder', 'California', 'Canaday', 'Caplan', 'Carter',
            'Carusi', 'Chen', 'City of Kansas City', 'Clapper', 'Clark', 'Conforti', 'Cooksey', 'Core-Vent Corp.',
            'Correll', 'Crawford', 'Crookston', 'Cutter', 'Cybersell, Inc.', 'D.G.', 'DFSB Kollective Co.',
            'Daimler AG', 'Dallas Sales Co.', 'Daly', 'Daulton', 'Deal', 'Democracy N.C.', 'Dennis Garberg',
            "Dep't of Education", 'Disabilities', 'Ditullio', 'Dixon', 'Doe', 'Dole Food Co., Inc.', 'Doyle', 'Dubin',
            'ESAB Grp., Inc.', 'Estate of Williams-Moore', 'FCC', 'FDA', 'FEC', 'FW/PBS, Inc.', 'Fantony', 'Feldman',
            'Ferry', 'Fisher', 'Fla. State Conf. of NAACP', 'Flam', 'Flannery', 'Fleming', 'Fletcher',
            'Ford Motor Co.', 'Freestream Aircraft (Bermuda) Ltd.', 'Fullilove', 'Fusaro', 'Fusco', 'Gasner', 'Gee',
            'Gilligan', "Goes Int'l, AB", 'Golden', 'Government, Nken', 'Grabarczyk', 'Gratz', 'Griffiths',
            'Grutter and Regents of Univ. of Cal.', 'Guglielmo', 'Gundy', 'Hammontree', 'Hand', 'Harper', 'Harrill',
            'Hartford Fire Ins. Co.', 'Helicopteros Nacionales de Colombia', 'Hill', 'Hines', 'Hoefers', 'Hogarth',
            'Hopwood', 'Housinq Authority of Birmingham', 'Howard', 'Huguley', 'IUE AFL-CIO Pension Fund', 'Intercon',
            'Int’l Shoe Co.', 'Jeanes', 'Johnson', 'K.A.F.', 'Kareem', 'Keeton', 'Kennett Bd. of Pub. Works', 'Kenny',
            'Kidwell', 'Knox', 'Korematsu', 'Kristi Noem', 'Lake', 'Lake Charles Harbor & Terminal Dist.', 'Lance',
            'Laurel Gardens, LLC', 'League of Women Voters of Fla.', 'Lee', 'Libertarian Party of Va.', 'Life, Inc.',
            'Loving', 'Lujan', 'Mackowski', 'Magerstaedt', 'Mallamo', 'Manius', 'Martinetti', 'Mattel',
            'Mavrix Photo, Inc.', 'McBurney', 'McDonnell', 'McGregor', 'McKinley', 'McLaughlin', 'McNutt',
            'Md. Shall Issue, Inc.', 'Melea', 'Menken', 'Meredith', 'Miller', 'Mississippi Univ. for Women',
            'Missouri', 'Missouri Div. of Emp. Sec.', 'Murphy', 'Murthy', 'Natl. Loan Investors, L.P.', 'Norman',
            'OCA-Greater Hous.', 'Omi Holdings', 'O’Connor', 'Parentage Act. D.W.', 'Pebble Beach Co.',
            'Pennhurst State Sch. & Hosp.', 'People', 'Perry', 'Priorities USA', 'Pro Axess', 'Producers Produce Co.',
            'Railroad Co.', 'Reno', 'Reynolds', 'Rice', 'Richmond', 'Rio Props., Inc.', 'S.C. Wildlife Fed.',
            'Santanna Nat. Gas Corp.', 'Scarano', 'Schwarzenegger', 'Simmons', 'Sinatra', 'Sobel', 'Sonnichsen',
            'Spence', 'State', 'Stephenson', 'Stewart', 'Stretch', 'Sw. Elec. Power Co.', 'Sweezy', 'Tancredi',
            'Tenn. State Conf. of NAACP', 'Texas', 'Th Agric. Nutrition', 'The People State Colorado', 'Thomas',
            'Thompson', 'Tinker', 'Tri-State Motor Transit Co.', 'Trump', 'Turney', 'UMG Recordings, Inc.',
            'United States', 'V.C.', 'Voting for Am., Inc.', 'Wagner', 'Walden', 'Walker',
            'Waste Mgmt. Holdings, Inc.', 'Watkins', 'Western Elec. Co.', 'Weston Fam. P’ship LLLP', 'Wilke',
            'Will Co., Ltd.', 'Wunsch-Deffler', 'Wygant', 'Zipp Indus., Inc.'],
 'seconds': ['Acerchem Int’l, Inc.', 'Aero Law. Grp.', 'Alex Musante', 'All. One Receivables Mgmt., Inc.',
             'All. for Hippocratic Med.', 'Alya Skin Pty. Ltd.', "Am. Bar Ass'n",
             'Am. Constitutional L. Found., Inc.', "Amnesty Int'l USA", 'Anthem Cos.',
             "Ariz. Sec'y of State's Office", 'Arthur', 'Augusta', 'Bain', 'Bakke', 'Barblock', 'Barlow Realty Co.',
             'Bartlett', 'Bauman', 'Baylor U.', 'Bd. of Supervisors', 'Bd. of Trustees of Galveston Wharves',
             "Beach Commc'ns, Inc.", 'Beck', 'Bell', 'Bell Atl. Internet Solutions', 'Bessemer City',
             'Board of Directors', 'Board of Education', 'Boehm', 'Bollinger', 'Bourne', 'Boyce',
             'Brand Techs., Inc.', 'Bridges', 'Brnovich', 'Brown', 'Bush', 'C. Ry.', 'Caddy', 'California', 'Camacho',
             'Caplan', 'Carlisle Silver Co.', 'Carr', 'Cayetano', 'Celebrezze', 'Centricut, Inc.', 'Charles',
             'Chicago M. & S.P.R. Co.', 'City of Atlanta', 'City of Dall.', 'Cobb', 'Coffman', 'Cogan',
             'Contl. Airlines', 'Cruz', 'Cuccinelli', 'Culp', 'Cuyahoga Cnty. Bd. of Elections', 'Cybersell, Inc.',
             'D.L.M.', 'Daly', 'Deffler', 'Defs. of Wildlife', 'Des Moines Indep. Cmty. Sch. Dist.',
             'Detroit Timber & Lumber Co.', 'Diamond, Rash, Leslie & Smith', 'Div. of Employment Sec.', 'Dodur Ltd.',
             'Edison Bros. Stores, Inc., Mo. App.', 'Edwards', 'Emm', 'Eric Co.', 'Fantony', 'Fiore', 'Flam',
             'Flores', 'Florida', 'Fred Martin Motor Co.', 'Fusco', 'Futrell', 'Gen. Motors Acceptance Corp.',
             'Gilligan', 'Gilmore', 'Goldstein', 'Grant', 'Greanias', 'Greiner and Hausser', 'Guglielmo', 'Guliadis',
             'Halderman', 'Hall', 'Hamlen', 'Hamon Operating Co.', 'Hand', 'Hardie', 'Hargett', 'Harris',
             "Heliqwest Int'l", 'Heller', 'Henderson', 'Henry Broder ick, Inc.', 'Herrera', 'Herring', 'Herrmann',
             'Hickman', 'Hinkson', 'Hogan', 'Holder', 'Housing Authority', 'Housing Authority of Pittsburgh',
             'Howell', 'Hustler Mag., Inc.', 'Indus. Comm’n', 'Indus. Comm’n Div. of Employment Sec.',
             'Indus. Comm’n of Missouri', "Int'l", 'Iqbal', 'J. A. Croson Co.', 'J. G. G.', 'Jackson Bd. of Ed.',
             'Jawer Sa', 'Jenkins', 'Jeter', 'Johnson', 'Jones', 'Judd', 'K.S.', 'Kepler',
             'Kilmar Armando Abrego Garcia', 'Klutznick', 'Kurbanov', 'LSI Corp.',
             "Labor & Indus. Rel. Comm'n of Missouri", 'Labor & Indus. Rel. Comm’n',
             'Labor & Indus. Rel. Comm’n of Missouri', 'Lake', 'LeBoeuf', 'Lee',
             "Lee Nat'l Republican Senatorial Comm.", 'Lewis', 'Limehouse', 'Llc Ace European Group', 'Lockwood',
             'M.J.B.', 'Mackowski', 'Mallamo', 'Marion Cnty. Election Bd.', 'McKenna', 'Mercer Cnty. Bd. of Educ.',
             'Miller', 'Missouri', 'Mont. Eighth Jud. Dist. Ct.', 'Morris', 'N.C. Bd. of Elections',
             'N.C. State Bd. of Elections', 'Naranjo', 'Naters', 'Nat’l Enquirer, Inc.', 'Nelson', 'Nessel',
             'New Hampshire', 'Nobel Indus. AB', 'Nooney', "O'Brien", 'Optin Glob., Inc.', 'Orlux', 'O’Connor',
             'Paseo Manor South, Inc.', 'People', 'Peña', 'Pryor', 'R.W.', 'Rainier Nat’l Park Co.',
             'Ranger Ins. Co.', 'Reed', 'Reeder', 'Rio Int’l Interlink', 'Robison', 'Rojorlo Roy Naranjo',
             'Royal Ins. of Canada', 'Sammy Naranjo', 'School Bd. of Prince Edward Cty.', 'School Dist.',
             'Schulmerick', 'Seattle', 'Sexton', 'Sharpe', 'Shipman', 'Shopify, Inc.', 'Sims', 'Sinclair Ref. Co.',
             'Skurla', 'Sobel', 'Spear', 'Steen', 'Stein', 'Stevens', 'Super. Ct. of Cal., Solano Cnty.', 'Takushi',
             'Tancredi', 'Taylor', 'Texas', 'Thompson', 'Thurston', 'Twitter, Inc.', 'Twombly',
             "United Farm Workers Nat'l Union", 'United States', 'University of Texas at Austin',
             "Va. Dep't of State Police", 'Va. State Bd. of Elections', 'Valeo', 'Vallejo Housing Authority',
             'Virginia', 'Wanat', 'Washington', 'Washington Water Power Co.', 'Watson', 'Watts',
             'Webgroup Czech Republic, A.S.', 'Wilcox', 'Williams', 'Wilson']}


def doctrines() -> list[Doctrine]:
    """The real taxonomy (data/doctrines.yaml), for `Store.set_doctrines`."""
    return load_taxonomy()


def opinions(n_cases: int, n_citations: int, seed: int = 0) -> Iterator[OpinionGraph]:
    """Opinions, oldest first, that together hold `n_cases` cases and `n_citations` direct citations.

    Both counts are exact whenever the graph has room for them (not, say, 200
    distinct edges among 10 cases). One passage per citation, as long as the
    pipeline's; no reported edges.
    """
    return _Generator(n_cases, n_citations, seed).run()


# -- measuring ---------------------------------------------------------------------------------


def measure(store: Store) -> dict:
    """The PATTERNS table of a store holding real ingested opinions."""
    cases = {c.id: c for c in store.cases()}
    direct = [c for c in store.citations() if c.source == "direct"]
    out_degree = Counter(c.citing for c in direct)
    areas: Counter[str] = Counter()
    keys: dict[str, Counter[str]] = {}
    own_area = []
    by_opinion: dict[str, Counter[str]] = {}
    for c in direct:
        for k in c.doctrines:
            area = k.split(".")[0]
            areas[area] += 1
            keys.setdefault(area, Counter())[k] += 1
            by_opinion.setdefault(c.citing, Counter())[area] += 1
    for counts in by_opinion.values():
        own_area.append(counts.most_common(1)[0][1] / sum(counts.values()))
    ages = [cases[c.citing].year - cases[c.cited].year for c in direct
            if cases[c.citing].year and cases[c.cited].year and cases[c.citing].year >= cases[c.cited].year]
    reporters: dict[str, dict] = {}
    for c in cases.values():
        for cite in c.citations:
            m = re.fullmatch(r"(\d+) ([A-Za-z][\w. ]*?[\w.]) (\d+)", cite)
            if not m or m[2] == "WL":
                continue
            r = reporters.setdefault(m[2], {"n": 0, "courts": Counter(), "points": []})
            r["n"] += 1
            if c.court:
                r["courts"][c.court] += 1
            if c.year:
                r["points"].append((c.year, int(m[1])))
    firsts, seconds = Counter(), Counter()
    for c in cases.values():
        parts = c.name.split(" v. ")
        if len(parts) == 2 and all(_clean_party(p) for p in parts):
            firsts[parts[0]] += 1
            seconds[parts[1]] += 1
    return {
        "out_degree": sorted(out_degree.values()),
        "treatments": [[list(t), n] for t, n in Counter(c.treatments for c in direct).most_common()],
        "mentions": sorted(Counter(c.count for c in direct).items()),
        "keys_per_edge": sorted(Counter(min(len(c.doctrines), 4) for c in direct).items()),
        "own_area_share": round(sum(own_area) / max(len(own_area), 1), 2),
        "areas": {a: n for a, n in areas.most_common()},
        "keys": {a: dict(keys[a].most_common()) for a, _ in areas.most_common()},
        "evidence_per_edge": sorted(Counter(len(c.evidence) for c in direct if c.treatments != ("cited",)).items()),
        "evidence_chars": _quantiles([len(e.text) for c in direct for e in c.evidence]),
        "age": _quantiles(ages),
        "opinion_years": sorted(c.year for c in cases.values() if c.has_text and c.year),
        "reporters": {
            name: {"n": r["n"], "courts": dict(r["courts"].most_common(4)),
                   "years": _span(r["points"])}
            for name, r in sorted(reporters.items(), key=lambda kv: -kv[1]["n"]) if r["points"] and r["n"] > 1
        },
        "firsts": sorted(firsts),
        "seconds": sorted(seconds),
    }


def _clean_party(p: str) -> bool:
    """A party name fit to reuse: short, capitalised, no citation debris."""
    return 3 <= len(p) <= 40 and p[0].isupper() and not re.search(r"\d|––|\xad|- | ,|,$|\bU\.S\b|\bWL\b|^Inc\.$", p)


def _quantiles(values: list[int], n: int = 20) -> list[int]:
    v = sorted(values)
    return [v[min(len(v) - 1, round(i * (len(v) - 1) / n))] for i in range(n + 1)] if v else [0]


def _span(points: list[tuple[int, int]]) -> list[int]:
    """[first year, its volume, last year, its volume] of a reporter's measured citations."""
    lo, hi = min(points), max(points)
    return [lo[0], lo[1], hi[0], hi[1]]


def measure_seeds() -> dict:
    """Ingest the real seed opinions into a temporary store and measure them."""
    import tempfile

    from graph.config import open_store
    from ingest.models import ReadError
    from ingest.pipeline import ingest
    from ingest.read import iter_opinions

    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(tmp)
        for _ in ingest((op for op in iter_opinions([SEED_TEXTS]) if not isinstance(op, ReadError)), store):
            pass
        store.set_doctrines(doctrines())
        table = measure(store)
        store.close()
    return table


# -- generating --------------------------------------------------------------------------------


class _Pick:
    """A weighted choice in O(log n) from precomputed cumulative weights (random.choices redoes them)."""

    def __init__(self, items: list, weights: list[float]) -> None:
        self.items = items
        self.cum: list[float] = []
        total = 0.0
        for w in weights:
            total += w
            self.cum.append(total)

    def __call__(self, rng: random.Random) -> Any:
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.cum[-1])]


def _from_quantiles(q: list[int], rng: random.Random) -> float:
    """A draw from a distribution given by its quantiles (linear between them)."""
    x = rng.random() * (len(q) - 1)
    i = int(x)
    return q[i] + (q[min(i + 1, len(q) - 1)] - q[i]) * (x - i)


@lru_cache(maxsize=1)
def sentences() -> tuple[str, ...]:
    """Real sentences of the seed opinions without citations or case names, for passages and evidence."""
    out = []
    for path in sorted(SEED_TEXTS.glob("*.txt")):
        text = " ".join(path.read_text(encoding="utf-8").split())
        for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", text):
            if 40 <= len(s) <= 400 and not re.search(r"\d|\bv\.|§|[\[\]_*]|\b(?:Id|supra)\b", s):
                out.append(s)
    return tuple(out)


class _Generator:
    """One pass, oldest opinion first; the state is the cases so far and two urns for preferential attachment."""

    def __init__(self, n_cases: int, n_citations: int, seed: int) -> None:
        p = PATTERNS
        self.rng = rng = random.Random(seed)
        logs = [math.log(d) for d in p["out_degree"]]
        mu = sum(logs) / len(logs)
        sigma = math.sqrt(sum((x - mu) ** 2 for x in logs) / len(logs))
        self.n_text = max(1, min(n_cases, round(n_citations / math.exp(mu + sigma * sigma / 2))))
        self.n_new = n_cases - self.n_text  # cases known only as cited: each needs a first citation
        if n_citations < self.n_new or n_cases < 1:
            raise ValueError(f"{n_cases} cases need at least {self.n_new} citations")
        self.degrees = _split(n_citations, [rng.lognormvariate(mu, sigma) for _ in range(self.n_text)], rng)
        self.years = sorted(_opinion_year(p["opinion_years"], rng) for _ in range(self.n_text))
        self.left = n_citations
        self.treatments = _Pick([tuple(t) for t, _ in p["treatments"]], [n for _, n in p["treatments"]])
        self.mentions = _Pick(*zip(*p["mentions"], strict=True))
        self.n_keys = _Pick(*zip(*p["keys_per_edge"], strict=True))
        self.n_evidence = _Pick(*zip(*p["evidence_per_edge"], strict=True))
        self.area = _Pick(list(p["areas"]), list(p["areas"].values()))
        self.area_keys = {a: _Pick(list(k), list(k.values())) for a, k in p["keys"].items()}
        taxonomy = {d.key for d in doctrines()}
        self.any_key = _Pick(sorted(taxonomy), [1.0] * len(taxonomy))
        self.taxonomy = taxonomy
        self.firsts, self.seconds = p["firsts"], p["seconds"]
        self.sentences = sentences()
        self.reporters = {name: r for name, r in p["reporters"].items() if name not in _PARALLEL}
        self.by_year: dict[int, _Pick] = {}
        self.courts: dict[str, _Pick] = {}
        self.used_cites: set[str] = set()
        self.used_ids: set[str] = set()
        # per case index: (id, name, year, citations, court, area)
        self.cases: list[tuple[str, str, int, tuple[str, ...], str | None, str]] = []
        self.urn: list[int] = []  # a case appears once, plus once per citation it has received
        self.area_urn: dict[str, list[int]] = {}

    def run(self) -> Iterator[OpinionGraph]:
        carry = 0
        for i, year in enumerate(self.years):
            self.year = year
            graph, carry = self._opinion(i, year, self.degrees[i] + carry)
            yield graph

    # -- one opinion ---------------------------------------------------------------------------

    def _opinion(self, i: int, year: int, degree: int) -> tuple[OpinionGraph, int]:
        rng = self.rng
        area = self.area(rng)
        me = self._new_case(year, area, name_only=False)
        cited: dict[int, None] = {}
        carry = 0
        for _ in range(degree):
            target = self._target(me, area, cited)
            if target is None:
                carry += 1  # no case left to cite yet: a later opinion cites it instead
                continue
            cited[target] = None
            self.left -= 1
        op_id, name, _, cites, court, _ = self.cases[me]
        opinion = Case(op_id, name, cites, court, year, has_text=True, source_file=f"synth_{i:06d}.txt",
                       date=f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                       docket=f"No. {year % 100:02d}-{rng.randint(1, 9999)}")
        parts = [f"{name}\n{court or ''}\n{year}\n\nOPINION\n\n"]
        at = len(parts[0])
        citations, passages, cases = [], [], []
        for t in cited:
            cid, cname, cyear, ccites, ccourt, carea = self.cases[t]
            cases.append(Case(cid, cname, ccites, ccourt, cyear))
            text, citation, passage = self._edge(op_id, area, at, self.cases[t])
            parts.append(text)
            at += len(text)
            citations.append(citation)
            passages.append(passage)
            self.urn.append(t)
            self.area_urn.setdefault(carea, []).append(t)
        self._enter(me)
        graph = OpinionGraph(opinion, "".join(parts), sorted(cases, key=lambda c: c.id), citations, passages)
        return graph, carry

    def _target(self, me: int, area: str, cited: dict[int, None]) -> int | None:
        """A case to cite: a new one as often as the remaining budget of new cases asks, else an older one."""
        rng = self.rng
        if self.n_new and rng.random() * self.left < self.n_new:
            return self._new_cited(area)
        own = self.area_urn.get(area)
        for _ in range(8):
            urn = own if own and rng.random() < PATTERNS["own_area_share"] else self.urn
            if not urn:
                break
            t = urn[int(rng.random() * len(urn))]
            if t != me and t not in cited:
                return t
        return self._new_cited(area) if self.n_new else None

    def _new_cited(self, area: str) -> int:
        self.n_new -= 1
        age = round(_from_quantiles(PATTERNS["age"], self.rng))
        t = self._new_case(max(1790, self.year - age), area, name_only=self.rng.random() < NAME_ONLY_SHARE)
        self._enter(t)
        return t

    def _enter(self, t: int) -> None:
        self.urn.append(t)
        self.area_urn.setdefault(self.cases[t][5], []).append(t)

    def _edge(self, citing: str, area: str, at: int, cited: tuple) -> tuple[str, Citation, Passage]:
        """The citation and the passage of opinion text (starting at offset `at`) that carries it."""
        rng = self.rng
        cid, name, year, cites, _, _ = cited
        treatments = self.treatments(rng)
        mention = f"{name}, {cites[0]} ({year})." if cites else f"{name} ({year})."
        evidence = []
        n_ev = 0 if treatments == ("cited",) else self.n_evidence(rng)
        cores = [self._sentence(round(_from_quantiles(PATTERNS["evidence_chars"], rng)), mention) for _ in range(n_ev)]
        core = " ".join(cores) or f"See {mention}"
        room = max(0, PASSAGE_CHARS - len(core)) // 2
        before, after = self._filler(room, tail=True), self._filler(room, tail=False)
        text = f"{before} {core} {after}\n\n"
        start = at + len(before) + 1
        for k, ev in enumerate(cores):
            evidence.append(Evidence(ev, treatments[k % len(treatments)], start))
            start += len(ev) + 1
        keys = self._keys(area)
        citation = Citation(citing, cid, treatments=treatments, count=self.mentions(rng), doctrines=keys,
                            evidence=tuple(evidence))
        return text, citation, Passage(citing, cid, at, text.rstrip("\n"), keys)

    def _keys(self, area: str) -> tuple[str, ...]:
        rng = self.rng
        keys = set()
        for _ in range(self.n_keys(rng)):
            if rng.random() < OTHER_KEYS_SHARE:
                keys.add(self.any_key(rng))
            else:
                pick = self.area_keys.get(area) if rng.random() < PATTERNS["own_area_share"] else None
                keys.add((pick or self.area_keys[self.area(rng)])(rng))
        return tuple(sorted(keys & self.taxonomy))

    def _sentence(self, length: int, mention: str) -> str:
        """An evidence sentence about `length` long that ends by citing `mention`."""
        words = self.sentences[int(self.rng.random() * len(self.sentences))]
        room = max(0, length - len(mention) - 1)
        cut = words[:room].rsplit(" ", 1)[0] if len(words) > room else words
        return f"{cut} {mention}" if cut else mention

    def _filler(self, n: int, tail: bool) -> str:
        """About `n` characters of real opinion prose, cut at a word as a passage window would be."""
        if n <= 0:
            return ""
        out, size = [], 0
        while size < n:
            s = self.sentences[int(self.rng.random() * len(self.sentences))]
            out.append(s)
            size += len(s) + 1
        text = " ".join(out)
        return text[-n:].split(" ", 1)[-1] if tail else text[:n].rsplit(" ", 1)[0]

    # -- cases -----------------------------------------------------------------------------------

    def _new_case(self, year: int, area: str, name_only: bool) -> int:
        rng = self.rng
        while True:
            name = f"{self.firsts[int(rng.random() * len(self.firsts))]} v. " \
                   f"{self.seconds[int(rng.random() * len(self.seconds))]}"
            if name_only:
                cid, cites, court = f"n-{_slug(name)}-{year}", (), None
                if cid in self.used_ids:
                    continue
            else:
                cites, court = self._cites(year)
                cid = cite_id(cites[0])
            break
        self.used_ids.add(cid)
        self.cases.append((cid, name, year, cites, court, area))
        return len(self.cases) - 1

    def _cites(self, year: int) -> tuple[tuple[str, ...], str | None]:
        """A reporter citation of the right era (volume by year as measured) and its court; parallels for U.S."""
        rng = self.rng
        name = self._reporter(year)(rng)
        r = self.reporters[name]
        court = self._court(name)(rng) if r["courts"] else None
        cites = [self._cite(name, r["years"], year)]
        if name == "U.S.":
            for parallel in _PARALLEL:
                if parallel in PATTERNS["reporters"] and rng.random() < PATTERNS["reporters"][parallel]["n"] / r["n"]:
                    cites.append(self._cite(parallel, PATTERNS["reporters"][parallel]["years"], year))
        return tuple(cites), court

    def _reporter(self, year: int) -> _Pick:
        """The reporters in use in `year` (as measured, give or take five years), by how often they are cited."""
        if year not in self.by_year:
            fits = [n for n, r in self.reporters.items() if r["years"][0] - 5 <= year <= r["years"][2] + 5]
            fits = fits or [min(self.reporters, key=lambda n: abs(self.reporters[n]["years"][0] - year))]
            self.by_year[year] = _Pick(fits, [self.reporters[n]["n"] for n in fits])
        return self.by_year[year]

    def _court(self, reporter: str) -> _Pick:
        if reporter not in self.courts:
            courts = self.reporters[reporter]["courts"]
            self.courts[reporter] = _Pick(list(courts), list(courts.values()))
        return self.courts[reporter]

    def _cite(self, reporter: str, span: list[int], year: int) -> str:
        y0, v0, y1, v1 = span
        slope = (v1 - v0) / (y1 - y0) if y1 > y0 else 5.0
        base = max(1, round(v0 + slope * (year - y0)))
        while True:
            cite = f"{max(1, base + self.rng.randint(-3, 3))} {reporter} {self.rng.randint(1, 1400)}"
            if cite not in self.used_cites:
                self.used_cites.add(cite)
                return cite


_PARALLEL = ("S. Ct.", "L. Ed. 2d", "L. Ed.")


def _split(total: int, weights: list[float], rng: random.Random) -> list[int]:
    """`total` split into len(weights) parts of at least one, in proportion to `weights`."""
    scale = total / sum(weights)
    parts = [max(1, round(w * scale)) for w in weights]
    diff = total - sum(parts)
    while diff:
        i = int(rng.random() * len(parts))
        if diff > 0:
            parts[i] += 1
            diff -= 1
        elif parts[i] > 1:
            parts[i] -= 1
            diff += 1
    return parts


def _opinion_year(years: list[int], rng: random.Random) -> int:
    """A decision year like the seeds' (mostly recent), spread over the years before each."""
    return max(1900, years[int(rng.random() * len(years))] - int(rng.expovariate(1 / 6)))


def _slug(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")[:60] or "x"


def main(argv: list[str]) -> None:
    if argv[:1] == ["--measure"]:
        import pprint

        print("PATTERNS: dict = " + pprint.pformat(measure_seeds(), width=118, compact=True, sort_dicts=False))
        return
    import time

    n_cases, n_citations = (int(a) for a in argv[:2]) if len(argv) >= 2 else (10_000, 50_000)
    t = time.perf_counter()
    graphs = cases = edges = 0
    for g in opinions(n_cases, n_citations):
        graphs, cases, edges = graphs + 1, cases + len(g.cases), edges + len(g.citations)
    print(f"{graphs} opinions, {edges} citations in {time.perf_counter() - t:.1f}s")


if __name__ == "__main__":
    main(sys.argv[1:])
