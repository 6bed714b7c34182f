"""Rewrites made for speed on large corpora, each compared with the code it replaced (kept here, verbatim in
behaviour, as the reference) on small hand-made tables where a slip would show: ties, negations, regexes,
repeated items, articles without a match."""
from __future__ import annotations

import re
from collections import defaultdict

import numpy as np
import pandas as pd
import pandas.testing as pdt
import pytest

from presslens.analyses import facts as facts_mod
from presslens.analyses import reuse
from presslens.analyses import similarity as sim_mod
from presslens.corpus.instruments import Fact
from presslens.folding import fold

from test_reuse import PASSAGE, tokens_from_texts


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


def _sklearn_tfidf_similarity(content, doc_ids):
    """The code tfidf_similarity replaced: scikit-learn's vectorizer and cosine."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    terms = content.groupby("doc_id", sort=False)["term"].agg(list)
    docs = [terms.get(d, []) for d in doc_ids]
    matrix = TfidfVectorizer(analyzer=lambda t: t, lowercase=False).fit_transform(docs)
    return pd.DataFrame(cosine_similarity(matrix), index=list(doc_ids), columns=list(doc_ids))


def test_tfidf_similarity_same_floats_as_scikit_learn():
    # Terms first met in a later article (stored order differs from column order), capitals and accents that
    # sort apart, repeated terms, an article with no term, articles out of doc_id order, rows of many terms
    # (where summing in another order would change the last bits).
    content = pd.DataFrame({"doc_id": list("bbbbaaaacc") + ["e"] * 3,
                            "term": ["traité", "Kim", "missile", "traité", "zèbre", "Corée", "corée", "missile",
                                     "Kim", "pluie", "été", "Été", "missile"]})
    docs = ["b", "a", "d", "c", "e"]
    new, old = sim_mod.tfidf_similarity(content, docs), _sklearn_tfidf_similarity(content, docs)
    assert (new.to_numpy() == old.to_numpy()).all() and new.index.tolist() == old.index.tolist() == docs
    rng = np.random.default_rng(7)
    words = [f"mot{k}" if k % 3 else f"Mot{k}" for k in range(300)]
    random = pd.DataFrame({"doc_id": [f"x{k:02d}" for k in rng.integers(0, 40, size=4000)],
                           "term": [words[k] for k in (rng.zipf(1.3, size=4000) % 300)]})
    docs = sorted(random["doc_id"].unique(), reverse=True) + ["empty"]
    new, old = sim_mod.tfidf_similarity(random, docs), _sklearn_tfidf_similarity(random, docs)
    assert (new.to_numpy() == old.to_numpy()).all()


# --- reuse: shingle runs and passages ----------------------------------------------------------------------
# The code the array versions replaced: seeds in a dict of lists, runs per diagonal, passages by union-find.

def _merge_intervals(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Union of half-open intervals, as sorted disjoint intervals."""
    merged: list[list[int]] = []
    for s, e in sorted(spans):
        if merged and s < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [(s, e) for s, e in merged]


class _OldUnionFind:
    """Disjoint sets over the integers ``0..size-1``."""

    def __init__(self, size: int):
        self.parent = list(range(size))

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, x: int, y: int) -> None:
        self.parent[max(self.find(x), self.find(y))] = min(self.find(x), self.find(y))


def _old_passages(offsets: tuple[dict, np.ndarray, np.ndarray], alignments: pd.DataFrame) -> pd.DataFrame:
    """:func:`passages` from the words' :func:`_word_offsets`, which a sensitivity analysis computes once."""
    columns = ["passage_id", "doc_id", "w_start", "w_end", "words", "start_char", "end_char", "n_docs", "n_spans"]
    ends = [["doc_a", "w_start_a", "w_end_a"], ["doc_b", "w_start_b", "w_end_b"]]
    both = pd.concat([alignments[c].set_axis(["doc", "s", "e"], axis=1) for c in ends]).drop_duplicates()
    both = both.sort_values(["doc", "s", "e"], kind="stable")
    nodes = list(zip(both["doc"].tolist(), both["s"].tolist(), both["e"].tolist()))
    if not nodes:
        return pd.DataFrame(columns=columns)
    index = {node: k for k, node in enumerate(nodes)}
    sets = _OldUnionFind(len(nodes))
    for a, b in zip(zip(*(alignments[c].tolist() for c in ends[0])), zip(*(alignments[c].tolist() for c in ends[1]))):
        sets.union(index[a], index[b])
    reach = -1
    for k, (doc, s, e) in enumerate(nodes):   # sorted by article then start: an overlap chains to the previous
        if k and nodes[k - 1][0] == doc and s < reach:
            sets.union(k - 1, k)
        reach = max(reach, e) if k and nodes[k - 1][0] == doc else e
    groups: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for k, (doc, s, e) in enumerate(nodes):
        groups[sets.find(k)][doc].append((s, e))
    base, starts, stops = offsets
    rows = []
    # Union-find roots are the smallest node, so sorting roots orders passages by first appearance.
    for number, root in enumerate(sorted(groups), start=1):
        group = groups[root]
        spans = [(doc, s, e) for doc in sorted(group) for s, e in _merge_intervals(group[doc])]
        for doc, s, e in spans:
            rows.append((f"P{number:02d}", doc, s, e, e - s, int(starts[base[doc] + s]),
                         int(stops[base[doc] + e - 1]), len(group), len(spans)))
    return pd.DataFrame(rows, columns=columns)




