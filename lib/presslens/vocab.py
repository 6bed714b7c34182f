"""Vocabulary: which tokens count as content words, frequencies, keyness (G² with Log Ratio), word clouds,
lexical diversity (TTR, MATTR), n-grams and collocations, concordance (KWIC) and dispersion.

Keyness follows corpus linguistics practice (Rayson & Garside 2000; Hardie's Log Ratio): for a term with
frequency ``a`` in a target of ``c`` tokens and ``b`` in a reference of ``d`` tokens, G² is the
log-likelihood statistic of the full 2×2 table (term vs. other tokens × target vs. reference), so it equals
scipy's G-test; Log Ratio is ``log2((a/c) / (b/d))`` (a doubling per unit), with 0.5 added to a zero count.
Collocations use the same G² on the bigram's 2×2 table (Dunning 1993) and pointwise mutual information;
MATTR is Covington & McFall's (2010) moving-average type–token ratio.

Everything starts from :func:`term_tokens`: the analysed tokens in reading order, each with its ``term``
(lemma, or a multi-word name's canonical form when ``merge_names=True``) and flags saying whether it is a
word and a content word.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.special import chdtrc   # chi2.sf's own kernel, without importing all of scipy.stats

#: Parts of speech that carry content.
CONTENT_POS = ("NOUN", "PROPN", "VERB", "ADJ")
#: Elided function words as the French tokenizer leaves them ("l'", "qu'"): never content.
ELIDED = frozenset({"l'", "d'", "qu'", "n'", "s'", "c'", "j'", "m'", "t'", "jusqu'", "lorsqu'", "puisqu'",
                    "quoiqu'", "presqu'"})
#: Entity labels merged into one term by ``merge_names``: names of people, places and organisations. MISC
#: spans (« accord de partenariat stratégique global ») are descriptive phrases whose words are vocabulary.
NAME_LABELS = ("PER", "LOC", "ORG")
#: Entity sources merged by ``merge_names``: the curated gazetteer only; the model's own entities are noisier
#: (a capitalised participle read as a person, « ministre de la Défense » as one organisation).
NAME_SOURCES = ("gazetteer",)
#: One colour per part of speech, shared by every word cloud so that clouds can be compared.
POS_COLOURS = {"PROPN": "#b2182b", "NOUN": "#2166ac", "VERB": "#1b7837", "ADJ": "#8c510a"}
POS_NAMES = {"PROPN": "proper name", "NOUN": "noun", "VERB": "verb", "ADJ": "adjective"}
#: Between two segments (headline, standfirst, paragraphs) a concordance line shows a pilcrow.
SEGMENT_BREAK = " ¶ "

_WORD = re.compile(r"[^\W_]+(?:['-][^\W_]+)*")
_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)")
_MARKUP = re.compile(r"[<>&=/\\]")


# --- tokens and terms --------------------------------------------------------------------------------------

def term_tokens(tables, include_captions: bool = False, merge_names: bool = False,
                name_labels: Sequence[str] = NAME_LABELS, name_sources: Sequence[str] | None = NAME_SOURCES
                ) -> pd.DataFrame:
    """Every analysed token (punctuation included) in reading order, with what vocabulary analyses need.

    Adds to the ``tokens`` columns: ``term`` (the lemma, lower-cased except for proper nouns), ``is_word``
    (not punctuation or space), ``is_content`` (see :func:`content_tokens`), ``position`` (0 at the start of
    the article's analysed text, just under 1 at its end), and ``outlet``, ``event``, ``phase``, ``year`` from
    ``articles``. With ``merge_names=True`` each entity of ``name_labels`` from ``name_sources`` (None: any
    source) becomes one token: its ``term`` is the entity's ``canonical`` (« Corée du Nord », and « Poutine »
    becomes « Vladimir Poutine »), its ``text`` the surface form, its span the entity's span, its ``pos``
    PROPN; the other tokens of the span are dropped.
    """
    toks = tables.select("tokens", include_captions=include_captions)
    toks = toks.sort_values(["doc_id", "i"], kind="stable").reset_index(drop=True)
    lemma = toks["lemma"].str.replace("’", "'", regex=False)
    # The per-string checks run once per distinct lemma: a large corpus repeats the same few thousand.
    codes, distinct = pd.factorize(lemma, use_na_sentinel=False)
    distinct = pd.Series(distinct)
    wordlike = (~distinct.str.lower().isin(ELIDED) & (distinct.str.count(r"[^\W\d_]") >= 2)).to_numpy()[codes]
    toks["is_word"] = ~toks["is_punct"] & (toks["pos"] != "SPACE")
    toks["is_content"] = (toks["pos"].isin(CONTENT_POS) & ~toks["is_stop"] & ~toks["is_punct"] & ~toks["like_num"]
                          & wordlike)
    toks["term"] = np.where(toks["pos"] == "PROPN", lemma, lemma.str.lower())
    if merge_names:
        entities = tables.select("entities", include_captions=include_captions)
        keep = entities["label"].isin(name_labels)
        if name_sources is not None:
            keep &= entities["source"].isin(name_sources)
        toks = _merge_spans(toks, entities[keep])
    by_doc = toks.groupby("doc_id", sort=False)
    toks["position"] = by_doc.cumcount() / by_doc["i"].transform("size")
    meta = tables.articles[["doc_id", "outlet", "event", "phase"]].assign(year=tables.articles["published"].dt.year)
    return toks.merge(meta, on="doc_id", how="left")


def _merge_spans(toks: pd.DataFrame, spans: pd.DataFrame) -> pd.DataFrame:
    """``toks`` (sorted by doc and position) with each entity of ``spans`` collapsed into its first token."""
    ents = (spans[["doc_id", "start_char", "end_char", "text", "canonical"]]
            .rename(columns={"start_char": "ent_start", "end_char": "ent_end", "text": "ent_text"})
            .sort_values("ent_start", kind="stable"))
    # The latest entity starting at or before each token; the token is inside it if it also ends within it.
    # Only the keys go through the sort and the merge: moving every column costs seconds on a large corpus.
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


def content_tokens(tables, include_captions: bool = False, merge_names: bool = False,
                   name_labels: Sequence[str] = NAME_LABELS, name_sources: Sequence[str] | None = NAME_SOURCES
                   ) -> pd.DataFrame:
    """Tokens that are content words of the analysed kinds, with a ``term`` column.

    A content word has a part of speech in :data:`CONTENT_POS`, is not a stop word, punctuation, a number or
    an elided form, and has at least two letters. ``term`` is the lemma, lower-cased except for proper nouns
    (``Corée`` stays ``Corée``; ``Missiles`` becomes ``missile``). Columns of ``tokens`` are kept, plus
    ``position``, ``outlet``, ``event``, ``phase`` and ``year``. ``merge_names`` and its options make each
    name one term (see :func:`term_tokens`).
    """
    toks = term_tokens(tables, include_captions, merge_names, name_labels, name_sources)
    return toks[toks["is_content"]].drop(columns=["is_word", "is_content"]).reset_index(drop=True)


# --- frequencies -------------------------------------------------------------------------------------------

def frequencies(words: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """Content-term frequencies, raw and per 1,000 words, overall or per value of column ``by``.

    ``words`` is a :func:`term_tokens` table. Returns one row per (group,) term: ``freq``, ``per_1000``
    (per 1,000 words of the group: tokens that are not punctuation, a merged name counting as one), ``docs``
    (articles using the term), and the group's ``words`` and ``articles``; sorted by group, then by
    decreasing frequency, ties alphabetically.
    """
    keys = [by] if by else []
    grouped = words[words["is_word"]].groupby(keys) if keys else None
    sizes = (grouped.agg(words=("i", "size"), articles=("doc_id", "nunique")).reset_index() if keys
             else pd.DataFrame({"words": [int(words["is_word"].sum())], "articles": [words["doc_id"].nunique()]}))
    content = words[words["is_content"]]
    freq = (content.groupby(keys + ["term"]).agg(freq=("i", "size"), docs=("doc_id", "nunique")).reset_index())
    freq = freq.merge(sizes, on=by, how="left") if keys else freq.assign(**sizes.iloc[0].to_dict())
    freq["per_1000"] = 1000 * freq["freq"] / freq["words"]
    freq = freq.sort_values(keys + ["freq", "term"], ascending=[True] * len(keys) + [False, True], kind="stable")
    return freq[keys + ["term", "freq", "per_1000", "docs", "words", "articles"]].reset_index(drop=True)


def name_fragments(freq: pd.DataFrame) -> pd.DataFrame:
    """Capitalised one-word terms of a :func:`frequencies` table that are also a word of a multi-word term
    (« Kim » beside « Kim Jong-un »): names counted apart from their merged form, usually because the
    gazetteer lists only the full form. Columns ``term``, ``freq``, ``part_of`` (the multi-word terms)."""
    multi = [t for t in freq["term"].unique() if " " in t]
    rows = []
    for term, count in zip(freq["term"], freq["freq"]):
        if " " in term or not term[:1].isupper():
            continue
        parents = sorted(m for m in multi if term in m.split(" "))
        if parents:
            rows.append((term, int(count), ", ".join(parents)))
    return pd.DataFrame(rows, columns=["term", "freq", "part_of"])


def side_by_side(freq: pd.DataFrame, by: str, n: int = 10) -> pd.DataFrame:
    """The ``n`` most frequent terms of each group of a :func:`frequencies` table, one column per group
    (headed with its number of articles), cells reading ``term (freq)``; rows are ranks 1..n."""
    columns = {}
    for group, rows in freq.groupby(by, sort=True):
        top = rows.head(n)
        heading = f"{group} ({int(top['articles'].iloc[0])} art.)"
        columns[heading] = pd.Series([f"{t} ({f})" for t, f in zip(top["term"], top["freq"])],
                                     index=range(1, len(top) + 1))
    table = pd.DataFrame(columns).fillna("")
    table.index.name = "rank"
    return table


# --- word clouds -------------------------------------------------------------------------------------------

def font_path() -> str:
    """Matplotlib's bundled DejaVu Sans: the same glyphs, hence the same clouds, on every machine."""
    import matplotlib

    return str(Path(matplotlib.get_data_path(), "fonts", "ttf", "DejaVuSans.ttf"))


