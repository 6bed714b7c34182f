"""What a browser would fetch from the network to show a page (the book must fetch nothing)."""
from __future__ import annotations

import pytest

from presslens.publish.offline import external_resources


@pytest.mark.parametrize("document, remote", [
    ('<script src="https://cdn.example/require.js"></script>', ["https://cdn.example/require.js"]),
    ('<img src="//cdn.example/a.png">', ["//cdn.example/a.png"]),
    ('<link rel="stylesheet" href="http://cdn.example/a.css">', ["http://cdn.example/a.css"]),
    ('<script type="module">const m = await import("https://cdn.example/m.mjs");</script>',
     ["https://cdn.example/m.mjs"]),
    ("<style>@import url('https://fonts.example/f.css');</style>", ["https://fonts.example/f.css"]),
    ('<a href="https://example.org">a link is not fetched</a><img src="data:image/png;base64,AA==">', []),
    ('<div style="background: url(https://cdn.example/bg.png)"></div>', ["https://cdn.example/bg.png"]),
    ("<style>/* colours from https://example.org */</style>", []),
])
def test_external_resources_finds_what_a_browser_would_fetch(document, remote):
    assert external_resources(document) == remote