MAX_DF = 100

def _old_seeds(words: pd.DataFrame, n: int, max_df: int = MAX_DF) -> dict[tuple[str, str, int], list[int]]:
    """Shingle matches as ``{(doc_a, doc_b, offset): [start positions in doc_a]}``, with ``(doc_a, pos_a)``
    before ``(doc_b, pos_b)`` so each pair of occurrences is seen once (an article against itself too).
    Shingles occurring in more than ``max_df`` articles are left out (see the module docstring)."""
    where = defaultdict(list)
    for doc, group in words.groupby("doc_id", sort=True):
        norms = group["norm"].tolist()
        for p in range(len(norms) - n + 1):
            where[tuple(norms[p:p + n])].append((doc, p))
    seeds = defaultdict(list)
    for places in where.values():
        if len({doc for doc, _ in places}) > max_df:
            continue
        for k, (doc_a, pa) in enumerate(places):
            for doc_b, pb in places[k + 1:]:
                seeds[(doc_a, doc_b, pb - pa)].append(pa)
    return seeds


def _old_runs(starts: list[int], n: int, max_gap: int) -> list[tuple[int, int]]:
    """Merge the shingle starts of one diagonal into word spans ``[start, end)``: consecutive starts make an
    exact run, and a run continues over at most ``max_gap`` unmatched words (a substituted word)."""
    spans: list[list[int]] = []
    for p in sorted(starts):
        # Words spans[-1][1] .. p-1 are the unmatched ones between the current run and this seed.
        if spans and p - spans[-1][1] <= max_gap:
            spans[-1][1] = max(spans[-1][1], p + n)
        else:
            spans.append([p, p + n])
    return [(s, e) for s, e in spans]


def _old_all_runs(seeds: dict[tuple[str, str, int], list[int]], n: int, max_gap: int) -> pd.DataFrame:
    """Every alignment :func:`align` would return with ``min_words`` = ``n``, sorted as it sorts them. Neither
    the seeds nor the runs depend on ``min_words``: a sensitivity analysis finds them once for every threshold."""
    rows = []
    for (doc_a, doc_b, offset), starts in seeds.items():
        for s, e in _old_runs(starts, n, max_gap):
            if doc_a == doc_b and s + offset < e:
                continue
            rows.append((doc_a, s, e, doc_b, s + offset, e + offset, e - s))
    columns = ["doc_a", "w_start_a", "w_end_a", "doc_b", "w_start_b", "w_end_b", "words"]
    return (pd.DataFrame(rows, columns=columns)
            .sort_values(columns, kind="stable").reset_index(drop=True))




REUSE_TEXTS = {
    # b copies a's passage; c copies it with one word substituted and one inserted (a new diagonal); a repeats
    # a phrase inside itself; d is a periodic text (a diagonal that overlaps itself); e shares nothing.
    "a": f"Ouverture. {PASSAGE}. Puis le ministre a parlé longuement de la coopération spatiale et militaire. "
         "Le ministre a parlé longuement de la coopération spatiale et militaire.",
    "c": f"Autre début. {PASSAGE.replace('massivement', 'largement').replace('armée russe', 'armée russe déjà')}.",
    "b": f"{PASSAGE} et le reste. Le ministre a parlé longuement de la coopération.",
    "d": "un deux trois un deux trois un deux trois un deux trois un deux trois un deux trois fin",
    "e": "Rien à voir ici, vraiment rien du tout.",
}


