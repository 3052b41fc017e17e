"""The site-wide crawler (security headers, axe, HTML, B1 and leak checks) reaches every page of
the uitdaagrecht through links: for the resident every step of the form (also its error state)
and the status page, for the officer the case list and the case page."""

from __future__ import annotations

import re

from crawl import crawl
from site_helpers import START, client_for, demo_site  # noqa: F401


def test_resident_reaches_every_step_and_the_status_page(app, demo_site):  # noqa: F811
    result = crawl(client_for(app, demo_site, "inwoner"), START["inwoner"])
    urls = {p.url for p in result.pages}
    for url in (
        "/uitdaagrecht",
        "/uitdaagrecht/register",
        "/uitdaagrecht/mijn",
        "/uitdaagrecht/nieuw",
    ):
        assert url in urls, url
    steps = {
        int(m.group(1))
        for u in urls
        if (m := re.fullmatch(r"/uitdaagrecht/concept/\d+/stap/(\d)", u))
    }
    assert steps == set(range(1, 10))
    assert any(re.fullmatch(r"/uitdaagrecht/concept/\d+/controleren", u) for u in urls)
    assert any(re.fullmatch(r"/uitdaagrecht/mijn/UR-\d{4}-\d{4}", u) for u in urls)
    errors = {p.url for p in result.pages if p.kind == "form-error"}
    assert "/uitdaagrecht/nieuw (fout)" in errors
    assert any(re.fullmatch(r"/uitdaagrecht/concept/\d+/stap/2 \(fout\)", u) for u in errors)
    assert any(u.endswith("/lever_aanvulling (fout)") for u in errors)
    assert all(p.status < 500 for p in result.pages)


def test_officer_reaches_the_case_list_and_every_case_page(app, demo_site):  # noqa: F811
    result = crawl(
        client_for(app, demo_site, "participatiemedewerker"), START["participatiemedewerker"]
    )
    urls = {p.url for p in result.pages}
    assert "/beheer/uitdaagrecht" in urls
    cases = {
        u for u in urls if re.fullmatch(r"/beheer/uitdaagrecht/UR-\d{4}-\d{4}\?doel=behandeling", u)
    }
    assert len(cases) >= 3
    errors = {p.url for p in result.pages if p.kind == "form-error"}
    assert any("/stap/zaak/" in u for u in errors)
    assert any(u.endswith("/beoordeling (fout)") or "/stap/" in u for u in errors)
    assert all(p.status < 500 for p in result.pages)
