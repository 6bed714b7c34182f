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
from collections import Counter
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
    toks["is_word"] = ~toks["is_punct"] & (toks["pos"] != "SPACE")
    toks["is_content"] = (toks["pos"].isin(CONTENT_POS) & ~toks["is_stop"] & ~toks["is_punct"] & ~toks["like_num"]
                          & ~lemma.str.lower().isin(ELIDED) & (lemma.str.count(r"[^\W\d_]") >= 2))
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
    located = pd.merge_asof(toks.reset_index().sort_values("start_char", kind="stable"), ents,
                            left_on="start_char", right_on="ent_start", by="doc_id", direction="backward")
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
    derived = (list(tables.select("tokens", include_captions)["lemma"])
               + list(tables.select("entities", include_captions)["canonical"]))
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


def mattr(items: Sequence, window: int = 50) -> float:
    """Moving-average type–token ratio: the mean TTR of every window of ``window`` consecutive items.

    A sequence no longer than the window has a single window, the whole sequence (its TTR).
    """
    if window < 1:
        raise ValueError("window must be at least 1")
    items = list(items)
    if len(items) <= window:
        return ttr(items)
    counts = Counter(items[:window])
    total = len(counts)
    for out, new in zip(items, items[window:]):   # slide by one: drop ``out``, add ``new``
        counts[out] -= 1
        if counts[out] == 0:
            del counts[out]
        counts[new] += 1
        total += len(counts)
    return total / (len(items) - window + 1) / window


def _word_sequences(words: pd.DataFrame, column: str) -> dict[str, list[str]]:
    """Each article's words (lower-cased ``column``), in reading order, keyed by ``doc_id``."""
    w = words[words["is_word"]]
    return {doc: list(values) for doc, values in w[column].str.lower().groupby(w["doc_id"], sort=True)}


def lexical_diversity(words: pd.DataFrame, window: int = 50, column: str = "text") -> pd.DataFrame:
    """Per article of a :func:`term_tokens` table: ``words``, ``types`` (distinct lower-cased ``column``:
    word forms by default), ``ttr`` and ``mattr`` (with ``window``)."""
    rows = [(doc, len(seq), len(set(seq)), ttr(seq), mattr(seq, window))
            for doc, seq in _word_sequences(words, column).items()]
    return pd.DataFrame(rows, columns=["doc_id", "words", "types", "ttr", "mattr"]).set_index("doc_id")


def diversity_curve(words: pd.DataFrame, window: int = 50, step: int = 50, column: str = "text") -> pd.DataFrame:
    """TTR and MATTR of each article's first ``step``, ``2·step``, … words and of the whole article: how each
    measure moves as the same text gets longer. Columns ``doc_id``, ``words``, ``ttr``, ``mattr``."""
    rows = []
    for doc, seq in _word_sequences(words, column).items():
        for n in sorted(set(range(step, len(seq), step)) | {len(seq)}):
            rows.append((doc, n, ttr(seq[:n]), mattr(seq[:n], window)))
    return pd.DataFrame(rows, columns=["doc_id", "words", "ttr", "mattr"])


def plot_diversity_curve(curve: pd.DataFrame, labels: pd.Series, ax) -> None:
    """TTR (solid) and MATTR (dashed) against words read, one colour per article, on ``ax``."""
    palette = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666"]
    for k, (doc, rows) in enumerate(curve.groupby("doc_id", sort=True)):
        colour = palette[k % len(palette)]
        ax.plot(rows["words"], rows["ttr"], "-", color=colour, label=labels.get(doc, doc))
        ax.plot(rows["words"], rows["mattr"], "--", color=colour)
    ax.plot([], [], "-", color="#333333", label="TTR (solid)")
    ax.plot([], [], "--", color="#333333", label="MATTR (dashed)")
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
        shifted = w.groupby("run")[[column, "is_content"]].shift(-k)
        parts[f"w{k + 1}"] = shifted[column]
        parts[f"c{k + 1}"] = shifted["is_content"]
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
    joined = grams[[f"w{k + 1}" for k in range(n)]].agg(" ".join, axis=1).str.replace("' ", "'", regex=False)
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

