"""Every figure of the notebooks, one module per notebook topic, each function drawing on axes it is
given (``fig, ax = pl.figure(...)``; draw; ``pl.save_figure``). Colours come from
:mod:`presslens.publish.palette`. Notebooks use this flat face: ``from presslens.publish import plots``."""
from .entities import plot_heatmap, plot_network, plot_prominence, plot_prominence_by_group, plot_scores
from .findings import plot_voice_with_error
from .framing import plot_annotated_grid, plot_qualified_rates, plot_share_of_voice, plot_verbs_by_camp
from .overview import plot_timeline, plot_words_by_kind
from .sources import (plot_clustered_similarity, plot_fact_matrix, plot_naming_shares, plot_originality,
                      plot_profiles, profile_labels)
from .vocabulary import cloud_image, font_path, plot_cloud, plot_diversity_curve, plot_dispersion, plot_keyness, pos_legend

__all__ = ["cloud_image", "font_path", "plot_cloud", "plot_clustered_similarity", "plot_heatmap",
           "plot_diversity_curve", "plot_dispersion", "plot_fact_matrix", "plot_keyness", "plot_naming_shares",
           "plot_network", "plot_originality", "plot_prominence", "plot_prominence_by_group", "plot_profiles",
           "plot_scores", "plot_annotated_grid", "plot_qualified_rates", "plot_share_of_voice", "plot_verbs_by_camp",
           "plot_timeline", "plot_voice_with_error", "plot_words_by_kind", "pos_legend",
           "profile_labels"]
