"""Rewrites made for speed on large corpora, each compared with the code it replaced (kept here, verbatim in
behaviour, as the reference) on small hand-made tables where a slip would show: ties, negations, regexes,
repeated items, articles without a match."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pandas.testing as pdt

from presslens.analyses import facts as facts_mod
from presslens.analyses import similarity as sim_mod
from presslens.corpus.instruments import Fact
from presslens.folding import fold


# --- facts.match_facts ------------------------------------------------------------------------------------

def _old_has_item(lemmas, item):
    padded = f" {lemmas} "
    return any(f" {fold(alt.strip())} " in padded for alt in item.split("|"))


def _old_pattern_matches(pattern, lemmas):
    return (all(_old_has_item(lemmas, item) for item in pattern.get("all", ()))
            and not any(_old_has_item(lemmas, item) for item in pattern.get("none", ()))
            and (not pattern.get("regex") or re.search(pattern["regex"], lemmas) is not None))


def _old_match_facts(sentences, facts):
    rows = []
    for fact in facts:
        for sent in sentences.itertuples(index=False):
            hit = next((k for k, p in enumerate(fact.patterns, start=1) if _old_pattern_matches(p, sent.lemmas)), None)
            if hit:
                rows.append((fact.id, fact.label, hit, sent.doc_id, sent.sent_id, sent.start_char, sent.end_char,
                             sent.text, sent.lemmas))
    columns = ["fact_id", "fact", "pattern", "doc_id", "sent_id", "start_char", "end_char", "text", "lemmas"]
    return pd.DataFrame(rows, columns=columns)


SENTENCES = pd.DataFrame({
    "doc_id": ["a", "a", "a", "b", "b", "c", "c"],
    "sent_id": [0, 1, 2, 0, 1, 0, 1],
    "start_char": [0, 40, 90, 0, 50, 0, 30],
    "end_char": [39, 89, 120, 49, 99, 29, 80],
    "text": ["t1", "t2", "t3", "t4", "t5", "t6", "t7"],
    "lemmas": ["poutine visiter pyongyang pour le premier fois depuis 24 an",
               "le traite de partenariat strategique etre signer",
               "le traite ne etre pas signer",
               "kim jong-un visiter le cosmodrome vostochny",
               "un quart de siecle apres le dernier visite",
               "le munition livrer a le coree de nord",
               "rien de tel"],
})
FACTS = [
    Fact("visit", "Visit", ({"all": ["visite|visiter|fois"], "regex": r"\b(24|vingt) an\b|quart de siecle"},)),
    Fact("treaty", "Treaty", ({"all": ["traite", "signer"], "none": ["ne|pas"]},
                              {"all": ["partenariat strategique"]}), ("pyongyang-2024",)),
    Fact("negated", "Treaty not signed", ({"all": ["traite"], "none": ["partenariat"]},)),
    Fact("ammo", "Ammunition", ({"regex": "munition"}, {"all": ["Corée de Nord"]})),   # folded like lemmas
    Fact("space", "Space", ({"all": ["cosmodrome", "vostochny|baikonour"]},)),
    Fact("none", "Nothing", ({"all": ["missile"]},)),
]


def test_match_facts_same_as_sentence_by_sentence():
    new, old = facts_mod.match_facts(SENTENCES, FACTS), _old_match_facts(SENTENCES, FACTS)
    assert len(old) == 6   # the table exercises matches, a second pattern, a negation and a fact with none
    pdt.assert_frame_equal(new, old)


def test_match_facts_nothing_matches():
    pdt.assert_frame_equal(facts_mod.match_facts(SENTENCES, FACTS[-1:]), _old_match_facts(SENTENCES, FACTS[-1:]))
    empty = SENTENCES.iloc[:0]
    pdt.assert_frame_equal(facts_mod.match_facts(empty, FACTS), _old_match_facts(empty, FACTS))


# --- similarity.nearest_neighbours -------------------------------------------------------------------------

def _old_nearest_neighbours(similarity):
    rows = []
    for doc in similarity.index:
        others = similarity.loc[doc].drop(doc)
        ranked = sorted(others.items(), key=lambda kv: (-kv[1], kv[0]))
        rows.append((doc, ranked[0][0], ranked[0][1], ranked[1][1] if len(ranked) > 1 else np.nan))
    return pd.DataFrame(rows, columns=["doc_id", "nearest", "similarity", "next"])


def test_nearest_neighbours_same_as_sorting_each_row():
    # Labels out of alphabetical order, ties at the top (broken by doc_id) and below it, a row of zeros.
    docs = ["d", "b", "a", "e", "c"]
    values = np.array([[1.0, 0.5, 0.5, 0.2, 0.1],
                       [0.5, 1.0, 0.3, 0.3, 0.9],
                       [0.5, 0.3, 1.0, 0.0, 0.3],
                       [0.0, 0.0, 0.0, 1.0, 0.0],
                       [0.1, 0.9, 0.3, 0.0, 1.0]])
    similarity = pd.DataFrame(values, index=docs, columns=docs)
    new, old = sim_mod.nearest_neighbours(similarity), _old_nearest_neighbours(similarity)
    assert old["nearest"].tolist() == ["a", "c", "d", "a", "b"]
    pdt.assert_frame_equal(new, old)
    rng = np.random.default_rng(3)
    random = pd.DataFrame(rng.integers(0, 4, size=(12, 12)) / 4, index=[f"x{k:02d}" for k in rng.permutation(12)])
    random.columns = random.index
    pdt.assert_frame_equal(sim_mod.nearest_neighbours(random), _old_nearest_neighbours(random))


def test_nearest_neighbours_two_articles():
    similarity = pd.DataFrame([[1.0, 0.4], [0.4, 1.0]], index=["b", "a"], columns=["b", "a"])
    pdt.assert_frame_equal(sim_mod.nearest_neighbours(similarity), _old_nearest_neighbours(similarity))