def term_classes(terms: pd.DataFrame) -> pd.Series:
    """Each term's part of speech (its most frequent one in ``terms``, ties in :data:`CONTENT_POS` order),
    indexed by term: computed once on the whole corpus, it colours every cloud the same way."""
    counts = terms.groupby(["term", "pos"]).size().rename("n").reset_index()
    counts["order"] = counts["pos"].map({p: k for k, p in enumerate(CONTENT_POS)}).fillna(len(CONTENT_POS))
    counts = counts.sort_values(["term", "n", "order"], ascending=[True, False, True], kind="stable")
    return counts.drop_duplicates("term").set_index("term")["pos"]


def cloud_image(freq: pd.Series, colours: Mapping[str, str], *, width: int = 900, height: int = 450,
                max_words: int = 60, random_state: int = 0) -> np.ndarray:
    """A word cloud (RGB array) of ``freq`` (term → weight), each term in ``colours[term]``.

    Deterministic: fixed ``random_state``, bundled font (:func:`font_path`), ties in weight broken
    alphabetically, horizontal words only. Sizes are relative to the cloud's most frequent term.
    """
    from wordcloud import WordCloud

    ordered = freq[freq > 0].rename_axis("term").reset_index(name="w")
    ordered = ordered.sort_values(["w", "term"], ascending=[False, True], kind="stable").head(max_words)
    cloud = WordCloud(font_path=font_path(), width=width, height=height, background_color="white",
                      prefer_horizontal=1.0, max_words=max_words, random_state=random_state, relative_scaling=0.5,
                      min_font_size=9, margin=4,   # no unreadable specks, no words touching
                      color_func=lambda word, **_: colours.get(word, "#4d4d4d"))
    return cloud.generate_from_frequencies(dict(zip(ordered["term"], ordered["w"]))).to_array()


