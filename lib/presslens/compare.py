"""Comparing sources: article profiles, similarity, originality, fact coverage, naming choices, keyness.

Every function reads the tidy tables (or frames derived from them) and returns a DataFrame; the plot helpers
draw on axes they are given. Study knowledge (which facts, which labels) comes from ``corpus/facts.yml`` and
``corpus/naming.yml``; the formats are documented at the top of those files and in :func:`load_facts` and
:func:`load_naming`. Shares come with bootstrap intervals over sentences (:func:`share_interval`).
"""
from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .fileio import parse_yaml
from .overview import in_row_order, words_by_kind
from .reuse import fold, join_tokens
from .vocab import keyness

#: Colours given to outlets in order of first appearance (colour-blind-safe Okabe–Ito palette).
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")


# ---------------------------------------------------------------------------------------------------------
# Shares with bootstrap intervals
# ---------------------------------------------------------------------------------------------------------

def bootstrap_share(numerators, denominators, n_boot: int = 1000, seed: int = 0,
                    level: float = 0.95) -> tuple[float, float, float]:
    """Share ``sum(numerators) / sum(denominators)`` over units (sentences) with a percentile bootstrap
    interval: units are resampled with replacement ``n_boot`` times with a generator seeded by ``seed``.
    Returns ``(share, low, high)``; NaNs when the denominators sum to zero."""
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


def share_interval(rows: pd.DataFrame, value: str, by: list[str], n_boot: int = 1000, seed: int = 0,
                   unit: tuple[str, ...] = ("doc_id", "sent_id")) -> pd.DataFrame:
    """Share of ``rows`` whose boolean column ``value`` is True, per group of ``by``, with a bootstrap interval
    over ``unit`` (sentences by default). Every group is resampled from the same seed, so a group's interval
    does not depend on which other groups exist. Columns: ``by`` …, ``n`` (rows), ``share``, ``low``, ``high``."""
    per_unit = _unit_counts(rows, {"_hit": rows[value]}, by, unit)
    out = [(*key, n, share, low, high) for *key, n, _, share, low, high
           in _group_shares(per_unit, "_hit", by, n_boot=n_boot, seed=seed)]
    return pd.DataFrame(out, columns=list(by) + ["n", "share", "low", "high"])


def _unit_counts(rows: pd.DataFrame, hits: dict[str, pd.Series], by: list[str], unit) -> pd.DataFrame:
    """In: ``rows`` and boolean Series on its index, by name. Out: one row per unit (keys ``by`` then ``unit``,
    sorted) with, for each name of ``hits``, how many of the unit's rows are True, and ``_rows``, how many
    rows the unit has. Several hit columns share one grouping (the labels of a referent)."""
    keys = list(dict.fromkeys(list(by) + list(unit)))
    grouped = rows[keys].assign(**{name: hit.astype(int) for name, hit in hits.items()}).groupby(keys, sort=True)
    return grouped[list(hits)].sum().assign(_rows=grouped.size()).reset_index()


def _group_shares(per_unit: pd.DataFrame, hit: str, by: list[str], n_boot: int, seed: int) -> list[tuple]:
    """In: unit counts from :func:`_unit_counts` and the name of one hit column. Out: per group of ``by`` (in
    sorted order) a tuple ``(*key, rows, hits, share, low, high)``, the share from :func:`bootstrap_share`."""
    # Units are sorted by group first, so each group is a contiguous block: no groupby per hit column.
    first = np.flatnonzero(per_unit[by].ne(per_unit[by].shift()).any(axis=1))
    keys = per_unit[by].iloc[first].itertuples(index=False, name=None)
    hits, sizes = per_unit[hit].to_numpy(), per_unit["_rows"].to_numpy()
    out = []
    for key, a, b in zip(keys, first, [*first[1:], len(per_unit)]):
        share, low, high = bootstrap_share(hits[a:b], sizes[a:b], n_boot=n_boot, seed=seed)
        out.append((*key, int(sizes[a:b].sum()), int(hits[a:b].sum()), share, low, high))
    return out


# ---------------------------------------------------------------------------------------------------------
# Outlets and labels
# ---------------------------------------------------------------------------------------------------------

def outlet_colours(articles: pd.DataFrame) -> dict[str, str]:
    """A colour per outlet, in order of first appearance in ``articles``."""
    outlets = list(dict.fromkeys(articles["outlet"]))
    return {o: PALETTE[k % len(PALETTE)] for k, o in enumerate(outlets)}


