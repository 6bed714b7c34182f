from presslens.clean.quotemarks import inside_quotes, quote_spans
from presslens.clean.textmap import MappedText


def test_derived_offsets_map_back_to_raw():
    raw = "<p>Il l’a dit&nbsp;: « oui »  en 2024.Le président&amp;co <strong>X</strong></p>"
    m = MappedText.from_raw(raw)
    assert m.text.strip() == "Il l'a dit : « oui » en 2024. Le président&co X"
    for derived, original in [("l'a", "l’a"), ("président&co", "président&amp;co"), ("X", "X"), ("2024. Le", "2024.Le")]:
        i = m.text.index(derived)
        s, e = m.raw_span(i, i + len(derived))
        assert raw[s:e] == original


def test_sub_and_strip_keep_the_map():
    raw = "  <b>Bonjour</b> l’ami  "
    m = MappedText.from_raw(raw).strip()
    assert m.text == "Bonjour l'ami"
    s, e = m.raw_span(0, len(m.text))
    assert raw[s:e] == "Bonjour</b> l’ami"


def test_abbreviations_are_not_split():
    assert MappedText.from_raw("Les U.S.A. et M.Poutine").text == "Les U.S.A. et M.Poutine"


def test_quote_spans_nested_and_unclosed():
    text = "Il a dit « le “rôle” important » puis \"oui\" et « encore"
    spans = quote_spans(text)
    assert [text[s:e] for s, e in spans] == ["« le “rôle” important »", '"oui"', "« encore"]
    i = text.index("rôle")
    assert inside_quotes(spans, i, i + 4, "rôle")
    assert not inside_quotes(spans, 0, 2, "Il")
    assert not inside_quotes(spans, text.index("»"), text.index("»") + 1, "»")