def plot_cloud(image: np.ndarray, ax, title: str = "") -> None:
    """Show a :func:`cloud_image` on ``ax``, without axes."""
    ax.imshow(image, interpolation="bilinear")
    ax.set_axis_off()
    if title:
        ax.set_title(title, fontsize=10)


def pos_legend(fig, **kwargs) -> None:
    """A figure legend for :data:`POS_COLOURS`, the colour code shared by the clouds."""
    from matplotlib.patches import Patch

    handles = [Patch(color=c, label=POS_NAMES[p]) for p, c in POS_COLOURS.items()]
    fig.legend(handles=handles, loc="outside lower center", ncols=len(handles), frameon=False, fontsize=9, **kwargs)


def excluded_words(tables, include_captions: bool = False) -> set[str]:
    """Lower-cased words found only in text that analyses do not read (set-aside segments, and captions
    unless ``include_captions``), plus the names of HTML tags in the raw segments. Words are read from the
    segments' text with a regular expression; what the analysed text may legitimately yield besides its
    surface words (lemmas: « agence » for « agences »; canonical names) is not excluded."""
    seg = tables.segments
    read = seg["kept"] & seg["kind"].isin(tables.kinds(include_captions))
    analysed = {w.lower() for text in seg.loc[read, "clean_text"] for w in _WORD.findall(text)}
    # Distinct strings only: a large corpus repeats the same lemmas and names thousands of times.
    derived = (set(tables.select("tokens", include_captions)["lemma"].unique())
               | set(tables.select("entities", include_captions)["canonical"].unique()))
    analysed |= {w.lower() for text in derived for w in _WORD.findall(text.replace("’", "'"))}
    unread = {w.lower() for text in seg.loc[~read, "clean_text"] for w in _WORD.findall(text)}
    tags = {m.lower() for text in seg["text"] for m in _TAG.findall(text)}
    return (unread - analysed) | tags


def leaks(terms: Iterable[str], tables, include_captions: bool = False) -> pd.DataFrame:
    """Terms (e.g. those of a word cloud) that carry text analyses must not read: a word of
    :func:`excluded_words` (Spanish captions, photo credits, widgets, tag names) or a markup character.
    Returns ``term``, ``reason``; empty when the terms are clean."""
    excluded = excluded_words(tables, include_captions)
    rows = []
    for term in sorted(set(terms)):
        found = sorted(w.lower() for w in _WORD.findall(term) if w.lower() in excluded)
        if found:
            rows.append((term, "only in unread text: " + ", ".join(found)))
        elif _MARKUP.search(term):
            rows.append((term, "markup character"))
    return pd.DataFrame(rows, columns=["term", "reason"])


# --- keyness -----------------------------------------------------------------------------------------------

def g2(a, b, c, d) -> np.ndarray:
    """Log-likelihood G² of the 2×2 table [[a, b], [c-a, d-b]] (frequencies ``a``, ``b`` in corpora of
    ``c``, ``d`` tokens); vectorised, ``0·log 0 = 0``."""
    a, b, c, d = (np.asarray(x, dtype=float) for x in (a, b, c, d))
    observed = np.stack([a, b, c - a, d - b])
    n = c + d
    expected = np.stack([c * (a + b) / n, d * (a + b) / n, c * (n - a - b) / n, d * (n - a - b) / n])
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(observed > 0, observed * np.log(observed / expected), 0.0)
    return 2 * terms.sum(axis=0)


