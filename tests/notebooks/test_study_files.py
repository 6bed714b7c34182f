"""The notebooks on a corpus without this study's own files (gold/, held-out set, facts, naming and evaluative
instruments) and with more articles than MAX_ARTICLES: the sections that need the files are skipped with a message saying which
file is missing, every other section runs, and the per-article figures draw one row per outlet."""
from __future__ import annotations

import shutil

import nbformat
import pytest

from conftest import CORPUS, REPO

# Executes every notebook on a corpus without the study files.
pytestmark = pytest.mark.notebook


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """Every notebook executed on a copy of the shipped corpus (its warm cache included) without gold/,
    heldout/, unseen/, sealed2/, facts.yml, naming.yml and evaluative.yml, with MAX_ARTICLES = 2 so that its five articles are
    drawn by outlet and MAX_OUTLETS = 2 so that two of its four outlets share the pooled row:
    ``{notebook name: (executed notebook, figures directory)}``."""
    from nbclient import NotebookClient

    root = tmp_path_factory.mktemp("no_study_files")
    study_files = shutil.ignore_patterns("gold", "heldout", "unseen", "sealed2", "facts.yml", "naming.yml",
                                        "evaluative.yml")
    shutil.copytree(CORPUS, root / "corpus", ignore=study_files)
    (root / "notebooks").mkdir()
    (root / "figures").mkdir()
    out = {}
    with pytest.MonkeyPatch.context() as env:
        env.setenv("PRESSLENS_CORPUS", str(root / "corpus"))
        for name in ("00_corpus", "01_source_comparison", "02_vocabulary", "03_entities", "04_framing",
                     "05_findings"):
            nb = nbformat.read(REPO / "notebooks" / f"{name}.ipynb", as_version=4)
            params = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
            assert "MAX_ARTICLES = 40" in params.source and "MAX_OUTLETS = 20" in params.source
            params.source = (params.source.replace("MAX_ARTICLES = 40", "MAX_ARTICLES = 2")
                             .replace("MAX_OUTLETS = 20", "MAX_OUTLETS = 2"))
            NotebookClient(nb, kernel_name="python3", timeout=300,
                           resources={"metadata": {"path": str(root / "notebooks")}}).execute()
            out[name] = nb
    return out, root / "figures"


def printed(nb) -> str:
    """Everything the notebook's cells printed, and the findings they showed as Markdown."""
    return "".join(o.get("text", "") + "\n" + o.get("data", {}).get("text/markdown", "")
                   for c in nb.cells if c.cell_type == "code" for o in c.outputs)


def test_entities_notebook_skips_its_quality_section_only(executed):
    notebooks, figures = executed
    text = printed(notebooks["03_entities"])
    assert ("Skipped: this corpus has no gold/entities.csv and no gold/entities_baseline.csv. With them, this "
            "section would show the entity table scored against a hand-made gold file") in text
    assert "Figures draw one row per outlet (3 rows for 5 articles)" in text
    assert "- Quality against a gold file: not measured on this corpus (section 6 was skipped)." in text
    assert "- Most named: Corée du Nord (42)" in text  # the findings that do not need the gold are all there
    assert "Against the gold" not in text
    written = {p.name for p in figures.iterdir()}
    assert {f"03_entities-{f}.png" for f in ("types", "top", "prominence", "network")} <= written
    assert "03_entities-quality.png" not in written


def test_framing_notebook_skips_each_section_that_needs_a_missing_file(executed):
    notebooks, figures = executed
    text = printed(notebooks["04_framing"])
    for missing in ("gold/quotes.csv", "gold/frames.csv", "evaluative.yml", "gold/frames_articles.csv", "gold/stance.csv"):
        assert f"Skipped: this corpus has no {missing}. With it, this section would show" in text
    assert "- The stance rules were not validated on this corpus (nothing hand-coded): their error is not known." in text
    assert "No quote validation on this corpus: nothing here is hand-coded." in text
    assert "No frame validation: the 15 frames below are shown without knowing which are reliable." in text
    assert "- Quote extraction was not validated on this corpus (nothing hand-coded)" in text
    assert "no frame is validated on this corpus." in text
    assert "- Largest single voice: russia in La Presse · 2 articles" in text
    written = {p.name for p in figures.iterdir()}
    assert {f"04_framing-{f}.png" for f in ("share-of-voice", "verbs-by-camp", "frames-by-article",
                                            "narrator-vs-quoted", "stance")} <= written


def test_overview_source_and_vocabulary_notebooks_draw_outlets_and_skip_the_study_instruments(executed):
    notebooks, figures = executed
    for name in ("00_corpus", "01_source_comparison", "02_vocabulary"):
        assert "Figures draw one row per outlet (3 rows for 5 articles)" in printed(notebooks[name])
    text = printed(notebooks["01_source_comparison"])
    for missing in ("facts.yml", "naming.yml"):
        assert f"Skipped: this corpus has no {missing}. With it, this section would show" in text
    assert "- Facts reported" not in text and "most used label" not in text
    assert "- Distinctive vocabulary:" in text   # the findings that need neither file are all there
    written = {p.name for p in figures.iterdir()}
    assert {f"01_source_comparison-{f}.png" for f in ("profiles", "originality", "similarity")} <= written
    assert not {"01_source_comparison-facts.png", "01_source_comparison-naming.png"} & written
    assert {f"02_vocabulary-{f}.png" for f in ("diversity", "dispersion")} <= written


def test_outlets_past_max_outlets_share_one_row(executed):
    notebooks, _ = executed
    # The two single-article unknown outlets are past the two largest (La Presse, then Financial Times by name).
    shown = {name: "other outlets (2) · 2 articles" in str(nb.cells) for name, nb in notebooks.items()}
    assert shown["02_vocabulary"] and shown["04_framing"], shown   # their tables name the figure rows


def test_findings_notebook_skips_what_needs_a_missing_file_and_claims_no_interval_it_cannot_have(executed):
    notebooks, figures = executed
    text = printed(notebooks["05_findings"])
    for missing in ("naming.yml", "evaluative.yml"):
        assert f"Skipped: this corpus has no {missing}. With it, this section would show" in text
    assert "No held-out frame validation (heldout/gold/frames.csv)" in text
    assert "0 of 4 outlets have the 5 articles an interval needs; every outlet comparison below describes texts" in text
    assert "too few for an interval, it describes these texts" in text
    assert "05_findings-share-of-voice.png" in {p.name for p in figures.iterdir()}
