"""The book in a real browser: headless Debian Chromium, driven over the DevTools protocol, opens every page of
the book (served over http on 127.0.0.1, not file://) and checks that it loads, that every image decoded and has
an alt text, that every internal link names a file of the book, that the contents are there, that every
interactive table came alive, that the console stayed free of errors and that no request left the machine.
Then it searches the book for a French word of a notebook's prose and sorts an interactive table by a click.
A screenshot of each page goes to build/screenshots/.
"""
from __future__ import annotations

import base64
import json
import threading
import time
import unicodedata
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

import pytest

from presslens.publish.book import build_book

from chromium import BROWSER_TESTS, PAGE_TIMEOUT, DevTools, chromium, evaluate, open_page

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "build" / "screenshots"
MAX_SHOT_HEIGHT = 6000   # px: a long notebook is cut there, which keeps screenshots viewable

pytestmark = BROWSER_TESTS

SEARCHED_WORD = "déclaré"  # French, in 04_framing's prose (« a déclaré »), not in the book's own pages
# Collected in the page once its interactive tables came alive (or after PAGE_TIMEOUT): what loaded, and every
# link and image to check from the outside.
PAGE_PROBE = """(async () => {
  const expected = document.querySelectorAll('table[id^="itables_"]').length;
  const deadline = Date.now() + %d;
  while (document.querySelectorAll('table[id^="itables_"].dataTable').length < expected && Date.now() < deadline)
    await new Promise(r => setTimeout(r, 100));
  return JSON.stringify({
    images: Array.from(document.images, im => ({src: (im.getAttribute('src') || '').slice(0, 80),
                                                width: im.naturalWidth, alt: im.getAttribute('alt') || ''})),
    links: Array.from(document.querySelectorAll('a[href]'), a => a.getAttribute('href')),
    nav: document.querySelectorAll('nav.bd-docs-nav a').length,
    tables: expected,
    live_tables: document.querySelectorAll('table[id^="itables_"].dataTable').length,
    title: document.title});
})()""" % (1000 * PAGE_TIMEOUT // 2)
# The search page's results for the query in its address, once Sphinx's search has written them.
# Sphinx shows search results one by one: wait for its summary, then until the list stops growing.
SEARCH_PROBE = """(async () => {
  const deadline = Date.now() + %d;
  const done = () => document.querySelector('#search-results .search-summary, #search-results p');
  const count = () => document.querySelectorAll('#search-results ul.search li').length;
  let seen = -1, steady = 0;
  while (Date.now() < deadline && (!done() || steady < 5)) {
    await new Promise(r => setTimeout(r, 200));
    steady = count() === seen ? steady + 1 : 0;
    seen = count();
  }
  return JSON.stringify(Array.from(document.querySelectorAll('#search-results ul.search li a'),
                                   a => a.getAttribute('href')));
})()""" % (1000 * PAGE_TIMEOUT // 2)
# Finds the page's interactive table that has the given column; returns the column's shown cells and where
# its header is on the screen (for a real mouse click); SORTED_PROBE reads the column again after the click.
SORT_PROBE = """(async () => {
  const title = %s;
  const headerOf = table => {
    // Scrolling sideways, DataTables shows the header as a table of its own above the body.
    const head = table.closest('.dt-container').querySelector('.dt-scroll-head thead') || table.tHead;
    return Array.from(head.rows[head.rows.length - 1].cells);
  };
  const table = Array.from(document.querySelectorAll('table[id^="itables_"].dataTable'))
    .find(t => headerOf(t).some(th => th.textContent.trim() === title));
  const headers = headerOf(table);
  const column = headers.findIndex(th => th.textContent.trim() === title);
  const cells = () => Array.from(table.tBodies[0].rows, row => row.cells[column].textContent.trim());
  headers[column].scrollIntoView({block: 'center'});
  const box = headers[column].getBoundingClientRect();
  window._sortProbe = {table, header: headers[column], cells};
  return JSON.stringify({before: cells(), x: box.left + box.width / 2, y: box.top + box.height / 2});
})()"""


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """Headless Chromium with one page attached over DevTools (ended after the module's tests)."""
    with chromium(tmp_path_factory.mktemp("chromium")) as client:
        yield client


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves the site without logging each request to stderr."""

    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The book of the repository's notebooks, figures and corpus, built into a temporary directory."""
    out = tmp_path_factory.mktemp("book") / "site"
    build_book(REPO / "notebooks", REPO / "figures", REPO / "corpus", out)
    return out


@pytest.fixture(scope="module")
def base_url(site):
    """The site served over http on a free port of 127.0.0.1 (stopped after the tests)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def console_errors(events: list[dict]) -> list[str]:
    """Errors the page reported: console.error calls, browser log errors and uncaught exceptions."""
    errors = []
    for event in events:
        params = event["params"]
        if event["method"] == "Runtime.consoleAPICalled" and params["type"] == "error":
            words = (str(arg.get("value", arg.get("description"))) for arg in params["args"])
            errors.append("console.error: " + " ".join(words))
        elif event["method"] == "Log.entryAdded" and params["entry"]["level"] == "error":
            errors.append(f"log: {params['entry']['text']} {params['entry'].get('url', '')}".strip())
        elif event["method"] == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            errors.append("exception: " + details.get("exception", {}).get("description", details["text"]))
    return errors


def remote_requests(events: list[dict], base_url: str) -> list[str]:
    """Addresses the page fetched from anywhere but the test server (the book must work with no network); the
    tables' library is a blob: the page made from the notebook's own output."""
    urls = [e["params"]["request"]["url"] for e in events if e["method"] == "Network.requestWillBeSent"]
    return [u for u in urls if not u.startswith((base_url, "data:", "blob:"))]


def broken_links(links: list[str], page_url: str, site: Path) -> list[str]:
    """Internal links (not http, mailto or #) of a page whose target is not a file of the site."""
    broken = []
    for href in links:
        if href.startswith(("http:", "https:", "mailto:", "#")):
            continue
        path = unquote(urlsplit(urljoin(page_url, href)).path).lstrip("/")
        if not (site / path).is_file():
            broken.append(href)
    return broken


def screenshot(browser: DevTools, name: str) -> Path:
    """Save the page (its top MAX_SHOT_HEIGHT px at the most) as build/screenshots/<name>.png."""
    size = browser.send("Page.getLayoutMetrics")["cssContentSize"]
    clip = {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], MAX_SHOT_HEIGHT), "scale": 1}
    shot = browser.send("Page.captureScreenshot", format="png", captureBeyondViewport=True, clip=clip)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    path.write_bytes(base64.b64decode(shot["data"]))
    return path


SORTED_PROBE = """JSON.stringify({after: window._sortProbe.cells(),
                                  sort: window._sortProbe.header.getAttribute('aria-sort')})"""


def folded(text: str) -> str:
    """``text`` compared as the browser sorts it: case and accents aside (« à cause » before « accord »)."""
    return "".join(c for c in unicodedata.normalize("NFD", text.casefold()) if not unicodedata.combining(c))


def check_page(browser: DevTools, base_url: str, site: Path, page: str) -> tuple[list[str], dict]:
    """Open one page (its path in the book); return its problems and what was probed."""
    url = urljoin(base_url, page)
    browser.take_events()
    failed = open_page(browser, url)
    if failed:
        return [f"does not load: {failed}"], {"images": [], "links": [], "tables": 0}
    probe = evaluate(browser, PAGE_PROBE)
    screenshot(browser, Path(page).stem)
    events = browser.take_events()  # after a round trip, so messages logged during load are all in
    problems = [f"image not shown: {im['src']}" for im in probe["images"] if im["width"] <= 0]
    problems += [f"image without alt text: {im['src']}" for im in probe["images"] if not im["alt"].strip()]
    problems += [f"link to a missing file: {href}" for href in broken_links(probe["links"], url, site)]
    problems += console_errors(events)
    problems += [f"request left the machine: {u}" for u in remote_requests(events, base_url)]
    if probe["live_tables"] < probe["tables"]:
        static = probe["tables"] - probe["live_tables"]
        problems.append(f"{static} of {probe['tables']} interactive tables stayed static")
    if probe["nav"] < 2:
        problems.append("no contents (the book's navigation)")
    return problems, probe


def test_every_page_of_the_book_works_offline_in_chromium(site, base_url, browser):
    """Every page loads, shows its images (each with an alt text), its contents and its live tables, links
    only to files that exist, logs no error and sends no request off the machine."""
    # The book's pages are all at its top; _static/ holds the theme's template fragments, no page.
    pages = sorted(p.name for p in site.glob("*.html"))
    notebooks = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    expected = {"index.html", "gallery.html", "corpus.html", "search.html"} | {f"{n.stem}.html" for n in notebooks}
    assert expected <= set(pages)
    problems, images, links, tables = [], 0, 0, 0
    for page in pages:
        found, probe = check_page(browser, base_url, site, page)
        problems += [f"{page}: {problem}" for problem in found]
        images, links, tables = images + len(probe["images"]), links + len(probe["links"]), tables + probe["tables"]
    print(f"checked {len(pages)} pages, {images} images, {links} links, {tables} interactive tables; "
          f"screenshots in {SCREENSHOTS}")
    assert not problems, "\n".join(problems)
    assert images >= 2 * len(list((REPO / "figures").glob("*.png"))), "every figure, in its notebook and the gallery"
    assert tables > 0, "the notebooks show their long tables as interactive ones"


def test_search_finds_a_french_word_of_a_notebook(site, base_url, browser):
    browser.take_events()
    assert open_page(browser, urljoin(base_url, f"search.html?q={quote(SEARCHED_WORD)}")) is None
    found = evaluate(browser, SEARCH_PROBE)
    screenshot(browser, "search")
    assert any(href.split("#")[0].split("?")[0].endswith("04_framing.html") for href in found), found
    assert not remote_requests(browser.take_events(), base_url)


def test_an_interactive_table_sorts_on_a_click(site, base_url, browser):
    """The frame triggers of 04_framing (hundreds of rows, paged): a click on « trigger » sorts them."""
    assert open_page(browser, urljoin(base_url, "04_framing.html")) is None
    evaluate(browser, PAGE_PROBE)  # waits for the tables to come alive
    column = evaluate(browser, SORT_PROBE % json.dumps("trigger"))
    for kind in ("mousePressed", "mouseReleased"):  # a click, as a reader's mouse makes it
        browser.send("Input.dispatchMouseEvent", type=kind, x=column["x"], y=column["y"], button="left", clickCount=1)
    time.sleep(0.5)
    sorted_ = evaluate(browser, SORTED_PROBE)
    screenshot(browser, "04_framing-sorted")
    assert len(column["before"]) == len(sorted_["after"]) > 1
    assert sorted_["sort"] == "ascending"
    assert sorted_["after"] == sorted(sorted_["after"], key=folded) != column["before"]