def log_ratio(a, b, c, d) -> np.ndarray:
    """Hardie's Log Ratio: binary log of the ratio of relative frequencies, 0.5 replacing a zero count."""
    a, b = np.where(np.asarray(a) == 0, 0.5, a), np.where(np.asarray(b) == 0, 0.5, b)
    return np.log2((a / np.asarray(c, dtype=float)) / (b / np.asarray(d, dtype=float)))


def keyness(tokens: pd.DataFrame, target: pd.Series, *, column: str = "term", min_freq: int = 3,
            min_range: int = 2, alpha: float = 0.05) -> pd.DataFrame:
    """Terms over- and under-used in the ``target`` rows of ``tokens`` against the other rows.

    ``tokens`` is a table of content tokens (see :func:`content_tokens`) and ``target`` a boolean Series on
    its index. A term is tested when its total frequency is at least ``min_freq`` and it occurs in at least
    ``min_range`` articles overall. Returns one row per tested term: frequencies and rates per 1,000 tokens
    in target and reference, the number of target and reference articles it occurs in, ``g2``, ``p``,
    ``p_bonferroni`` (over the terms tested), ``log_ratio`` and ``significant`` (``p_bonferroni < alpha``),
    sorted by G² within direction (over-used first).
    """
    target = target.astype(bool)
    tokens = tokens[[column, "doc_id"]]   # filtering every column of a large table would cost seconds
    c, d = int(target.sum()), int((~target).sum())
    freq = pd.DataFrame({"freq_target": tokens[target].groupby(column).size(),
                         "freq_reference": tokens[~target].groupby(column).size()}).fillna(0).astype(int)
    docs = pd.DataFrame({"docs_target": tokens[target].groupby(column)["doc_id"].nunique(),
                         "docs_reference": tokens[~target].groupby(column)["doc_id"].nunique()}).fillna(0).astype(int)
    table = freq.join(docs)
    tested = table[(table["freq_target"] + table["freq_reference"] >= min_freq)
                   & (table["docs_target"] + table["docs_reference"] >= min_range)].copy()
    if c == 0 or d == 0 or tested.empty:
        return tested.assign(g2=[], p=[], p_bonferroni=[], log_ratio=[], significant=[])
    a, b = tested["freq_target"].to_numpy(), tested["freq_reference"].to_numpy()
    tested["per_1000_target"] = 1000 * a / c
    tested["per_1000_reference"] = 1000 * b / d
    tested["g2"] = g2(a, b, c, d)
    tested["p"] = chdtrc(1, tested["g2"])
    tested["p_bonferroni"] = np.minimum(1.0, tested["p"] * len(tested))
    tested["log_ratio"] = log_ratio(a, b, c, d)
    tested["significant"] = tested["p_bonferroni"] < alpha
    tested["direction"] = np.where(tested["log_ratio"] >= 0, "over", "under")
    tested.index.name = column
    tested["_order"] = (tested["direction"] == "under").astype(int)
    return (tested.reset_index()
            .sort_values(["_order", "g2", column], ascending=[True, False, True], kind="stable")
            .drop(columns="_order").reset_index(drop=True))


def keyness_by(tokens: pd.DataFrame, by: str, **options) -> pd.DataFrame:
    """:func:`keyness` of each value of column ``by`` against all other rows, stacked, with ``group`` (the
    value) and ``articles`` (how many articles the group has: a group of one article describes that article,
    not an outlet or a year). ``options`` go to :func:`keyness`."""
    parts = []
    for group in sorted(tokens[by].unique()):
        target = tokens[by] == group
        result = keyness(tokens, target, **options)
        parts.append(result.assign(group=group, articles=tokens.loc[target, "doc_id"].nunique()))
    stacked = pd.concat(parts, ignore_index=True)
    return stacked[["group", "articles"] + [c for c in stacked.columns if c not in ("group", "articles")]]


