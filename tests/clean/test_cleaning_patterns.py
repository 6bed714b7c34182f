"""One test per cleaning pattern for French news pages, on lines written for these tests."""
from __future__ import annotations

import pytest

from presslens.clean.rules import load_rules
from presslens.clean.segment import byline_names, segment

RULES = load_rules()
HEAD = "Titre d'un article de test\n\nUn premier paragraphe qui raconte ce qui s'est passé mercredi à Vladivostok.\n\n"
TAIL = "\n\nUn dernier paragraphe qui clôt l'article sur une note prudente."


def kinds_of(line: str) -> list[tuple[str, str]]:
    """(kind, text) of the segments of ``line`` placed between two paragraphs of an article."""
    raw = HEAD + line + TAIL
    start = len(HEAD)
    return [(s.kind, s.clean_text) for s in segment(raw, RULES) if start <= s.start < start + len(line)]


@pytest.mark.parametrize("line, names", [
    ("Par Odile Exemple", ["Odile Exemple"]),
    ("Par Odile Exemple et Jean-Luc Témoin, publié le 3 mars 2024 à 9 h 40", ["Odile Exemple", "Jean-Luc Témoin"]),
    ("Par Odile Exemple Publié le 03/03/2024 à 09h40", ["Odile Exemple"]),
    ("Par Odile Exemple avec agences | Mis à jour le 03/03/2024", ["Odile Exemple"]),
    ("Propos recueillis par Bastien Lequestionneur", ["Bastien Lequestionneur"]),
    ("Avec notre correspondante à Tokyo, Aiko Témoin", ["Aiko Témoin"]),
    ("De notre envoyé spécial à Vladivostok, Marc de La Route", ["Marc de La Route"]),
    ("Direct animé par Chloé Veilleur", ["Chloé Veilleur"]),
])
def test_bylines_are_their_own_kind_and_name_journalists(line, names):
    assert kinds_of(line) == [("byline", line)]
    assert byline_names(line, RULES) == names


def test_a_byline_glued_to_the_end_of_a_paragraph_is_split_off():
    line = "Une semaine de visites, de discours et de banquets, racontée jour après jour.Par Inès Plume"
    assert kinds_of(line) == [("body", "Une semaine de visites, de discours et de banquets, racontée jour après jour."),
                              ("byline", "Par Inès Plume")]


def test_a_passive_agent_after_a_quotation_is_no_glued_byline():
    # « … » par X ends a sentence with its agent: the quoted words' speaker, not the page's author.
    line = "Moscou a signé un accord, un texte qualifié de « bouclier commun » par Sergueï Témoin."
    assert kinds_of(line) == [("body", line)]
    line = "Le texte a été publié jeudi. « Nous signerons. »Par Inès Plume"
    assert kinds_of(line)[-1] == ("byline", "Par Inès Plume")


def test_par_at_the_start_of_a_sentence_is_no_byline():
    line = "Par ailleurs, Moscou a promis de livrer du blé à son voisin dès le mois prochain."
    assert kinds_of(line) == [("body", line)]
    assert kinds_of("Par Moscou interposé, le régime a obtenu ce qu'il voulait depuis des années.")[0][0] == "body"


@pytest.mark.parametrize("line, reason", [
    ("LA SUITE APRÈS CETTE PUBLICITÉ", "advertising marker"),
    ("Écouter", "audio or video player widget"),
    ("Écouter cet article", "audio or video player widget"),
    ("Lecture en cours Le journal de midi 00:00 / 04:27", "audio or video player widget"),
    ("04:27", "audio or video player widget (duration)"),
    ("3/12", "slide counter"),
    ("À lire aussiLe Kremlin promet une réponse « appropriée » aux sanctions", 'related-article link ("Lire aussi")'),
    ("Inscrivez-vous à notre lettre d'information Asie", "paywall or newsletter widget"),
    ("Abonnez-vous pour lire la suite de cet article", "paywall or newsletter widget"),
    ("Réagir à cet article (3 réactions)", "comment widget"),
    ("© Le Journal du Test 2024 - Tous droits réservés", "copyright notice"),
])
def test_widgets_and_prompts_are_boilerplate(line, reason):
    assert kinds_of(line) == [("boilerplate", line)]
    assert [s.reason for s in segment(HEAD + line + TAIL, RULES) if s.clean_text == line] == [reason]


@pytest.mark.parametrize("line", ["© Anna Déclic / Reuters", "© TASS via AFP", "Le 03/03/2024 à 09:40",
                                  "Hier à 18h30", "Aujourd'hui à 07:05"])
def test_photo_credits_and_date_lines_are_credits(line):
    assert kinds_of(line) == [("credit", line)]


@pytest.mark.parametrize("caption, credit", [
    ("Le train blindé en gare de Khassan, le 12 septembre.", "(Photo : Igor Rail / AFP)"),
    ("Le train blindé en gare de Khassan, le 12 septembre.", "© Igor Rail / AFP"),
    ("Le train blindé en gare de Khassan, le 12 septembre.", "Photo Igor Rail/Sputnik via AFP"),
])
def test_photo_credits_at_the_end_of_a_caption_are_split_off(caption, credit):
    raw = "Titre\n\nPARAGRAPHE D'OUVERTURE\n\n" + caption + " " + credit + TAIL
    found = [(s.kind, s.clean_text) for s in segment(raw, RULES) if s.kind in ("caption", "credit")]
    assert found == [("caption", caption), ("credit", credit)]


def test_a_related_article_list_is_set_aside_up_to_the_next_paragraph():
    listing = ("Sur le même sujet\n\nSommet de Vostotchny : Kim promet « un soutien sans réserve » à Poutine\n\n"
               "Munitions : Washington dénonce un « trafic d'armes » vers la Russie\n\n"
               "Un paragraphe de l'article reprend ensuite, avec une phrase complète qui se termine par un point.")
    found = kinds_of(listing)
    assert [kind for kind, _ in found[:3]] == ["boilerplate"] * 3
    assert found[3][0] == "body"
    raw = HEAD + listing + TAIL
    reasons = {s.reason for s in segment(raw, RULES) if s.kind == "boilerplate"}
    assert reasons == {"related-article list"}