@pytest.mark.parametrize("n, max_gap, max_df", [(5, 2, 100), (5, 1, 100), (3, 0, 100), (4, 1, 2), (2, 3, 1)])
def test_diagonal_runs_same_as_seed_dict(n, max_gap, max_df):
    found = reuse.words(tokens_from_texts(REUSE_TEXTS))
    old = _old_all_runs(_old_seeds(found, n, max_df), n, max_gap)
    new = reuse._diagonal_runs(found, n, max_gap, max_df)
    if (n, max_df) == (5, 100):
        assert len(old) > 5 and (old["doc_a"] == old["doc_b"]).any()
    pdt.assert_frame_equal(new, old)


@pytest.mark.parametrize("min_words", [3, 5, 8, 12, 40])
def test_passages_same_as_union_find(min_words):
    found = reuse.words(tokens_from_texts(REUSE_TEXTS))
    offsets = reuse._word_offsets(found)
    runs = _old_all_runs(_old_seeds(found, 3, 100), 3, 2)
    alignments = runs[runs["words"] >= min_words].reset_index(drop=True)
    old, new = _old_passages(offsets, alignments), reuse._passages(offsets, alignments)
    if min_words == 3:
        assert old["n_docs"].max() >= 3 and (old["n_docs"] == 1).any()   # a passage in 3 articles, a repeat
    if len(old):
        pdt.assert_frame_equal(new, old)
    else:
        assert new.empty and list(new.columns) == list(old.columns)


def test_covered_same_with_unknown_articles():
    tokens = tokens_from_texts(REUSE_TEXTS)
    spans = pd.DataFrame({"doc_id": ["c", "a", "a", "zz"], "start_char": [3, 0, 50, 0], "end_char": [40, 20, 60, 9]})
    got = reuse.covered(tokens, spans)
    expected = [any(d == sd and s0 <= st < e0 for sd, s0, e0 in spans.itertuples(index=False))
                for d, st in zip(tokens["doc_id"], tokens["start_char"])]
    assert got.tolist() == expected and any(expected)


def _old_words(tokens):
    from presslens.folding import fold

    out = tokens[~tokens["is_punct"]].sort_values(["doc_id", "start_char"], kind="stable").copy()
    parts = {text: [part for part in fold(text).split("-") if part] for text in out["text"].unique()}
    out["norm"] = out["text"].map(parts)
    out = out.explode("norm").dropna(subset=["norm"])
    out["w"] = out.groupby("doc_id").cumcount()
    return out.reset_index(drop=True)


def test_words_same_as_exploding_lists():
    # Hyphenated names, words of a hyphen only (no part: dropped), an apostrophe, articles out of order.
    texts = dict(REUSE_TEXTS, f="Kim Jong-un -- a-t-il dit, « l’ouverture » Jong-Un", g="- - -")
    tokens = tokens_from_texts(texts)
    tokens.loc[tokens["doc_id"] == "g", "is_punct"] = False
    tokens = tokens.sample(frac=1, random_state=2)
    old = _old_words(tokens)
    assert (old["norm"] == "jong").sum() == 2 and "g" not in set(old["doc_id"])
    pdt.assert_frame_equal(reuse.words(tokens), old, check_exact=True)


def _old_covered(frame, spans):
    if not len(spans):
        return pd.Series(False, index=frame.index)
    docs = pd.Index(pd.unique(spans["doc_id"]))
    width = int(max(frame["start_char"].max(), spans["end_char"].max())) + 1
    shift = docs.get_indexer(spans["doc_id"]).astype(np.int64) * width
    merged = _merge_intervals(list(zip(shift + spans["start_char"].to_numpy(np.int64),
                                       shift + spans["end_char"].to_numpy(np.int64))))
    starts, stops = np.array([s for s, _ in merged]), np.array([e for _, e in merged])
    codes, uniques = pd.factorize(frame["doc_id"])
    row_doc = np.where(codes >= 0, docs.get_indexer(uniques).astype(np.int64)[codes], -1)
    pos = row_doc * width + frame["start_char"].to_numpy(np.int64)
    k = np.searchsorted(starts, pos, side="right") - 1
    return pd.Series((row_doc >= 0) & (k >= 0) & (pos < stops[np.clip(k, 0, None)]), index=frame.index)


