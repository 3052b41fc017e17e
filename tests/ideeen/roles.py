"""Roles for the permission grids: who is asking."""

from __future__ import annotations

from typing import Any

from factories import make_admin, make_staff, make_user

ROLES = (
    "anoniem",
    "onbevestigd",
    "inwoner",
    "schrijver",
    "medewerker",
    "medewerker_ander",
    "beheerder",
)


def user_for(role: str, author: Any) -> Any:
    if role == "anoniem":
        return None
    if role == "onbevestigd":
        return make_user(confirmed=False)
    if role == "inwoner":
        return make_user()
    if role == "schrijver":
        return author
    if role == "medewerker":
        return make_staff(areas=["ideeen"])
    if role == "medewerker_ander":
        return make_staff(areas=["uitdaagrecht"])
    if role == "beheerder":
        return make_admin()
    raise AssertionError(role)
