"""``presslens site``: the executed notebooks as a static site that reads offline.

The site is rendered from the notebooks as committed (nothing is re-executed): one page per notebook
(nbconvert's ``lab`` template, images embedded), an index with each notebook's title, research question
and key figure, a gallery of every figure, and the corpus datasheet. Every page shares one navigation bar,
loads nothing from the network, and is written atomically; output depends only on the inputs (sorted, no
timestamps), so rebuilding an unchanged tree changes no byte.
"""
from __future__ import annotations

import html
import posixpath
import re
import struct
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..errors import CorpusError, Problem
from ..fileio import write_bytes, write_text
from .report import notebook_paths

MANIFEST = ".presslens-site"  # files the last build wrote, so the next one removes pages that vanished
INDEX, GALLERY, DATASHEET, CSS = "index.html", "gallery.html", "corpus.html", "site.css"

SITE_CSS = """\
:root { --pl-ink: #1d2733; --pl-muted: #5b6675; --pl-accent: #1f4e79; --pl-rule: #d5dbe3; }
.pl-nav { display: flex; flex-wrap: wrap; gap: .3rem 1.2rem; align-items: baseline; margin: 0;
  padding: .7rem 1.5rem; background: var(--pl-accent); color: #fff; font: 15px/1.4 system-ui, sans-serif; }
.pl-nav a { color: #fff; text-decoration: none; }
.pl-nav a:hover, .pl-nav a:focus { text-decoration: underline; }
.pl-nav a[aria-current="page"] { font-weight: 700; text-decoration: underline; }
.pl-nav .pl-brand { font-weight: 700; margin-right: .8rem; }
body.pl-page { margin: 0; color: var(--pl-ink); background: #fff; font: 16px/1.55 system-ui, sans-serif; }
body.jp-Notebook { padding-top: 0; }
body.jp-Notebook > .pl-nav { margin: 0 0 1rem 0; }
.pl-main { max-width: 72rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
.pl-main h1 { font-size: 1.8rem; margin: .6rem 0 .4rem; }
.pl-lead { color: var(--pl-muted); max-width: 48rem; }
.pl-cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(20rem, 1fr)); gap: 1.2rem;
  padding: 0; list-style: none; }
.pl-card { border: 1px solid var(--pl-rule); border-radius: 6px; padding: 1rem; background: #fafbfc; }
.pl-card h2 { font-size: 1.15rem; margin: 0 0 .5rem; }
.pl-card a { color: var(--pl-accent); }
.pl-card img, .pl-figure img { display: block; max-width: 100%; height: auto; border: 1px solid var(--pl-rule);
  background: #fff; }
.pl-none { color: var(--pl-muted); font-style: italic; }
.pl-figure { margin: 0; }
.pl-figure figcaption { margin-top: .4rem; font-size: .9rem; color: var(--pl-muted); }
.pl-doc table { border-collapse: collapse; margin: 1rem 0; font-size: .92rem; }
.pl-doc th, .pl-doc td { border: 1px solid var(--pl-rule); padding: .3rem .6rem; vertical-align: top;
  text-align: left; }
.pl-doc th { background: #eef2f6; }
.pl-doc code { background: #f1f3f5; padding: 0 .2rem; border-radius: 3px; }
"""

NAV_MARK = "<!-- presslens:nav -->"
# Extends nbconvert's lab template: drops every script it would fetch from a CDN (require.js, MathJax,
# Mermaid, widget manager), links the site stylesheet, and marks where the navigation bar goes (it is put
# in after the notebook's own links are rewritten, so they are rewritten alone).
NOTEBOOK_TEMPLATE = """\
{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block html_head_css -%}
<link rel="icon" href="data:,">
<link rel="stylesheet" href="site.css">
{%- endblock html_head_css -%}
{%- block body_header -%}
<body class="jp-Notebook" data-jp-theme-light="true" data-jp-theme-name="JupyterLab Light">
""" + NAV_MARK + """
<main>
{%- endblock body_header -%}
"""
TEMPLATE_NAME = "presslens_notebook.html.j2"

# Tags whose attributes make a browser fetch something (a plain <a href> does not).
FETCHING_ATTRS = {"script": ("src",), "img": ("src", "srcset"), "iframe": ("src",), "embed": ("src",),
                  "source": ("src", "srcset"), "video": ("src", "poster"), "audio": ("src",),
                  "object": ("data",), "link": ("href",), "input": ("src",)}
