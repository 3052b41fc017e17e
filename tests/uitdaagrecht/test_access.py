"""Who sees what: every case, concept and attachment URL for every role. Everyone but the
challenger and staff with the uitdaagrecht work area gets 404 (anonymous users are sent to the
login page for every reference, existing or not, so nothing leaks)."""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import pytest
from helpers import csrf_token, login_as
from PIL import Image
from werkzeug.datastructures import FileStorage

from open_nijmegen.core.uploads import store_upload
from open_nijmegen.extensions import db
from open_nijmegen.privacy.models import Verwerking
from open_nijmegen.uitdaagrecht.workflow import Status
from uitdaagrecht.cases import make_concept, reach

ROLES = ["anoniem", "ander", "uitdager", "medewerker_zonder_gebied", "medewerker", "beheerder"]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 128, 0)).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture()
def world(app, people):
    case = reach(Status.IN_BEHANDELING, people["uitdager"], people["medewerker"])
    pdf = store_upload(
        FileStorage(io.BytesIO(PDF), "begroting.pdf"), {"pdf", "image"}, people["uitdager"], case
    )
    png = store_upload(
        FileStorage(io.BytesIO(_png()), "foto.png"), {"pdf", "image"}, people["uitdager"], case
    )
    concept = make_concept(people["uitdager"], tot_stap=3)
    db.session.commit()
    return {"case": case, "pdf": pdf, "png": png, "concept": concept, **people}


def _client(app, world, role):
    client = app.test_client()
    if role != "anoniem":
        login_as(client, world[role])
    return client


def _login_redirect(response) -> bool:
    return response.status_code == 302 and urlsplit(response.headers["Location"]).path.startswith(
        "/account/inloggen"
    )


STATUS_PAGE = {
    "anoniem": "login",
    "ander": 404,
    "uitdager": 200,
    "medewerker_zonder_gebied": 404,
    "medewerker": "beheer",
    "beheerder": "beheer",
}


@pytest.mark.parametrize("role", ROLES)
def test_status_page(app, world, role):
    client = _client(app, world, role)
    ref = world["case"].referentie
    for url in (f"/uitdaagrecht/mijn/{ref}", f"/uitdaagrecht/mijn/{ref}/intrekken"):
        response = client.get(url)
        expected = STATUS_PAGE[role]
        if url.endswith("intrekken") and expected == "beheer":
            expected = 404  # staff never withdraw on a challenger's behalf
        if expected == "login":
            assert _login_redirect(response)
        elif expected == "beheer":
            assert response.status_code == 302
            assert urlsplit(response.headers["Location"]).path == f"/beheer/uitdaagrecht/{ref}"
        else:
            assert response.status_code == expected, (url, response.status_code)
        if expected != 200:
            assert "Persoonlijke Naam Contact" not in response.get_data(as_text=True)
    # A reference that does not exist answers exactly like one that is not yours.
    missing = client.get("/uitdaagrecht/mijn/UR-2001-0001")
    if role == "anoniem":
        assert _login_redirect(missing)
    else:
        assert missing.status_code == 404


ATTACHMENT = {
    "anoniem": 404,
    "ander": 404,
    "uitdager": 200,
    "medewerker_zonder_gebied": 404,
    "medewerker": 200,
    "beheerder": 200,
}


@pytest.mark.parametrize("role", ROLES)
def test_attachments(app, world, role):
    client = _client(app, world, role)
    for key in ("pdf", "png"):
        upload = world[key]
        response = client.get(f"/uploads/{upload.id}/{upload.stored_name}")
        assert response.status_code == ATTACHMENT[role], (key, response.status_code)
        if response.status_code == 200:
            assert response.headers["Content-Disposition"].startswith("attachment")
            assert response.headers["X-Content-Type-Options"] == "nosniff"
        response.close()
        # Another id, or the right id with another name: 404 for everyone.
        assert client.get(f"/uploads/{upload.id + 1000}/{upload.stored_name}").status_code == 404
        assert client.get(f"/uploads/{upload.id}/x{upload.stored_name}").status_code == 404


OFFICER_PAGE = {
    "anoniem": "login",
    "ander": 403,
    "uitdager": 403,
    "medewerker_zonder_gebied": 403,
    "medewerker": 200,
    "beheerder": 200,
}


@pytest.mark.parametrize("role", ROLES)
def test_officer_case_page(app, world, role):
    client = _client(app, world, role)
    ref = world["case"].referentie
    for url in (f"/beheer/uitdaagrecht/{ref}?doel=behandeling", "/beheer/uitdaagrecht"):
        response = client.get(url)
        expected = OFFICER_PAGE[role]
        if expected == "login":
            assert _login_redirect(response)
        else:
            assert response.status_code == expected
    if OFFICER_PAGE[role] == 200:
        page = client.get(f"/beheer/uitdaagrecht/{ref}?doel=behandeling").get_data(as_text=True)
        assert "Persoonlijke Naam Contact" in page
        assert client.get("/beheer/uitdaagrecht/UR-2001-0001?doel=behandeling").status_code == 404


def test_officer_says_why_before_personal_data_and_every_look_is_logged(app, world):
    client = _client(app, world, "medewerker")
    ref = world["case"].referentie
    ask = client.get(f"/beheer/uitdaagrecht/{ref}")
    assert ask.status_code == 200
    assert "Persoonlijke Naam Contact" not in ask.get_data(as_text=True)
    assert db.session.query(Verwerking).count() == 0
    client.get(f"/beheer/uitdaagrecht/{ref}?doel=behandeling")
    entry = db.session.query(Verwerking).one()
    assert (entry.purpose, entry.object_type, entry.object_id) == (
        "behandeling",
        "uitdaging",
        world["case"].id,
    )
    assert entry.actor_id == world["medewerker"].id
    assert entry.subject_user_id == world["uitdager"].id


CONCEPT = {
    "anoniem": "login",
    "ander": 404,
    "uitdager": 200,
    "medewerker_zonder_gebied": 404,
    "medewerker": 404,
    "beheerder": 404,
}


@pytest.mark.parametrize("role", ROLES)
def test_concepts_are_only_for_their_author(app, world, role):
    client = _client(app, world, role)
    cid = world["concept"].id
    for url in (
        f"/uitdaagrecht/concept/{cid}/stap/2",
        f"/uitdaagrecht/concept/{cid}/controleren",
        f"/uitdaagrecht/concept/{cid}/verwijderen",
    ):
        response = client.get(url)
        if CONCEPT[role] == "login":
            assert _login_redirect(response)
        else:
            assert response.status_code == CONCEPT[role], (url, response.status_code)


@pytest.mark.parametrize("role", ["ander", "medewerker_zonder_gebied", "medewerker", "beheerder"])
def test_others_can_not_act_for_the_challenger(app, world, role):
    client = _client(app, world, role)
    ref = world["case"].referentie
    token = csrf_token(client)
    for actie in ("lever_aanvulling", "meld_voortgang", "bezwaar", "bezwaar_intrekken"):
        response = client.post(
            f"/uitdaagrecht/mijn/{ref}/{actie}",
            data={"csrf_token": token, f"{actie}-csrf_token": token},
        )
        assert response.status_code == 404
    assert (
        client.post(f"/uitdaagrecht/mijn/{ref}/intrekken", data={"csrf_token": token}).status_code
        == 404
    )
    cid = world["concept"].id
    assert (
        client.post(f"/uitdaagrecht/concept/{cid}/indienen", data={"csrf_token": token}).status_code
        == 404
    )
    db.session.expire_all()
    assert world["case"].status == Status.IN_BEHANDELING
    assert world["concept"].status == Status.CONCEPT