def _join(rows: pd.DataFrame) -> str:
    """Tokens' text joined as in the original: a space where the raw text had a gap between two tokens,
    :data:`SEGMENT_BREAK` where a new segment starts."""
    out = []
    prev_end = prev_seg = None
    for text, start, end, seg in zip(rows["text"], rows["start_char"], rows["end_char"], rows["seg_id"]):
        if prev_seg is not None:
            out.append(SEGMENT_BREAK if seg != prev_seg else (" " if start > prev_end else ""))
        out.append(text)
        prev_end, prev_seg = end, seg
    return "".join(out)


def kwic(tables, term: str | Iterable[str], window: int = 7, by: str = "lemma", include_captions: bool = False,
         merge_names: bool = False, offsets: bool = False) -> pd.DataFrame:
    """Keyword in context: every occurrence of ``term`` (one string or several) in the analysed text.

    ``by="lemma"`` matches the token's ``term`` (lemma, or canonical name with ``merge_names``), ``by="form"``
    its surface text; both ignore case. Contexts are up to ``window`` tokens (punctuation included) each side,
    within the article, joined with the original spacing. Returns ``query``, ``doc_id``, ``outlet``, ``kind``,
    ``position`` (0–1 along the article's analysed text), ``left``, ``match``, ``right``, and with ``offsets``
    the match's ``start_char`` and ``end_char`` in the raw file; in query order, then by article and position.
    """
    if by not in ("lemma", "form"):
        raise ValueError("by must be 'lemma' or 'form'")
    queries = [term] if isinstance(term, str) else list(term)
    toks = term_tokens(tables, include_captions=include_captions, merge_names=merge_names)
    key = (toks["term"] if by == "lemma" else toks["text"]).str.replace("’", "'", regex=False).str.lower()
    rows = []
    for query in queries:
        hits = np.flatnonzero((key == query.replace("’", "'").lower()).to_numpy())
        for j in hits:
            doc = toks.at[j, "doc_id"]
            lo, hi = j, j
            while lo > 0 and j - lo < window and toks.at[lo - 1, "doc_id"] == doc:
                lo -= 1
            while hi + 1 < len(toks) and hi - j < window and toks.at[hi + 1, "doc_id"] == doc:
                hi += 1
            rows.append((query, doc, toks.at[j, "outlet"], toks.at[j, "kind"], float(toks.at[j, "position"]),
                         int(toks.at[j, "start_char"]), int(toks.at[j, "end_char"]),
                         _join(toks.iloc[lo:j]), toks.at[j, "text"], _join(toks.iloc[j + 1:hi + 1])))
    table = pd.DataFrame(rows, columns=["query", "doc_id", "outlet", "kind", "position", "start_char", "end_char",
                                        "left", "match", "right"])
    return table if offsets else table.drop(columns=["start_char", "end_char"])


def plot_dispersion(hits: pd.DataFrame, labels: pd.Series, ax, title: str = "") -> None:
    """AntConc-style dispersion plot on ``ax``: one row per article of ``labels`` (all of them, so an
    article without hits shows an empty row), a tick at each hit's relative ``position`` from :func:`kwic`,
    and the number of hits at the right."""
    docs = list(labels.index)
    for row, doc in enumerate(docs):
        pos = hits.loc[hits["doc_id"] == doc, "position"]
        ax.vlines(pos, row - 0.35, row + 0.35, color="#08306b", linewidth=1.5)
        ax.text(1.01, row, str(len(pos)), va="center", fontsize=8, transform=ax.get_yaxis_transform())
    ax.set_yticks(range(len(docs)), labels.values, fontsize=8)
    ax.set_ylim(len(docs) - 0.5, -0.5)
    ax.set_xlim(0, 1)
    for y in np.arange(len(docs) - 1) + 0.5:
        ax.axhline(y, color="#dddddd", linewidth=0.6)
    if title:
        ax.set_title(title, fontsize=10, loc="left")