def plot_keyness(result: pd.DataFrame, ax, n: int = 8, column: str = "term") -> None:
    """Diverging bars of Log Ratio for the ``n`` over- and ``n`` under-used terms of a :func:`keyness` table
    with the highest G², each annotated with its frequencies (target | reference); bars of terms that are not
    significant after Bonferroni correction are pale."""
    from matplotlib.patches import Patch

    shown = pd.concat([result[result["direction"] == "over"].head(n), result[result["direction"] == "under"].head(n)])
    y = np.arange(len(shown))
    colours = np.where(shown["direction"] == "over", "#b2182b", "#2166ac")
    alphas = np.where(shown["significant"], 1.0, 0.4)
    for yi, lr, colour, alpha in zip(y, shown["log_ratio"], colours, alphas):
        ax.barh(yi, lr, color=colour, alpha=alpha, height=0.7)
    span = max(1.0, float(shown["log_ratio"].abs().max())) if len(shown) else 1.0
    for yi, lr, a, b in zip(y, shown["log_ratio"], shown["freq_target"], shown["freq_reference"]):
        ax.text(lr + (0.04 if lr >= 0 else -0.04) * span, yi, f"{a} | {b}", va="center",
                ha="left" if lr >= 0 else "right", fontsize=8, color="#333333")
    ax.set_yticks(y, shown[column])
    ax.invert_yaxis()
    ax.set_xlim(-1.35 * span, 1.35 * span)
    ax.axvline(0, color="#555555", linewidth=0.8)
    ax.set_xlabel("Log Ratio (log₂ of the ratio of relative frequencies)")
    ax.legend(handles=[Patch(color="#b2182b", label="over-used in target"),
                       Patch(color="#2166ac", label="under-used in target"),
                       Patch(color="#999999", alpha=0.4, label="pale: not significant (Bonferroni)"),
                       Patch(color="none", label="a | b: frequency in target | reference")],
              loc="upper center", bbox_to_anchor=(0.5, -0.1), ncols=2, fontsize=7, frameon=False)


# --- lexical diversity -------------------------------------------------------------------------------------

def ttr(items: Sequence) -> float:
    """Type–token ratio: distinct items over items (NaN for an empty sequence)."""
    return len(set(items)) / len(items) if len(items) else float("nan")


def _prefix_diversity(codes: np.ndarray, window: int) -> tuple[np.ndarray, np.ndarray]:
    """TTR and MATTR (see :func:`mattr`) of every prefix of a sequence of type codes (integers, equal for
    items of one type): element ``n - 1`` of each array describes the first ``n`` items."""
    if window < 1:
        raise ValueError("window must be at least 1")
    n = len(codes)
    order = np.lexsort((np.arange(n), codes))   # each type's occurrences side by side, in reading order
    repeat = codes[order][1:] == codes[order][:-1]
    prev = np.full(n, -n - window)              # no earlier occurrence: as if long before the start
    nxt = np.full(n, 2 * n + window)            # no later occurrence: as if long after the end
    prev[order[1:][repeat]] = order[:-1][repeat]
    nxt[order[:-1][repeat]] = order[1:][repeat]
    types = np.cumsum(prev < 0)
    ttr_prefix = types / np.arange(1, n + 1)
    mattr_prefix = ttr_prefix.copy()
    if n > window:
        # Sliding the window one item on gains a type unless the new item already occurs in the window, and
        # loses one unless the item that leaves occurs again before the new one. Counts stay integers, so
        # the means are exactly those of a window-by-window count.
        end = np.arange(window, n)
        delta = (prev[end] <= end - window).astype(np.int64) - (nxt[end - window] >= end)
        distinct = types[window - 1] + np.concatenate([[0], np.cumsum(delta)])
        mattr_prefix[window - 1:] = np.cumsum(distinct) / np.arange(1, n - window + 2) / window
    return ttr_prefix, mattr_prefix


def mattr(items: Sequence, window: int = 50) -> float:
    """Moving-average type–token ratio: the mean TTR of every window of ``window`` consecutive items.

    A sequence no longer than the window has a single window, the whole sequence (its TTR); an empty one
    gives NaN.
    """
    codes = pd.factorize(pd.Series(list(items), dtype=object), use_na_sentinel=False)[0]
    prefix = _prefix_diversity(codes, window)[1]
    return float(prefix[-1]) if len(prefix) else float("nan")


def _word_codes(words: pd.DataFrame, column: str) -> dict[str, np.ndarray]:
    """Each article's words as type codes (equal codes: equal lower-cased ``column``), in reading order, keyed
    by ``doc_id`` in sorted order."""
    w = words[words["is_word"]]
    codes = pd.Series(pd.factorize(w[column].str.lower(), use_na_sentinel=False)[0], index=w.index)
    return {doc: part.to_numpy() for doc, part in codes.groupby(w["doc_id"], sort=True)}


def lexical_diversity(words: pd.DataFrame, window: int = 50, column: str = "text") -> pd.DataFrame:
    """Per article of a :func:`term_tokens` table: ``words``, ``types`` (distinct lower-cased ``column``:
    word forms by default), ``ttr`` and ``mattr`` (with ``window``)."""
    rows = []
    for doc, codes in _word_codes(words, column).items():
        ttr_prefix, mattr_prefix = _prefix_diversity(codes, window)
        rows.append((doc, len(codes), len(np.unique(codes)), ttr_prefix[-1], mattr_prefix[-1]))
    return pd.DataFrame(rows, columns=["doc_id", "words", "types", "ttr", "mattr"]).set_index("doc_id")


