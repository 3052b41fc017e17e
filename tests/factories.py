"""Factory helpers. Text fields get hostile content by default, so escaping and sanitising are
always exercised: markup, quotes, right-to-left marks and very long strings."""

from __future__ import annotations

import itertools
from typing import Any

from open_nijmegen.accounts import services
from open_nijmegen.accounts.models import Role, User, WorkArea
from open_nijmegen.extensions import db

HOSTILE = '<script>alert("x")</script> \' " & \u202egnp.exe <img src=x onerror=alert(1)>'
LONG = "lang" * 1200
PASSWORD = "een-goed-wachtwoord-42"

_counter = itertools.count(1)


def hostile(label: str = "") -> str:
    return f"{label}{HOSTILE} {next(_counter)}"


def make_user(
    role: Role | str = Role.INWONER,
    *,
    email: str | None = "auto",
    name: str | None = None,
    password: str = PASSWORD,
    confirmed: bool = True,
    areas: list[str] | None = None,
) -> User:
    n = next(_counter)
    if email == "auto":
        email = f"persoon{n}@example.org"
    user = services.create_user(
        name or f"{HOSTILE[:30]} naam {n}", email, password, Role(role), confirmed=confirmed
    )
    if Role(role) == Role.PARTICIPATIEMEDEWERKER:
        chosen = areas if areas is not None else [a.value for a in WorkArea]
        services.set_role(None, user, Role(role), chosen)
    db.session.commit()
    return user


def make_staff(**kwargs: Any) -> User:
    return make_user(Role.PARTICIPATIEMEDEWERKER, **kwargs)


def make_admin(**kwargs: Any) -> User:
    return make_user(Role.BEHEERDER, **kwargs)