def test_covered_same_as_merging_intervals_in_a_list():
    tokens = tokens_from_texts(REUSE_TEXTS)
    rng = np.random.default_rng(4)
    for _ in range(20):   # nested, overlapping, touching and repeated spans, and articles without tokens
        start = rng.integers(0, 200, size=12)
        spans = pd.DataFrame({"doc_id": rng.choice(["a", "b", "c", "zz"], size=12), "start_char": start,
                              "end_char": start + rng.integers(1, 60, size=12)})
        pdt.assert_series_equal(reuse.covered(tokens, spans), _old_covered(tokens, spans))
    pdt.assert_series_equal(reuse.covered(tokens, spans.iloc[:0]), _old_covered(tokens, spans.iloc[:0]))


def _old_sensitivity(tokens, thresholds, n=5, max_gap=2, max_df=100):
    found = reuse.words(tokens)
    runs = reuse._diagonal_runs(found, n, max_gap, max_df)
    offsets = reuse._word_offsets(found)
    is_word = ~tokens["is_punct"]
    rows = []
    for min_words in thresholds:
        alignments = runs[runs["words"] >= min_words].reset_index(drop=True)
        spans = reuse._passages(offsets, alignments)
        shared = _old_covered(tokens, reuse.shared_spans(spans))
        repeated = _old_covered(tokens, reuse.repeated_spans(spans))
        rows.append((min_words, len(alignments), spans["passage_id"].nunique(),
                     reuse.shared_spans(spans)["doc_id"].nunique(), int((shared & is_word).sum()),
                     int((repeated & is_word).sum())))
    return pd.DataFrame(rows, columns=["min_words", "alignments", "passages", "articles", "shared_words",
                                       "repeated_words"])


def test_sensitivity_same_as_looking_up_the_tokens_per_threshold():
    tokens = tokens_from_texts(REUSE_TEXTS)
    old = _old_sensitivity(tokens, [3, 4, 6, 12, 40], n=3)
    assert old["shared_words"].iloc[0] > 0 and old["repeated_words"].iloc[0] > 0
    pdt.assert_frame_equal(reuse.sensitivity(tokens, [3, 4, 6, 12, 40], n=3), old, check_exact=True)


# --- text.sentence_texts -----------------------------------------------------------------------------------

def _old_join_tokens(tokens):
    parts, previous_end = [], None
    for text, start, end in zip(tokens["text"], tokens["start_char"], tokens["end_char"]):
        if previous_end is not None and start > previous_end:
            parts.append(" ")
        parts.append(text)
        previous_end = end
    return "".join(parts)


def _old_sentence_texts(tokens):
    ordered = tokens.sort_values(["doc_id", "sent_id", "start_char"], kind="stable")
    columns = {c: ordered[c].to_numpy() for c in ordered.columns}
    doc, sent = columns["doc_id"], columns["sent_id"]
    first = np.flatnonzero(np.r_[True, (doc[1:] != doc[:-1]) | (sent[1:] != sent[:-1])]) if len(doc) else []
    for a, b in zip(first, [*first[1:], len(doc)]):
        rows = {c: values[a:b] for c, values in columns.items()}
        gaps = (rows["start_char"][1:] > rows["end_char"][:-1]).astype(int)
        lengths = np.fromiter(map(len, rows["text"]), dtype=int, count=b - a)
        rows["text_pos"] = np.concatenate([[0], np.cumsum(lengths[:-1] + gaps)])
        yield doc[a], sent[a], _old_join_tokens(rows), rows


def test_sentence_texts_same_as_joining_each_sentence():
    from presslens.analyses.text import sentence_texts

    tokens = tokens_from_texts({"b": "Kim  Jong-un, « ici » ! Puis: l'armée.Fin", "a": "Un mot. Deux  mots ?",
                                "c": "Seul"})
    tokens = tokens.sample(frac=1, random_state=2)            # rows out of order: the function sorts them
    old, new = list(_old_sentence_texts(tokens)), list(sentence_texts(tokens))
    assert [o[2] for o in old][:2] == ["Un mot.", "Deux  mots ?".replace("  ", " ")]
    assert len(new) == len(old) == 6
    for (d1, s1, t1, r1), (d2, s2, t2, r2) in zip(new, old):
        assert (d1, s1, t1) == (d2, s2, t2) and r1.keys() == r2.keys()
        for column in r1:
            assert np.array_equal(r1[column], r2[column]) and r1[column].dtype == r2[column].dtype, column
    assert list(sentence_texts(tokens.iloc[:0])) == []


# --- naming.naming_matches ---------------------------------------------------------------------------------

