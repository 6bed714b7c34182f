"""Similarity between articles: cosine similarity of TF-IDF vectors, nearest neighbours and the
average-linkage clustering that orders the similarity heatmap."""
from __future__ import annotations

import numpy as np
import pandas as pd


def _l2_rows(data: np.ndarray, indptr: np.ndarray) -> np.ndarray:
    """In: the ``data`` and ``indptr`` of a CSR matrix. Out: its data with each row divided by the row's L2 norm
    (rows of zeros left alone), the squares summed one after another in stored order, as scikit-learn's
    ``normalize`` does (its Cython loop), so that the floats are the same: numpy's own sums add pairwise."""
    out = data.copy()
    for a, b in zip(indptr[:-1].tolist(), indptr[1:].tolist()):
        if a == b:
            continue
        total = np.cumsum(data[a:b] * data[a:b])[-1]
        if total != 0.0:
            out[a:b] = data[a:b] / np.sqrt(total)
    return out


def tfidf_similarity(content: pd.DataFrame, doc_ids, column: str = "term") -> pd.DataFrame:
    """Cosine similarity of the articles' TF-IDF vectors over ``content`` terms (from
    :func:`presslens.analyses.vocabulary.content_tokens`). Smoothed IDF, L2-normalised raw counts. Returns a
    square DataFrame indexed and labelled by ``doc_ids`` (an article with no term is all 0).

    The floats are those of scikit-learn's ``TfidfVectorizer`` (defaults, each article's terms as its tokens)
    followed by ``cosine_similarity`` (a unit test compares them bit for bit), computed with scipy.sparse
    because importing scikit-learn costs a notebook over a second. Sums of floats depend on their order, so
    the sparse matrix is built as scikit-learn builds it: a row's entries in the order the corpus first met
    their terms, columns numbered in the terms' sorted order, the same IDF, two L2 normalisations (the
    vectorizer's, then the cosine's) and the same sparse product."""
    from scipy import sparse

    doc_ids = list(doc_ids)
    terms = content.groupby("doc_id", sort=False)[column].agg(list)   # one pass, not one mask per article
    docs = [terms.get(d, []) for d in doc_ids]
    flat = [t for doc in docs for t in doc]
    if not flat:
        return pd.DataFrame(0.0, index=doc_ids, columns=doc_ids)
    first_seen, vocabulary = pd.factorize(pd.Series(flat, dtype=object), sort=False)
    row = np.repeat(np.arange(len(docs), dtype=np.int64), [len(doc) for doc in docs])
    # Entries sorted by article, then by the term's first appearance (CountVectorizer's sort_indices before
    # its columns are renumbered alphabetically); counts of repeated terms.
    pairs, counts = np.unique(row * len(vocabulary) + first_seen, return_counts=True)
    column_of = np.empty(len(vocabulary), dtype=np.int32)
    column_of[np.argsort(np.asarray(vocabulary, dtype=object), kind="stable")] = np.arange(len(vocabulary))
    indices = column_of[pairs % len(vocabulary)]
    indptr = np.r_[0, np.cumsum(np.bincount(pairs // len(vocabulary), minlength=len(docs)))].astype(np.int32)
    df = np.bincount(indices, minlength=len(vocabulary)).astype(np.float64) + 1.0
    idf = np.full_like(df, len(docs) + 1, dtype=np.float64)
    idf /= df
    np.log(idf, out=idf)
    idf += 1.0
    data = _l2_rows(_l2_rows(counts.astype(np.float64) * idf[indices], indptr), indptr)
    matrix = sparse.csr_array((data, indices, indptr), shape=(len(docs), len(vocabulary)))
    return pd.DataFrame((matrix @ matrix.T).toarray(), index=doc_ids, columns=doc_ids)


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
