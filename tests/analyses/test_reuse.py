"""Text reuse on texts written for the tests: shingle alignment, passages across three articles, repeats
inside one article, raw offsets and the per-token ``in_shared_passage`` flag."""
import re

import pandas as pd
import pytest
from presslens import analyses as an
from presslens import folding


_TOKEN = re.compile(r"[^\W\d_]+'|\w+(?:-\w+)*|[^\w\s]")


def tokens_from_texts(texts: dict[str, str]) -> pd.DataFrame:
    """A tokens-like table from raw texts: one row per word or punctuation mark with raw offsets, a sentence
    number that advances after . ! ?, ``lemma`` (the lower-cased word) and ``in_quote`` (inside « »)."""
    rows = []
    for doc, text in texts.items():
        sent, quoted = 0, False
        for m in _TOKEN.finditer(text):
            tok = m.group()
            punct = not (tok[0].isalnum() or tok[0] == "_")
            if tok == "»":
                quoted = False
            rows.append({"doc_id": doc, "sent_id": sent, "i": len(rows), "text": tok, "lemma": tok.lower(),
                         "is_punct": punct, "in_quote": quoted and not punct, "start_char": m.start(),
                         "end_char": m.end()})
            if tok == "«":
                quoted = True
            if tok in ".!?":
                sent += 1
    return pd.DataFrame(rows)


PASSAGE = ("les stocks de munitions de Pyongyang ont servi à ravitailler massivement l'armée russe "
           "selon les services occidentaux")


def _reuse(texts, **kwargs):
    tokens = tokens_from_texts(texts)
    words = an.reuse.words(tokens)
    alignments = an.reuse.align(words, **kwargs)
    return tokens, words, alignments, an.reuse.passages(words, alignments)


def test_fold_keeps_length():
    text = "Corée du Nord’s RÉGIME à l’Élysée"
    assert folding.fold(text) == "coree du nord's regime a l'elysee"
    assert len(folding.fold(text)) == len(text)


def test_fold_is_the_per_character_definition():
    import unicodedata

    text = "".join(chr(c) for c in range(0x20, 0x3000)) + "’‘ʼ\u00a0\u202f‐‑ﬁİẞŒ"
    expected = "".join(unicodedata.normalize("NFKD", ch.lower())[:1] for ch in text.translate(folding._FOLD))
    assert folding.fold(text) == expected
    assert folding.fold(text) == expected           # a second pass reads the remembered characters


def test_sensitivity_counts_what_align_finds_at_each_threshold():
    texts = {"a": f"Lundi à Moscou, {PASSAGE}. Le Kremlin dément.",
             "b": f"Des experts rappellent que {PASSAGE}, sans preuve publique.",
             "c": "Pour Séoul, les stocks de munitions de Pyongyang ont servi. La Chine se tait."}
    tokens = tokens_from_texts(texts)
    table = an.reuse.sensitivity(tokens, [4, 6, 12, 30], n=4).set_index("min_words")
    for min_words in (4, 6, 12, 30):
        _, _, alignments, passages = _reuse(texts, n=4, min_words=min_words)
        assert table.loc[min_words, "alignments"] == len(alignments)
        assert table.loc[min_words, "passages"] == passages["passage_id"].nunique()
    assert table.loc[30, "alignments"] == 0 and table.loc[4, "alignments"] > table.loc[12, "alignments"] > 0
    given = an.reuse.sensitivity(tokens, [4, 6, 12, 30], n=4, found=an.reuse.words(tokens)).set_index("min_words")
    pd.testing.assert_frame_equal(given, table)     # words passed on by the caller: the same table