def _old_naming_matches(tokens, referents, context=45):
    from presslens.analyses.naming import _resolve_overlaps
    from presslens.analyses.text import sentence_texts

    rows = []
    for doc, sent, text, toks in sentence_texts(tokens):
        folded = fold(text)
        pos, starts, ends, quoted = (toks[c] for c in ("text_pos", "start_char", "end_char", "in_quote"))
        for ref in referents:
            found = [(m.start(), m.end(), label, ref.id) for label, patterns in ref.labels.items()
                     for pattern in patterns for m in pattern.finditer(folded)]
            for s, e, label, ref_id in _resolve_overlaps(found):
                first = int(np.searchsorted(pos, s, side="right") - 1)
                last = int(np.searchsorted(pos, e - 1, side="right") - 1)
                rows.append((doc, sent, ref_id, label, text[s:e], int(starts[first]), int(ends[last]),
                             bool(quoted[first] or quoted[min(first + 1, last)]),
                             text[max(0, s - context):s], text[e:e + context]))
    columns = ["doc_id", "sent_id", "referent", "label", "match", "start_char", "end_char", "quoted", "left", "right"]
    return pd.DataFrame(rows, columns=columns).sort_values(["referent", "doc_id", "start_char"], kind="stable") \
        .reset_index(drop=True)


def test_required_text():
    from presslens.analyses.naming import required_text

    assert required_text(re.compile(r"\bguerres?\b(?! de coree)")) == "guerre"
    assert required_text(re.compile(r"(?<!accord de )\bpartenariat\b")) == "partenariat"
    assert required_text(re.compile(r"\bpays (reclus|isole)\b")) == "pays "
    assert required_text(re.compile(r"[rR]egime")) == "egime"
    for no_text in [r"a|b", r"(?i)regime", r"(?i:regime)", r"(regime)", r"x*"]:
        assert required_text(re.compile(no_text)) == "", no_text


def test_naming_matches_same_as_every_regex_on_every_sentence():
    from presslens.analyses.naming import naming_matches
    from presslens.corpus.instruments import Referent

    tokens = tokens_from_texts({
        "b": "Le régime de Pyongyang et la Corée du Nord. La guerre de Corée est finie ; la guerre continue.",
        "a": "Le « dirigeant nord-coréen » Kim, le dictateur. Un accord de partenariat, un partenariat. Rien.",
        "c": "Les régimes passent. REGIME en capitales. Pays reclus, pays isolé.",
    }).assign(lemma=lambda t: t["text"].str.lower())
    c = re.compile
    referents = [
        Referent("nk", "North Korea", {"Corée du Nord": [c(r"\bcoree du nord\b")], "Pyongyang": [c(r"\bpyongyang\b")],
                                       "régime": [c(r"\bregimes?\b"), c(r"(?i)\bregime\b")],
                                       "périphrase": [c(r"\bpays (reclus|isole)\b")]}),
        Referent("war", "War", {"guerre": [c(r"\bguerres?\b(?! de coree)")], "guerre de Corée": [c(r"guerre de coree")]}),
        Referent("kim", "Kim", {"dirigeant": [c(r"\bdirigeant (nord-coreen|kim)\b")], "dictateur": [c(r"dictateur")],
                                "any": [c(r"kim|xyz")]}),
        Referent("deal", "Deal", {"partenariat": [c(r"(?<!accord de )\bpartenariat\b")], "accord": [c(r"\baccords?\b")]}),
    ]
    new, old = naming_matches(tokens, referents), _old_naming_matches(tokens, referents)
    assert len(old) >= 10 and set(old["referent"]) == {"nk", "war", "kim", "deal"}
    pdt.assert_frame_equal(new, old)


def test_containing_finds_the_sentences_a_test_per_sentence_finds():
    from presslens.analyses.naming import _containing

    texts = ["la coree du nord", "", "rien", "coree coree", "nord", "du nord", "coree"]
    joined = "\0".join(texts)
    bounds = np.cumsum([0] + [len(t) + 1 for t in texts])
    for needle in ["coree", "nord", "du n", "e", "coree du nord", "absent", ""]:
        assert _containing(joined, bounds, needle) == [k for k, t in enumerate(texts) if needle in t], needle


# --- stats.bootstrap_shares and group_shares -----------------------------------------------------------------

