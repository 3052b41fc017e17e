"""The Atom feeds are well-formed Atom (RFC 4287): the required elements of the feed and of
each entry, RFC 3339 dates, unique entry ids, absolute links."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

A = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def check_atom(body: bytes) -> ET.Element:
    feed = ET.fromstring(body)  # noqa: S314 - our own output, in a test
    assert feed.tag == f"{A}feed"
    for name in ("id", "title", "updated"):
        assert len(feed.findall(f"{A}{name}")) == 1, name
        assert (feed.find(f"{A}{name}").text or "").strip(), name
    assert RFC3339.match(feed.find(f"{A}updated").text)
    assert any(link.get("rel") == "self" for link in feed.findall(f"{A}link"))
    # RFC 4287 4.1.1: a feed without author needs one in every entry; ours has one.
    assert feed.find(f"{A}author/{A}name").text
    ids = []
    for entry in feed.findall(f"{A}entry"):
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{A}{name}")) == 1, name
            assert (entry.find(f"{A}{name}").text or "").strip(), name
        assert RFC3339.match(entry.find(f"{A}updated").text)
        published = entry.find(f"{A}published")
        if published is not None:
            assert RFC3339.match(published.text)
        links = entry.findall(f"{A}link")
        assert links and all(link.get("href", "").startswith("http") for link in links)
        ids.append(entry.find(f"{A}id").text)
    assert len(ids) == len(set(ids)), "entry ids must be unique"
    return feed


@pytest.mark.parametrize(
    ("url", "minimum"),
    [
        ("/feeds/ideeen.atom", 4),
        ("/feeds/statuswijzigingen.atom", 1),
        ("/feeds/uitdagingen.atom", 3),
    ],
)
def test_feeds_are_valid_atom(client, world, url, minimum):
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    feed = check_atom(response.get_data())
    assert len(feed.findall(f"{A}entry")) >= minimum


def test_beraad_feed(client, world):
    public, private = world.beraden
    response = client.get(f"/feeds/beraden/{public.id}.atom")
    feed = check_atom(response.get_data())
    titles = [e.find(f"{A}title").text for e in feed.findall(f"{A}entry")]
    assert any(t.startswith("Openbaar stuk") for t in titles)
    assert any(t.startswith("Reactie op aanbeveling 1") for t in titles)
    assert not any("aanbeveling 2" in t for t in titles)  # the draft response
    assert client.get(f"/feeds/beraden/{private.id}.atom").status_code == 404


def test_empty_feeds_are_valid(client):
    for url in ("/feeds/ideeen.atom", "/feeds/statuswijzigingen.atom", "/feeds/uitdagingen.atom"):
        check_atom(client.get(url).get_data())
