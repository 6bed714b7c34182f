"""The speech lexicon's word classes, without parsing (fast)."""
from presslens.annotate.speech import human_noun


def test_nouns_name_people_by_their_form_not_things_that_share_it():
    assert all(human_noun(w) for w in ("consul", "sénatrice", "mandataire", "physicien", "lyonnais", "diplomate"))
    assert not any(human_noun(w) for w in ("secteur", "lanceur", "dossier", "frontière", "montant", "cellule"))
    # Abstract nouns in « -eur » (« la peur des pêcheurs » opening a paragraph speaks for nobody).
    assert all(human_noun(w) for w in ("pêcheur", "vendeur", "chroniqueur"))
    assert not any(human_noun(w) for w in ("peur", "rumeur", "douleur", "chaleur", "ampleur", "stupeur"))


def test_finite_forms_of_the_er_reporting_verbs_lead_back_to_them():
    from presslens.annotate.speech import lexicon
    forms = lexicon()["verb_forms"]
    assert (forms["titre"], forms["célébrera"], forms["déclaraient"]) == ("titrer", "célébrer", "déclarer")
    assert "dit" not in forms   # irregular verbs are the tagger's to read
