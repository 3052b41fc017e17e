"""Access grid for the members' area: every URL and every closed document, for every role.
Everyone who is not a member of THAT beraad (or an officer with the work area) gets 404,
whatever the id."""

from __future__ import annotations

import pytest
from helpers import csrf_token, login_as
from inwonersberaad.ib_world import DOSSIER_ALLOWED, ROLES, make_world

from open_nijmegen.extensions import db
from open_nijmegen.inwonersberaad.models import ExpertVraag, Gelezen, PriveNotitie


def _client(app, world, role):
    client = app.test_client()
    user = world.users[role]
    if user is not None:
        login_as(client, user)
    return client


def _get_urls(world):
    a, s = world.a.id, world.closed.id
    return [
        f"/inwonersberaad/{a}/dossier",
        f"/inwonersberaad/{a}/dossier/vragen",
        f"/inwonersberaad/{a}/dossier/{s}",
        f"/inwonersberaad/{a}/dossier/{world.published.id}",
        f"/inwonersberaad/{a}/dossier/{world.closed_pdf.id}",
        f"/uploads/{world.closed_pdf.upload.id}/{world.closed_pdf.upload.stored_name}",
    ]


@pytest.mark.parametrize("role", ROLES)
def test_members_pages_grid(app, role):
    world = make_world()
    client = _client(app, world, role)
    for url in _get_urls(world):
        response = client.get(url)
        expected = 200 if role in DOSSIER_ALLOWED else 404
        body = response.get_data()
        response.close()
        assert response.status_code == expected, (role, url, response.status_code)
        if expected == 404:
            assert b"titel" not in body


@pytest.mark.parametrize("role", ROLES)
def test_unknown_ids_are_404_for_everyone(app, role):
    world = make_world()
    client = _client(app, world, role)
    a, b = world.a.id, world.b.id
    urls = [
        "/inwonersberaad/99999/dossier",
        "/inwonersberaad/99999/dossier/vragen",
        f"/inwonersberaad/{a}/dossier/99999",
        # a document of beraad A under the URL of beraad B
        f"/inwonersberaad/{b}/dossier/{world.closed.id}",
    ]
    for url in urls:
        response = client.get(url)
        if role == "lid_ander" and url.endswith(f"/{b}/dossier/{world.closed.id}"):
            assert response.status_code == 404
        assert response.status_code == 404, (role, url)


@pytest.mark.parametrize("role", ROLES)
def test_members_writes_grid(app, role):
    world = make_world()
    client = _client(app, world, role)
    token = csrf_token(client)
    a, s = world.a.id, world.closed.id
    posts = [
        (f"/inwonersberaad/{a}/dossier/{s}/gelezen", {"gelezen": "1"}),
        (f"/inwonersberaad/{a}/dossier/{s}/notitie", {"tekst": "geheime notitie"}),
        (f"/inwonersberaad/{a}/dossier/vragen", {"vraag": "Wat kost een boom?"}),
        (f"/reacties/dossierstuk/{s}", {"body": "Een reactie op het stuk."}),
        (f"/melden/dossierstuk/{s}", {"reason": "spam"}),
        # A document is not followable (nothing mails its followers): 404 for everyone.
        (f"/volgen/dossierstuk/{s}", {"volgen": "1"}),
    ]
    for url, data in posts:
        response = client.post(url, data={**data, "csrf_token": token})
        if role == "anoniem" and url.startswith(("/reacties", "/melden", "/volgen")):
            assert response.status_code in (302, 404), (role, url)  # login first
            continue
        if url.startswith("/volgen/dossierstuk/"):
            assert response.status_code == 404, (role, url, response.status_code)
            continue
        member_only = "/gelezen" in url or "/notitie" in url or "/vragen" in url
        allowed = role == "lid" if member_only else role in DOSSIER_ALLOWED
        if allowed:
            assert response.status_code in (200, 302), (role, url, response.status_code)
        else:
            assert response.status_code == 404, (role, url, response.status_code)
    db.session.expire_all()
    wrote = {
        "gelezen": db.session.query(Gelezen).count(),
        "notitie": db.session.query(PriveNotitie).count(),
        "vraag": db.session.query(ExpertVraag).count(),
    }
    if role == "lid":
        assert wrote == {"gelezen": 1, "notitie": 1, "vraag": 1}
    else:
        assert wrote == {"gelezen": 0, "notitie": 0, "vraag": 0}


def test_private_note_is_seen_by_its_writer_only(app):
    world = make_world()
    from open_nijmegen.inwonersberaad import services

    services.add_member_directly(world.a, world.users["inwoner"])
    db.session.commit()
    client = _client(app, world, "lid")
    token = csrf_token(client)
    url = f"/inwonersberaad/{world.a.id}/dossier/{world.closed.id}"
    client.post(url + "/notitie", data={"tekst": "Mijn eigen gedachte 123", "csrf_token": token})
    assert "Mijn eigen gedachte 123" in client.get(url).get_data(as_text=True)
    other = _client(app, world, "inwoner")
    assert "Mijn eigen gedachte 123" not in other.get(url).get_data(as_text=True)
    staff = _client(app, world, "medewerker")
    assert "Mijn eigen gedachte 123" not in staff.get(url).get_data(as_text=True)


def test_published_document_has_a_public_page_but_closed_ones_do_not(app, client):
    world = make_world()
    a = world.a.id
    assert client.get(f"/inwonersberaad/{a}/stukken/{world.published.id}").status_code == 200
    assert client.get(f"/inwonersberaad/{a}/stukken/{world.closed.id}").status_code == 404
    assert (
        client.get(f"/inwonersberaad/{world.b.id}/stukken/{world.published.id}").status_code == 404
    )
    page = client.get(f"/inwonersberaad/{a}-{world.a.slug}").get_data(as_text=True)
    assert world.published.titel not in page  # escaped, never raw
    assert "&lt;script&gt;" in page


def test_stopped_member_loses_access(app):
    world = make_world()
    from open_nijmegen.inwonersberaad import services
    from open_nijmegen.inwonersberaad.models import Beraadslid

    client = _client(app, world, "lid")
    url = f"/inwonersberaad/{world.a.id}/dossier"
    assert client.get(url).status_code == 200
    lid = db.session.query(Beraadslid).filter_by(user_id=world.users["lid"].id).one()
    services.remove_member(world.users["medewerker"], lid)
    db.session.commit()
    assert client.get(url).status_code == 404


def test_draft_beraad_is_404_for_the_public(app, client):
    from inwonersberaad.ib_world import make_beraad

    draft = make_beraad(openbaar=False)
    assert client.get(f"/inwonersberaad/{draft.id}").status_code == 404
    assert client.get(f"/inwonersberaad/{draft.id}-{draft.slug}").status_code == 404