def with_outlet(frame: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (with ``doc_id``) plus the article's ``outlet`` and ``event`` (columns already there are kept)."""
    meta = articles[["doc_id"] + [c for c in ("outlet", "event") if c not in frame.columns]]
    return frame.merge(meta, on="doc_id", how="left")


# ---------------------------------------------------------------------------------------------------------
# 1. Article profiles
# ---------------------------------------------------------------------------------------------------------

def quoted_voices(tables, tokens: pd.DataFrame | None = None) -> pd.DataFrame:
    """Named voices, approximated from quotation marks (there is no quotes table yet).

    A voice is a person entity (``label == "PER"``, by its ``canonical`` name) named outside the quotation
    marks of a sentence that contains quoted words. This catches « … », a déclaré X but misses speakers named
    in another sentence and reported speech without quotation marks, and it counts a person merely mentioned
    beside a quotation. ``tokens`` (default: the analysed tokens) limits the sentences read. Returns one row
    per article and voice: ``doc_id``, ``voice``, ``sentences`` (how many quoting sentences name it).
    """
    tokens = tables.select("tokens") if tokens is None else tokens
    quoting = tokens.loc[tokens["in_quote"], ["doc_id", "sent_id"]].drop_duplicates()
    quoted_at = set(zip(tokens.loc[tokens["in_quote"], "doc_id"], tokens.loc[tokens["in_quote"], "start_char"]))
    ents = tables.entities[tables.entities["label"] == "PER"].merge(quoting, on=["doc_id", "sent_id"])
    ents = ents[[(d, s) not in quoted_at for d, s in zip(ents["doc_id"], ents["start_char"])]]
    return (ents.groupby(["doc_id", "canonical"], sort=True)["sent_id"].nunique()
            .rename("sentences").reset_index().rename(columns={"canonical": "voice"}))


def article_profiles(tables, include_captions: bool = False, n_boot: int = 1000, seed: int = 0) -> pd.DataFrame:
    """One row per article (index ``doc_id``): what it is made of and how it quotes.

    Words per kind are counted as in ``00_corpus`` (:func:`presslens.overview.words_by_kind`); sentences,
    words (non-punctuation tokens), mean sentence length and the quoted share read the analysed kinds
    (captions on request). ``paragraphs`` counts kept body segments, ``captions`` kept caption segments.
    ``quoted_share`` (words inside quotation marks) has a bootstrap interval over sentences; ``voices`` is
    the number of distinct named voices (:func:`quoted_voices`).
    """
    arts = tables.articles.set_index("doc_id")
    toks = tables.select("tokens", include_captions=include_captions)
    words = toks[~toks["is_punct"]]
    kinds = words_by_kind(tables)
    kept = tables.segments[tables.segments["kept"]]
    quoted = share_interval(words, "in_quote", ["doc_id"], n_boot=n_boot, seed=seed).set_index("doc_id")
    voices = quoted_voices(tables, toks).groupby("doc_id")["voice"].nunique()
    out = pd.DataFrame(index=arts.index)
    out["outlet"] = arts["outlet"]
    for kind in ("headline", "standfirst", "subheading", "body", "caption"):
        out[f"words_{kind}"] = kinds[kind]
    out["words"] = words.groupby("doc_id").size()
    out["sentences"] = toks.groupby("doc_id")["sent_id"].nunique()
    out["paragraphs"] = kept[kept["kind"] == "body"].groupby("doc_id").size()
    out["mean_sentence_words"] = out["words"] / out["sentences"]
    out["quoted_share"], out["quoted_low"], out["quoted_high"] = quoted["share"], quoted["low"], quoted["high"]
    out["voices"] = voices
    out["captions"] = kept[kept["kind"] == "caption"].groupby("doc_id").size()
    count_columns = [c for c in out.columns if c.startswith("words") or c in ("sentences", "paragraphs", "voices",
                                                                              "captions")]
    out[count_columns] = out[count_columns].fillna(0).astype(int)
    out["translated"] = arts["translated"]
    out["wire"] = arts["wire"].fillna("")
    return out


def outlet_profiles(tables, include_captions: bool = False, n_boot: int = 1000, seed: int = 0) -> pd.DataFrame:
    """The profile summed per outlet (index ``outlet``): articles, words, sentences, paragraphs, captions,
    mean sentence length, quoted share with its interval (resampling the outlet's sentences) and distinct
    voices over its articles."""
    profiles = article_profiles(tables, include_captions, n_boot=n_boot, seed=seed)
    toks = with_outlet(tables.select("tokens", include_captions=include_captions), tables.articles)
    words = toks[~toks["is_punct"]]
    sums = profiles.groupby("outlet", sort=False)[["words", "sentences", "paragraphs", "captions"]].sum()
    out = profiles.groupby("outlet", sort=False).size().rename("articles").to_frame().join(sums)
    out["mean_sentence_words"] = out["words"] / out["sentences"]
    quoted = share_interval(words, "in_quote", ["outlet"], n_boot=n_boot, seed=seed).set_index("outlet")
    out[["quoted_share", "quoted_low", "quoted_high"]] = quoted[["share", "low", "high"]]
    voices = with_outlet(quoted_voices(tables, toks), tables.articles).groupby("outlet")["voice"].nunique()
    out["voices"] = voices.reindex(out.index).fillna(0).astype(int)
    return out


#: The panels of :func:`plot_profiles`: column, title, whether it is a share with an interval.
PROFILE_PANELS = (("words_body", "body words", False), ("words_headline", "headline words", False),
                  ("words_caption", "caption words", False), ("sentences", "sentences", False),
                  ("paragraphs", "body paragraphs", False), ("mean_sentence_words", "words per sentence", False),
                  ("quoted_share", "words in quotation marks", True),
                  ("voices", "named voices (approx.)", False))


def profile_labels(profiles: pd.DataFrame, labels: pd.Series) -> pd.Series:
    """Article labels with the facts a reader needs beside a bar: agency copy and translation."""
    tags = []
    for doc in profiles.index:
        row = profiles.loc[doc]
        tag = [f"wire {row['wire']}"] if row["wire"] else []
        tag += ["translated"] if pd.notna(row["translated"]) and bool(row["translated"]) else []
        tags.append(f"{labels[doc]}" + (f"  [{', '.join(tag)}]" if tag else ""))
    return pd.Series(tags, index=profiles.index)


def plot_profiles(profiles: pd.DataFrame, labels: pd.Series, colours: dict[str, str], axes) -> None:
    """Small multiples: one panel per measure of :data:`PROFILE_PANELS`, one bar per article coloured by outlet;
    the quoted share carries its bootstrap interval. ``axes`` is a 2-D array with as many axes as panels.

    ``labels`` (indexed by ``doc_id``) names the rows; where several articles share a label (one row per outlet,
    :func:`presslens.overview.figure_rows`) each row is a box plot of its articles' values instead."""
    if not labels.loc[profiles.index].is_unique:
        _plot_profile_boxes(profiles, labels, colours, axes)
        return
    y = np.arange(len(profiles))
    names = profile_labels(profiles, labels)
    for ax, (column, title, is_share) in zip(axes.flat, PROFILE_PANELS):
        values = profiles[column].astype(float)
        scale = 100 if is_share else 1
        ax.barh(y, values * scale, color=[colours[o] for o in profiles["outlet"]], height=0.7)
        if is_share:
            err = np.vstack([values - profiles["quoted_low"], profiles["quoted_high"] - values]) * scale
            ax.errorbar(values * scale, y, xerr=err, fmt="none", ecolor="#333333", capsize=3, linewidth=1)
        ax.set_title(title + (" (%)" if is_share else ""), fontsize=9)
        ax.set_yticks(y, names if ax.get_subplotspec().is_first_col() else [""] * len(y), fontsize=8)
        ax.invert_yaxis()
        ax.tick_params(axis="x", labelsize=8)


def _plot_profile_boxes(profiles: pd.DataFrame, labels: pd.Series, colours: dict[str, str], axes) -> None:
    """:func:`plot_profiles` for rows that stand for several articles: per panel, one horizontal box plot per
    row (median, quartiles, whiskers to 1.5 IQR; single articles beyond them are not drawn), filled with the
    outlet's colour, grey for a row pooling several outlets."""
    profiles = in_row_order(profiles, labels)
    rows = profiles.assign(_row=labels.loc[profiles.index].to_numpy())
    groups = list(rows.groupby("_row", sort=False))
    names = [name for name, _ in groups]
    fills = [colours[part["outlet"].iloc[0]] if part["outlet"].nunique() == 1 else "#bdbdbd" for _, part in groups]
    for ax, (column, title, is_share) in zip(axes.flat, PROFILE_PANELS):
        scale = 100 if is_share else 1
        boxes = ax.boxplot([part[column].dropna().astype(float) * scale for _, part in groups],
                           orientation="horizontal", patch_artist=True, showfliers=False, widths=0.6,
                           medianprops={"color": "#000000", "linewidth": 1})
        for patch, fill in zip(boxes["boxes"], fills):
            patch.set(facecolor=fill, alpha=0.8, linewidth=0.6)
        ax.set_title(title + (" (%)" if is_share else ""), fontsize=9)
        ax.set_yticks(range(1, len(names) + 1), names if ax.get_subplotspec().is_first_col() else [""] * len(names),
                      fontsize=8)
        ax.invert_yaxis()
        ax.tick_params(axis="x", labelsize=8)


# ---------------------------------------------------------------------------------------------------------
# 2. Originality: shared passages and agency copy
# ---------------------------------------------------------------------------------------------------------

def originality(tokens: pd.DataFrame, shared: pd.Series, repeated: pd.Series, articles: pd.DataFrame,
                n_boot: int = 1000, seed: int = 0) -> pd.DataFrame:
    """Each article's words split into shared, agency copy and own, with its own share and interval.

    ``tokens`` are the analysed tokens; ``shared`` and ``repeated`` are booleans on their index (a word in a
    passage shared with another article; a word in a passage repeated inside its article). A word is
    *shared* if in a shared passage, else *agency copy* if the article credits an agency (``articles.wire``,
    which covers the whole article), else *own*. Repeats inside an article stay *own* and are counted apart.
    One row per article (index ``doc_id``): ``words``, ``shared``, ``agency_copy``, ``own``, ``repeated``,
    ``own_share``, ``own_low``, ``own_high`` (bootstrap over sentences).
    """
    words = tokens.assign(_shared=shared, _repeated=repeated)[~tokens["is_punct"]]
    wire = words["doc_id"].map(articles.set_index("doc_id")["wire"].fillna("")).ne("")
    words = words.assign(_wire=wire & ~words["_shared"], _own=~wire & ~words["_shared"])
    out = words.groupby("doc_id", sort=True).agg(words=("_own", "size"), shared=("_shared", "sum"),
                                                 agency_copy=("_wire", "sum"), own=("_own", "sum"),
                                                 repeated=("_repeated", "sum")).astype(int)
    shares = share_interval(words, "_own", ["doc_id"], n_boot=n_boot, seed=seed).set_index("doc_id")
    out[["own_share", "own_low", "own_high"]] = shares[["share", "low", "high"]]
    return out.reindex(articles["doc_id"])


ORIGIN_COLOURS = {"own": "#0072B2", "agency_copy": "#E69F00", "shared": "#CC79A7"}


def plot_originality(origin: pd.DataFrame, labels: pd.Series, ax) -> None:
    """Stacked horizontal bars of words: own, agency copy, shared with another article; one bar per label of
    ``labels`` (indexed by ``doc_id``), summing the articles that share a label."""
    parts = in_row_order(origin[["own", "agency_copy", "shared"]], labels)
    parts = parts.groupby(labels.loc[parts.index].to_numpy(), sort=False).sum()
    left = np.zeros(len(parts))
    for part, name in (("own", "own"), ("agency_copy", "agency copy (wire credit)"),
                       ("shared", "shared with another article")):
        ax.barh(parts.index, parts[part], left=left, color=ORIGIN_COLOURS[part], label=name)
        left = left + parts[part].to_numpy()
    ax.invert_yaxis()
    ax.set_xlabel("words (analysed kinds)")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize=8)