REMOTE = r"""["']?((?:https?:)?//[^"')\s]+)"""
# A remote address a script imports (ES module or dynamic import), or a style loads (url(), @import).
REMOTE_IN_CODE = {"script": re.compile(r"(?:\bfrom\s*|\bimport\s*\(?\s*)" + REMOTE),
                  "style": re.compile(r"(?:\burl\(\s*|@import\s+(?:url\(\s*)?)" + REMOTE)}
ANCHOR_HREF = re.compile(r'(<a\b[^>]*?)\shref="([^"]*)"')


@dataclass(frozen=True)
class NotebookPage:
    """One notebook of the site: its source path, title and research question (markdown)."""

    path: Path
    title: str
    question: str

    @property
    def page(self) -> str:
        """File name of the notebook's page in the site, e.g. ``00_corpus.html``."""
        return f"{self.path.stem}.html"


def notebook_summary(nb) -> tuple[str, str]:
    """``(title, research question)`` from a notebook's first markdown cell (markdown text, may be empty).

    The title is the first ``#`` heading; the question is the paragraph that starts with « Research
    question », else the first paragraph after the title that is not a heading.
    """
    first = next((c.source for c in nb.cells if c.cell_type == "markdown"), "")
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", first) if p.strip()]
    title = next((p.splitlines()[0].lstrip("#").strip() for p in paragraphs if p.startswith("# ")), "")
    for p in paragraphs:
        label = re.match(r"\**\s*Research question\s*[.:]?\s*\**[.:]?\s*", p, flags=re.IGNORECASE)
        if label:
            return title, p[label.end():].strip()
    prose = [p for p in paragraphs if not p.startswith("#")]
    return title, prose[0] if prose else ""


def read_notebooks(directory: Path) -> list[tuple[NotebookPage, object]]:
    """Each numbered notebook of ``directory`` (in order) as ``(NotebookPage, notebook node)``."""
    import nbformat

    pages = []
    for path in notebook_paths(directory):
        nb = nbformat.read(path, as_version=4)
        title, question = notebook_summary(nb)
        pages.append((NotebookPage(path, title or path.stem, question), nb))
    return pages


def figure_owner(figure: Path, pages: list[NotebookPage]) -> NotebookPage | None:
    """The notebook that made ``figure`` (its name starts with the notebook's ``NN_topic`` prefix), or None."""
    for page in pages:
        if figure.stem == page.path.stem or figure.stem.startswith(page.path.stem + "-"):
            return page
    return None


def key_figures(figures: list[tuple[Path, bytes]], pages: list[NotebookPage]) -> dict[str, tuple[Path, bytes]]:
    """Each notebook's key figure, by page name: the first of ``figures`` (sorted by name) it made."""
    chosen: dict[str, tuple[Path, bytes]] = {}
    for figure, data in figures:
        owner = figure_owner(figure, pages)
        if owner is not None:
            chosen.setdefault(owner.page, (figure, data))
    return chosen


def png_size(data: bytes) -> tuple[int, int] | None:
    """``(width, height)`` of a PNG from its IHDR chunk, or None if ``data`` is not a PNG."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", data[16:24])


class _FetchFinder(HTMLParser):
    """Collects the remote addresses an HTML document would fetch (scripts, styles, images, frames...)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.remote: list[str] = []
        self._code: str | None = None  # "script" or "style" while inside one

    def handle_starttag(self, tag, attrs):
        self._code = tag if tag in REMOTE_IN_CODE else None
        for name, value in attrs:
            if name in FETCHING_ATTRS.get(tag, ()) and value:
                self.remote += [u for u in re.split(r"[\s,]+", value) if re.match(r"(?:https?:)?//", u)]
            elif name == "style" and value:
                self.remote += REMOTE_IN_CODE["style"].findall(value)

    def handle_endtag(self, tag):
        self._code = None

    def handle_data(self, data):
        if self._code:
            self.remote += REMOTE_IN_CODE[self._code].findall(data)


def external_resources(document: str) -> list[str]:
    """Remote (http, https or protocol-relative) addresses that ``document`` would load; [] when offline-safe."""
    finder = _FetchFinder()
    finder.feed(document)
    finder.close()
    return finder.remote


