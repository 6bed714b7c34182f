"""Findings shown as a Markdown list."""
from __future__ import annotations

from presslens.publish.prose import show_findings


def test_findings_outside_a_notebook_print_one_bulleted_list(capsys):
    show_findings(["- 5 articles.", "Two outlets."])
    assert capsys.readouterr().out == "- 5 articles.\n- Two outlets.\n"
