"""Odd numbers never give a 500: ids in a path, a query string or a form that are too large for
the database, negative, or written in digits that are not ASCII (``²``, ``١٢``, ``１２``).

The path sweep walks ``app.url_map``: every rule with a number in its path, GET and POST, as a
logged-in beheerder with a valid CSRF token. Runs on SQLite and, with TEST_DATABASE_URL, on
PostgreSQL (where the limits of the column types differ).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

import pytest
from core.sweep import make_world, rule_values, rules, url_for_rule
from helpers import csrf_token, login_as
from werkzeug.routing import Rule
from werkzeug.routing.converters import NumberConverter

from open_nijmegen.core.forms import MAX_ID, parse_id

ODD_PATH_VALUES = [
    "99999999999999999999",  # far beyond a 64-bit integer
    str(2**63),  # one beyond the largest signed 64-bit integer
    "-1",
    "²",
    "١٢",  # Arabic-Indic digits
    "１２",  # full-width digits
]
ODD_FORM_VALUES = ["²", "99999999999999999999", str(2**63), "-1", "١٢", "1e3", " ", "0"]
# Names the site reads ids from, in query strings and forms.
ID_NAMES = ["wijk", "thema", "voor", "na", "upload_id", "parent_id", "doel_id", "stuk_id"]

_ARG = re.compile(r"<(?:[^<>:]+:)?([a-z_]+)>")


def _number_args(rule: Rule) -> list[str]:
    return [n for n, conv in rule._converters.items() if isinstance(conv, NumberConverter)]


def _url_with(rule: Rule, world: Any, name: str, raw: str) -> str:
    """The rule's URL with ``raw`` as it is (not converted) for argument ``name``."""
    values = {k: str(v) for k, v in rule_values(rule, world).items()}
    values[name] = raw
    return _ARG.sub(lambda m: quote(values[m.group(1)], safe=""), rule.rule)


def _path_rules(app: Any) -> list[Rule]:
    return [r for r in rules(app, "GET") + rules(app, "POST") if _number_args(r)]


def test_the_sweep_covers_the_routes_named_in_the_finding(app):
    paths = {r.rule for r in _path_rules(app)}
    for expected in (
        "/ideeen/<int:idee_id>",
        "/inwonersberaad/<int:beraad_id>",
        "/uploads/<int:upload_id>/<name>",
        "/api/v1/ideeen/<int:idee_id>",
        "/feeds/beraden/<int:beraad_id>.atom",
    ):
        assert expected in paths
    assert len({r.endpoint for r in _path_rules(app) if "POST" in r.methods}) >= 30


def test_odd_numbers_in_any_path_give_404_never_500(app, client):
    world = make_world()
    login_as(client, world.users["beheerder"])
    token = csrf_token(client)
    problems = []
    checked = 0
    for rule in _path_rules(app):
        for name in _number_args(rule):
            for raw in ODD_PATH_VALUES:
                url = _url_with(rule, world, name, raw)
                for method in sorted({"GET", "POST"} & rule.methods):
                    try:
                        if method == "GET":
                            response = client.get(url)
                        else:
                            response = client.post(url, data={"csrf_token": token})
                    except Exception as error:  # noqa: BLE001 - PROPAGATE_UNEXPECTED in tests
                        problems.append(f"{method} {url}: {type(error).__name__}: {error}")
                        continue
                    response.close()
                    checked += 1
                    # No route matches: 404 (405 when another rule has this path for GET only).
                    if response.status_code not in (404, 405):
                        problems.append(f"{method} {url}: {response.status_code}")
    assert checked > 300
    assert not problems, "\n".join(problems)


def test_odd_ids_in_query_strings_never_give_500(app, client):
    world = make_world()
    login_as(client, world.users["beheerder"])
    problems = []
    for rule in rules(app, "GET"):
        base = url_for_rule(app, rule, world)
        for raw in ODD_FORM_VALUES:
            url = base + "?" + "&".join(f"{n}={quote(raw)}" for n in ID_NAMES)
            try:
                response = client.get(url)
            except Exception as error:  # noqa: BLE001
                problems.append(f"GET {url}: {type(error).__name__}: {error}")
                continue
            response.close()
            if response.status_code >= 500:
                problems.append(f"GET {url}: {response.status_code}")
    assert not problems, "\n".join(problems)


def test_odd_ids_in_forms_never_give_500(app, client):
    world = make_world()
    login_as(client, world.users["beheerder"])
    token = csrf_token(client)
    problems = []
    for rule in rules(app, "POST"):
        if rule.endpoint in {"accounts.logout"}:
            continue  # would end the session the sweep runs in
        url = url_for_rule(app, rule, world)
        for raw in ODD_FORM_VALUES:
            data = {"csrf_token": token, **dict.fromkeys(ID_NAMES, raw)}
            try:
                response = client.post(url, data=data)
            except Exception as error:  # noqa: BLE001
                problems.append(f"POST {url} {raw!r}: {type(error).__name__}: {error}")
                continue
            response.close()
            if response.status_code >= 500:
                problems.append(f"POST {url} {raw!r}: {response.status_code}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12", 12),
        (" 12 ", 12),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),
        ("99999999999999999999", None),
        ("0", None),
        ("-1", None),
        ("+1", None),
        ("1_000", None),
        ("²", None),
        ("١٢", None),
        ("１２", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_id_takes_ascii_digits_in_range_only(raw, expected):
    assert parse_id(raw) == expected
