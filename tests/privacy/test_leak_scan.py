"""Leak scan: on a richly seeded site, no public page, feed or API response shows an e-mail
address, IP address or private field of anyone; a resident sees only their own.

The site-wide crawl in tests/site already checks that HTML pages reference no other host;
here the feeds and API responses are checked for that too."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from crawl import EMAIL_RE, crawl
from flask import Flask
from helpers import login_as
from privacy.seed import rich_person
from site_helpers import START

from open_nijmegen.accounts.models import User
from open_nijmegen.demo import DEMO_ACCOUNTS, seed_demo
from open_nijmegen.extensions import db

# The municipality's own public addresses (privacy@, participatie@...).
MUNICIPAL_DOMAIN = "@nijmegen.nl"
FEEDLIKE = re.compile(r"^/api/|feed|rss|atom|\.xml$|\.json$")
URL_RE = re.compile(r"https?://[^\s\"'<>\\]+")


@pytest.fixture()
def rich_site(app):
    seed_demo()
    db.session.commit()
    people = [rich_person(f"lek{i}") for i in range(3)]
    # An unconfirmed account and one without e-mail: their data must not show either.
    from factories import make_user

    make_user(email="nooit.bevestigd@privacytest.example", confirmed=False, password="")
    make_user(email=None, password="")
    return people


def _private_values(people, own=None) -> set[str]:
    values = set()
    for person in people:
        if person is own:
            continue
        values.update(person.values)
        values.add(person.officer.email)
    for email, _name, _role in DEMO_ACCOUNTS.values():
        values.add(email)
    values.add("nooit.bevestigd@privacytest.example")
    if own is not None:
        values.discard(own.email)
    return values


def _feed_urls(app: Flask) -> list[str]:
    """Every public GET route that looks like an API or a feed, with the ids of seeded objects
    filled in (``beraad_id`` takes ids from the table ``beraad``, and so on)."""
    import itertools

    import sqlalchemy as sa

    urls = []
    adapter = app.url_map.bind("localhost")
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or set()) or not FEEDLIKE.search(rule.rule):
            continue
        if rule.rule.startswith(("/account/", "/beheer")):
            continue  # the person's own download (test_export) and staff pages
        choices = []
        for name in sorted(rule.arguments):
            table = db.metadata.tables.get(name.removesuffix("_id"))
            if not name.endswith("_id") or table is None:
                break
            ids = db.session.scalars(sa.select(table.c.id).order_by(table.c.id).limit(5)).all()
            choices.append([(name, i) for i in ids])
        else:
            for combo in itertools.product(*choices):
                urls.append(adapter.build(rule.endpoint, dict(combo)))
    return sorted(set(urls))


def _scan(pages: list[tuple[str, str]], values: set[str], allowed: set[str]) -> list[str]:
    leaks = []
    for url, body in pages:
        for value in values:
            if value in body:
                leaks.append(f"{url}: {value}")
        for found in set(EMAIL_RE.findall(body)):
            if found not in allowed and not found.endswith(MUNICIPAL_DOMAIN):
                leaks.append(f"{url}: e-mail address {found}")
        for found in set(re.findall(r"198\.51\.100\.\d+", body)):
            if found not in allowed:
                leaks.append(f"{url}: IP address {found}")
    return leaks


@pytest.mark.parametrize("who", ["anoniem", "inwoner"])
def test_no_personal_data_on_any_public_page_feed_or_api(app, rich_site, who):
    people = rich_site
    own = people[0] if who == "inwoner" else None
    client = app.test_client()
    start = list(START["anoniem"])
    if own is not None:
        login_as(client, db.session.get(User, own.user.id))
        start = [*START["inwoner"], "/account/mijn-gegevens"]
    with app.test_request_context():
        start += [p.objects["idee"].object_url() for p in people if "idee" in p.objects]
    result = crawl(client, start, submit_forms=False)
    assert len(result.pages) >= 8, "the crawler found too few pages"
    fetched = [(p.url, p.html) for p in result.pages]
    feeds = _feed_urls(app)
    for url in feeds:
        response = client.get(url)
        fetched.append((url, response.get_data(as_text=True)))

    allowed: set[str] = set()
    if own is not None:
        allowed.update({own.email, own.private["contact_email"], own.private["ip"]})
    leaks = _scan(fetched, _private_values(people, own), allowed)
    if own is None:
        leaks += _scan(fetched, set(people[0].values), allowed)
    assert not leaks, "\n".join(sorted(set(leaks)))
    if own is not None:
        # The resident does see their own data on their own page.
        mine = next(body for url, body in fetched if url == "/account/mijn-gegevens")
        assert own.email in mine


def test_feeds_and_api_reference_only_this_site(app, rich_site):
    client = app.test_client()
    host = urlsplit(app.config["BASE_URL"]).hostname
    problems = []
    for url in _feed_urls(app):
        response = client.get(url)
        assert response.status_code < 500, url
        body = response.get_data(as_text=True)
        for found in URL_RE.findall(body):
            parts = urlsplit(found)
            if parts.hostname not in {host, "localhost"} and not _is_namespace(found):
                problems.append(f"{url}: {found}")
    assert not problems, "\n".join(problems)


def _is_namespace(url: str) -> bool:
    """XML namespaces and schema ids are names, not requests."""
    return url.startswith(
        (
            "http://www.w3.org/",
            "https://www.w3.org/",
            "http://purl.org/",
            "https://json-schema.org/",
            "http://json-schema.org/",
            "https://spec.openapis.org/",
        )
    )