def diversity_curve(words: pd.DataFrame, window: int = 50, step: int = 50, column: str = "text") -> pd.DataFrame:
    """TTR and MATTR of each article's first ``step``, ``2·step``, … words and of the whole article: how each
    measure moves as the same text gets longer. Columns ``doc_id``, ``words``, ``ttr``, ``mattr``."""
    # Each list starts with an empty array, so that a table without words gives an empty curve.
    docs, lengths, ttrs, mattrs = [], [np.empty(0, dtype=int)], [np.empty(0)], [np.empty(0)]
    for doc, codes in _word_codes(words, column).items():
        ttr_prefix, mattr_prefix = _prefix_diversity(codes, window)
        at = np.append(np.arange(step, len(codes), step), len(codes))
        docs += [doc] * len(at)
        lengths.append(at)
        ttrs.append(ttr_prefix[at - 1])
        mattrs.append(mattr_prefix[at - 1])
    return pd.DataFrame({"doc_id": docs, "words": np.concatenate(lengths), "ttr": np.concatenate(ttrs),
                         "mattr": np.concatenate(mattrs)})


def diversity_by_row(curve: pd.DataFrame, labels: pd.Series) -> pd.DataFrame:
    """A :func:`diversity_curve` summarised per row of a figure, ``labels`` (indexed by ``doc_id``: article
    labels, or :func:`presslens.overview.figure_rows`) giving each article's row.

    Returns, for each row and each length measured in more than half of the row's articles: ``row``,
    ``words``, ``articles`` (how many were measured there) and the quartiles of TTR and MATTR across them
    (``ttr_q1``, ``ttr_median``, ``ttr_q3``, ``mattr_q1``, ``mattr_median``, ``mattr_q3``; linear
    interpolation). Rows in order of first appearance in ``labels``, lengths increasing.
    """
    names = {0.25: "q1", 0.5: "median", 0.75: "q3"}
    grouped = curve.assign(row=curve["doc_id"].map(labels)).groupby(["row", "words"])
    table = grouped[["ttr", "mattr"]].quantile(list(names)).unstack()
    table.columns = [f"{measure}_{names[q]}" for measure, q in table.columns]
    table = table.assign(articles=grouped.size()).reset_index()
    # A length only the longest articles reach, or an article's own full length, would summarise a few
    # articles: only lengths shared by most of the row are drawn.
    table = table[table["articles"] > table["row"].map(labels.value_counts()) / 2]
    order = table["row"].map({row: k for k, row in enumerate(pd.unique(labels.to_numpy()))})
    table = table.assign(_order=order).sort_values(["_order", "words"], kind="stable")
    columns = ["row", "words", "articles"] + [f"{m}_{q}" for m in ("ttr", "mattr") for q in names.values()]
    return table[columns].reset_index(drop=True)


def plot_diversity_curve(curve: pd.DataFrame, labels: pd.Series, ax) -> None:
    """TTR (solid) and MATTR (dashed) against words read, one colour per row of ``labels`` (indexed by
    ``doc_id``; see :func:`diversity_by_row`), on ``ax``: a row of one article draws that article's curves, a
    row of several the median of its articles, the middle half of them shaded."""
    from matplotlib import colormaps

    rows = diversity_by_row(curve, labels)
    palette = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666"]
    if rows["row"].nunique() > len(palette):
        palette = colormaps["tab20"].colors
    banded = False
    for k, (row, part) in enumerate(rows.groupby("row", sort=False)):
        colour = palette[k % len(palette)]
        if (part["articles"] > 1).any():
            ax.fill_between(part["words"], part["ttr_q1"], part["ttr_q3"], color=colour, alpha=0.15, linewidth=0)
            ax.fill_between(part["words"], part["mattr_q1"], part["mattr_q3"], color=colour, alpha=0.15,
                            linewidth=0)
            banded = True
        ax.plot(part["words"], part["ttr_median"], "-", color=colour, label=row)
        ax.plot(part["words"], part["mattr_median"], "--", color=colour)
    ax.plot([], [], "-", color="#333333", label="TTR (solid)")
    ax.plot([], [], "--", color="#333333", label="MATTR (dashed)")
    if banded:
        ax.fill_between([], [], [], color="#333333", alpha=0.15, linewidth=0,
                        label="median; shaded: middle half of the articles")
    ax.set_xlabel("words read from the start of the article")
    ax.set_ylabel("type–token ratio")
    ax.set_ylim(0, 1)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)


# --- n-grams and collocations ------------------------------------------------------------------------------

def _grams(words: pd.DataFrame, n: int, column: str) -> pd.DataFrame:
    """Every run of ``n`` consecutive words that crosses no punctuation and no sentence boundary: columns
    ``doc_id``, ``w1``…``wn`` (from ``column``) and ``edges`` (first and last word are content words)."""
    if n < 1:
        raise ValueError("n must be at least 1")
    # A new run starts at each sentence and after each punctuation token, so n-grams never bridge them.
    breaks = words["is_punct"] | (words["sent_id"] != words["sent_id"].shift()) | (words["doc_id"] != words["doc_id"].shift())
    w = words.assign(run=breaks.cumsum())[words["is_word"]]
    parts = {"doc_id": w["doc_id"], "run": w["run"]}
    for k in range(n):
        # The word k places on, blanked where it lies in another run.
        same_run = w["run"].shift(-k) == w["run"]
        parts[f"w{k + 1}"] = w[column].shift(-k).where(same_run)
        parts[f"c{k + 1}"] = w["is_content"].shift(-k).where(same_run)
    grams = pd.DataFrame(parts).dropna(subset=[f"w{n}"])
    grams["edges"] = grams["c1"].astype(bool) & grams[f"c{n}"].astype(bool)
    return grams[["doc_id"] + [f"w{k + 1}" for k in range(n)] + ["edges"]].reset_index(drop=True)