# ---------------------------------------------------------------------------------------------------------
# 3. Similarity
# ---------------------------------------------------------------------------------------------------------

def _identity(terms):
    """Analyzer for scikit-learn: the document already is its list of terms."""
    return terms


def tfidf_similarity(content: pd.DataFrame, doc_ids, column: str = "term") -> pd.DataFrame:
    """Cosine similarity of the articles' TF-IDF vectors over ``content`` terms (from
    :func:`presslens.vocab.content_tokens`). Smoothed IDF, L2-normalised raw counts (scikit-learn's
    defaults). Returns a square DataFrame indexed and labelled by ``doc_ids`` (an article with no term is all 0)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    terms = content.groupby("doc_id", sort=False)[column].agg(list)   # one pass, not one mask per article
    docs = [terms.get(d, []) for d in doc_ids]
    matrix = TfidfVectorizer(analyzer=_identity, lowercase=False).fit_transform(docs)
    return pd.DataFrame(cosine_similarity(matrix), index=list(doc_ids), columns=list(doc_ids))


def nearest_neighbours(similarity: pd.DataFrame) -> pd.DataFrame:
    """Each article's most similar other article (ties broken by ``doc_id``): ``doc_id``, ``nearest``,
    ``similarity``, and the runner-up's similarity (``next``) so a reader sees how clear the choice is."""
    rows = []
    for doc in similarity.index:
        others = similarity.loc[doc].drop(doc)
        ranked = sorted(others.items(), key=lambda kv: (-kv[1], kv[0]))
        rows.append((doc, ranked[0][0], ranked[0][1], ranked[1][1] if len(ranked) > 1 else np.nan))
    return pd.DataFrame(rows, columns=["doc_id", "nearest", "similarity", "next"])


