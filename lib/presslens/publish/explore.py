"""Interactive helpers for readers in JupyterLab (ipywidgets). The analyses stay in the library; these only
wire a few controls to them."""
from __future__ import annotations


def concordance_explorer(tables, term: str = "munition", window: int = 7, by: str = "lemma", rows: int = 40):
    """A concordance explorer: a term box, a window-size slider and an outlet filter above a KWIC table
    (:func:`presslens.analyses.concordance.kwic`). Returns the widget; the table refreshes when a control changes."""
    import ipywidgets as w

    from ..analyses.concordance import kwic

    outlets = ["(all outlets)"] + sorted(tables.articles["outlet"].unique())
    term_box = w.Text(value=term, description="Term", continuous_update=False)
    window_box = w.IntSlider(value=window, min=2, max=20, description="Window", continuous_update=False)
    outlet_box = w.Dropdown(options=outlets, value=outlets[0], description="Outlet")
    by_box = w.ToggleButtons(options=["lemma", "form"], value=by, description="Match")
    # The table is the value of an HTML widget rather than output captured in the widget: nothing is
    # displayed outside the widget, so the notebook's saved outputs do not depend on a front end.
    count, table = w.Label(), w.HTML()

    def refresh(*_):
        found = kwic(tables, term_box.value.strip(), window=window_box.value, by=by_box.value)
        if outlet_box.value != outlets[0]:
            found = found[found["outlet"] == outlet_box.value]
        count.value = f"{len(found)} hits for « {term_box.value.strip()} » (first {rows} shown)"
        table.value = found.head(rows).to_html(index=False)

    for control in (term_box, window_box, outlet_box, by_box):
        control.observe(refresh, names="value")
    refresh()
    return w.VBox([w.HBox([term_box, window_box]), w.HBox([outlet_box, by_box]), count, table])
