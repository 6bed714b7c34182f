"""The speech lexicon's word classes, without parsing (fast)."""
from presslens.annotate.speech import human_noun


def test_nouns_name_people_by_their_form_not_things_that_share_it():
    assert all(human_noun(w) for w in ("consul", "sénatrice", "mandataire", "physicien", "lyonnais", "diplomate"))
    assert not any(human_noun(w) for w in ("secteur", "lanceur", "dossier", "frontière", "montant", "cellule"))