def cluster_order(similarity: pd.DataFrame):
    """Average-linkage clustering on ``1 − similarity``: returns ``(linkage, leaf order as doc_ids)``."""
    from scipy.cluster.hierarchy import leaves_list, linkage
    from scipy.spatial.distance import squareform

    distance = (1 - similarity.to_numpy()).clip(min=0)
    np.fill_diagonal(distance, 0)
    link = linkage(squareform(distance, checks=False), method="average")
    return link, [similarity.index[k] for k in leaves_list(link)]


#: Largest number of articles whose similarity heatmap shows every pair's value, and names every article.
ANNOTATED_ARTICLES, LABELLED_ARTICLES = 15, 60


def plot_clustered_similarity(similarity: pd.DataFrame, labels: pd.Series, fig, axes) -> None:
    """Dendrogram (left axis of ``axes``) beside the similarity heatmap (right axis), rows and columns in
    the dendrogram's leaf order, the diagonal left grey. Each pair carries its value up to
    :data:`ANNOTATED_ARTICLES` articles and the axes name the articles up to :data:`LABELLED_ARTICLES`;
    beyond, the picture alone shows the clusters (a thousand articles would be a million labels)."""
    from scipy.cluster.hierarchy import dendrogram

    link, order = cluster_order(similarity)
    n = len(order)
    tree, heat = axes
    dendrogram(link, orientation="left", ax=tree, no_labels=True, color_threshold=0,
               above_threshold_color="#555555")
    tree.set_axis_off()
    matrix = similarity.loc[order, order].to_numpy()
    off = ~np.eye(n, dtype=bool)
    # The diagonal (1.0) is masked so that the colour scale spans the pairs, from 0 to their maximum.
    top = float(np.ceil(10 * matrix[off].max()) / 10) if n > 1 else 1.0
    heat.set_facecolor("#e0e0e0")
    # Leaf k of the dendrogram sits at y = 10k + 5: the heatmap uses the same coordinates so rows line up.
    image = heat.imshow(np.where(off, matrix, np.nan), cmap="viridis", vmin=0, vmax=top, origin="lower",
                        extent=(0, 10 * n, 0, 10 * n), aspect="auto")
    ticks = 10 * np.arange(n) + 5
    if n <= LABELLED_ARTICLES:
        heat.set_xticks(ticks, order)
        heat.set_yticks(ticks, [labels[d] for d in order], fontsize=8)
    else:
        heat.set_xticks([]), heat.set_yticks([])
        heat.set_xlabel(f"{n} articles in the dendrogram's order (too many to name)")
    heat.yaxis.tick_right()
    tree.set_ylim(0, 10 * n)
    heat.set_ylim(0, 10 * n)
    for i, j in zip(*np.nonzero(off)) if n <= ANNOTATED_ARTICLES else ():
        heat.text(ticks[j], ticks[i], f"{matrix[i, j]:.2f}", ha="center", va="center", fontsize=8,
                  color="white" if matrix[i, j] < 0.6 * top else "black")
    fig.colorbar(image, ax=heat, location="bottom", shrink=0.6, label="cosine similarity (diagonal masked)")


