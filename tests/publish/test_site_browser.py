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
import os
import subprocess
import threading
import time
import unicodedata
import urllib.request
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

import pytest

from conftest import stop

from presslens.publish.book import build_book

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "build" / "screenshots"
STARTUP_TIMEOUT = 30.0   # seconds for Chromium to open its DevTools port
PAGE_TIMEOUT = 30.0      # seconds for one page to load, or one DevTools command to answer
MAX_SHOT_HEIGHT = 6000   # px: a long notebook is cut there, which keeps screenshots viewable

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=(
    f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium) to test the site in a "
    "browser; .ci/run installs it"))]

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


class DevTools:
    """A minimal DevTools-protocol client for one page target over the browser's websocket.

    ``send`` waits (bounded) for the command's reply; events arriving meanwhile are kept for ``wait_for``
    and ``take_events``.
    """

    def __init__(self, browser_ws: str):
        import websocket

        # Chromium refuses websocket handshakes that carry an Origin it was not told to allow.
        self.ws = websocket.create_connection(browser_ws, timeout=PAGE_TIMEOUT, suppress_origin=True)
        self.next_id = 0
        self.events: list[dict] = []
        self.session = None
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]

    def _receive(self, deadline: float) -> dict:
        """The next message from the browser, or TimeoutError once ``deadline`` (monotonic) has passed."""
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("no answer from Chromium in time")
        self.ws.settimeout(remaining)
        return json.loads(self.ws.recv())

    def send(self, method: str, **params) -> dict:
        """Run one DevTools command on the page; return its result or raise with the browser's error."""
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params}
        if self.session:
            message["sessionId"] = self.session
        self.ws.send(json.dumps(message))
        deadline = time.monotonic() + PAGE_TIMEOUT
        while True:
            reply = self._receive(deadline)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]
            if "method" in reply:
                self.events.append(reply)

    def wait_for(self, method: str) -> dict:
        """Wait (bounded) for the page event ``method``; return its parameters."""
        deadline = time.monotonic() + PAGE_TIMEOUT
        while True:
            for event in self.events:
                if event["method"] == method:
                    self.events.remove(event)
                    return event["params"]
            message = self._receive(deadline)
            if "method" in message:
                self.events.append(message)

    def take_events(self) -> list[dict]:
        """The events received so far (they are forgotten here)."""
        events, self.events = self.events, []
        return events

    def close(self) -> None:
        self.ws.close()


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


def devtools_port(profile: Path, proc: subprocess.Popen, log: Path) -> int:
    """The DevTools port Chromium chose (it writes it to its profile), waiting at most STARTUP_TIMEOUT."""
    port_file = profile / "DevToolsActivePort"
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"Chromium exited with {proc.returncode}:\n{log.read_text(errors='replace')[-2000:]}")
        if port_file.is_file() and port_file.read_text().strip():
            return int(port_file.read_text().split()[0])
        time.sleep(0.1)
    pytest.fail(f"Chromium opened no DevTools port in {STARTUP_TIMEOUT:.0f} s:\n"
                f"{log.read_text(errors='replace')[-2000:]}")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """Headless Chromium with one page attached over DevTools; the browser is always ended afterwards."""
    work = tmp_path_factory.mktemp("chromium")
    profile, log = work / "profile", work / "chromium.log"
    # Port 0: Chromium picks a free port itself and writes it to DevToolsActivePort (no race with others).
    args = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--hide-scrollbars", "--window-size=1280,900", f"--user-data-dir={profile}",
            "--remote-debugging-port=0", "about:blank"]
    with open(log, "wb") as sink:
        proc = subprocess.Popen(args, stdout=sink, stderr=subprocess.STDOUT, start_new_session=True)
    client = None
    try:
        port = devtools_port(profile, proc, log)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/version", timeout=PAGE_TIMEOUT) as answer:
            client = DevTools(json.load(answer)["webSocketDebuggerUrl"])
        for domain in ("Page", "Runtime", "Log", "Network"):
            client.send(f"{domain}.enable")
        yield client
    finally:
        if client is not None:
            client.close()
        stop(proc, group=True)


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


def evaluate(browser: DevTools, expression: str):
    """The JSON value an in-page expression (a promise is awaited) returns."""
    answer = browser.send("Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True)
    if "exceptionDetails" in answer:
        raise AssertionError(f"in-page script failed: {answer['exceptionDetails']}")
    return json.loads(answer["result"]["value"])


def open_page(browser: DevTools, url: str) -> str | None:
    """Navigate to ``url`` and wait for its load event; the browser's error text if it did not load."""
    navigation = browser.send("Page.navigate", url=url)
    if navigation.get("errorText"):
        return navigation["errorText"]
    browser.wait_for("Page.loadEventFired")
    return None


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