def ngrams(words: pd.DataFrame, n: int = 2, column: str = "term", min_count: int = 2) -> pd.DataFrame:
    """n-grams of a :func:`term_tokens` table that start and end with a content word (function words may
    sit inside: « Conseil de sécurité »), seen at least ``min_count`` times. Columns ``ngram`` (words joined
    by spaces), ``count``, ``docs`` (articles); by decreasing count, ties alphabetically."""
    grams = _grams(words, n, column)
    grams = grams[grams["edges"]]
    # An elided form (« d' ») is written against the next word, as in the text.
    joined = (grams["w1"].str.cat([grams[f"w{k + 1}"] for k in range(1, n)], sep=" ")
              .str.replace("' ", "'", regex=False))
    grams = grams.assign(ngram=joined)
    table = grams.groupby("ngram").agg(count=("doc_id", "size"), docs=("doc_id", "nunique")).reset_index()
    table = table[table["count"] >= min_count]
    return table.sort_values(["count", "ngram"], ascending=[False, True], kind="stable").reset_index(drop=True)


def collocations(words: pd.DataFrame, column: str = "term", min_count: int = 3, rank_by: str = "g2") -> pd.DataFrame:
    """Adjacent content-word pairs of a :func:`term_tokens` table, ranked by association.

    Counts come from every bigram (see :func:`_grams`); for a pair (w1, w2) seen ``count`` times, ``f1`` is
    how often w1 starts a bigram, ``f2`` how often w2 ends one and N the number of bigrams. ``g2`` is the
    log-likelihood of the 2×2 table [[count, f2-count], [f1-count, N-f1-f2+count]], ``pmi`` is
    ``log2(count·N / (f1·f2))``. Pairs of two content words seen at least ``min_count`` times and more often
    than chance (``count > expected``) are kept, sorted by ``rank_by`` (``"g2"`` or ``"pmi"``), then count,
    then alphabetically.
    """
    if rank_by not in ("g2", "pmi"):
        raise ValueError("rank_by must be 'g2' or 'pmi'")
    grams = _grams(words, 2, column)
    total = len(grams)
    f1, f2 = grams["w1"].value_counts(), grams["w2"].value_counts()
    pairs = (grams[grams["edges"]].groupby(["w1", "w2"])
             .agg(count=("doc_id", "size"), docs=("doc_id", "nunique")).reset_index())
    pairs["f1"] = pairs["w1"].map(f1).astype(int)
    pairs["f2"] = pairs["w2"].map(f2).astype(int)
    pairs["expected"] = pairs["f1"] * pairs["f2"] / total
    pairs = pairs[(pairs["count"] >= min_count) & (pairs["count"] > pairs["expected"])].copy()
    pairs["g2"] = g2(pairs["count"], pairs["f2"] - pairs["count"], pairs["f1"], total - pairs["f1"])
    pairs["pmi"] = np.log2(pairs["count"] * total / (pairs["f1"] * pairs["f2"]))
    order = [rank_by, "count", "w1", "w2"]
    pairs = pairs.sort_values(order, ascending=[False, False, True, True], kind="stable")
    return pairs[["w1", "w2", "count", "f1", "f2", "expected", "g2", "pmi", "docs"]].reset_index(drop=True)


# --- concordance and dispersion ----------------------------------------------------------------------------

