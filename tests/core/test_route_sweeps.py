"""Sweeps over every route of the app (built from ``app.url_map``, so new modules are covered
as soon as they register): every endpoint declares who may use it, every POST needs a CSRF
token, and no GET changes the database, whoever asks."""

from __future__ import annotations

import pytest
from core.sweep import ROLES, changed_tables, make_world, rules, snapshot, url_for_rule
from helpers import login_as

from open_nijmegen.core.permissions import ACCESS_ATTR

# POST routes that work without a CSRF token, and why. Keep this list short.
CSRF_EXEMPT = {
    # One-click unsubscribe from a mail (RFC 8058): the signed token in the URL authorises it.
    "interactions.unsubscribe",
    # The same for one kind of mail (a reaction on my idea, an answer to my reaction).
    "accounts.mail_uit",
}
LEVELS = {"public", "login", "confirmed", "staff", "beheerder", "custom"}


def test_every_endpoint_declares_an_access_level(app):
    missing = []
    for endpoint, view in app.view_functions.items():
        if endpoint == "static":
            continue
        level = getattr(view, ACCESS_ATTR, None)
        if level not in LEVELS:
            missing.append(f"{endpoint}: {level!r}")
    assert not missing, "endpoints without an access level:\n" + "\n".join(missing)


def test_an_undeclared_endpoint_is_refused(app, client):
    def undeclared():
        return "geheim"

    app.view_functions["core.test_undeclared"] = undeclared
    app.url_map.add(app.url_rule_class("/test-undeclared", endpoint="core.test_undeclared"))
    response = client.get("/test-undeclared")
    assert response.status_code == 403
    assert "geheim" not in response.get_data(as_text=True)


def test_every_post_route_refuses_a_post_without_csrf_token(app, client):
    world = make_world()
    login_as(client, world.users["beheerder"])
    before = snapshot()
    problems = []
    checked = 0
    for rule in rules(app, "POST"):
        if rule.endpoint in CSRF_EXEMPT:
            continue
        url = url_for_rule(app, rule, world)
        for data in ({}, {"csrf_token": "vervalst"}):
            response = client.post(url, data=data)
            response.close()
            checked += 1
            if response.status_code != 400:
                problems.append(f"{rule.endpoint} {url} {data}: {response.status_code}")
    assert checked >= 20
    assert not problems, "\n".join(problems)
    assert changed_tables(before, snapshot()) == []


def test_csrf_exemptions_are_only_the_listed_ones(app):
    from open_nijmegen.extensions import csrf

    exempt = set()
    for rule in rules(app, "POST"):
        view = app.view_functions[rule.endpoint]
        wrapped = getattr(view, "__wrapped__", view)
        names = {f"{v.__module__}.{v.__name__}" for v in (view, wrapped)}
        if names & csrf._exempt_views or rule.endpoint.split(".")[0] in csrf._exempt_blueprints:
            exempt.add(rule.endpoint)
    assert exempt == CSRF_EXEMPT


@pytest.mark.parametrize("role", ROLES)
def test_no_get_route_changes_the_database(app, client, role):
    world = make_world()
    if role != "anoniem":
        login_as(client, world.users[role])
    before = snapshot()
    problems = []
    get_rules = rules(app, "GET")
    assert len(get_rules) >= 15
    for rule in get_rules:
        url = url_for_rule(app, rule, world)
        response = client.get(url)
        response.close()
        if response.status_code >= 500:
            problems.append(f"{rule.endpoint} {url}: {response.status_code}")
        after = snapshot()
        changed = changed_tables(before, after)
        if changed:
            problems.append(f"{rule.endpoint} {url}: changed {', '.join(changed)}")
            before = after
    assert not problems, "\n".join(problems)
