"""The static site: every notebook on the index, every figure in the gallery, nothing fetched from outside."""
from __future__ import annotations

import pytest

from conftest import REPO
from presslens.site import build_site, external_resources


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    build_site(REPO / "notebooks", REPO / "figures", REPO / "corpus", out)
    return out


def test_index_links_every_notebook(site):
    index = (site / "index.html").read_text(encoding="utf-8")
    for nb in sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        assert f'href="{nb.stem}.html"' in index
        assert (site / f"{nb.stem}.html").is_file()


def test_gallery_shows_every_figure(site):
    gallery = (site / "gallery.html").read_text(encoding="utf-8")
    for png in sorted((REPO / "figures").glob("*.png")):
        assert png.name in gallery


def test_no_page_fetches_anything_from_the_network(site):
    for page in site.glob("*.html"):
        assert external_resources(page.read_text(encoding="utf-8")) == [], page.name


def test_datasheet_is_rendered(site):
    assert "Corpus datasheet" in (site / "corpus.html").read_text(encoding="utf-8")
