"""Article and outlet profiles: what each article is made of (words per kind, sentences, paragraphs,
captions), how much of it is quoted, and how many voices it quotes.

Shares come with bootstrap intervals over sentences (:func:`presslens.analyses.stats.share_interval`).
"""
from __future__ import annotations

import pandas as pd

from .overview import with_outlet, words_by_kind
from .stats import share_interval


def quoted_voices(tables, include_captions: bool = False) -> pd.DataFrame:
    """Who each article quotes, from the ``quotes`` table: one row per article and attributed speaker, with
    ``doc_id``, ``voice`` (the canonical speaker), ``camp`` and ``quotes`` (how many of the article's quotes
    are theirs), in article then voice order. Quotes whose speaker is ``unknown`` are left out, and so are
    quotes in captions unless ``include_captions``. A voice is only as right as the attribution: the held-out
    speaker accuracy is reported in ``04_framing``."""
    q = tables.quotes
    q = q[q["segment_kind"].isin(tables.kinds(include_captions)) & q["speaker"].ne("unknown") & q["speaker"].ne("")]
    voices = q.groupby(["doc_id", "speaker"], sort=True).agg(camp=("camp", "first"), quotes=("text", "size"))
    return voices.reset_index().rename(columns={"speaker": "voice"})


def article_profiles(tables, include_captions: bool = False, n_boot: int = 1000, seed: int = 0) -> pd.DataFrame:
    """One row per article (index ``doc_id``): what it is made of and how it quotes.

    Words per kind are counted as in ``00_corpus`` (:func:`presslens.analyses.overview.words_by_kind`); sentences,
    words (non-punctuation tokens), mean sentence length and the quoted share read the analysed kinds
    (captions on request). ``paragraphs`` counts kept body segments, ``captions`` kept caption segments.
    ``quoted_share`` (words inside quotation marks) has a bootstrap interval over sentences; ``voices`` is
    the number of distinct attributed speakers (:func:`quoted_voices`).
    """
    arts = tables.articles.set_index("doc_id")
    toks = tables.select("tokens", include_captions=include_captions)
    words = toks[~toks["is_punct"]]
    kinds = words_by_kind(tables)
    kept = tables.segments[tables.segments["kept"]]
    quoted = share_interval(words, "in_quote", ["doc_id"], n_boot=n_boot, seed=seed).set_index("doc_id")
    voices = quoted_voices(tables, include_captions).groupby("doc_id")["voice"].nunique()
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
    voices = with_outlet(quoted_voices(tables, include_captions), tables.articles).groupby("outlet")["voice"].nunique()
    out["voices"] = voices.reindex(out.index).fillna(0).astype(int)
    return out


def voices_by(voices: pd.DataFrame, articles: pd.DataFrame, by: str = "event") -> pd.DataFrame:
    """Attributed speakers (from :func:`quoted_voices`) listed per ``by`` group: ``by``, ``articles`` (that quote),
    ``voices`` (count) and ``names`` (alphabetical, ``; ``-separated)."""
    rows = with_outlet(voices, articles)
    table = rows.groupby(by, sort=True).agg(articles=("doc_id", "nunique"), voices=("voice", "nunique"),
                                            names=("voice", lambda v: "; ".join(sorted(set(v)))))
    return table.reset_index()