def test_passage_shared_by_three_articles_is_one_passage_with_raw_offsets():
    texts = {"a": f"Lundi à Moscou, {PASSAGE}. Le Kremlin dément.",
             "b": f"Des experts rappellent que {PASSAGE}, sans preuve publique.",
             "c": f"Pour Séoul, {PASSAGE}. La Chine se tait.",
             "d": "Un texte sans rapport avec les autres, qui parle de la météo à Hanoï demain matin."}
    _, _, alignments, passages = _reuse(texts, n=5, min_words=8)
    assert len(alignments) == 3                      # a–b, a–c, b–c
    assert passages["passage_id"].nunique() == 1
    assert sorted(passages["doc_id"]) == ["a", "b", "c"]
    assert set(passages["n_docs"]) == {3} and set(passages["n_spans"]) == {3}
    for row in passages.itertuples():
        start = texts[row.doc_id].index(PASSAGE)
        assert (row.start_char, row.end_char) == (start, start + len(PASSAGE))
        assert texts[row.doc_id][row.start_char:row.end_char] == PASSAGE


def test_passage_repeated_inside_one_article_is_a_repeat_not_shared():
    texts = {"a": f"{PASSAGE}. Puis le journal ajoute autre chose. En résumé, {PASSAGE}.",
             "b": "Le président russe est arrivé mardi soir dans la capitale nord-coréenne pour deux jours."}
    tokens, _, alignments, passages = _reuse(texts, n=5, min_words=8)
    assert list(zip(alignments["doc_a"], alignments["doc_b"])) == [("a", "a")]
    assert len(passages) == 2 and set(passages["n_docs"]) == {1} and set(passages["n_spans"]) == {2}
    first, second = (texts["a"].index(PASSAGE), texts["a"].rindex(PASSAGE))
    assert list(passages["start_char"]) == [first, second]
    assert not an.reuse.in_shared_passage(tokens, passages).any()
    repeated = an.reuse.covered(tokens, passages)
    assert repeated[tokens["doc_id"] == "a"].sum() > 0 and not repeated[tokens["doc_id"] == "b"].any()


def test_repeat_inside_an_article_and_shared_with_another_is_one_passage():
    texts = {"a": f"{PASSAGE}. Rien d'autre ici. {PASSAGE}.", "b": f"Selon nos sources, {PASSAGE}."}
    _, _, alignments, passages = _reuse(texts, n=5, min_words=8)
    assert len(alignments) == 3                      # a¹–a², a¹–b, a²–b
    assert passages["passage_id"].nunique() == 1
    assert list(passages["doc_id"]) == ["a", "a", "b"]
    assert set(passages["n_docs"]) == {2} and set(passages["n_spans"]) == {3}


def test_periodic_run_is_not_a_repeat():
    texts = {"a": "oui non oui non oui non oui non oui non oui non oui non oui non oui non"}
    _, _, alignments, passages = _reuse(texts, n=3, min_words=4)
    overlapping = alignments[alignments["w_start_b"] < alignments["w_end_a"]]
    assert overlapping.empty
    assert (passages["n_docs"] == 1).all()


def test_substituted_word_is_bridged_up_to_max_gap():
    edited = PASSAGE.replace("massivement", "largement")
    texts = {"a": f"Hier, {PASSAGE}.", "b": f"Aujourd'hui, {edited}."}
    _, _, bridged, _ = _reuse(texts, n=4, min_words=4, max_gap=2)
    _, _, split, _ = _reuse(texts, n=4, min_words=4, max_gap=0)
    assert len(bridged) == 1 and bridged["words"].iloc[0] == len(PASSAGE.split()) + 1   # l'armée is two words
    assert len(split) == 2


def test_short_stock_phrase_is_below_min_words():
    texts = {"a": "Le président russe Vladimir Poutine est arrivé.",
             "b": "Hier, le président russe Vladimir Poutine a parlé."}
    assert _reuse(texts, n=5, min_words=8)[2].empty
    assert len(_reuse(texts, n=5, min_words=5)[2]) == 1


def test_hyphenated_names_match_their_spaced_spelling():
    texts = {"a": "Il a rencontré le dirigeant nord-coréen Kim Jong-un à Pyongyang mercredi soir.",
             "b": "Poutine a rencontré le dirigeant nord coréen Kim Jong Un à Pyongyang mercredi."}
    _, _, alignments, _ = _reuse(texts, n=5, min_words=10)
    assert len(alignments) == 1 and alignments["words"].iloc[0] == 12   # « a rencontré … mercredi »


