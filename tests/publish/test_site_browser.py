"""The rendered site in a real browser: headless Debian Chromium, driven over the DevTools protocol, opens
every page (served over http on 127.0.0.1, not file://) and checks that it loads, that every image decoded,
that every internal link names a file of the site, that the navigation is there and that the console stayed
free of errors and nothing was fetched from the network. A screenshot of each page goes to build/screenshots/.
"""
from __future__ import annotations

import base64
import json
import os
import subprocess
import threading
import time
import urllib.request
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

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

# Collected in the page: what loaded, and every link and image to check from the outside.
PAGE_PROBE = """JSON.stringify({
  images: Array.from(document.images, im => ({src: im.getAttribute('src').slice(0, 80), width: im.naturalWidth})),
  links: Array.from(document.querySelectorAll('a[href]'), a => a.getAttribute('href')),
  nav: document.querySelectorAll('nav.bd-docs-nav a').length,
  title: document.title})"""


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
    """Addresses the page fetched from anywhere but the test server (the site must work with no network)."""
    urls = [e["params"]["request"]["url"] for e in events if e["method"] == "Network.requestWillBeSent"]
    return [u for u in urls if not u.startswith((base_url, "data:"))]


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


def check_page(browser: DevTools, base_url: str, site: Path, page: Path) -> tuple[list[str], dict]:
    """Open one page; return its problems and what was probed (images and links)."""
    url = urljoin(base_url, page.name)
    browser.take_events()
    navigation = browser.send("Page.navigate", url=url)
    if navigation.get("errorText"):
        return [f"does not load: {navigation['errorText']}"], {"images": [], "links": []}
    browser.wait_for("Page.loadEventFired")
    probe = json.loads(browser.send("Runtime.evaluate", expression=PAGE_PROBE, returnByValue=True)["result"]["value"])
    screenshot(browser, page.stem)
    events = browser.take_events()  # after a round trip, so messages logged during load are all in
    problems = [f"image not shown: {im['src']}" for im in probe["images"] if im["width"] <= 0]
    problems += [f"link to a missing file: {href}" for href in broken_links(probe["links"], url, site)]
    problems += console_errors(events)
    problems += [f"fetched from the network: {u}" for u in remote_requests(events, base_url)]
    if probe["nav"] < 2:
        problems.append("no contents (the book's navigation)")
    return problems, probe


def test_every_page_renders_in_chromium(site, base_url, browser):
    """Every page loads, shows its images and navigation, links only to files that exist, logs no error."""
    pages = sorted(site.glob("*.html"))
    notebooks = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    expected = {"index.html", "gallery.html", "corpus.html"} | {f"{n.stem}.html" for n in notebooks}
    assert expected <= {p.name for p in pages}
    problems, images, links = [], 0, 0
    for page in pages:
        found, probe = check_page(browser, base_url, site, page)
        problems += [f"{page.name}: {problem}" for problem in found]
        images, links = images + len(probe["images"]), links + len(probe["links"])
    print(f"checked {len(pages)} pages, {images} images, {links} links; screenshots in {SCREENSHOTS}")
    assert not problems, "\n".join(problems)
    assert images >= len(list((REPO / "figures").glob("*.png"))), "the gallery should show every figure"
