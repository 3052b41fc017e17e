"""Shared by the route sweeps: a small world of objects and a URL for every rule in the app.

URL arguments are filled with ids of objects that exist (so routes get past their 404 checks)
and with valid signed tokens where a route takes one; anything unknown gets 1 or "x".
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from factories import make_admin, make_staff, make_user
from flask import Flask
from werkzeug.datastructures import FileStorage
from werkzeug.routing import Rule
from werkzeug.routing.converters import NumberConverter

from open_nijmegen.accounts.models import Role, User
from open_nijmegen.accounts.passwords import make_token
from open_nijmegen.accounts.services import password_fingerprint
from open_nijmegen.core.interactions.services import unsubscribe_token
from open_nijmegen.core.models import Follow, Reaction
from open_nijmegen.extensions import db


@dataclass
class World:
    users: dict[str, User]
    values: dict[str, Any] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)


ROLES = ["anoniem", "onbevestigd", "inwoner", "medewerker_zonder_gebied", "medewerker", "beheerder"]


def make_world() -> World:
    from open_nijmegen.core.uploads import store_upload

    # No password (no slow Argon2 hashing): the sweeps log in through the session.
    users = {
        "onbevestigd": make_user(confirmed=False, email="onbevestigd@example.org", password=""),
        "inwoner": make_user(email="inwoner@example.org", password=""),
        "medewerker_zonder_gebied": make_staff(areas=[], email="zonder@example.org", password=""),
        "medewerker": make_staff(email="medewerker@example.org", password=""),
        "beheerder": make_admin(email="beheerder@example.org", password=""),
    }
    author = users["inwoner"]
    reaction = Reaction(
        object_type="gebruiker", object_id=author.id, author_id=author.id, body="Een reactie"
    )
    db.session.add(reaction)
    follow = Follow(user_id=author.id, object_type="gebruiker", object_id=author.id)
    db.session.add(follow)
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    upload = store_upload(FileStorage(io.BytesIO(pdf), "brief.pdf"), {"pdf"}, owner=author)
    db.session.commit()
    unconfirmed = users["onbevestigd"]
    world = World(users=users)
    world.values = {
        "user_id": author.id,
        "reaction_id": reaction.id,
        "object_type": "reactie",
        "object_id": reaction.id,
        "upload_id": upload.id,
        "name": upload.stored_name,
    }
    world.tokens = {
        "accounts.bevestigen": make_token(
            "bevestigen", {"u": unconfirmed.id, "e": unconfirmed.email}
        ),
        "accounts.wachtwoord_herstellen": make_token(
            "herstel",
            {"u": author.id, "v": author.session_version, "h": password_fingerprint(author)},
        ),
        "accounts.email_bevestigen": make_token(
            "email", {"u": author.id, "e": "ander@example.org", "v": author.session_version}
        ),
        "interactions.unsubscribe": unsubscribe_token(follow),
    }
    return world


def rule_values(rule: Rule, world: World) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in rule.arguments:
        if name == "token":
            values[name] = world.tokens.get(rule.endpoint, "x")
        elif name in world.values:
            values[name] = world.values[name]
        elif isinstance(rule._converters[name], NumberConverter):
            values[name] = 1
        else:
            values[name] = "x"
    return values


def url_for_rule(app: Flask, rule: Rule, world: World) -> str:
    adapter = app.url_map.bind("localhost")
    return adapter.build(rule.endpoint, rule_values(rule, world))


def listing_app() -> Flask:
    """An app built only to list its routes at collection time (it opens no database)."""
    from open_nijmegen import create_app

    return create_app({"ENV": "test", "DATABASE_URL": "sqlite://", "SECRET_KEY": "x" * 40})


def rules(app: Flask, method: str, prefix: str = "") -> list[Rule]:
    return sorted(
        (
            r
            for r in app.url_map.iter_rules()
            if method in (r.methods or set())
            and r.endpoint != "static"
            and r.rule.startswith(prefix)
            and "/test-" not in r.rule  # routes that single tests add to the shared app
        ),
        key=lambda r: (r.rule, r.endpoint),
    )


def snapshot() -> dict[str, list[str]]:
    """Every row of every table, as text: a change anywhere shows up."""
    db.session.expire_all()
    state: dict[str, list[str]] = {}
    for table in db.metadata.sorted_tables:
        rows = db.session.execute(sa.select(table)).all()
        state[table.name] = sorted(repr(tuple(row)) for row in rows)
    db.session.rollback()
    return state


# Logs of who looked at what (an export, a person's data) and of what was refused (a 403) may
# grow on a GET: only new rows.
READ_LOGS = {"audit_log", "verwerking", "refusal_event"}


def changed_tables(before: dict[str, list[str]], after: dict[str, list[str]]) -> list[str]:
    changed = []
    for name, rows in before.items():
        new = after.get(name, [])
        if name in READ_LOGS and set(rows) <= set(new):
            continue
        if rows != new:
            changed.append(name)
    return changed


def role_of(name: str) -> Role | None:
    return {
        "anoniem": None,
        "onbevestigd": Role.INWONER,
        "inwoner": Role.INWONER,
        "medewerker_zonder_gebied": Role.PARTICIPATIEMEDEWERKER,
        "medewerker": Role.PARTICIPATIEMEDEWERKER,
        "beheerder": Role.BEHEERDER,
    }[name]
