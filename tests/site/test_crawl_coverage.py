"""The crawler must reach the pages we know exist, so site-wide checks really cover the site."""

from __future__ import annotations

import re

from crawl import crawl
from site_helpers import START, client_for


def test_crawler_reaches_known_pages(app, demo_site):
    anon = {p.url for p in crawl(client_for(app, demo_site, "anoniem"), START["anoniem"]).pages}
    for url in [
        "/",
        "/over",
        "/privacy",
        "/toegankelijkheid",
        "/account/inloggen",
        "/account/registreren",
        "/p/meedoen-zonder-computer",  # an officer's own page, linked from Over
    ]:
        assert url in anon
    admin = crawl(client_for(app, demo_site, "beheerder"), START["beheerder"])
    admin_urls = {p.url for p in admin.pages}
    for url in [
        "/beheer/",
        "/beheer/meldingen",
        "/beheer/gebruikers",
        "/beheer/instellingen",
        "/beheer/logboek",
        "/beheer/paginas/",
        "/beheer/paginas/over",
        "/beheer/paginas/nieuw",
        "/beheer/weigeringen",
        "/mijn",
    ]:
        assert url in admin_urls
    # The demo beraad in "werving" has a finished address draw: its officer page and record.
    assert any(re.fullmatch(r"/beheer/inwonersberaad/\d+/werving/\d+", u) for u in admin_urls)
    assert any(re.fullmatch(r"/beheer/inwonersberaad/\d+/werving", u) for u in admin_urls)
    assert any(p.kind == "form-error" for p in admin.pages)
