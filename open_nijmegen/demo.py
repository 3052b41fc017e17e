"""Realistic Nijmegen demo content, one account per role. Idempotent."""

from __future__ import annotations

import sqlalchemy as sa

from open_nijmegen.accounts import services
from open_nijmegen.accounts.models import Role, User, WorkArea
from open_nijmegen.cli import DEMO_SEEDERS
from open_nijmegen.extensions import db

DEMO_PASSWORD = "demo-wachtwoord-2026"  # noqa: S105 - printed only in development

DEMO_ACCOUNTS = {
    "inwoner": ("inwoner@demo.open-nijmegen.nl", "Fatima uit Hatert", Role.INWONER),
    "inwoner2": ("buurman@demo.open-nijmegen.nl", "Henk van de Waalkade", Role.INWONER),
    "participatiemedewerker": (
        "medewerker@demo.open-nijmegen.nl",
        "Sanne (gemeente)",
        Role.PARTICIPATIEMEDEWERKER,
    ),
    "beheerder": ("beheerder@demo.open-nijmegen.nl", "Beheer Open Nijmegen", Role.BEHEERDER),
}


def seed_demo() -> dict[str, tuple[str, str]]:
    users: dict[str, object] = {}
    shown: dict[str, tuple[str, str]] = {}
    for key, (email, name, role) in DEMO_ACCOUNTS.items():
        user = db.session.scalar(sa.select(User).where(User.email == email))
        if user is None:
            user = services.create_user(name, email, DEMO_PASSWORD, role, confirmed=True)
            if role == Role.PARTICIPATIEMEDEWERKER:
                services.set_role(None, user, role, [a.value for a in WorkArea])
        users[key] = user
        shown[key] = (email, DEMO_PASSWORD)
    db.session.flush()
    for _order, seeder in DEMO_SEEDERS:
        seeder(users)
    return shown
