"""The site works down to 320 CSS pixels wide (WCAG 1.4.10 reflow): no page scrolls sideways."""

from __future__ import annotations

import pytest
from crawl import crawl
from site_helpers import START, START_EN, client_for, record_check


@pytest.mark.parametrize("language", ["nl", "en"])
def test_no_horizontal_scrolling_at_320px(app, demo_site, live_server, chromium, language):
    """Also in English (issue 20): English words are often longer than the Dutch ones."""
    start = START["anoniem"] if language == "nl" else START_EN["anoniem"]
    urls = [
        p.url
        for p in crawl(
            client_for(app, demo_site, "anoniem"), start, submit_forms=False, language=language
        ).pages
        if p.status == 200 and p.headers.get("Content-Type", "").startswith("text/html")
    ]
    assert len(urls) >= 5
    browser_locale = "nl-NL" if language == "nl" else "en-GB"
    context = chromium.new_context(viewport={"width": 320, "height": 640}, locale=browser_locale)
    page = context.new_page()
    too_wide = []
    try:
        for url in urls[:40]:
            page.goto(live_server + url)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 320:
                too_wide.append(f"{url}: {width}px")
    finally:
        context.close()
    if language == "nl":
        record_check("320px", "anoniem", min(len(urls), 40), len(too_wide), "Chromium")
    assert not too_wide, "\n".join(too_wide)