# ---------------------------------------------------------------------------------------------------------
# 4. Fact coverage
# ---------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Fact:
    """A checkable fact: ``patterns`` are mappings with ``all``/``none`` item lists and/or a ``regex``."""

    id: str
    label: str
    patterns: tuple[dict, ...]
    events: tuple[str, ...] = ()


def load_facts(path: str | Path) -> list[Fact]:
    """Facts from a ``facts.yml`` (format documented in the corpus's file); raises ``ValueError`` naming a
    fact whose pattern has an unknown key, no condition, or a regex that does not compile."""
    data = parse_yaml(Path(path).read_text(encoding="utf-8"))
    facts = []
    for entry in data["facts"]:
        for pattern in entry["patterns"]:
            unknown = set(pattern) - {"all", "regex", "none"}
            if unknown or not (pattern.get("all") or pattern.get("regex")):
                raise ValueError(f"fact {entry['id']}: a pattern needs `all` or `regex` (unknown keys: "
                                 f"{sorted(unknown)})")
            try:
                re.compile(pattern.get("regex", ""))
            except re.error as err:
                raise ValueError(f"fact {entry['id']}: bad regex: {err}") from None
        facts.append(Fact(entry["id"], entry["label"], tuple(entry["patterns"]), tuple(entry.get("events", ()))))
    return facts


def _sentence_texts(tokens: pd.DataFrame):
    """Yield ``(doc_id, sent_id, text, rows)`` per sentence of ``tokens``, in ``(doc_id, sent_id)`` order.

    ``text`` is the sentence as :func:`presslens.reuse.join_tokens` writes it; ``rows`` maps every column of
    ``tokens`` to the sentence's values (numpy arrays, tokens in text order) plus ``text_pos``, the character
    position of each token in ``text``. Arrays rather than a DataFrame per sentence: building hundreds of
    small frames cost more than the matching done on them."""
    ordered = tokens.sort_values(["doc_id", "sent_id", "start_char"], kind="stable")
    columns = {c: ordered[c].to_numpy() for c in ordered.columns}
    doc, sent = columns["doc_id"], columns["sent_id"]
    first = np.flatnonzero(np.r_[True, (doc[1:] != doc[:-1]) | (sent[1:] != sent[:-1])]) if len(doc) else []
    for a, b in zip(first, [*first[1:], len(doc)]):
        rows = {c: values[a:b] for c, values in columns.items()}
        gaps = (rows["start_char"][1:] > rows["end_char"][:-1]).astype(int)
        lengths = np.fromiter(map(len, rows["text"]), dtype=int, count=b - a)
        rows["text_pos"] = np.concatenate([[0], np.cumsum(lengths[:-1] + gaps)])
        yield doc[a], sent[a], join_tokens(rows), rows


def lemmatised_sentences(tokens: pd.DataFrame) -> pd.DataFrame:
    """One row per sentence of ``tokens``: ``doc_id``, ``sent_id``, raw ``start_char``/``end_char``, its
    analysed ``text`` and ``lemmas`` (words' lemmas folded by :func:`presslens.reuse.fold`, space-joined).
    Passing tokens with some rows removed (shared passages) matches facts on what is left."""
    rows = []
    for doc, sent, text, toks in _sentence_texts(tokens):
        lemmas = fold(" ".join(toks["lemma"][~toks["is_punct"]]))
        rows.append((doc, sent, int(toks["start_char"][0]), int(toks["end_char"][-1]), text, lemmas))
    return pd.DataFrame(rows, columns=["doc_id", "sent_id", "start_char", "end_char", "text", "lemmas"])


def _has_item(lemmas: str, item: str) -> bool:
    """True when one of the ``|``-separated alternatives of ``item`` occurs as whole words in ``lemmas``."""
    padded = f" {lemmas} "
    return any(f" {fold(alt.strip())} " in padded for alt in item.split("|"))


def pattern_matches(pattern: dict, lemmas: str) -> bool:
    """Whether a lemmatised sentence satisfies every condition of one fact pattern."""
    return (all(_has_item(lemmas, item) for item in pattern.get("all", ()))
            and not any(_has_item(lemmas, item) for item in pattern.get("none", ()))
            and (not pattern.get("regex") or re.search(pattern["regex"], lemmas) is not None))