def _old_bootstrap_share(numerators, denominators, n_boot=1000, seed=0, level=0.95):
    num, den = np.asarray(numerators, dtype=float), np.asarray(denominators, dtype=float)
    if den.sum() == 0:
        return (np.nan, np.nan, np.nan)
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, len(den), size=(n_boot, len(den)))
    with np.errstate(invalid="ignore", divide="ignore"):
        boot = num[draws].sum(axis=1) / den[draws].sum(axis=1)
    boot = boot[np.isfinite(boot)]
    tail = (1 - level) / 2
    return (num.sum() / den.sum(), float(np.quantile(boot, tail)), float(np.quantile(boot, 1 - tail)))


def test_bootstrap_shares_are_each_column_alone():
    from presslens.analyses.stats import bootstrap_share, bootstrap_shares

    rng = np.random.default_rng(3)
    den = rng.integers(0, 6, size=40)
    num = np.column_stack([rng.binomial(den, p) for p in (0.1, 0.5, 0.9)] + [np.zeros(40, dtype=int), den])
    shares = bootstrap_shares(num, den, n_boot=500, seed=4)
    for j in range(num.shape[1]):
        assert shares[j] == _old_bootstrap_share(num[:, j], den, n_boot=500, seed=4)
        assert bootstrap_share(num[:, j], den, n_boot=500, seed=4) == shares[j]
    assert bootstrap_shares(num, np.zeros(40), seed=4) == [(np.nan, np.nan, np.nan)] * 5   # np.nan is one object: the tuples compare equal


def test_group_shares_of_several_hits_are_each_hit_alone():
    from presslens.analyses.stats import group_shares, unit_counts

    rng = np.random.default_rng(5)
    rows = pd.DataFrame({"outlet": rng.choice(["A", "B", "C"], 300), "doc_id": rng.choice(list("pqrstu"), 300),
                         "sent_id": rng.integers(0, 8, 300), "label": rng.choice(["x", "y", "z"], 300)})
    hits = {f"_hit{k}": rows["label"] == label for k, label in enumerate("xyz")}
    per_unit = unit_counts(rows, hits, ["outlet"], ("doc_id", "sent_id"))
    together = group_shares(per_unit, list(hits), ["outlet"], n_boot=300, seed=2)
    for name in hits:
        sizes, counts = per_unit["_rows"].to_numpy(), per_unit[name].to_numpy()
        alone = [(key, int(sizes[mask].sum()), int(counts[mask].sum()),
                  *_old_bootstrap_share(counts[mask], sizes[mask], n_boot=300, seed=2))
                 for key in sorted(per_unit["outlet"].unique()) for mask in [per_unit["outlet"].eq(key).to_numpy()]]
        assert together[name] == alone, name


# --- vocabulary._merge_spans -------------------------------------------------------------------------------

def _old_merge_spans(toks, spans):
    ents = (spans[["doc_id", "start_char", "end_char", "text", "canonical"]]
            .rename(columns={"start_char": "ent_start", "end_char": "ent_end", "text": "ent_text"})
            .sort_values("ent_start", kind="stable"))
    keys = toks[["doc_id", "start_char"]].reset_index().sort_values("start_char", kind="stable")
    located = pd.merge_asof(keys, ents, left_on="start_char", right_on="ent_start", by="doc_id",
                            direction="backward")
    located = located.set_index("index").sort_index()
    inside = located["ent_end"].notna() & (toks["end_char"] <= located["ent_end"])
    span_key = located["doc_id"] + ":" + located["ent_start"].astype("Int64").astype(str)
    first = inside & ~span_key.where(inside).duplicated()
    toks = toks.copy()
    toks.loc[first, "term"] = located.loc[first, "canonical"]
    toks.loc[first, "text"] = located.loc[first, "ent_text"]
    toks.loc[first, "end_char"] = located.loc[first, "ent_end"].astype(int)
    toks.loc[first, "pos"] = "PROPN"
    toks.loc[first, ["is_word", "is_content"]] = True
    toks.loc[first, ["is_stop", "like_num"]] = False
    return toks[~inside | first].reset_index(drop=True)


