"""The command line: a message, never a traceback, for bad arguments and Ctrl-C; nothing half-written; the
default corpus is the one the help names, never the shipped study by surprise."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from conftest import CORPUS, DATA, make_corpus, snapshot
from presslens import cli
from presslens.annotate.cache import annotation_store


def presslens(*args, cwd=None, env=None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "PRESSLENS_CORPUS"} | (env or {})
    return subprocess.run([sys.executable, "-m", "presslens.cli", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, env=environment)


@pytest.mark.parametrize("args, message", [
    (["annotate", "--batch-articles", "0"], "argument --batch-articles: must be 1 or more, not 0"),
    (["annotate", "--batch-size", "-3"], "argument --batch-size: must be 1 or more, not -3"),
    (["annotate", "--processes", "0"], "argument --processes: must be 1 or more, not 0"),
    (["annotate", "--dask-workers", "-1"], "argument --dask-workers: must be 0 or more, not -1"),
    (["annotate", "--batch-articles", "ten"], "argument --batch-articles: 'ten' is not a whole number"),
    (["synth", "--articles", "0", "--out", "{tmp}/synth"], "argument --articles: must be 1 or more, not 0"),
    (["synth", "--articles", "3", "--seed", "-1", "--out", "{tmp}/synth"], "argument --seed: must be 0 or more"),
])
def test_a_bad_number_is_a_message_and_writes_nothing(corpus_copy, tmp_path, args, message):
    before = snapshot(corpus_copy.root)
    run = presslens(*(a.format(tmp=tmp_path) for a in args), "--corpus", corpus_copy.root)
    assert run.returncode == 2 and message in run.stderr and "Traceback" not in run.stderr, run.stderr
    assert snapshot(corpus_copy.root) == before and not (tmp_path / "synth").exists()


@pytest.mark.parametrize("command, option", [("export", None), ("site", "--out")])
def test_an_output_directory_that_is_a_file_is_refused_before_anything_is_written(corpus_copy, tmp_path, command,
                                                                                  option):
    target = tmp_path / "out"
    target.write_text("keep me", encoding="utf-8")
    for path in (target, target / "below"):
        run = presslens(command, *([option] if option else []), path, "--corpus", corpus_copy.root)
        assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr
        assert f"{path}: " in run.stderr and "is a file" in run.stderr and "give a directory" in run.stderr
    assert target.read_text(encoding="utf-8") == "keep me" and sorted(tmp_path.iterdir()) == [tmp_path / "corpus",
                                                                                               target]
    assert not (corpus_copy.root / ".cache").exists()  # refused before the tables were loaded


def test_ctrl_c_in_any_command_is_one_line_and_status_130(monkeypatch, capsys, corpus_copy):
    def interrupted(corpus, args):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "_cmd_validate", interrupted)
    assert cli.main(["validate", "--corpus", str(corpus_copy.root)]) == 130
    assert capsys.readouterr().err == "presslens validate: interrupted\n"


def test_without_a_corpus_the_commands_say_how_to_point_at_one(tmp_path):
    """Run from a folder outside any project, `add` fell back to the repository's own study corpus."""
    shipped = {name: (CORPUS / name).read_bytes() for name in ("articles.csv", "SHA256SUMS")}
    run = presslens("add", DATA / "lire_aussi.txt", "--outlet", "X", "--published", "2024-06-19", "--event",
                    "pyongyang-2024", cwd=tmp_path)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "No corpus to work on: pass --corpus DIR" in run.stderr and "PRESSLENS_CORPUS" in run.stderr
    assert f"no corpus/articles.csv in {tmp_path.resolve()} or any folder above it" in run.stderr
    assert {name: (CORPUS / name).read_bytes() for name in shipped} == shipped
    assert sorted(tmp_path.iterdir()) == []


def test_the_default_corpus_is_the_variable_else_the_nearest_corpus_folder(tmp_path):
    project = tmp_path / "project"
    make_corpus(project / "corpus", [DATA / "lire_aussi.txt"])
    (project / "notebooks").mkdir()
    other = make_corpus(tmp_path / "other", [DATA / "lire_aussi.txt", DATA / "la_presse_style.txt"])
    assert "OK: 1 articles" in presslens("validate", cwd=project).stdout
    assert "OK: 1 articles" in presslens("validate", cwd=project / "notebooks").stdout  # as a notebook runs
    assert "OK: 2 articles" in presslens("validate", cwd=project, env={"PRESSLENS_CORPUS": str(other.root)}).stdout
    missing = presslens("validate", cwd=project, env={"PRESSLENS_CORPUS": str(tmp_path / "nowhere")})
    assert missing.returncode == 1 and f"{tmp_path / 'nowhere'}: is not a directory" in missing.stderr


@pytest.mark.slow
def test_ctrl_c_during_annotate_keeps_finished_batches_and_says_how_to_resume(tmp_path):
    articles = sorted(DATA.glob("*.txt"))
    corpus = make_corpus(tmp_path / "corpus", articles)
    env = {k: v for k, v in os.environ.items() if k != "PRESSLENS_CORPUS"}
    proc = subprocess.Popen([sys.executable, "-m", "presslens.cli", "annotate", "--corpus", str(corpus.root),
                             "--model", "fr_core_news_sm", "--batch-articles", "1", "--quiet"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    store = annotation_store(corpus.cache_dir)
    deadline = time.monotonic() + 120
    while not store.batches() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)  # what Ctrl-C sends
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    kept = len(store.batches())
    assert 1 <= kept < len(articles)
    assert f"interrupted; the {kept} batch(es) this run finished are kept" in err and "again to resume" in err
    again = subprocess.run([sys.executable, "-m", "presslens.cli", "annotate", "--corpus", str(corpus.root),
                            "--model", "fr_core_news_sm", "--batch-articles", "1"], capture_output=True, text=True,
                           env=env)
    assert again.returncode == 0, again.stderr
    assert f"{len(articles) - kept} annotated, {kept} cached" in again.stdout


@pytest.mark.parametrize("args, message", [
    (["--notebooks", "{tmp}/nowhere"], "nowhere: holds no notebook NN_topic.ipynb"),
    (["--only", "zzz"], "holds no notebook NN_topic.ipynb whose name contains 'zzz'"),
])
def test_report_with_no_notebook_to_run_says_so_before_annotating(corpus_copy, tmp_path, args, message):
    run = presslens("report", *(a.format(tmp=tmp_path) for a in args), "--corpus", corpus_copy.root,
                    cwd=CORPUS.parent)
    assert run.returncode == 1 and message in run.stderr and "Traceback" not in run.stderr, run.stderr
    assert not (corpus_copy.root / ".cache").exists()
