"""Headless Debian Chromium for the browser tests, driven over the DevTools protocol with a minimal client (no
Playwright: Debian's chromium and websocket-client are all it needs). The tests that use it are marked ``browser``
and skipped when /usr/bin/chromium is missing (``.ci/run`` installs it)."""
from __future__ import annotations

import json
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import stop

CHROMIUM = Path("/usr/bin/chromium")
STARTUP_TIMEOUT = 30.0   # seconds for Chromium to open its DevTools port
PAGE_TIMEOUT = 30.0      # seconds for one page to load, or one DevTools command to answer

#: ``pytestmark`` of a module of browser tests: the marker ``make unit`` leaves out, and the skip rule.
BROWSER_TESTS = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=(
    f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium) to run the browser tests; "
    ".ci/run installs it"))]


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


@contextmanager
def chromium(work: Path):
    """Headless Chromium (profile and log under ``work``) with one page attached over DevTools, as a context
    manager; the browser is always ended afterwards."""
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
