"""The site works down to 320 CSS pixels wide (WCAG 1.4.10 reflow): no page scrolls sideways."""

from __future__ import annotations

from crawl import crawl
from site_helpers import START, client_for, record_check


def test_no_horizontal_scrolling_at_320px(app, demo_site, live_server, chromium):
    urls = [
        p.url
        for p in crawl(
            client_for(app, demo_site, "anoniem"), START["anoniem"], submit_forms=False
        ).pages
        if p.status == 200 and p.headers.get("Content-Type", "").startswith("text/html")
    ]
    assert len(urls) >= 5
    context = chromium.new_context(viewport={"width": 320, "height": 640}, locale="nl-NL")
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
    record_check("320px", "anoniem", min(len(urls), 40), len(too_wide), "Chromium")
    assert not too_wide, "\n".join(too_wide)
