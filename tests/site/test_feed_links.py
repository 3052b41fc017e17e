"""Feed autodiscovery: every page that has an Atom feed names it in <head> with
<link rel="alternate" type="application/atom+xml" title="..."> (the ``feeds`` block of the base
template), so a feed reader finds it from the page's own address."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
import sqlalchemy as sa
from site_helpers import client_for

from open_nijmegen.extensions import db
from open_nijmegen.inwonersberaad import queries as ib_queries


class _HeadFeeds(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.in_head = False
        self.feeds: list[dict[str, str | None]] = []
        self.outside: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "head":
            self.in_head = True
        if tag == "link" and a.get("rel") == "alternate":
            if self.in_head:
                self.feeds.append(a)
            else:
                self.outside.append(a.get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False


def head_feeds(html: str) -> _HeadFeeds:
    parser = _HeadFeeds()
    parser.feed(html)
    return parser


def _beraad_page() -> tuple[str, list[str]]:
    beraad = db.session.scalars(ib_queries.public_beraden().order_by(sa.text("id"))).first()
    assert beraad is not None, "the demo data has no public inwonersberaad"
    return f"/inwonersberaad/{beraad.id}-{beraad.slug}", [f"/feeds/beraden/{beraad.id}.atom"]


IDEEEN = ["/feeds/ideeen.atom", "/feeds/statuswijzigingen.atom"]
UITDAGINGEN = ["/feeds/uitdagingen.atom"]
BIJEENKOMSTEN = ["/bijeenkomsten/bijeenkomsten.atom"]
BEGROTEN = ["/begroten/uitslagen.atom"]
PEILINGEN = ["/peilingen/uitslagen.atom"]
PAGES = {
    "/ideeen": lambda: ("/ideeen", IDEEEN),
    "/uitdaagrecht": lambda: ("/uitdaagrecht", UITDAGINGEN),
    "/uitdaagrecht/register": lambda: ("/uitdaagrecht/register", UITDAGINGEN),
    "/bijeenkomsten": lambda: ("/bijeenkomsten", BIJEENKOMSTEN),
    "/begroten": lambda: ("/begroten", BEGROTEN),
    "/peilingen": lambda: ("/peilingen", PEILINGEN),
    "/open-data": lambda: ("/open-data", IDEEEN + UITDAGINGEN + BIJEENKOMSTEN + BEGROTEN),
    "inwonersberaad": _beraad_page,
}


@pytest.mark.parametrize("page", list(PAGES))
def test_page_with_a_feed_announces_it_in_head(app, demo_site, page):
    client = client_for(app, demo_site, "anoniem")
    url, expected = PAGES[page]()
    response = client.get(url)
    assert response.status_code == 200, url
    found = head_feeds(response.get_data(as_text=True))
    assert not found.outside, f"feed links outside <head>: {found.outside}"
    atom = [f for f in found.feeds if f.get("type") == "application/atom+xml"]
    hrefs = [f["href"] for f in atom]
    assert sorted(hrefs) == sorted(expected), url
    for feed in atom:
        assert (feed.get("title") or "").strip(), f"{url}: feed link without a title"
        answer = client.get(feed["href"])
        assert answer.status_code == 200, feed["href"]
        assert answer.mimetype == "application/atom+xml"


def test_every_feed_route_is_announced_somewhere(app, demo_site):
    announced = {h.split("/beraden/")[0] for _k, f in PAGES.items() for h in f()[1]}
    for rule in app.url_map.iter_rules():
        if rule.rule.endswith(".atom"):
            assert rule.rule.split("/beraden/")[0] in announced, rule.rule


def test_head_parser_finds_only_links_in_head():
    html = (
        '<html><head><link rel="alternate" type="application/atom+xml" title="A" href="/a.atom">'
        '</head><body><link rel="alternate" href="/b.atom"></body></html>'
    )
    found = head_feeds(html)
    assert [f["href"] for f in found.feeds] == ["/a.atom"]
    assert found.outside == ["/b.atom"]
