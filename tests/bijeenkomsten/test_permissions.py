"""Role x state grids over the routes: signing up, the online link, and the officer pages,
for every role and every state an event can be in."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from bijeenkomsten.factories import make_bijeenkomst, make_past
from factories import make_admin, make_staff, make_user
from helpers import csrf_token

from open_nijmegen.bijeenkomsten import services
from open_nijmegen.bijeenkomsten.models import Aanmelding, Bijeenkomst
from open_nijmegen.core.db import utcnow
from open_nijmegen.extensions import db

ROLES = ("anoniem", "onbevestigd", "inwoner", "medewerker", "medewerker_ander", "beheerder")
STATES = ("open", "vol", "deadline_voorbij", "geannuleerd", "voorbij", "zonder_aanmelden")
STAFF = {"medewerker", "beheerder"}
LINK = "https://meet.example.org/geheim"


def _user(role: str):
    return {
        "anoniem": lambda: None,
        "onbevestigd": lambda: make_user(confirmed=False),
        "inwoner": make_user,
        "medewerker": lambda: make_staff(areas=["bijeenkomsten"]),
        "medewerker_ander": lambda: make_staff(areas=["ideeen"]),
        "beheerder": make_admin,
    }[role]()


def _event(state: str) -> Bijeenkomst:
    online = {"online": True, "online_link": LINK, "adres": ""}
    if state == "voorbij":
        return make_past(**online)
    item = make_bijeenkomst(
        capaciteit=1,
        aanmelden_nodig=state != "zonder_aanmelden",
        aanmelden_tot=utcnow() + timedelta(minutes=1) if state == "deadline_voorbij" else None,
        **online,
    )
    if state == "vol":
        services.register(item, user=make_user())
    if state == "geannuleerd":
        services.cancel_bijeenkomst(None, item, "De zaal is dicht.")
    if state == "deadline_voorbij":
        item.aanmelden_tot = utcnow() - timedelta(minutes=1)
        item.begint_op = utcnow() + timedelta(days=1)
    db.session.commit()
    return item


def _login(client, user):
    from helpers import login_as

    if user is not None:
        login_as(client, user)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_sign_up_grid(client, role, state):
    item = _event(state)
    user = _user(role)
    _login(client, user)
    before = db.session.scalar(sa.select(sa.func.count()).select_from(Aanmelding))
    data = {"csrf_token": csrf_token(client), "naam": "Joke", "email": "joke@example.org"}
    response = client.post(f"/bijeenkomsten/{item.id}/aanmelden", data=data)
    after = db.session.scalar(sa.select(sa.func.count()).select_from(Aanmelding))
    may = state in {"open", "vol"} and role != "onbevestigd"
    assert (after == before + 1) == may, response.status_code
    if may:
        assert response.status_code in (200, 302)
    elif role == "onbevestigd":
        assert response.status_code == 302 and "bevestig" in response.headers["Location"]
    else:
        assert response.status_code == 400
        assert "niet meer aanmelden" in response.get_data(as_text=True)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_online_link_grid(client, role, state):
    """The link: for a confirmed seat, or bijeenkomsten staff; never once cancelled."""
    item = _event(state)
    user = _user(role)
    if user is not None and role in {"inwoner", "medewerker_ander"} and state in {"open"}:
        services.register(item, user=user)  # a seat
        db.session.commit()
    _login(client, user)
    html = client.get(f"/bijeenkomsten/{item.id}-{item.slug}").get_data(as_text=True)
    assert LINK not in html  # the page links to our own redirect, checked on click
    has_seat = role in {"inwoner", "medewerker_ander"} and state == "open"
    sees = state != "geannuleerd" and (has_seat or role in STAFF)
    assert (f"/bijeenkomsten/{item.id}/online" in html) == sees
    response = client.get(f"/bijeenkomsten/{item.id}/online")
    if sees:
        assert response.status_code == 303 and response.headers["Location"] == LINK
    else:
        assert response.status_code == 404


STAFF_PAGES = (
    "",
    "/bewerken",
    "/deelnemers",
    "/deurlijst.csv",
    "/annuleren",
    "/bericht",
    "/verslag",
)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_staff_pages_grid(client, role, state):
    item = _event(state)
    user = _user(role)
    _login(client, user)
    for page in STAFF_PAGES:
        response = client.get(f"/beheer/bijeenkomsten/{item.id}{page}")
        if role == "anoniem":
            assert (
                response.status_code == 302 and "/account/inloggen" in response.headers["Location"]
            )
            continue
        if role not in STAFF:
            assert response.status_code == 403, page
            continue
        changeable = state not in {"geannuleerd", "voorbij"}
        reportable = state == "voorbij"
        if page in {"/annuleren", "/bericht"}:
            assert response.status_code == (200 if changeable else 404), page
        elif page == "/bewerken":
            assert response.status_code == (200 if changeable else 302), page
        elif page == "/verslag":
            assert response.status_code == (200 if reportable else 404), page
        else:
            assert response.status_code == 200, page