def site_href(href: str, base: Path, site_map: dict[Path, str]) -> str | None:
    """Where a link found in a source file under ``base`` points in the site.

    Remote, mail and in-page links are kept; a relative link to a file the site renders (a notebook, the
    datasheet, a figure) is rewritten to its page; any other relative link returns None (not in the site).
    """
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path:
        return href
    target = site_map.get(Path(posixpath.normpath((base / unquote(parts.path)).as_posix())))
    if target is None:
        return None
    return target + (f"#{parts.fragment}" if parts.fragment else "")


def rewrite_links(document: str, base: Path, site_map: dict[Path, str]) -> str:
    """``document`` with its ``<a href>`` rewritten by :func:`site_href`; a link to a file outside the
    site keeps its text but loses its ``href`` (a reader would otherwise follow it to a 404)."""
    def replace(match: re.Match) -> str:
        target = site_href(html.unescape(match.group(2)), base, site_map)
        return match.group(1) if target is None else f'{match.group(1)} href="{html.escape(target)}"'

    return ANCHOR_HREF.sub(replace, document)


def navigation(pages: list[NotebookPage], current: str) -> str:
    """The navigation bar shared by every page; ``current`` is the file name of the page it sits on."""
    links = [(INDEX, "Notebooks", "All notebooks"), (GALLERY, "Figures", "Every figure"),
             (DATASHEET, "Corpus datasheet", "Where the articles come from, fields, known limits")]
    links += [(p.page, p.path.stem.replace("_", " "), p.title) for p in pages]
    items = [f'<a href="{href}" title="{html.escape(tip)}"' + (' aria-current="page"' if href == current else "")
             + f">{html.escape(label)}</a>" for href, label, tip in links]
    return ('<nav class="pl-nav" aria-label="Site">\n<span class="pl-brand">presslens</span>\n'
            + "\n".join(items) + "\n</nav>")


def page_shell(title: str, nav: str, body: str) -> str:
    """A complete site page (not a notebook) around ``body`` HTML."""
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1.0">\n'
            f"<title>{html.escape(title)} · presslens</title>\n"
            f'<link rel="icon" href="data:,">\n<link rel="stylesheet" href="{CSS}">\n</head>\n'
            f'<body class="pl-page">\n{nav}\n<main class="pl-main">\n{body}\n</main>\n</body>\n</html>\n')


def markdown(text: str) -> str:
    """``text`` (markdown, tables allowed) as HTML; raw HTML in it is escaped, not passed through."""
    import mistune

    return mistune.create_markdown(escape=True, plugins=["table", "strikethrough"])(text)


def figure_img(figure: Path, data: bytes) -> str:
    """An ``<img>`` for a figure copied to ``figures/`` in the site, with its intrinsic size when known."""
    size = png_size(data)
    dims = f' width="{size[0]}" height="{size[1]}"' if size else ""
    return f'<img src="figures/{html.escape(figure.name)}" alt="{html.escape(figure.stem)}"{dims}>'


def render_notebook(page: NotebookPage, nb, nav: str, site_map: dict[Path, str]) -> str:
    """The HTML page of one executed notebook (outputs as committed, images embedded, no network)."""
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab", template_file=TEMPLATE_NAME, embed_images=True,
                            extra_loaders=[DictLoader({TEMPLATE_NAME: NOTEBOOK_TEMPLATE})])
    resources = {"metadata": {"name": page.title, "path": str(page.path.parent)}}
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    return rewrite_links(body, page.path.parent, site_map).replace(NAV_MARK, nav, 1)


def render_index(pages: list[NotebookPage], key_figures: dict[str, tuple[Path, bytes]], nav: str) -> str:
    """The home page: each notebook with its title, research question and key figure."""
    cards = []
    for page in pages:
        link = f'<a href="{page.page}">'
        figure = key_figures.get(page.page)
        shown = (f"{link}{figure_img(*figure)}</a>" if figure
                 else '<p class="pl-none">No figure from this notebook yet.</p>')
        question = markdown(page.question) if page.question else '<p class="pl-none">No research question stated.</p>'
        cards.append(f'<li class="pl-card">\n<h2>{link}{html.escape(page.title)}</a></h2>\n'
                     f'{question}\n{shown}\n</li>')
    listing = "\n".join(cards) if cards else '<li class="pl-none">No notebooks yet.</li>'
    body = ('<h1>Notebooks</h1>\n<p class="pl-lead">Each notebook as it was last executed by '
            '<code>make report</code>: open one to read its method, figures, findings and limits. '
            f'Every figure is in the <a href="{GALLERY}">gallery</a>; where the articles come from is in the '
            f'<a href="{DATASHEET}">corpus datasheet</a>.</p>\n<ul class="pl-cards">\n{listing}\n</ul>')
    return page_shell("Notebooks", nav, body)


