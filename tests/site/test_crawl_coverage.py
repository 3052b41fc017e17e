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
        "/peilingen",
    ]:
        assert url in anon
    # Peilingen: an open one (start page), a closed one's results, a panel's code page.
    assert any(re.fullmatch(r"/peilingen/\d+/uitslag", u) for u in anon)
    assert any(re.fullmatch(r"/peilingen/\d+/code", u) for u in anon)
    # Inwonersberaad: step 2 of the registration (the visitor has a code from the letter).
    assert any(re.fullmatch(r"/inwonersberaad/\d+/aanmelden/gegevens", u) for u in anon)
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
    # Peilingen: the builder, a preview page, the open answers to screen.
    assert any(
        re.fullmatch(r"/beheer/peilingen/\d+/voorbeeld(\?pagina=\d+)?", u) for u in admin_urls
    )
    assert any(re.fullmatch(r"/beheer/peilingen/\d+/open-antwoorden", u) for u in admin_urls)
    assert any(re.fullmatch(r"/beheer/peilingen/\d+/vragen/\d+", u) for u in admin_urls)
    # The demo beraad in "werving" has a finished address draw: its officer page and record.
    assert any(re.fullmatch(r"/beheer/inwonersberaad/\d+/werving/\d+", u) for u in admin_urls)
    assert any(re.fullmatch(r"/beheer/inwonersberaad/\d+/werving", u) for u in admin_urls)
    assert any(p.kind == "form-error" for p in admin.pages)
