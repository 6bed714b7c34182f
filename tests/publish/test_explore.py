"""The concordance explorer: its controls drive the table, with no front end needed."""


def test_controls_refresh_the_concordance(fixture_tables):
    from presslens.publish.explore import concordance_explorer

    _, tables = fixture_tables
    box = concordance_explorer(tables, term="Pyongyang", by="form")
    term, window = box.children[0].children
    outlet, match = box.children[1].children
    count, table = box.children[2], box.children[3]
    assert count.value.startswith(f"{count.value.split()[0]} hits for « Pyongyang »") and int(count.value.split()[0]) > 0
    assert "Pyongyang" in table.value
    term.value = "zzzz-introuvable"
    assert count.value.startswith("0 hits")
    term.value = "Pyongyang"
    outlet.value = outlet.options[-1]
    assert all(outlet.value in row for row in table.value.split("<tr>")[2:]) or count.value.startswith("0 hits")
