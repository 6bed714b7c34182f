"""JupyterLab as `make lab` gives it to readers: the server of this environment starts on notebooks/, lists
every notebook over its REST API, and runs a ``python3`` kernel that imports presslens.
"""
from __future__ import annotations

import contextlib
import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

from conftest import stop

from presslens.publish.report import notebook_paths

# Starts a JupyterLab server and a kernel.
pytestmark = pytest.mark.slow

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
STARTUP_TIMEOUT = 90.0   # seconds for the server to answer /api/status (first start builds its caches)
REPLY_TIMEOUT = 60.0     # seconds for the kernel to start and run one cell


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Lab:
    """A running ``jupyter lab`` server: its base URL, token and process (see the ``lab`` fixture)."""

    def __init__(self, proc: subprocess.Popen, port: int, token: str, log: Path):
        self.proc, self.port, self.token, self.log = proc, port, token, log
        self.url = f"http://127.0.0.1:{port}"

    def api(self, method: str, path: str, body: dict | None = None, timeout: float = 10.0):
        """Call the REST API; return the decoded JSON answer (None for an empty one)."""
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.url + path, data=data, method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            payload = answer.read()
        return json.loads(payload) if payload else None

    def log_tail(self) -> str:
        """The end of the server's log, for failure messages."""
        return self.log.read_text(errors="replace")[-3000:]


def wait_until_up(lab: Lab) -> None:
    """Poll /api/status until the server answers, failing (with its log) if it exits or takes too long."""
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if lab.proc.poll() is not None:
            pytest.fail(f"jupyter lab exited with {lab.proc.returncode}:\n{lab.log_tail()}")
        try:
            lab.api("GET", "/api/status", timeout=2.0)
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    pytest.fail(f"jupyter lab did not answer in {STARTUP_TIMEOUT:.0f} s:\n{lab.log_tail()}")


@contextlib.contextmanager
def running(args: list[str], env: dict, work: Path, log: Path, port: int, token: str):
    """A ``jupyter lab`` started with ``args`` in ``work`` (its output in ``log``), as a :class:`Lab` once it
    answers; stopped on exit, SIGTERM first: the server shuts its kernels down itself."""
    if os.geteuid() == 0:
        args = [*args, "--allow-root"]
    with open(log, "wb") as sink:
        proc = subprocess.Popen(args, stdout=sink, stderr=subprocess.STDOUT, env=env, cwd=work,
                                start_new_session=True)
    server = Lab(proc, port, token, log)
    try:
        wait_until_up(server)
        yield server
    finally:
        stop(proc, grace=20, group=True)


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """``jupyter lab`` from this interpreter on a free port with a random token, serving notebooks/."""
    work = tmp_path_factory.mktemp("jupyterlab")
    port, token, log = free_port(), secrets.token_hex(16), work / "server.log"
    args = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
            "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={NOTEBOOKS}"]
    # Runtime files (connection files, server info) go to the test's directory, not the user's.
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(work / "runtime"))
    with running(args, env, work, log, port, token) as server:
        yield server


def execute(lab: Lab, kernel_id: str, code: str) -> tuple[str, str]:
    """Run ``code`` in the kernel over its websocket; return (reply status, stdout it printed)."""
    import websocket

    ws = websocket.create_connection(f"ws://127.0.0.1:{lab.port}/api/kernels/{kernel_id}/channels",
                                     header=[f"Authorization: token {lab.token}"], timeout=REPLY_TIMEOUT)
    msg_id = uuid.uuid4().hex
    ws.send(json.dumps({
        "header": {"msg_id": msg_id, "username": "test", "session": uuid.uuid4().hex,
                   "msg_type": "execute_request", "version": "5.3"},
        "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
        "content": {"code": code, "silent": False, "store_history": False, "user_expressions": {},
                    "allow_stdin": False, "stop_on_error": True}}))
    stdout, status, idle = [], None, False
    deadline = time.monotonic() + REPLY_TIMEOUT
    try:
        while status is None or not idle:  # the reply and the kernel going idle both mean all output is in
            ws.settimeout(max(deadline - time.monotonic(), 0.01))
            message = json.loads(ws.recv())
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = message["msg_type"], message["content"]
            if kind == "stream" and content["name"] == "stdout":
                stdout.append(content["text"])
            elif kind == "error":
                stdout.append("\n".join(content["traceback"]))
            elif kind == "execute_reply":
                status = content["status"]
            elif kind == "status" and content["execution_state"] == "idle":
                idle = True
    finally:
        ws.close()
    return status, "".join(stdout)


def test_server_lists_every_notebook(lab):
    listing = lab.api("GET", "/api/contents/")
    listed = {item["name"] for item in listing["content"] if item["type"] == "notebook"}
    expected = {p.name for p in notebook_paths(NOTEBOOKS)}
    assert expected and expected <= listed
    for name in sorted(expected):  # each one opens as a notebook, as it would in the file browser
        model = lab.api("GET", f"/api/contents/{name}")
        assert model["type"] == "notebook" and model["content"]["cells"], name


def test_kernel_imports_presslens(lab):
    kernel = lab.api("POST", "/api/kernels", {"name": "python3"})
    try:
        status, stdout = execute(lab, kernel["id"], "import presslens; print(presslens.__name__)")
    finally:
        lab.api("DELETE", f"/api/kernels/{kernel['id']}")
    assert (status, stdout.strip()) == ("ok", "presslens"), f"{status}: {stdout}\n{lab.log_tail()}"
    assert kernel["id"] not in {k["id"] for k in lab.api("GET", "/api/kernels")}
