"""Opening a notebook in JupyterLab changes nothing: JupyterLab, started as ``make lab`` starts it, opens each
committed notebook in headless Chromium (its kernel starts and reports its kernelspec and language info, which
JupyterLab writes into the notebook's metadata); the test waits past autosave, then saves as a reader pressing
Ctrl-S does, and checks that each file's bytes are unchanged (and that the save did happen).

The server serves a copy of notebooks/ and keeps its settings, workspaces, runtime and data files (where it signs
notebooks it saves) in a temporary directory, so the test neither depends on nor writes to the user's HOME.
"""
from __future__ import annotations

import json
import os
import secrets
import shutil
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest

from presslens.publish.report import notebook_paths

from chromium import BROWSER_TESTS, DevTools, chromium, evaluate, open_page
from test_jupyterlab import free_port, running

# Starts a JupyterLab server, a kernel per notebook and Chromium.
pytestmark = [*BROWSER_TESTS, pytest.mark.slow]

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
# JupyterLab autosaves a modified notebook every 120 s by default; a user setting in the test's own settings
# directory shortens it to AUTOSAVE seconds so that the test waits past it in seconds, not minutes.
AUTOSAVE = 2
KERNEL_TIMEOUT = 90.0   # seconds for a notebook to open and its kernel to become idle
SAVE_TIMEOUT = 30.0     # seconds for Ctrl-S to reach the disk
USER_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": True,
                                                                    "autosaveInterval": AUTOSAVE},
    # No news or update checks: nothing leaves the machine, and no prompt covers the page.
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false",
                                                                        "checkForUpdates": False},
}
# The opened notebook: whether its cells are shown and its kernel is idle (the toolbar names the kernel, whose
# execution indicator reads idle; before the kernel starts it reads idle beside « No Kernel »), the kernel's name, and whether JupyterLab holds it as modified (its tab marked dirty).
NOTEBOOK_PROBE = """(() => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  const indicator = panel && panel.querySelector('.jp-Notebook-ExecutionIndicator');
  const kernel = panel && panel.querySelector('.jp-KernelName');
  const tab = document.querySelector('.lm-TabBar-tab.jp-mod-current');
  const name = kernel ? kernel.textContent.trim() : '';
  return JSON.stringify({ready: !!(panel && panel.querySelector('.jp-Cell') && indicator && name
                                   && name !== 'No Kernel' && indicator.getAttribute('data-status') === 'idle'),
                         dirty: !!(tab && tab.classList.contains('jp-mod-dirty')),
                         kernel: name, tab: tab ? tab.textContent.trim() : ''});
})()"""
DIRTY_PROBE = """JSON.stringify(!!document.querySelector('.lm-TabBar-tab.jp-mod-current.jp-mod-dirty'))"""


@pytest.fixture(scope="module")
def lab_copy(tmp_path_factory):
    """``jupyter lab`` as ``make lab`` runs it (the ``jupyter`` of this environment, ``--notebook-dir``,
    127.0.0.1, no browser), on a free port with a random token, serving a copy of notebooks/; yields the server
    and the copy's directory."""
    work = tmp_path_factory.mktemp("jupyterlab-browser")
    served = work / "notebooks"
    shutil.copytree(NOTEBOOKS, served, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    settings = work / "user-settings"
    for name, values in USER_SETTINGS.items():
        path = settings / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")
    port, token, log = free_port(), secrets.token_hex(16), work / "server.log"
    args = [str(Path(sys.executable).with_name("jupyter")), "lab", f"--notebook-dir={served}", "--ip=127.0.0.1",
            "--no-browser", f"--port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
            f"--LabApp.user_settings_dir={settings}", f"--LabApp.workspaces_dir={work / 'workspaces'}"]
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(work / "runtime"), JUPYTER_DATA_DIR=str(work / "data"),
               JUPYTER_CONFIG_DIR=str(work / "config"), IPYTHONDIR=str(work / "ipython"))
    with running(args, env, work, log, port, token) as server:
        yield server, served


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    with chromium(tmp_path_factory.mktemp("chromium-lab")) as client:
        yield client


def wait_until_open(browser: DevTools) -> dict:
    """Poll the page until the notebook is shown with an idle kernel (or KERNEL_TIMEOUT); the last probe."""
    deadline = time.monotonic() + KERNEL_TIMEOUT
    while True:
        probe = evaluate(browser, NOTEBOOK_PROBE)
        if probe["ready"] or time.monotonic() > deadline:
            return probe
        time.sleep(0.5)


def save_with_ctrl_s(browser: DevTools) -> None:
    """Press Ctrl-S in the page, as a reader saves a notebook."""
    for kind in ("keyDown", "keyUp"):
        browser.send("Input.dispatchKeyEvent", type=kind, modifiers=2, key="s", code="KeyS",
                     windowsVirtualKeyCode=83, nativeVirtualKeyCode=83)


def wait_for_write(path: Path, since: int) -> bool:
    """Whether ``path`` was written (its mtime moved past ``since``, in ns) within SAVE_TIMEOUT."""
    deadline = time.monotonic() + SAVE_TIMEOUT
    while time.monotonic() < deadline:
        if path.stat().st_mtime_ns > since:
            time.sleep(0.5)  # the server writes atomically; let it finish before the bytes are read
            return True
        time.sleep(0.2)
    return False


def test_opening_and_saving_a_notebook_in_jupyterlab_changes_no_byte(lab_copy, page):
    lab, served = lab_copy
    names = [p.name for p in notebook_paths(NOTEBOOKS)]
    assert names
    problems = []
    for name in names:
        path = served / name
        before, mtime = path.read_bytes(), path.stat().st_mtime_ns
        # ?reset: a fresh workspace per notebook, so only this notebook is open.
        assert open_page(page, f"{lab.url}/lab/tree/{quote(name)}?reset&token={lab.token}") is None, name
        opened = wait_until_open(page)
        assert opened["ready"], f"{name} did not open with an idle kernel: {opened}\n{lab.log_tail()}"
        assert opened["kernel"] == "Python 3 (ipykernel)", opened
        time.sleep(2 * AUTOSAVE + 1)   # past autosave: a notebook JupyterLab holds as modified is written now
        dirty = evaluate(page, DIRTY_PROBE)
        autosaved = path.read_bytes()
        last_write = path.stat().st_mtime_ns
        save_with_ctrl_s(page)
        if not wait_for_write(path, last_write):
            problems.append(f"{name}: Ctrl-S wrote nothing in {SAVE_TIMEOUT:.0f} s")
            continue
        after = path.read_bytes()
        if autosaved != before:
            problems.append(f"{name}: autosave rewrote it")
        if dirty:  # (JupyterLab may mark a tab dirty for a moment while it loads: only the state after counts)
            problems.append(f"{name}: JupyterLab holds it as modified once opened")
        if after != before:
            old, new = json.loads(before), json.loads(after)
            what = "metadata" if old["metadata"] != new["metadata"] else \
                "cells" if old["cells"] != new["cells"] else "layout (same JSON, other bytes)"
            problems.append(f"{name}: the saved file differs ({what})"
                            + (f": {old['metadata']} -> {new['metadata']}" if what == "metadata" else ""))
    assert not problems, "\n".join(problems)
