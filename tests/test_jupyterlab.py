"""JupyterLab, for real: start a server on a free local port, list the notebooks over the REST API, run a
cell that imports presslens in a kernel, and stop everything that was started."""
from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import uuid

import pytest
import requests

from conftest import REPO, stop


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def lab(tmp_path):
    port, token = free_port(), secrets.token_hex(16)
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
           f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={REPO / 'notebooks'}"]
    if os.geteuid() == 0:
        cmd.append("--allow-root")
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"), "JUPYTER_CONFIG_DIR": str(tmp_path / "config")}
    server = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    base = f"http://127.0.0.1:{port}"
    headers = {"Authorization": f"token {token}"}
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(f"{base}/api/status", headers=headers, timeout=2).ok:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                pytest.fail("jupyter lab did not start within 60 s")
            time.sleep(0.5)
        yield base, headers, port, token
    finally:
        stop(server, grace=15)


def execute(port: int, token: str, kernel_id: str, code: str, timeout: float = 60) -> str:
    """Run ``code`` in the kernel over its websocket channel; return what it printed."""
    import websocket

    ws = websocket.create_connection(f"ws://127.0.0.1:{port}/api/kernels/{kernel_id}/channels?token={token}",
                                     timeout=timeout)
    msg_id = uuid.uuid4().hex
    ws.send(json.dumps({"header": {"msg_id": msg_id, "msg_type": "execute_request", "username": "test",
                                   "session": uuid.uuid4().hex, "version": "5.3"},
                        "parent_header": {}, "metadata": {}, "channel": "shell",
                        "content": {"code": code, "silent": False, "store_history": False,
                                    "user_expressions": {}, "allow_stdin": False}}))
    printed, deadline = [], time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            msg = json.loads(ws.recv())
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "stream":
                printed.append(msg["content"]["text"])
            elif msg["msg_type"] == "error":
                pytest.fail(f"the cell failed: {msg['content']['ename']}: {msg['content']['evalue']}")
            elif msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                return "".join(printed)
    finally:
        ws.close()
    pytest.fail("no reply from the kernel in time")


def test_lab_lists_notebooks_and_runs_presslens(lab):
    base, headers, port, token = lab
    listing = requests.get(f"{base}/api/contents", headers=headers, timeout=10).json()
    names = {item["name"] for item in listing["content"]}
    assert {"00_corpus.ipynb", "04_framing.ipynb"} <= names
    kernel = requests.post(f"{base}/api/kernels", json={"name": "python3"}, headers=headers, timeout=30).json()
    try:
        out = execute(port, token, kernel["id"], "import presslens, sys\nprint(presslens.__name__, sys.prefix)")
        assert out.split()[0] == "presslens"
        assert out.split()[1] == sys.prefix  # the project's environment, not another Python
    finally:
        assert requests.delete(f"{base}/api/kernels/{kernel['id']}", headers=headers, timeout=30).status_code == 204
