"""Role x state grids: every public and staff route, for every role and every idea state."""

from __future__ import annotations

import pytest
from factories import make_user
from helpers import csrf_token
from ideeen.factories import STATES, make_idee
from ideeen.roles import ROLES, user_for

from open_nijmegen.extensions import db
from open_nijmegen.ideeen.models import Idee, Steun

SEES_EVERYTHING = {"schrijver", "medewerker", "beheerder"}


def _setup(client, login, role, state):
    author = make_user()
    idee = make_idee(state, author=author)
    user = user_for(role, author)
    if user is not None:
        login(user)
    return idee, user


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_detail_grid(client, login, role, state):
    idee, _user = _setup(client, login, role, state)
    response = client.get(f"/ideeen/{idee.id}-{idee.slug}")
    if state == "openbaar" or role in SEES_EVERYTHING:
        assert response.status_code == 200
        assert "&lt;script&gt;" in response.get_data(as_text=True)
    elif state == "samengevoegd":
        assert response.status_code == 301
        assert f"/ideeen/{idee.merged_into_id}-" in response.headers["Location"]
    else:
        assert response.status_code == 404
        assert idee.titel not in response.get_data(as_text=True)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_support_grid(client, login, role, state):
    idee, user = _setup(client, login, role, state)
    token = csrf_token(client)
    response = client.post(f"/ideeen/{idee.id}/steunen", data={"csrf_token": token})
    count = db.session.query(Steun).filter_by(idee_id=idee.id).count()
    db.session.expire_all()
    shown = db.session.get(Idee, idee.id).support_count
    assert shown == count
    may = state == "openbaar" and role in {"inwoner", "medewerker", "medewerker_ander", "beheerder"}
    if may:
        assert response.status_code == 302 and count == 1
    else:
        assert count == 0
        if role == "anoniem":
            assert "/account/inloggen" in response.headers["Location"]
        elif role == "onbevestigd":
            assert response.status_code == 302
        elif state == "openbaar" or role in SEES_EVERYTHING:
            assert response.status_code == 302  # refused with a message
        else:
            assert response.status_code in (301, 404)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_edit_and_withdraw_grid(client, login, role, state):
    idee, _user = _setup(client, login, role, state)
    edit = client.get(f"/ideeen/{idee.id}/bewerken")
    withdraw = client.get(f"/ideeen/{idee.id}/intrekken")
    if role == "anoniem":
        assert edit.status_code == withdraw.status_code == 302
        return
    if role == "onbevestigd":
        assert "bevestig" in edit.headers["Location"]
        return
    if role != "schrijver":
        assert edit.status_code in (301, 404) and withdraw.status_code in (301, 404)
        return
    editable = state in ("openbaar", "wacht", "afgewezen")
    assert edit.status_code == (200 if editable else 302)
    withdrawable = state != "ingetrokken" and state != "samengevoegd"
    assert withdraw.status_code == (200 if withdrawable else 302)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_react_and_report_grid(client, login, role, state):
    idee, _user = _setup(client, login, role, state)
    token = csrf_token(client)
    response = client.post(
        f"/reacties/idee/{idee.id}", data={"csrf_token": token, "body": "Goed plan voor de wijk."}
    )
    db.session.expire_all()
    count = db.session.get(Idee, idee.id).reaction_count
    may_react = state == "openbaar" and role not in {"anoniem", "onbevestigd"}
    assert count == (1 if may_react else 0)
    if not may_react and role not in {"anoniem", "onbevestigd"}:
        assert response.status_code in (400, 404)
    report = client.get(f"/melden/idee/{idee.id}")
    if role in {"anoniem", "onbevestigd"}:
        assert report.status_code == 302
    elif state == "openbaar" or role in SEES_EVERYTHING:
        assert report.status_code == 200
    else:
        assert report.status_code == 404


STAFF_GET = [
    "/beheer/ideeen",
    "/beheer/ideeen/alle",
    "/beheer/ideeen/antwoord-nodig",
    "/beheer/ideeen/export.csv",
    "/beheer/ideeen/wijken",
    "/beheer/ideeen/themas",
    "/beheer/ideeen/trajecten",
    "/beheer/ideeen/trajecten/nieuw",
    "/beheer/ideeen/{id}",
]


@pytest.mark.parametrize("url", STAFF_GET)
@pytest.mark.parametrize("role", ROLES)
def test_staff_pages_grid(client, login, role, url):
    idee, _user = _setup(client, login, role, "openbaar")
    response = client.get(url.format(id=idee.id))
    if role == "anoniem":
        assert response.status_code == 302
    elif role in {"medewerker", "beheerder"}:
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "no-store"
    else:
        assert response.status_code == 403


STAFF_POST = ["publiceren", "afwijzen", "verbergen", "herstellen", "status", "samenvoegen"]


@pytest.mark.parametrize("action", STAFF_POST)
@pytest.mark.parametrize("role", ROLES)
def test_staff_actions_refused_for_others(client, login, role, action):
    idee, _user = _setup(client, login, role, "wacht")
    token = csrf_token(client)
    response = client.post(
        f"/beheer/ideeen/{idee.id}/{action}",
        data={"csrf_token": token, "afwijzen-reden": "x", "verbergen-reden": "x"},
    )
    db.session.expire_all()
    if role in {"medewerker", "beheerder"}:
        assert response.status_code in (302, 400)
    else:
        assert response.status_code in (302, 403)
        if role != "anoniem":
            assert response.status_code == 403
        assert db.session.get(Idee, idee.id).moderatie.value == "wacht"


def test_post_without_csrf_is_refused(client, login):
    login(make_user())
    idee = make_idee()
    response = client.post(f"/ideeen/{idee.id}/steunen")
    assert response.status_code == 400
    assert db.session.get(Idee, idee.id).support_count == 0


def test_get_never_changes_state(client, login):
    login(make_user())
    idee = make_idee()
    for url in (f"/ideeen/{idee.id}/steunen", f"/ideeen/{idee.id}/steun-intrekken"):
        assert client.get(url).status_code == 405
    assert db.session.get(Idee, idee.id).support_count == 0
