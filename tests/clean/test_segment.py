"""Cleaning classifies, never deletes: checked on hand-written articles with other house styles."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from conftest import CORPUS, DATA
from presslens.clean.rules import load_rules
from presslens.clean.segment import KEPT_KINDS, segment

RULES = load_rules()
FIXTURES = sorted(DATA.glob("*.expected.yml"))
ALL_TEXTS = sorted(DATA.glob("*.txt")) + sorted((CORPUS / "raw").glob("*.txt"))


def read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def covering(segments, raw: str, text: str):
    start = raw.find(text)
    assert start >= 0 and raw.count(text) == 1, f"fixture text not found once: {text!r}"
    end = start + len(text)
    return [s for s in segments if s.start <= start and end <= s.end]


@pytest.mark.parametrize("expected", FIXTURES, ids=lambda p: p.name.split(".")[0])
def test_fixture_spans(expected):
    spec = yaml.safe_load(expected.read_text(encoding="utf-8"))
    raw = read(expected.with_name(expected.name.replace(".expected.yml", ".txt")))
    segments = segment(raw, RULES)
    wrong = []
    for group, kept in (("set_aside", False), ("kept", True)):
        for item in spec.get(group) or []:
            cover = covering(segments, raw, item["text"])
            got = [(s.kind, s.kept) for s in cover]
            if got != [(item["kind"], kept)]:
                wrong.append(f"{group} {item['kind']}: {item['text'][:60]!r} -> {got}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("expected", FIXTURES, ids=lambda p: p.name.split(".")[0])
def test_no_set_aside_text_reaches_kept_segments(expected):
    spec = yaml.safe_load(expected.read_text(encoding="utf-8"))
    raw = read(expected.with_name(expected.name.replace(".expected.yml", ".txt")))
    kept_text = "\n".join(s.clean_text for s in segment(raw, RULES) if s.kept)
    for item in spec.get("set_aside") or []:
        words = re.sub(r"<[^>]+>|&\w+;", " ", item["text"]).replace("’", "'").split()
        probe = " ".join(words[:6])
        if len(words) >= 3:
            assert probe not in kept_text, probe


@pytest.mark.parametrize("path", ALL_TEXTS, ids=lambda p: p.name)
def test_segments_cover_every_visible_character_once(path):
    raw = read(path)
    segments = segment(raw, RULES)
    owner = [0] * len(raw)
    for s in segments:
        assert s.start < s.end
        for k in range(s.start, s.end):
            owner[k] += 1
    assert max(owner) == 1, "segments overlap"
    lost = [k for k, ch in enumerate(raw) if not ch.isspace() and ch != "\ufeff" and owner[k] == 0]
    assert not lost, f"characters in no segment: {raw[lost[0]:lost[0] + 40]!r}"


@pytest.mark.parametrize("path", ALL_TEXTS, ids=lambda p: p.name)
def test_kept_and_reason_agree(path):
    for s in segment(read(path), RULES):
        assert s.kept == (s.kind in KEPT_KINDS)
        assert bool(s.reason) == (not s.kept), s


def test_bom_and_crlf_offsets_point_into_raw_text():
    raw = read(DATA / "crlf_bom.txt")
    assert raw.startswith("\ufeff") and "\r\n" in raw
    segments = segment(raw, RULES)
    assert segments[0].start == 1  # the BOM is not text
    for s in segments:
        assert "\r" not in raw[s.start:s.end] and "\n" not in raw[s.start:s.end]
        assert "\ufeff" not in s.clean_text and "\u00a0" not in s.clean_text


def test_missing_space_after_full_stop_is_restored_only_in_analysis_text():
    raw = read(DATA / "crlf_bom.txt")
    segment_ = next(s for s in segment(raw, RULES) if "2023.La Russie" in raw[s.start:s.end])
    assert "2023. La Russie" in segment_.clean_text
    assert "2023.La Russie" in raw  # the raw text is untouched


def test_apostrophes_and_html_are_normalised_in_analysis_text():
    raw = read(DATA / "html_and_entities.txt")
    for s in segment(raw, RULES):
        if s.kept:
            assert "’" not in s.clean_text and "&nbsp;" not in s.clean_text and "<" not in s.clean_text


def test_unknown_language_line_stays_when_too_short():
    # Four words is the floor for language identification: a short English phrase in a French
    # article is not set aside as foreign text (it may be a quoted name or slogan).
    raw = "Titre de l'article\n\nLe slogan « America First » revient souvent dans les discours du candidat.\n"
    kinds = [s.kind for s in segment(raw, RULES)]
    assert kinds == ["headline", "body"]


def test_corpus_rules_extend_package_rules(tmp_path):
    (tmp_path / "cleaning.yml").write_text(
        "boilerplate:\n  - pattern: '^Retrouvez notre dossier'\n    reason: house promo\n", encoding="utf-8")
    rules = load_rules(tmp_path)
    raw = "Titre\n\nUn paragraphe.\n\nRetrouvez notre dossier spécial Corée\n\nAutre paragraphe.\n"
    promo = [s for s in segment(raw, rules) if s.reason == "house promo"]
    assert len(promo) == 1 and rules.digest != RULES.digest
