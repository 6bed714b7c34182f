"""Findings shown as a Markdown list."""
from __future__ import annotations

from presslens.publish.prose import show_findings


def test_findings_outside_a_notebook_print_one_bulleted_list(capsys):
    show_findings(["- 5 articles.", "Two outlets."])
    assert capsys.readouterr().out == "- 5 articles.\n- Two outlets.\n"


def test_a_share_states_its_n_and_its_interval_or_says_it_has_none():
    from presslens.publish.prose import share_cell, share_text

    assert share_text(0.4213, 0.3, 0.551, 5.0, 1234.0, "words") == \
        "42 % of 1,234 words (95 % interval 30–55 %, resampling 5 articles)"
    assert share_text(0.5, float("nan"), float("nan"), 1) == \
        "50 % (1 article: too few for an interval, it describes these texts)"
    assert share_cell(0.4213, 0.3, 0.551, 5) == "42 % [30–55] (5 art.)"
    assert share_cell(0.5, float("nan"), float("nan"), 2) == "50 % (2 art.)"
    assert share_cell(float("nan"), 0, 0, 0) == "–"