def test_in_shared_passage_flags_exactly_the_passage_tokens():
    texts = {"a": f"Lundi, {PASSAGE}. Fin.", "b": f"Mardi, {PASSAGE}. Autre fin."}
    tokens, words, alignments, passages = _reuse(texts, n=5, min_words=8)
    flag = an.reuse.in_shared_passage(tokens, passages)
    assert flag.name == "in_shared_passage" and flag.index.equals(tokens.index)
    inside = tokens[flag]
    for doc, text in texts.items():
        start = text.index(PASSAGE)
        mine = inside[inside["doc_id"] == doc]
        assert mine["start_char"].min() == start and mine["end_char"].max() == start + len(PASSAGE)
    assert not flag[tokens["text"].isin(["Lundi", "Mardi", "Fin", "Autre"])].any()


def test_side_by_side_gives_both_texts():
    texts = {"a": f"« {PASSAGE} », dit-il.", "b": f"On lit que {PASSAGE}."}
    tokens, words, alignments, passages = _reuse(texts, n=5, min_words=8)
    table = an.reuse.side_by_side(alignments, passages, words, tokens)
    assert list(table["passage_id"]) == ["P01"]
    assert table.loc[0, "text_a"] == PASSAGE == table.loc[0, "text_b"]


@pytest.mark.parametrize("n", [3, 5, 7])
def test_nothing_shared_between_unrelated_texts(n):
    texts = {"a": "Le train blindé est arrivé à la gare frontalière dans la nuit de mardi.",
             "b": "Les experts doutent que le traité change l'équilibre militaire de la région."}
    assert _reuse(texts, n=n, min_words=n)[3].empty


def test_overlapping_spans_in_one_article_join_one_passage():
    words = PASSAGE.split()            # 14 words; l'armée makes 15 shingle words
    head, tail = " ".join(words[:10]), " ".join(words[5:])
    texts = {"a": f"Hier, {PASSAGE}.", "b": f"Selon lui, {head}.", "c": f"Ensuite {tail}."}
    _, _, alignments, passages = _reuse(texts, n=4, min_words=8)
    # b and c share only five words, so a's two overlapping spans are what joins them.
    assert not ((alignments["doc_a"] == "b") & (alignments["doc_b"] == "c")).any()
    assert passages["passage_id"].nunique() == 1 and set(passages["n_docs"]) == {3}
    span_a = passages[passages["doc_id"] == "a"].iloc[0]
    assert texts["a"][span_a["start_char"]:span_a["end_char"]] == PASSAGE


def test_text_printed_in_more_than_max_df_articles_seeds_nothing():
    """A passage in every article of a large corpus (boilerplate, a reprinted wire story) is ignored above
    ``max_df`` articles, as passim does, while a passage two articles share is still found."""
    texts = {f"w{k:03d}": f"Dépêche numéro {k}. {PASSAGE}. Fin de la dépêche {k}." for k in range(6)}
    texts["x"] = "Lundi à Moscou, le Kremlin a salué un partenariat stratégique global avec la Corée du Nord."
    texts["y"] = "Selon Séoul, le Kremlin a salué un partenariat stratégique global avec la Corée du Nord hier."
    everywhere = _reuse(texts, n=5, min_words=8)[2]
    assert {"w000", "w005"} <= set(everywhere["doc_a"]) | set(everywhere["doc_b"])
    capped = _reuse(texts, n=5, min_words=8, max_df=5)[2]
    assert set(capped["doc_a"]) | set(capped["doc_b"]) == {"x", "y"}
    table = an.reuse.sensitivity(tokens_from_texts(texts), [8], n=5, max_df=5).set_index("min_words")
    assert table.loc[8, "alignments"] == len(capped)
