"""The README's "add an article and rerun everything", end to end: a text file, a saved web page and a CSV import
added to a copy of the study, annotated, and every notebook executed with the new articles in it."""
from __future__ import annotations

import shutil

import nbformat
import pytest

from conftest import CORPUS, DATA, REPO
from presslens.clean.page import add_page
from presslens.corpus.add import add_article
from presslens.corpus.directory import Corpus
from presslens.corpus.importer import import_articles

pytestmark = pytest.mark.notebook


def test_every_notebook_runs_with_a_text_a_page_and_an_import_added(tmp_path, monkeypatch):
    from nbclient import NotebookClient

    corpus = Corpus(tmp_path / "corpus")
    shutil.copytree(CORPUS, corpus.root, ignore=shutil.ignore_patterns(".cache"), symlinks=True)
    text = add_article(corpus, DATA / "lire_aussi.txt", outlet="Le Quotidien d'essai", published="2024-06-20",
                       event="pyongyang-2024", title="Un pacte qui bouscule l'Asie").rows[0]
    page = add_page(corpus, DATA / "pages" / "02_radio_publique.html", event="pyongyang-2024").rows[0]
    listing = tmp_path / "lot.csv"
    listing.write_text("path,outlet,published,event,title\n"
                       f"{DATA / 'la_presse_style.txt'},Un autre titre,2024-06-21,pyongyang-2024,Un article importé\n",
                       encoding="utf-8")
    imported = import_articles(corpus, listing).rows
    new = {text["doc_id"], page["doc_id"], *(r["doc_id"] for r in imported)}
    assert len(new) == 3 and page["source_file"].endswith(".html")

    monkeypatch.setenv("PRESSLENS_CORPUS", str(corpus.root))
    monkeypatch.setenv("PRESSLENS_MODEL", "fr_core_news_sm")   # the small model keeps the test short
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "figures").mkdir()
    for name in ("00_corpus", "01_source_comparison", "02_vocabulary", "03_entities", "04_framing", "05_findings"):
        nb = nbformat.read(REPO / "notebooks" / f"{name}.ipynb", as_version=4)
        NotebookClient(nb, kernel_name="python3", timeout=600,
                       resources={"metadata": {"path": str(tmp_path / "notebooks")}}).execute()
        if name == "00_corpus":
            listed = "".join(o.get("data", {}).get("text/plain", "") + o.get("text", "")
                             for c in nb.cells if c.cell_type == "code" for o in c.outputs)
            assert all(doc in listed for doc in new)   # the articles table shows the three new articles
    assert any(p.name.startswith("04_framing-") for p in (tmp_path / "figures").iterdir())