def render_gallery(figures: list[tuple[Path, bytes]], pages: list[NotebookPage], nav: str) -> str:
    """The gallery: every figure (linked to its full-size file), captioned with its file name and the
    notebook it comes from."""
    cards = []
    for figure, data in figures:
        owner = figure_owner(figure, pages)
        source = (f'from <a href="{owner.page}">{html.escape(owner.title)}</a>' if owner
                  else "from no notebook in this site (its name matches none)")
        full_size = f'<a href="figures/{html.escape(figure.name)}">{figure_img(figure, data)}</a>'
        cards.append(f'<li class="pl-card">\n<figure class="pl-figure">\n{full_size}\n'
                     f"<figcaption><code>{html.escape(figure.name)}</code> · {source}</figcaption>\n"
                     f"</figure>\n</li>")
    listing = "\n".join(cards) if cards else '<li class="pl-none">No figures yet.</li>'
    body = (f'<h1>Figures</h1>\n<p class="pl-lead">{len(figures)} figure(s) written by the notebooks; a figure\'s '
            f'name starts with the name of the notebook that made it.</p>\n<ul class="pl-cards">\n{listing}\n</ul>')
    return page_shell("Figures", nav, body)


def render_datasheet(readme: Path, nav: str, site_map: dict[Path, str]) -> str:
    """The corpus datasheet (the corpus's ``README.md``) as a page; says so when the corpus has none."""
    if readme.is_file():
        body = rewrite_links(markdown(readme.read_text(encoding="utf-8")), readme.parent, site_map)
    else:
        body = '<h1>Corpus datasheet</h1>\n<p class="pl-none">This corpus has no README.md datasheet.</p>'
    return page_shell("Corpus datasheet", nav, f'<div class="pl-doc">\n{body}\n</div>')


def remove_stale(out: Path, written: set[str]) -> None:
    """Delete files the previous build listed in ``out``'s manifest that this build did not write, then
    record ``written``; files the site never wrote are left alone."""
    manifest = out / MANIFEST
    previous = set(manifest.read_text(encoding="utf-8").split()) if manifest.is_file() else set()
    for name in sorted(previous - written):
        (out / name).unlink(missing_ok=True)
    write_text(manifest, "".join(f"{name}\n" for name in sorted(written)))


def build_site(notebooks_dir: Path, figures_dir: Path, corpus_dir: Path, out: Path) -> list[Path]:
    """Render the site into ``out``; return the files written, in order.

    Raises :class:`CorpusError` when ``notebooks_dir`` is missing, or naming each page that would still
    load something from the network (then nothing is written).
    """
    notebooks_dir, figures_dir, corpus_dir, out = (Path(p).resolve() for p in (notebooks_dir, figures_dir,
                                                                                corpus_dir, out))
    if not notebooks_dir.is_dir():
        raise CorpusError([Problem(str(notebooks_dir), "is not a directory")], heading="No notebooks to render")
    entries = read_notebooks(notebooks_dir)
    pages = [page for page, _ in entries]
    figures = [(f, f.read_bytes()) for f in sorted(figures_dir.glob("*.png"))]
    site_map = {page.path: page.page for page in pages}
    site_map |= {corpus_dir / "README.md": DATASHEET}
    site_map |= {figure: f"figures/{figure.name}" for figure, _ in figures}
    documents = {page.page: render_notebook(page, nb, navigation(pages, page.page), site_map)
                 for page, nb in entries}
    documents[INDEX] = render_index(pages, key_figures(figures, pages), navigation(pages, INDEX))
    documents[GALLERY] = render_gallery(figures, pages, navigation(pages, GALLERY))
    documents[DATASHEET] = render_datasheet(corpus_dir / "README.md", navigation(pages, DATASHEET), site_map)
    problems = [Problem(name, f"would load {url} from the network") for name, document in documents.items()
                for url in external_resources(document)]
    if problems:
        raise CorpusError(problems, heading="The site must read offline, but some pages load remote files")
    files = {name: document.encode("utf-8") for name, document in documents.items()}
    files[CSS] = SITE_CSS.encode("utf-8")
    files |= {f"figures/{figure.name}": data for figure, data in figures}
    for name in sorted(files):
        write_bytes(out / name, files[name])
    remove_stale(out, set(files))
    return [out / name for name in sorted(files)]
