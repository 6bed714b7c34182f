"""Analyses over tables larger than memory: DuckDB views on the cache's Parquet partitions.

``Warehouse(corpus)`` exposes the annotation tables as views (``segments``, ``sentences``, ``tokens``,
``entities``, ``quotes``, ``frames``), restricted to the corpus's current cache keys and carrying ``doc_id``,
plus ``articles``. The aggregations the notebooks need — lemma and entity frequencies per outlet, keyness
counts, entity co-occurrence in sentences, frame shares — run inside DuckDB and return small DataFrames.
Nothing here imports spaCy or loads a whole table into pandas.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import chi2

from ..annotate.cache import DOC_TABLES, annotation_store
from ..corpus.directory import Corpus
from ..errors import StaleCacheError
from ..annotate.frames import FramesStage
from ..clean.segment import DEFAULT_KINDS
from ..annotate.plan import Plan
from ..tables import articles_table
from .stats import g2, log_ratio
from .vocabulary import CONTENT_POS, ELIDED


class Warehouse:
    """DuckDB over one corpus's cached tables (see the module docstring)."""

    def __init__(self, corpus: str | Corpus | None = None, model: str | None = None, threads: int | None = None):
        import duckdb

        corpus = corpus if isinstance(corpus, Corpus) else Corpus.find(corpus)
        plan = Plan.of(corpus, model)
        missing = plan.missing()
        if missing:
            raise StaleCacheError(f"{len(missing)} article(s) have no fresh annotation; run `presslens annotate`")
        self.con = duckdb.connect()
        if threads:
            self.con.execute(f"SET threads = {int(threads)}")
        articles = articles_table(corpus, plan.rows)
        stage = FramesStage.of(corpus)
        keys = pd.DataFrame({"doc_id": list(plan.keys), "key": list(plan.keys.values()),
                             "frames_key": [stage.key(k) for k in plan.keys.values()]})
        self.con.register("articles", articles)
        self.con.register("doc_keys", keys)
        store = annotation_store(corpus.cache_dir)
        for table in DOC_TABLES:
            self._view(table, store.glob(table), "key")
        if stage.codebook is not None:
            self._view("frames", stage.store.glob("frames"), "frames_key")

    def _view(self, name: str, glob: str, key_column: str) -> None:
        self.con.execute(f"""
            CREATE VIEW {name} AS
            SELECT k.doc_id, t.* EXCLUDE (key)
            FROM read_parquet('{glob}', union_by_name = true) t
            JOIN doc_keys k ON t.key = k.{key_column}""")

    def sql(self, query: str, **params) -> pd.DataFrame:
        """Run ``query`` (``$name`` parameters from ``params``) and return the result as a DataFrame."""
        return self.con.execute(query, params or None).df()

    def content_terms(self, include_captions: bool = False) -> str:
        """SQL for content tokens with a ``term`` column: the same rules as :func:`presslens.analyses.vocabulary.content_tokens`."""
        kinds = DEFAULT_KINDS + (("caption",) if include_captions else ())
        kind_list = ", ".join(f"'{k}'" for k in kinds)
        pos_list = ", ".join(f"'{p}'" for p in CONTENT_POS)
        elided = ", ".join("'" + e.replace("'", "''") + "'" for e in sorted(ELIDED))
        return f"""
            SELECT t.*, a.outlet, a.event, a.phase,
                   CASE WHEN t.pos = 'PROPN' THEN replace(t.lemma, '’', '''')
                        ELSE lower(replace(t.lemma, '’', '''')) END AS term
            FROM tokens t JOIN articles a USING (doc_id)
            WHERE t.kind IN ({kind_list}) AND t.pos IN ({pos_list})
              AND NOT t.is_stop AND NOT t.is_punct AND NOT t.like_num
              AND lower(replace(t.lemma, '’', '''')) NOT IN ({elided})
              AND length(regexp_replace(t.lemma, '[^[:alpha:]]', '', 'g')) >= 2"""

    def term_frequencies(self, by: str = "outlet", top: int | None = None, include_captions: bool = False) -> pd.DataFrame:
        """Content-term counts per group (``by``: an articles column), with the rate per 1,000 content
        tokens of the group; the ``top`` most frequent per group when given."""
        limit = f"WHERE rank <= {int(top)}" if top else ""
        return self.sql(f"""
            WITH terms AS ({self.content_terms(include_captions)}),
            counts AS (SELECT {by} AS grp, term, count(*) AS n FROM terms GROUP BY 1, 2),
            ranked AS (SELECT *, 1000.0 * n / sum(n) OVER (PARTITION BY grp) AS per_1000,
                              row_number() OVER (PARTITION BY grp ORDER BY n DESC, term) AS rank FROM counts)
            SELECT grp AS {by}, term, n, per_1000 FROM ranked {limit} ORDER BY grp, n DESC, term""")

    def entity_frequencies(self, by: str = "outlet", top: int | None = None) -> pd.DataFrame:
        """Mentions of each canonical entity (kept mentions of analysed kinds) per group."""
        kinds = ", ".join(f"'{k}'" for k in DEFAULT_KINDS)
        limit = f"WHERE rank <= {int(top)}" if top else ""
        return self.sql(f"""
            WITH counts AS (
                SELECT a.{by} AS grp, e.canonical, e.label, count(*) AS n
                FROM entities e JOIN articles a USING (doc_id)
                WHERE e.keep AND e.kind IN ({kinds}) GROUP BY 1, 2, 3),
            ranked AS (SELECT *, row_number() OVER (PARTITION BY grp ORDER BY n DESC, canonical) AS rank FROM counts)
            SELECT grp AS {by}, canonical, label, n FROM ranked {limit} ORDER BY grp, n DESC, canonical""")

    def keyness(self, column: str, value: str, min_freq: int = 3, min_range: int = 2, alpha: float = 0.05) -> pd.DataFrame:
        """Keyness of the articles whose ``column`` equals ``value`` against the rest: the counts come from
        DuckDB, the statistics from :mod:`presslens.analyses.stats` (same G² and Log Ratio as the notebooks)."""
        counts = self.sql(f"""
            WITH terms AS ({self.content_terms()}),
            flagged AS (SELECT term, doc_id, ({column} = $value) AS target FROM terms)
            SELECT term,
                   count(*) FILTER (WHERE target) AS freq_target,
                   count(*) FILTER (WHERE NOT target) AS freq_reference,
                   count(DISTINCT doc_id) FILTER (WHERE target) AS docs_target,
                   count(DISTINCT doc_id) FILTER (WHERE NOT target) AS docs_reference
            FROM flagged GROUP BY term""", value=value)
        c, d = int(counts["freq_target"].sum()), int(counts["freq_reference"].sum())
        tested = counts[(counts["freq_target"] + counts["freq_reference"] >= min_freq)
                        & (counts["docs_target"] + counts["docs_reference"] >= min_range)].copy()
        tested["g2"] = g2(tested["freq_target"], tested["freq_reference"], c, d)
        tested["log_ratio"] = log_ratio(tested["freq_target"], tested["freq_reference"], c, d)
        tested["p_bonferroni"] = np.minimum(1.0, chi2.sf(tested["g2"], df=1) * max(len(tested), 1))
        tested["significant"] = tested["p_bonferroni"] < alpha
        return tested.sort_values(["g2", "term"], ascending=[False, True], kind="stable").reset_index(drop=True)

    def cooccurrence(self, labels: tuple[str, ...] = ("PER", "ORG", "LOC"), min_count: int = 1) -> pd.DataFrame:
        """Pairs of canonical entities named in the same sentence, with the number of sentences."""
        label_list = ", ".join(f"'{l}'" for l in labels)
        return self.sql(f"""
            WITH m AS (SELECT DISTINCT doc_id, sent_id, canonical FROM entities
                       WHERE keep AND label IN ({label_list}))
            SELECT a.canonical AS source, b.canonical AS target, count(*) AS sentences
            FROM m a JOIN m b ON a.doc_id = b.doc_id AND a.sent_id = b.sent_id AND a.canonical < b.canonical
            GROUP BY 1, 2 HAVING count(*) >= {int(min_count)} ORDER BY sentences DESC, source, target""")

    def frame_shares(self, by: str = "outlet") -> pd.DataFrame:
        """Share of analysed sentences carrying each frame, per group."""
        kinds = ", ".join(f"'{k}'" for k in DEFAULT_KINDS)
        return self.sql(f"""
            WITH s AS (SELECT s.doc_id, s.sent_id, a.{by} AS grp FROM sentences s JOIN articles a USING (doc_id)
                       WHERE s.kind IN ({kinds})),
            totals AS (SELECT grp, count(*) AS sentences FROM s GROUP BY grp),
            hits AS (SELECT DISTINCT f.doc_id, f.sent_id, f.frame FROM frames f)
            SELECT s.grp AS {by}, h.frame, count(*) AS sentences_with_frame, t.sentences,
                   count(*) * 1.0 / t.sentences AS share
            FROM s JOIN hits h USING (doc_id, sent_id) JOIN totals t USING (grp)
            GROUP BY s.grp, h.frame, t.sentences ORDER BY s.grp, h.frame""")
