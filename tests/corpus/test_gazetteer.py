import pytest

from conftest import CORPUS
from presslens.errors import CorpusError
from presslens.corpus.gazetteer import load_gazetteer, normalise_name, surface_form


def test_shipped_gazetteer_collapses_variants():
    g = load_gazetteer(CORPUS / "gazetteer.yml")
    assert {g.lookup(v).id for v in ["Kim Jong-un", "Kim Jong Un", "Kim Jung Un", "M. Kim Jong-un"]} == {"kim_jong_un"}
    assert g.lookup("Kim Jong-il").id != g.lookup("Kim Jong-un").id != g.lookup("Kim Il-sung").id
    assert {g.lookup(v).id for v in ["Corée du Nord", "Corée du nord", "RPDC",
                                     "République populaire démocratique de Corée"]} == {"coree_du_nord"}
    assert g.lookup("Kim") is None  # ambiguous short mentions are resolved by rule, not by the gazetteer
    assert g.lookup("Moscou").stands_for


def test_normalisation():
    assert normalise_name("M. Poutine") == normalise_name("poutine")
    assert normalise_name("l’agence KCNA") == "agence kcna"
    assert surface_form("l’agence  Yonhap") == "Agence Yonhap"


def test_duplicate_alias_and_bad_type_are_reported_together(tmp_path):
    path = tmp_path / "gazetteer.yml"
    path.write_text("camps: {a: A}\nentities:\n"
                    "  - {id: x, canonical: X, type: PER, aliases: [Foo], camp: a}\n"
                    "  - {id: y, canonical: Y, type: PERSON, aliases: [foo], camp: b}\n", encoding="utf-8")
    with pytest.raises(CorpusError) as info:
        load_gazetteer(path)
    message = str(info.value)
    assert "type 'PERSON' is not one of" in message and "alias 'foo' also belongs to 'x'" in message
    assert "camp 'b' is not declared" in message


def test_descriptions_and_demonyms(tmp_path):
    path = tmp_path / "gazetteer.yml"
    path.write_text("camps: {russia: Russia, south_korea: South Korea}\n"
                    "demonyms: {russia: [russe], south_korea: [sud-coréen]}\n"
                    "entities:\n"
                    "  - {id: p, canonical: Vladimir Poutine, type: PER, aliases: [Poutine], camp: russia,\n"
                    "     descriptions: [président russe, chef de l'État russe]}\n", encoding="utf-8")
    g = load_gazetteer(path)
    assert g.describe("le chef de l’État russe").id == "p"
    assert g.describe("le président sud-coréen") is None  # whole words only
    assert g.camp_of_words(["Le", "ministre", "sud-coréen"]) == "south_korea"
    path.write_text(path.read_text(encoding="utf-8").replace("demonyms: {russia", "demonyms: {china")
                    + "  - {id: q, canonical: X, type: PER, aliases: [X], camp: russia, descriptions: [président russe]}\n",
                    encoding="utf-8")
    with pytest.raises(CorpusError) as info:
        load_gazetteer(path)
    assert "description 'président russe' also belongs to 'p'" in str(info.value)
    assert "camp 'china' is not declared" in str(info.value)
