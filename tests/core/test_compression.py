"""Stylesheets and scripts are sent compressed to a browser that accepts it; HTML pages never
are (they hold the CSRF token next to text a visitor controls: BREACH)."""

from __future__ import annotations

import brotli


def test_css_is_compressed_and_html_is_not(client):
    headers = {"Accept-Encoding": "br, gzip"}
    css = client.get("/static/css/vendor/utrecht.css", headers=headers)
    assert css.status_code == 200
    assert css.headers["Content-Encoding"] == "br"
    assert "Accept-Encoding" in css.headers["Vary"]
    plain = client.get("/static/css/vendor/utrecht.css")
    assert "Content-Encoding" not in plain.headers
    assert brotli.decompress(css.get_data()) == plain.get_data()
    assert len(css.get_data()) < len(plain.get_data()) / 4
    css.close()
    plain.close()
    for url in ("/", "/account/inloggen", "/ideeen"):
        page = client.get(url, headers=headers)
        assert page.status_code == 200
        assert "Content-Encoding" not in page.headers, url
