"""A form sent with a missing or expired CSRF token is not handled, and loses nothing: when it
came from a page of this site, the refusal page shows what was typed (not passwords or codes),
in B1, with the way back to the form."""

from __future__ import annotations

import sqlalchemy as sa
from factories import HOSTILE, make_user
from helpers import csrf_token
from ideeen.factories import make_thema, make_wijk
from markupsafe import escape

from open_nijmegen.accounts.models import User
from open_nijmegen.extensions import db
from open_nijmegen.ideeen.models import Idee

SAME_SITE = {"Origin": "http://localhost", "Referer": "http://localhost/ideeen/nieuw"}
TEKST = "Het plein is erg stenig.\nZet er bomen neer. " + HOSTILE


def _idea_form(token: str) -> dict[str, str]:
    wijk, thema = make_wijk(), make_thema()
    return {
        "csrf_token": token,
        "actie": "plaatsen",
        "titel": "Meer groen op het Plein 1944",
        "tekst": TEKST,
        "wijk_id": str(wijk.id),
        "thema_id": str(thema.id),
        "adres": "Plein 1944",
        "lat": "51.84",
    }


def test_expired_token_on_idea_form_shows_the_typed_text_and_handles_nothing(client, login):
    login(make_user())
    csrf_token(client, "/ideeen/nieuw")
    response = client.post("/ideeen/nieuw", data=_idea_form("verlopen-token"), headers=SAME_SITE)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Uw formulier is niet verstuurd" in page
    assert "data-error-summary" in page
    # The text fields come back under their own labels, escaped; technical fields do not.
    assert "Titel" in page and "Meer groen op het Plein 1944" in page
    assert str(escape(TEKST)) in page
    assert "<script>alert" not in page
    assert "Adres of plek" in page and ">Plein 1944</textarea>" in page
    assert "51.84" not in page and "verlopen-token" not in page
    assert 'href="/ideeen/nieuw"' in page  # the way back to the form
    assert response.headers["Cache-Control"] == "no-store"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Idee)) == 0


def test_missing_token_never_shows_passwords(client):
    response = client.post(
        "/account/registreren",
        data={
            "display_name": "Anna de Vries",
            "email": "anna@example.org",
            "password": "geheim-wachtwoord-123",
            "accept": "y",
        },
        headers={"Origin": "http://localhost", "Referer": "http://localhost/account/registreren"},
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Anna de Vries" in page and "anna@example.org" in page
    assert "geheim-wachtwoord-123" not in page
    assert "Log opnieuw in" in page  # not logged in: the first step
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def test_form_from_another_site_gets_the_plain_refusal(client, login):
    login(make_user())
    data = _idea_form("x")
    for headers in (
        {"Origin": "https://kwaadwillend.example", "Referer": "https://kwaadwillend.example/"},
        {},  # no Origin or Referer: we cannot tell where it came from
    ):
        response = client.post("/ideeen/nieuw", data=data, headers=headers)
        assert response.status_code == 400
        page = response.get_data(as_text=True)
        assert "Dit verzoek klopt niet" in page
        assert "Meer groen op het Plein 1944" not in page


def test_back_link_only_to_a_path_on_this_site(client):
    response = client.post(
        "/account/registreren",
        data={"display_name": "Anna"},
        headers={"Origin": "http://localhost", "Referer": "http://localhost//kwaad.example/x"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Anna" in page
    assert "kwaad.example" not in page
