"""The one palette of every figure: colour-blind-safe colours for outlets, text kinds, origins of words,
entity labels and parts of speech, so that one thing has one colour across notebooks."""
from __future__ import annotations

import pandas as pd


#: Colours given to outlets in order of first appearance (colour-blind-safe Okabe–Ito palette).
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")


def outlet_colours(articles: pd.DataFrame) -> dict[str, str]:
    """A colour per outlet, in order of first appearance in ``articles``."""
    outlets = list(dict.fromkeys(articles["outlet"]))
    return {o: PALETTE[k % len(PALETTE)] for k, o in enumerate(outlets)}


ORIGIN_COLOURS = {"own": "#0072B2", "agency_copy": "#E69F00", "shared": "#CC79A7"}


KIND_COLOURS = {"headline": "#08306b", "standfirst": "#2171b5", "subheading": "#6baed6", "body": "#4292c6",
                "caption": "#74c476", "byline": "#d9d9d9", "credit": "#bdbdbd", "boilerplate": "#fd8d3c", "foreign": "#e6550d",
                "metadata": "#969696"}


LABEL_COLOURS = {"PER": "#d95f02", "ORG": "#7570b3", "LOC": "#1b9e77", "MISC": "#999999"}


#: One colour per part of speech, shared by every word cloud so that clouds can be compared.
POS_COLOURS = {"PROPN": "#b2182b", "NOUN": "#2166ac", "VERB": "#1b7837", "ADJ": "#8c510a"}


POS_NAMES = {"PROPN": "proper name", "NOUN": "noun", "VERB": "verb", "ADJ": "adjective"}


#: Series that are not outlets (one line per figure row): ColorBrewer's colour-blind-safe Dark2.
SERIES = ("#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666")
#: An estimate and its interval: a dark point on a pale bar.
POINT, INTERVAL = "#08519c", "#9ecae1"
#: Over- and under-use (keyness): red against blue.
OVER, UNDER = "#b2182b", "#2166ac"
#: Annotation text, and the grey of rules, pooled rows and not-applicable cells.
INK, GREY = "#333333", "#bdbdbd"


#: One colour per speaker camp (Okabe–Ito and Tol's colour-blind-safe sets), shared by every voice figure.
CAMP_COLOURS = {"russia": "#D55E00", "north_korea": "#CC79A7", "united_states": "#0072B2", "south_korea": "#56B4E9",
                "nato_eu": "#332288", "china": "#E69F00", "un": "#44AA99", "ukraine": "#F0E442", "experts": "#009E73",
                "media": "#882255", "other": "#999999", "unknown": "#DDDDDD"}


#: One colour per kind of source a quote gives (:mod:`presslens.analyses.stance`), Okabe–Ito, unattributed grey.
SOURCE_COLOURS = {"named person": "#0072B2", "anonymous": "#D55E00", "institution": "#009E73", "media": "#CC79A7",
                  "document": "#E69F00", "unattributed": "#DDDDDD"}


def camp_colour(camp: str) -> str:
    """The colour of ``camp``; a camp the palette does not know (another study's) is grey."""
    return CAMP_COLOURS.get(camp, "#BBBBBB")


def source_colour(source_type: str) -> str:
    """The colour of a kind of source (:data:`SOURCE_COLOURS`); grey for one the palette does not know."""
    return SOURCE_COLOURS.get(source_type, GREY)