def match_facts(sentences: pd.DataFrame, facts: list[Fact]) -> pd.DataFrame:
    """Sentences (from :func:`lemmatised_sentences`) that report each fact: one row per sentence and fact,
    with ``fact_id``, ``fact`` (label), ``pattern`` (its number in the fact's list, from 1), the sentence's
    ``doc_id``, ``sent_id``, raw offsets, ``text`` and ``lemmas``."""
    rows = []
    for fact in facts:
        for sent in sentences.itertuples(index=False):
            hit = next((k for k, p in enumerate(fact.patterns, start=1) if pattern_matches(p, sent.lemmas)), None)
            if hit:
                rows.append((fact.id, fact.label, hit, sent.doc_id, sent.sent_id, sent.start_char, sent.end_char,
                             sent.text, sent.lemmas))
    columns = ["fact_id", "fact", "pattern", "doc_id", "sent_id", "start_char", "end_char", "text", "lemmas"]
    return pd.DataFrame(rows, columns=columns)


def fact_matrix(matches: pd.DataFrame, articles: pd.DataFrame, facts: list[Fact]) -> pd.DataFrame:
    """Sentences reporting each fact (columns, by id, in the file's order) per article (rows, ``doc_id``);
    NaN where the fact belongs to another event than the article's (not applicable)."""
    counts = pd.crosstab(matches["doc_id"], matches["fact_id"]) if len(matches) else pd.DataFrame()
    table = counts.reindex(index=articles["doc_id"], columns=[f.id for f in facts], fill_value=0).astype(float)
    events = articles.set_index("doc_id")["event"]
    for fact in facts:
        if fact.events:
            table.loc[~events.reindex(table.index).isin(fact.events), fact.id] = np.nan
    table.index.name, table.columns.name = "doc_id", None
    return table


def plot_fact_matrix(matrix: pd.DataFrame, facts: list[Fact], labels: pd.Series, ax) -> None:
    """Facts (rows) × articles (columns): a filled cell shows how many sentences report the fact (shades cap
    at 3); hatched cells are facts of another event than the article's.

    ``labels`` (indexed by ``doc_id``) names the columns; where several articles share a label (one column per
    outlet, :func:`presslens.overview.figure_rows`) a cell is instead the percentage of the column's articles
    that report the fact, among those it applies to, hatched where it applies to none."""
    from matplotlib.colors import ListedColormap

    matrix = in_row_order(matrix, labels)
    names = labels.loc[matrix.index]
    per_article = names.is_unique
    if per_article:
        values = matrix.to_numpy().T
        shown = np.where(np.isnan(values), np.nan, np.minimum(values, 3))
        ax.imshow(shown, cmap=ListedColormap(["#f2f2f2", "#9ecae1", "#4292c6", "#08519c"]), vmin=0, vmax=3,
                  aspect="auto")
        texts = np.where(values > 0, np.nan_to_num(values).astype(int).astype(str), "")
        dark = values >= 2
    else:
        applies = matrix.notna().groupby(names.to_numpy(), sort=False).sum()
        reports = (matrix > 0).groupby(names.to_numpy(), sort=False).sum()
        values = (100 * reports / applies.where(applies > 0)).to_numpy().T
        ax.imshow(values, cmap="Blues", vmin=0, vmax=100, aspect="auto")
        texts = np.where(np.isnan(values), "", np.char.mod("%.0f", np.nan_to_num(values)))
        dark = values >= 60
        names = pd.Series(applies.index, index=applies.index)
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            if np.isnan(values[i, j]):
                ax.add_patch(_hatched_cell(j, i))
            elif texts[i, j]:
                ax.text(j, i, texts[i, j], ha="center", va="center", fontsize=8,
                        color="white" if dark[i, j] else "black")
    ax.set_yticks(range(len(facts)), [f.label for f in facts], fontsize=8)
    if per_article:
        wrapped = ["\n".join(textwrap.wrap(name.replace(" · ", " "), 14)) for name in names]
        ax.set_xticks(range(len(names)), wrapped, fontsize=8)
    else:   # outlet names are long and there may be twenty of them: vertical labels keep them apart
        ax.set_xticks(range(len(names)), names, fontsize=8, rotation=90)
    ax.xaxis.tick_top()
    ax.set_xticks(np.arange(-0.5, len(names)), minor=True)
    ax.set_yticks(np.arange(-0.5, len(facts)), minor=True)
    ax.grid(which="minor", color="white", linewidth=1.5)
    ax.tick_params(which="minor", length=0)


def _hatched_cell(x: float, y: float):
    """A grey hatched square marking a not-applicable cell of a heatmap."""
    from matplotlib.patches import Rectangle

    return Rectangle((x - 0.5, y - 0.5), 1, 1, facecolor="white", edgecolor="#bdbdbd", hatch="///", linewidth=0)


# ---------------------------------------------------------------------------------------------------------
# 5. Naming choices
# ---------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Referent:
    """A referent and its competing labels: ``labels`` maps a label to its compiled patterns, in file order."""

    id: str
    label: str
    labels: dict


def load_naming(path: str | Path) -> list[Referent]:
    """Referents and label patterns from a ``naming.yml`` (format documented in the corpus's file)."""
    data = parse_yaml(Path(path).read_text(encoding="utf-8"))
    referents = []
    for entry in data["referents"]:
        labels = {item["label"]: [re.compile(p) for p in item["patterns"]] for item in entry["labels"]}
        referents.append(Referent(entry["id"], entry["label"], labels))
    return referents


