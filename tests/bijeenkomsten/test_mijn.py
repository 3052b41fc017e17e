"""Mijn Open Nijmegen lists the events I signed up for with my place in words; past events,
cancelled registrations and other people's registrations are not there."""

from __future__ import annotations

import html as html_lib
from datetime import timedelta

from bijeenkomsten.factories import make_bijeenkomst, make_past
from factories import make_user
from helpers import login_as

from open_nijmegen.bijeenkomsten import services
from open_nijmegen.bijeenkomsten.models import Aanmelding, AanmeldStatus
from open_nijmegen.core.db import utcnow
from open_nijmegen.extensions import db


def _section(client) -> str:
    response = client.get("/mijn")
    assert response.status_code == 200
    page = html_lib.unescape(response.get_data(as_text=True))
    start = page.index(">Mijn bijeenkomsten</h2>")
    end = page.find("<section", start)
    return page[start : end if end != -1 else len(page)]


def test_my_events_show_seat_and_waiting_place(client):
    user, other = make_user(), make_user()
    seat = make_bijeenkomst(
        titel="Avond met plek", capaciteit=5, begint_op=utcnow() + timedelta(days=2)
    )
    full = make_bijeenkomst(
        titel="Volle avond", capaciteit=1, begint_op=utcnow() + timedelta(days=3)
    )
    services.register(full, user=other)
    services.register(seat, user=user)
    services.register(full, user=user)
    cancelled = make_bijeenkomst(titel="Afgemelde avond")
    row, _new = services.register(cancelled, user=user)
    services.cancel_registration(row)
    not_mine = make_bijeenkomst(titel="Avond van een ander")
    services.register(not_mine, user=other)
    past = make_past(titel="Voorbije avond")
    db.session.add(Aanmelding(bijeenkomst=past, user_id=user.id, status=AanmeldStatus.AANGEMELD))
    db.session.commit()

    login_as(client, user)
    section = _section(client)
    assert "Avond met plek" in section and "U heeft een plek" in section
    assert "Volle avond" in section and "Op de wachtlijst, nummer 1" in section
    assert section.index("Avond met plek") < section.index("Volle avond")  # soonest first
    for absent in ("Afgemelde avond", "Avond van een ander", "Voorbije avond"):
        assert absent not in section


def test_no_events_yet_points_to_the_agenda(client):
    login_as(client, make_user())
    section = _section(client)
    assert "U bent nog niet aangemeld voor een bijeenkomst." in section
    assert 'href="/bijeenkomsten/"' in section or 'href="/bijeenkomsten"' in section
