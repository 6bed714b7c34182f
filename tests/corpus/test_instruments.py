"""The study's instruments: one loader per file, one error type listing every problem, parsed once."""
from __future__ import annotations

import pytest

from presslens import fileio
from presslens.corpus import instruments
from presslens.errors import CorpusError


def test_codebook_frame_without_patterns_is_refused_with_the_others(tmp_path):
    path = tmp_path / "codebook.yml"
    path.write_text("frames:\n  - id: a\n    patterns: []\n  - id: a\n    patterns: ['*']\n", encoding="utf-8")
    with pytest.raises(CorpusError) as caught:
        instruments.load_codebook(path)
    message = str(caught.value)
    assert "codebook.yml" in message and "a.patterns" in message and "could never be found" in message
    assert "missing or repeated" in message and "matches nothing specific" in message


def test_naming_lists_every_problem_at_once(tmp_path):
    path = tmp_path / "naming.yml"
    path.write_text("referents:\n  - id: nk\n    label: North Korea\n    labels:\n      - label: Nord\n"
                    "        patterns: ['(']\n      - label: ''\n  - id: x\n", encoding="utf-8")
    with pytest.raises(CorpusError) as caught:
        instruments.load_naming(path)
    problems = caught.value.problems
    assert {p.field for p in problems} == {"nk.labels[1]", "nk.labels[2]", "x"}
    assert all(p.file == "naming.yml" for p in problems)


@pytest.mark.parametrize("text, field", [("menace: []\n", "menace"), ("- a\n", None), ("a: [", None)])
def test_evaluative_lexicon_is_checked(tmp_path, text, field):
    path = tmp_path / "evaluative.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CorpusError) as caught:
        instruments.load_evaluative(path)
    assert caught.value.problems[0].file == "evaluative.yml" and caught.value.problems[0].field == field


def test_missing_study_file_says_what_it_holds(tmp_path):
    with pytest.raises(CorpusError, match="facts.yml.*file is missing: it holds the facts"):
        instruments.load_facts(tmp_path / "facts.yml")


def test_a_study_file_is_parsed_once_while_unchanged(tmp_path, monkeypatch):
    calls = []
    parse = fileio.parse_yaml
    monkeypatch.setattr(fileio, "parse_yaml", lambda text: calls.append(1) or parse(text))
    path = tmp_path / "evaluative.yml"
    path.write_text("menace: [menacer]\n", encoding="utf-8")
    assert instruments.load_evaluative(path) == instruments.load_evaluative(path)
    assert instruments.load_evaluative(path)["menace"].words == ("menacer",) and len(calls) == 1
    path.write_text("menace: [menacer, danger]\n", encoding="utf-8")   # another size: read again
    assert instruments.load_evaluative(path)["menace"].words == ("menacer", "danger") and len(calls) == 2


def test_validate_reads_every_study_file_and_lists_all_problems(corpus_copy):
    from presslens.corpus.validate import validate

    (corpus_copy.root / "gazetteer.yml").write_text("camps: {}\nentities: [3]\n", encoding="utf-8")
    (corpus_copy.root / "evaluative.yml").write_text("menace: []\n", encoding="utf-8")
    with pytest.raises(CorpusError) as caught:
        validate(corpus_copy)
    files = {p.file for p in caught.value.problems}
    assert {"gazetteer.yml", "evaluative.yml"} <= files
