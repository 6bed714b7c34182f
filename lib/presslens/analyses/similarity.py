"""Similarity between articles: cosine similarity of TF-IDF vectors, nearest neighbours and the
average-linkage clustering that orders the similarity heatmap."""
from __future__ import annotations

import numpy as np
import pandas as pd


def _identity(terms):
    """Analyzer for scikit-learn: the document already is its list of terms."""
    return terms


def tfidf_similarity(content: pd.DataFrame, doc_ids, column: str = "term") -> pd.DataFrame:
    """Cosine similarity of the articles' TF-IDF vectors over ``content`` terms (from
    :func:`presslens.analyses.vocabulary.content_tokens`). Smoothed IDF, L2-normalised raw counts (scikit-learn's
    defaults). Returns a square DataFrame indexed and labelled by ``doc_ids`` (an article with no term is all 0)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    terms = content.groupby("doc_id", sort=False)[column].agg(list)   # one pass, not one mask per article
    docs = [terms.get(d, []) for d in doc_ids]
    matrix = TfidfVectorizer(analyzer=_identity, lowercase=False).fit_transform(docs)
    return pd.DataFrame(cosine_similarity(matrix), index=list(doc_ids), columns=list(doc_ids))


def nearest_neighbours(similarity: pd.DataFrame) -> pd.DataFrame:
    """Each article's most similar other article (ties broken by ``doc_id``): ``doc_id``, ``nearest``,
    ``similarity``, and the runner-up's similarity (``next``) so a reader sees how clear the choice is.
    ``similarity`` is square, with the same unique labels on both axes (as :func:`tfidf_similarity` returns)."""
    docs = np.asarray(similarity.index, dtype=object)
    # Columns in doc_id order: argmax takes the first of equal values, so a tie goes to the smallest doc_id.
    order = np.argsort(docs, kind="stable")
    values = similarity.loc[docs, docs[order]].to_numpy(dtype=float, copy=True)
    values[np.arange(len(docs)), np.argsort(order, kind="stable")] = -np.inf   # an article is not its own neighbour
    best = values.argmax(axis=1)
    top = values[np.arange(len(docs)), best]
    runner_up = np.sort(values, axis=1)[:, -2] if len(docs) > 2 else np.full(len(docs), np.nan)
    rows = zip(docs.tolist(), docs[order][best].tolist(), top.tolist(), runner_up.tolist())
    return pd.DataFrame(list(rows), columns=["doc_id", "nearest", "similarity", "next"])


def cluster_order(similarity: pd.DataFrame):
    """Average-linkage clustering on ``1 − similarity``: returns ``(linkage, leaf order as doc_ids)``."""
    from scipy.cluster.hierarchy import leaves_list, linkage
    from scipy.spatial.distance import squareform

    distance = (1 - similarity.to_numpy()).clip(min=0)
    np.fill_diagonal(distance, 0)
    link = linkage(squareform(distance, checks=False), method="average")
    return link, [similarity.index[k] for k in leaves_list(link)]