def test_merge_spans_same_as_merging_every_column():
    from presslens.analyses.vocabulary import _merge_spans

    words = {"a": "La Corée du Nord et Kim Jong-un à Moscou", "b": "Vladimir Poutine reçoit Kim", "c": "Rien ici"}
    rows = []
    for doc, text in words.items():
        at = 0
        for i, word in enumerate(text.split()):
            at = text.index(word, at)
            rows.append((doc, i, word, word.lower(), "PROPN" if word[0].isupper() else "NOUN", False, False,
                         False, at, at + len(word), True, True))
            at += len(word)
    toks = pd.DataFrame(rows, columns=["doc_id", "i", "text", "term", "pos", "is_stop", "is_punct", "like_num",
                                       "start_char", "end_char", "is_word", "is_content"])
    spans = pd.DataFrame([("a", 3, 16, "Corée du Nord", "Corée du Nord"), ("a", 20, 31, "Kim Jong-un", "Kim Jong-un"),
                          ("a", 20, 23, "Kim", "Kim Jong-un"),        # same start as the span before: one row wins
                          ("a", 34, 40, "Moscou", "Moscou"), ("b", 0, 16, "Vladimir Poutine", "Vladimir Poutine"),
                          ("b", 24, 27, "Kim", "Kim Jong-un"), ("c", 2, 4, "ie", "nothing")],   # inside a token
                         columns=["doc_id", "start_char", "end_char", "text", "canonical"])
    spans = spans.sample(frac=1, random_state=1)   # entities in any order
    new, old = _merge_spans(toks, spans), _old_merge_spans(toks, spans)
    assert len(new) < len(toks) and "Vladimir Poutine" in set(new["term"])
    pdt.assert_frame_equal(new, old)
    pdt.assert_frame_equal(_merge_spans(toks, spans.iloc[:0]), _old_merge_spans(toks, spans.iloc[:0]))


# --- vocabulary.term_tokens and merged_names -----------------------------------------------------------------

def _old_term_tokens(tables, include_captions=False, merge_names=False):
    from presslens.analyses.vocabulary import CONTENT_POS, ELIDED, NAME_LABELS, NAME_SOURCES

    toks = tables.select("tokens", include_captions=include_captions)
    toks = toks.sort_values(["doc_id", "i"], kind="stable").reset_index(drop=True)
    lemma = toks["lemma"].str.replace("’", "'", regex=False)
    codes, distinct = pd.factorize(lemma, use_na_sentinel=False)
    distinct = pd.Series(distinct)
    wordlike = (~distinct.str.lower().isin(ELIDED) & (distinct.str.count(r"[^\W\d_]") >= 2)).to_numpy()[codes]
    toks["is_word"] = ~toks["is_punct"] & (toks["pos"] != "SPACE")
    toks["is_content"] = (toks["pos"].isin(CONTENT_POS) & ~toks["is_stop"] & ~toks["is_punct"] & ~toks["like_num"]
                          & wordlike)
    toks["term"] = np.where(toks["pos"] == "PROPN", lemma, lemma.str.lower())
    if merge_names:
        entities = tables.select("entities", include_captions=include_captions)
        keep = entities["label"].isin(NAME_LABELS) & entities["source"].isin(NAME_SOURCES)
        toks = _old_merge_spans(toks, entities[keep])
    by_doc = toks.groupby("doc_id", sort=False)
    toks["position"] = by_doc.cumcount() / by_doc["i"].transform("size")
    meta = tables.articles[["doc_id", "outlet", "event", "phase"]].assign(year=tables.articles["published"].dt.year)
    return toks.merge(meta, on="doc_id", how="left")


def test_term_tokens_and_merged_names_same_as_building_each_table(fixture_tables):
    from presslens.analyses.vocabulary import merged_names, term_tokens

    _, tables = fixture_tables
    for captions in (False, True):
        plain = term_tokens(tables, include_captions=captions)
        pdt.assert_frame_equal(plain, _old_term_tokens(tables, captions), check_exact=True)
        merged = _old_term_tokens(tables, captions, merge_names=True)
        assert len(merged) < len(plain)
        pdt.assert_frame_equal(term_tokens(tables, include_captions=captions, merge_names=True), merged,
                               check_exact=True)
        pdt.assert_frame_equal(merged_names(tables, plain, include_captions=captions), merged, check_exact=True)


# --- keyness.keyness_by ------------------------------------------------------------------------------------

def _old_keyness_by(tokens, by, **options):
    from presslens.analyses.keyness import keyness

    parts = []
    for group in sorted(tokens[by].unique()):
        target = tokens[by] == group
        result = keyness(tokens, target, **options)
        parts.append(result.assign(group=group, articles=tokens.loc[target, "doc_id"].nunique()))
    stacked = pd.concat(parts, ignore_index=True)
    return stacked[["group", "articles"] + [c for c in stacked.columns if c not in ("group", "articles")]]