def _resolve_overlaps(found: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
    """Keep non-overlapping matches ``(start, end, …)``: leftmost first, then longest."""
    kept, reach = [], -1
    for match in sorted(found, key=lambda m: (m[0], -(m[1] - m[0]))):
        if match[0] >= reach:
            kept.append(match)
            reach = match[1]
    return kept


def naming_matches(tokens: pd.DataFrame, referents: list[Referent], context: int = 45) -> pd.DataFrame:
    """Every label of every referent found in the sentences of ``tokens``, as concordance lines.

    Columns: ``doc_id``, ``sent_id``, ``referent``, ``label``, ``match`` (as written), raw ``start_char`` and
    ``end_char``, ``quoted`` (the match's first word is inside quotation marks), ``left`` and ``right``
    (``context`` characters of the sentence on each side).
    """
    rows = []
    for doc, sent, text, toks in _sentence_texts(tokens):
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


def naming_shares(matches: pd.DataFrame, referents: list[Referent], by: str = "outlet", n_boot: int = 1000,
                  seed: int = 0) -> pd.DataFrame:
    """Share of each label among a referent's matches, per ``by`` group (a column of ``matches``, e.g.
    ``outlet`` after :func:`with_outlet`), with a bootstrap interval over the matching sentences. Every
    label of the file appears (share 0 when unused). Columns: ``referent``, ``label``, ``by``, ``n`` (the
    referent's matches in the group), ``count``, ``share``, ``low``, ``high``."""
    out = []
    for ref in referents:
        rows = matches[matches["referent"] == ref.id]
        hits = {f"_hit{k}": rows["label"] == label for k, label in enumerate(ref.labels)}
        per_unit = _unit_counts(rows, hits, [by], ("doc_id", "sent_id"))
        for name, label in zip(hits, ref.labels):
            out += [(ref.id, label, group, n, count, share, low, high) for group, n, count, share, low, high
                    in _group_shares(per_unit, name, [by], n_boot=n_boot, seed=seed)]
    return pd.DataFrame(out, columns=["referent", "label", by, "n", "count", "share", "low", "high"])


def dominant_labels(shares: pd.DataFrame, by: str = "outlet") -> pd.DataFrame:
    """Per referent and group, the most used label(s) (ties joined by `` = ``), how often (``count``) out of
    the referent's mentions (``n``); groups that never name the referent are left out."""
    used = shares[shares["n"] > 0]
    top = used[used["count"] == used.groupby(["referent", by])["count"].transform("max")]
    # Referents keep the file's order (shares lists them so), groups and labels theirs.
    out = top.groupby(["referent", by], sort=False).agg(label=("label", " = ".join), count=("count", "first"),
                                                        n=("n", "first"))
    return out.reset_index()


def separated_shares(shares: pd.DataFrame, by: str = "outlet", min_n: int = 5) -> pd.DataFrame:
    """Pairs of groups whose intervals for the same label do not overlap (the differences the data carry):
    ``referent``, ``label``, ``higher``, ``lower`` and both shares. Only groups with at least ``min_n``
    mentions of the referent take part: a bootstrap over one or two sentences gives a zero-width interval
    that separates from anything. A label never used in ``n`` mentions also has a zero-width interval at 0."""
    used = shares[shares["n"] >= min_n]
    rows = []
    for (ref, label), part in used.groupby(["referent", "label"], sort=False):
        for hi in part.itertuples(index=False):
            for lo in part.itertuples(index=False):
                if lo.high < hi.low:
                    rows.append((ref, label, getattr(hi, by), hi.share, getattr(lo, by), lo.share))
    return pd.DataFrame(rows, columns=["referent", "label", "higher", "higher_share", "lower", "lower_share"])


def plot_naming_shares(shares: pd.DataFrame, referents: list[Referent], colours: dict[str, str], axes,
                       by: str = "outlet") -> None:
    """One panel per referent: for each label, one dot per group (its share) with the bootstrap interval; the
    groups' legend goes under the panels."""
    groups = [g for g in colours if g in set(shares[by])]
    step = 0.8 / max(1, len(groups))
    for ax, ref in zip(axes.flat, referents):
        rows = shares[shares["referent"] == ref.id]
        labels = list(ref.labels)
        for k, group in enumerate(groups):
            part = rows[rows[by] == group].set_index("label").reindex(labels)
            y = np.arange(len(labels)) - 0.4 + step * (k + 0.5)
            ax.errorbar(100 * part["share"], y, xerr=100 * np.vstack([part["share"] - part["low"],
                                                                     part["high"] - part["share"]]),
                        fmt="o", color=colours[group], markersize=4, capsize=2, linewidth=1,
                        label=f"{group}")
        ax.set_yticks(range(len(labels)), labels, fontsize=8)
        ax.invert_yaxis()
        ax.set_xlim(-5, 105)
        ax.set_title(ref.label, fontsize=9)
        ax.tick_params(axis="x", labelsize=8)
        ax.set_xlabel("% of the referent's mentions", fontsize=8)
    for ax in list(axes.flat)[len(referents):]:
        ax.set_axis_off()
    handles, names = axes.flat[0].get_legend_handles_labels()
    axes.flat[0].figure.legend(handles, names, loc="outside lower center", ncol=len(groups), frameon=False,
                               fontsize=8)


# ---------------------------------------------------------------------------------------------------------
# 6–7. Distinctive vocabulary
# ---------------------------------------------------------------------------------------------------------

def distinctive_terms(content: pd.DataFrame, by: str = "outlet", top_n: int = 10, min_freq: int = 3,
                      min_range: int = 2) -> pd.DataFrame:
    """For each value of ``by`` (outlet, event…) against all other rows: its ``top_n`` over-used terms by
    :func:`presslens.vocab.keyness` (G² and Log Ratio, ``min_freq`` and document range ``min_range``).
    Columns: ``by``, ``term``, frequencies, articles, ``log_ratio``, ``g2``, ``p_bonferroni``, ``significant``."""
    parts = []
    for group in sorted(content[by].unique()):
        table = keyness(content, content[by] == group, min_freq=min_freq, min_range=min_range)
        over = table[table["direction"] == "over"].head(top_n)
        parts.append(over.assign(**{by: group}))
    columns = [by, "term", "freq_target", "freq_reference", "docs_target", "docs_reference", "log_ratio", "g2",
               "p_bonferroni", "significant"]
    return pd.concat(parts, ignore_index=True)[columns] if parts else pd.DataFrame(columns=columns)


def voices_by(voices: pd.DataFrame, articles: pd.DataFrame, by: str = "event") -> pd.DataFrame:
    """Named voices (from :func:`quoted_voices`) listed per ``by`` group: ``by``, ``articles`` (that quote),
    ``voices`` (count) and ``names`` (alphabetical, ``; ``-separated)."""
    rows = with_outlet(voices, articles)
    table = rows.groupby(by, sort=True).agg(articles=("doc_id", "nunique"), voices=("voice", "nunique"),
                                            names=("voice", lambda v: "; ".join(sorted(set(v)))))
    return table.reset_index()


# ---------------------------------------------------------------------------------------------------------
# Tables for reading
# ---------------------------------------------------------------------------------------------------------

def fact_evidence(matches: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """One row per filled cell of the fact matrix: the fact, the article and its outlet, how many sentences
    report it, and the first of them (``text``, raw ``start_char``/``end_char``), in fact-file then article
    order."""
    ordered = matches.sort_values(["doc_id", "start_char"], kind="stable")
    cells = ordered.groupby(["fact_id", "doc_id"], sort=False)
    out = cells.first().join(cells.size().rename("sentences")).reset_index()
    # match_facts lists facts in the file's order: keep it, then articles by id.
    rank = {fact: k for k, fact in enumerate(dict.fromkeys(matches["fact_id"]))}
    out = with_outlet(out, articles).assign(_rank=out["fact_id"].map(rank))
    out = out.sort_values(["_rank", "doc_id"], kind="stable")
    return out[["fact", "doc_id", "outlet", "sentences", "start_char", "end_char", "text"]].reset_index(drop=True)


def facts_by(matrix: pd.DataFrame, articles: pd.DataFrame, facts: list[Fact], by: str = "event") -> pd.DataFrame:
    """For each fact (rows, by label) and group of ``by`` (columns): ``k/n``, the number of articles of the
    group that report it over those it applies to (``–`` when it applies to none)."""
    group = articles.set_index("doc_id")[by].reindex(matrix.index)
    out = {}
    for value in sorted(group.unique()):
        part = matrix[group == value]
        applies, reports = part.notna().sum(), (part > 0).sum()
        out[value] = [f"{reports[f.id]}/{applies[f.id]}" if applies[f.id] else "–" for f in facts]
    return pd.DataFrame(out, index=pd.Index([f.label for f in facts], name="fact"))


def share_table(shares: pd.DataFrame, by: str = "outlet") -> pd.DataFrame:
    """Naming shares laid out for reading: rows ``(referent, label)``, one column per group, each cell
    ``"share % [low–high] (count/n)"``; empty where the group never names the referent."""
    cells = shares.assign(cell=[f"{100 * s:.0f} % [{100 * lo:.0f}–{100 * hi:.0f}] ({c}/{n})"
                                for s, lo, hi, c, n in zip(shares["share"], shares["low"], shares["high"],
                                                           shares["count"], shares["n"])])
    table = cells.pivot(index=["referent", "label"], columns=by, values="cell")
    order = list(dict.fromkeys(zip(shares["referent"], shares["label"])))
    table = table.reindex(pd.MultiIndex.from_tuples(order, names=["referent", "label"])).fillna("")
    table.columns.name = None
    return table


def concordance(matches: pd.DataFrame, width: int = 45) -> pd.DataFrame:
    """Naming matches as concordance lines (KWIC): ``referent``, ``label``, ``outlet``, ``doc_id``,
    right-aligned ``left`` context, ``match``, ``right`` context, ``quoted``, raw offsets."""
    out = matches.copy()
    out["left"] = out["left"].str.slice(-width).str.rjust(width)
    out["right"] = out["right"].str.slice(0, width)
    return out[["referent", "label", "outlet", "doc_id", "left", "match", "right", "quoted", "start_char",
                "end_char"]].reset_index(drop=True)