def kwic(tables, term: str | Iterable[str], window: int = 7, by: str = "lemma", include_captions: bool = False,
         merge_names: bool = False, offsets: bool = False) -> pd.DataFrame:
    """Keyword in context: every occurrence of ``term`` (one string or several) in the analysed text.

    ``by="lemma"`` matches the token's ``term`` (lemma, or canonical name with ``merge_names``), ``by="form"``
    its surface text; both ignore case. Contexts are up to ``window`` tokens (punctuation included) each side,
    within the article, joined with the original spacing: a space where the raw text had a gap between two
    tokens, :data:`SEGMENT_BREAK` where a new segment starts. Returns ``query``, ``doc_id``, ``outlet``,
    ``kind``, ``position`` (0–1 along the article's analysed text), ``left``, ``match``, ``right``, and with
    ``offsets`` the match's ``start_char`` and ``end_char`` in the raw file; in query order, then by article
    and position.
    """
    if by not in ("lemma", "form"):
        raise ValueError("by must be 'lemma' or 'form'")
    queries = [term] if isinstance(term, str) else list(term)
    toks = term_tokens(tables, include_captions=include_captions, merge_names=merge_names)
    key = (toks["term"] if by == "lemma" else toks["text"]).str.replace("’", "'", regex=False).str.lower()
    matched = [np.flatnonzero((key == query.replace("’", "'").lower()).to_numpy()) for query in queries]
    at = np.concatenate([np.empty(0, dtype=int), *matched])
    # What each token adds after the one before it (a pilcrow at a new segment, a space where the raw text had
    # a gap), so that a context is its first token's text followed by the next tokens' pieces.
    seg, start, end = (toks[c].to_numpy() for c in ("seg_id", "start_char", "end_char"))
    before = np.where(np.r_[False, seg[1:] != seg[:-1]], SEGMENT_BREAK,
                      np.where(np.r_[False, start[1:] > end[:-1]], " ", ""))
    texts = toks["text"].tolist()
    pieces = [b + t for b, t in zip(before.tolist(), texts)]
    by_doc = toks.groupby("doc_id", sort=False)
    rank = by_doc.cumcount().to_numpy()                        # tokens before this one in its article
    left_from = at - np.minimum(window, rank[at])
    right_to = at + np.minimum(window, by_doc["i"].transform("size").to_numpy()[at] - rank[at] - 1)

    def context(lo: int, hi: int) -> str:
        return texts[lo] + "".join(pieces[lo + 1:hi]) if hi > lo else ""

    found = toks.iloc[at]
    table = pd.DataFrame({
        "query": [query for query, hits in zip(queries, matched) for _ in hits],
        **{c: found[c].to_numpy() for c in ("doc_id", "outlet", "kind", "position", "start_char", "end_char")},
        "left": [context(lo, j) for lo, j in zip(left_from.tolist(), at.tolist())],
        "match": found["text"].to_numpy(),
        "right": [context(j + 1, hi + 1) for j, hi in zip(at.tolist(), right_to.tolist())]})
    return table if offsets else table.drop(columns=["start_char", "end_char"])


def dispersion_by_row(hits: pd.DataFrame, labels: pd.Series, bins: int = 10) -> pd.DataFrame:
    """Where the hits of a :func:`kwic` table fall, per row of a figure, ``labels`` (indexed by ``doc_id``:
    article labels, or :func:`presslens.overview.figure_rows`) giving each article's row.

    One row per distinct label, in order of first appearance, rows without hits included: ``hits``,
    ``articles`` (the row's articles with at least one hit), then one column per ``bins`` equal part of the
    article, headed by where it starts (``"0.00"``, ``"0.10"``, …): the share of the row's hits that fall in
    it (0 for a row without hits).
    """
    names = pd.unique(labels.to_numpy())
    row = hits["doc_id"].map(labels)
    edges = np.linspace(0, 1, bins + 1)
    counts = np.array([np.histogram(hits.loc[row == name, "position"], edges)[0] for name in names],
                      dtype=int).reshape(len(names), bins)
    totals = counts.sum(axis=1)
    table = pd.DataFrame(counts / np.maximum(totals, 1)[:, None], index=pd.Index(names, name="row"),
                         columns=[f"{e:.2f}" for e in edges[:-1]])
    table.insert(0, "articles", hits.groupby(row)["doc_id"].nunique().reindex(names, fill_value=0).to_numpy())
    table.insert(0, "hits", totals)
    return table


def plot_dispersion(hits: pd.DataFrame, labels: pd.Series, ax, title: str = "", bins: int = 10) -> None:
    """AntConc-style dispersion plot on ``ax``: one row per distinct label of ``labels`` (indexed by ``doc_id``:
    article labels, or :func:`presslens.overview.figure_rows`), all of them, so a row without hits is empty,
    with the number of hits at the right. With one article per row, a tick at each hit's relative
    ``position`` from :func:`kwic`; when rows pool articles, each row is a strip shaded by the share of its
    hits in each of ``bins`` equal parts of the article (:func:`dispersion_by_row`), and the count at the
    right says how many of its articles the hits come from."""
    if labels.is_unique:
        names = list(labels.values)
        for row, doc in enumerate(labels.index):
            pos = hits.loc[hits["doc_id"] == doc, "position"]
            ax.vlines(pos, row - 0.35, row + 0.35, color="#08306b", linewidth=1.5)
            ax.text(1.01, row, str(len(pos)), va="center", fontsize=8, transform=ax.get_yaxis_transform())
    else:
        table = dispersion_by_row(hits, labels, bins)
        names = list(table.index)
        shares = table.drop(columns=["hits", "articles"]).to_numpy()
        edges = np.linspace(0, 1, bins + 1)
        darkest = max(shares.max(), 1e-9)   # one colour scale for the panel, so that rows compare
        for row, (share, n_hits, n_docs) in enumerate(zip(shares, table["hits"], table["articles"])):
            ax.pcolormesh(edges, [row - 0.35, row + 0.35], share[None, :], cmap="Blues", vmin=0, vmax=darkest)
            ax.text(1.01, row, f"{n_hits} in {n_docs} art.", va="center", fontsize=8,
                    transform=ax.get_yaxis_transform())
    ax.set_yticks(range(len(names)), names, fontsize=8)
    ax.set_ylim(len(names) - 0.5, -0.5)
    ax.set_xlim(0, 1)
    for y in np.arange(len(names) - 1) + 0.5:
        ax.axhline(y, color="#dddddd", linewidth=0.6)
    if title:
        ax.set_title(title, fontsize=10, loc="left")