def test_keyness_by_same_as_keyness_per_group():
    from presslens.analyses.keyness import keyness_by

    # A group varying inside an article (an article's term in two groups), missing terms, a group of one
    # article, a term of one article only, terms repeated within articles, articles out of order.
    rng = np.random.default_rng(5)
    n = 3000
    words = np.array([f"mot{k}" for k in range(60)] + ["Corée", "corée", "été"], dtype=object)
    terms = words[rng.zipf(1.4, size=n) % len(words)]
    terms[rng.random(n) < 0.02] = None
    docs = np.array([f"d{k:02d}" for k in rng.integers(0, 25, size=n)], dtype=object)
    tokens = pd.DataFrame({"doc_id": docs, "term": pd.array(terms, dtype="str"),
                           "outlet": pd.Series(docs).map(lambda d: "solo" if d == "d07" else f"o{int(d[1:]) % 4}"),
                           "phase": rng.choice(["avant", "pendant", "après"], size=n)})
    for by, options in (("outlet", {}), ("outlet", dict(min_freq=1, min_range=1)), ("phase", dict(min_range=3)),
                        ("doc_id", dict(min_freq=2, alpha=0.5))):
        new, old = keyness_by(tokens, by, **options), _old_keyness_by(tokens, by, **options)
        assert len(old) > 20
        pdt.assert_frame_equal(new, old, check_exact=True)


# --- validation.statements ---------------------------------------------------------------------------------

def _old_statements(quotes):
    """The code statements replaced: one pandas group per span."""
    from presslens.analyses.validation import NO_SPEAKER
    from presslens.corpus.gazetteer import normalise_name

    keys = ["doc_id", "start_char", "end_char"]
    rows = []
    for (doc, start, end), part in quotes.sort_values(keys, kind="stable").groupby(keys, sort=False):
        names = frozenset(normalise_name(n) for s in part["speaker"] for n in str(s).split(" ; ")
                          if normalise_name(n) not in NO_SPEAKER)
        tags = frozenset(t.strip() for p in part.get("patterns", pd.Series(dtype=str)) for t in str(p).split(";")
                         if t.strip())
        rows.append((doc, int(start), int(end), part["text"].iloc[0], part["kind"].iloc[0], names,
                     " ; ".join(sorted(names)), tags))
    return pd.DataFrame(rows, columns=keys + ["text", "kind", "speakers", "speaker", "patterns"])


def test_statements_same_as_grouping_each_span():
    from presslens.analyses.validation import statements

    # A joint statement over two rows and as « A ; B », unknown and missing speakers, spans out of order,
    # the same span in two articles, two kinds on one span (the first row's is kept), patterns with blanks.
    gold = pd.DataFrame({"doc_id": ["b", "a", "a", "a", "b", "a", "c"],
                         "start_char": [10, 40, 5, 5, 10, 60, 10], "end_char": [20, 50, 9, 9, 20, 70, 20],
                         "text": ["« x »", "« y »", "« z »", "« z »", "« x »", "« w »", "« v »"],
                         "kind": ["direct", "partial", "direct", "indirect", "direct", "term", "selon"],
                         "speaker": ["Vladimir Poutine", "unknown", "Kim Jong-un ; Vladimir  Poutine", "Séoul",
                                     "Kim Jong-un", None, "none"],
                         "patterns": ["verb; joint", "colon", "joint;", None, "incise", "term", ""]})
    for table in (gold, gold.drop(columns="patterns"), gold.iloc[:0]):
        pdt.assert_frame_equal(statements(table), _old_statements(table), check_dtype=len(table) > 0)


def test_sentence_texts_hands_back_only_the_columns_asked_for():
    from presslens.analyses.text import sentence_texts
    tokens = pd.DataFrame({"doc_id": ["a", "a", "a"], "sent_id": [0, 0, 1], "text": ["Kim", "parle", "Oui"],
                           "start_char": [0, 4, 10], "end_char": [3, 9, 13], "lemma": ["Kim", "parler", "oui"],
                           "pos": ["PROPN", "VERB", "ADV"]})
    every = list(sentence_texts(tokens))
    some = list(sentence_texts(tokens, columns=("lemma",)))
    assert [s[:3] for s in every] == [s[:3] for s in some] == [("a", 0, "Kim parle"), ("a", 1, "Oui")]
    assert set(some[0][3]) == {"doc_id", "sent_id", "text", "start_char", "end_char", "lemma", "text_pos"}
    assert "pos" in every[0][3]
    assert list(some[0][3]["lemma"]) == ["Kim", "parler"]
