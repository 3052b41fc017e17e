"""Stage 2 of the recruitment: registration with the code from the letter, without an account
and without JavaScript. One generic message for a wrong or used code, the wrong-code limit,
everything typed kept on errors, hostile input gets B1 messages (never a 500), one
registration per code (also at the same moment) and per address, a confirmation by mail."""

from __future__ import annotations

import re
import threading

import pytest
import sqlalchemy as sa
from helpers import csrf_token, send_mail
from inwonersberaad.werving_world import (
    enter_code,
    make_codes,
    make_open_beraad,
    register,
    send_answers,
)

from open_nijmegen.core import codes
from open_nijmegen.core.settings import set_setting
from open_nijmegen.extensions import db
from open_nijmegen.inwonersberaad import aanmelding as A
from open_nijmegen.inwonersberaad.aanmelding_models import BeraadAanmelding
from open_nijmegen.inwonersberaad.models import Fase


def _rows() -> list[BeraadAanmelding]:
    return list(db.session.scalars(sa.select(BeraadAanmelding).order_by(BeraadAanmelding.id)))


def test_register_with_a_code_end_to_end_and_a_confirmation_mail(client, smtp_server):
    beraad = make_open_beraad()
    code = make_codes(beraad, 1)[0]
    # The link in the letter goes to the one beraad that is open.
    start = client.get("/inwonersberaad/aanmelden")
    assert start.status_code == 302 and start.headers["Location"].endswith(
        f"/inwonersberaad/{beraad.id}/aanmelden"
    )
    page = client.get(f"/inwonersberaad/{beraad.id}/aanmelden").get_data(as_text=True)
    assert "Uw code" in page and "<script" not in page.split("</header>")[-1]
    # Without a checked code the questions are not shown.
    assert client.get(f"/inwonersberaad/{beraad.id}/aanmelden/gegevens").status_code == 302
    assert enter_code(client, beraad, code.lower().replace("-", " ")).status_code == 302
    form = client.get(f"/inwonersberaad/{beraad.id}/aanmelden/gegevens").get_data(as_text=True)
    for text in ("Hoe oud bent u?", "16 tot 35 jaar", "Wat is uw geslacht?", "Vrouw", "2027"):
        assert text in form
    response = send_answers(client, beraad)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert "Dank u wel" in client.get(response.headers["Location"]).get_data(as_text=True)
    (row,) = _rows()
    assert row.kenmerken == {"leeftijd": "16 tot 35 jaar", "geslacht": "Vrouw"}
    assert (row.postcode, row.huisnummer, row.adres_uniek) == ("6511AB", "12A", "6511AB 12A")
    assert row.beschikbaar == ["2027-01-20"] and row.kinderopvang and row.tolk == "Arabisch"
    assert row.namens_id is None and not row.is_assisted and row.user_id is None
    assert db.session.get(codes.OneTimeCode, row.code_id).used_on is not None
    send_mail()
    (mail,) = smtp_server.messages
    assert mail["To"] == "fatima@example.org"
    body = mail.get_body(preferencelist=("plain",)).get_content()
    assert "U bent aangemeld" in body and "Fatima de Vries" in body
    # The code works once: a second try gets the one generic message.
    again = enter_code(client.application.test_client(), beraad, code)
    assert again.status_code == 400
    assert codes.wrong_message() in again.get_data(as_text=True)


def test_wrong_used_and_foreign_codes_get_the_same_message(client):
    beraad = make_open_beraad()
    other = make_open_beraad()
    foreign = make_codes(other, 1)[0]
    for code in ["ABCD-EFGH-JKMN", foreign, "x" * 5000, "<script>", ""]:
        response = enter_code(client, beraad, code)
        assert response.status_code == 400, code
        body = response.get_data(as_text=True)
        assert "data-error-summary" in body
        if code:
            assert codes.wrong_message() in body
    assert _rows() == []


def test_code_brute_force_hits_the_limit(client):
    beraad = make_open_beraad()
    good = make_codes(beraad, 1)[0]
    for i in range(10):
        assert (
            enter_code(client, beraad, f"ABCD-EFGH-JK{'MN'[i % 2]}{i % 8 + 2}").status_code == 400
        )
    response = enter_code(client, beraad, good)
    assert response.status_code == 400
    assert codes.too_many_message() in response.get_data(as_text=True)
    # Another address is not blocked.
    other = client.application.test_client()
    other.environ_base = {"REMOTE_ADDR": "10.9.8.7"}
    assert enter_code(other, beraad, good).status_code == 302


def test_errors_keep_everything_typed_and_the_code_unused(client):
    beraad = make_open_beraad()
    code = make_codes(beraad, 1)[0]
    assert enter_code(client, beraad, code).status_code == 302
    response = send_answers(client, beraad, toestemming=None, kenmerk_1=None)
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "data-error-summary" in body and "Zet een vinkje bij toestemming." in body
    assert "Kies een antwoord." in body
    for kept in (
        'value="Fatima de Vries"',
        'value="fatima@example.org"',
        'value="6511 AB"',
        'value="12a"',
        "Een plek voor mijn rolstoel",
        'value="Arabisch"',
    ):
        assert kept in body, kept
    assert re.search(r'<input checked[^>]*value="16 tot 35 jaar"', body)
    assert _rows() == []
    assert codes.counts("inwonersberaad", beraad.id) == (1, 0)
    # Fixed, it goes through with the same code.
    assert send_answers(client, beraad).status_code == 302
    assert len(_rows()) == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"kenmerk_0": "120 jaar"}, "Kies een antwoord uit de lijst."),
        ({"kenmerk_1": "' OR 1=1 --"}, "Kies een antwoord uit de lijst."),
        ({"beschikbaar": ["2030-01-01"]}, "Kies alleen dagen uit de lijst."),
        ({"naam": "x" * 5000}, "Gebruik niet meer dan 120 tekens."),
        ({"toegankelijkheid": "y" * 200_000}, "Gebruik niet meer dan 1000 tekens."),
        ({"tolk": "z" * 81}, "Gebruik niet meer dan 80 tekens."),
        ({"postcode": "0000 XX"}, "Vul een goede postcode en een goed huisnummer in"),
        ({"huisnummer": "nul"}, "Vul een goede postcode en een goed huisnummer in"),
        ({"email": "geen-adres"}, "Vul een goed e-mailadres in"),
        ({"email": "", "telefoon": ""}, "Vul een e-mailadres of een telefoonnummer in."),
        ({"telefoon": "<b>bel</b>"}, "Vul een telefoonnummer in met alleen cijfers"),
        ({"naam": "\x00\x00"}, "Vul uw naam in."),
    ],
)
def test_hostile_input_gets_a_b1_message_not_a_500(client, overrides, message):
    beraad = make_open_beraad()
    code = make_codes(beraad, 1)[0]
    response = register(client, beraad, code, **overrides)
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert message in body, body[body.find("data-error-summary") :][:800]
    assert _rows() == []
    assert codes.counts("inwonersberaad", beraad.id) == (1, 0)


def test_forged_answers_are_refused_by_the_service_too():
    beraad = make_open_beraad()
    code_id = A.check_code(beraad, make_codes(beraad, 1)[0], "test")
    data = A.Gegevens(
        kenmerken={"leeftijd": "16 tot 35 jaar", "geslacht": "Vrouw", "inkomen": "hoog"},
        naam="Jan",
        email="jan@example.org",
        telefoon="",
        postcode="6511AB",
        huisnummer="1",
    )
    with pytest.raises(A.AanmeldFout):
        A.register(beraad, code_id, data)
    data.kenmerken = {"leeftijd": "16 tot 35 jaar", "geslacht": "vrouw"}  # not the spelling
    with pytest.raises(A.AanmeldFout):
        A.register(beraad, code_id, data)
    db.session.rollback()
    assert _rows() == []


def test_one_registration_per_address_is_a_setting(client, app):
    beraad = make_open_beraad()
    first, second, third = make_codes(beraad, 3)
    assert register(client, beraad, first).status_code == 302
    other = app.test_client()
    response = register(other, beraad, second, postcode="6511ab", huisnummer="12 A", naam="Piet")
    assert response.status_code == 400
    assert "Per adres kan één persoon meedoen." in response.get_data(as_text=True)
    assert 'value="Piet"' in response.get_data(as_text=True)
    assert len(_rows()) == 1 and codes.counts("inwonersberaad", beraad.id) == (3, 1)
    set_setting(None, "inwonersberaad.een_aanmelding_per_adres", False)
    db.session.commit()
    third_client = app.test_client()
    assert register(third_client, beraad, third, huisnummer="12A", naam="Kees").status_code == 302
    assert len(_rows()) == 2 and _rows()[1].adres_uniek is None


def test_registration_is_closed_outside_the_recruitment(client):
    beraad = make_open_beraad(fase=Fase.LOTING)
    code = make_codes(beraad, 1)[0]
    page = client.get(f"/inwonersberaad/{beraad.id}/aanmelden")
    assert page.status_code == 200 and "Aanmelden kan nu niet" in page.get_data(as_text=True)
    url = f"/inwonersberaad/{beraad.id}/aanmelden"
    closed = client.post(url, data={"csrf_token": csrf_token(client), "code": code})
    assert closed.status_code == 200 and "Aanmelden kan nu niet" in closed.get_data(as_text=True)
    assert client.get("/inwonersberaad/aanmelden").status_code == 200
    assert _rows() == []


def test_one_registration_per_code_at_the_same_moment(app):
    """Eight threads, each with its own session and connection, use one code at once."""
    beraad = make_open_beraad()
    code_id = A.check_code(beraad, make_codes(beraad, 1)[0], "test")
    beraad_id = beraad.id
    set_setting(None, "inwonersberaad.een_aanmelding_per_adres", False)
    db.session.commit()
    db.session.remove()
    start = threading.Barrier(8)
    with app.test_request_context():
        wrong = codes.wrong_message()
    results: list[str] = []
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            with app.app_context():
                from open_nijmegen.inwonersberaad.models import Beraad

                target = db.session.get(Beraad, beraad_id)
                data = A.Gegevens(
                    kenmerken={"leeftijd": "16 tot 35 jaar", "geslacht": "Man"},
                    naam=f"Persoon {n}",
                    email="",
                    telefoon="024 123 45 67",
                    postcode="6511AB",
                    huisnummer=str(n + 1),
                )
                start.wait(timeout=60)
                try:
                    A.register(target, code_id, data)
                    db.session.commit()
                    results.append("ok")
                except A.AanmeldFout as error:
                    db.session.rollback()
                    # Refused by the code's conditional UPDATE, not by a constraint later.
                    results.append("geweigerd" if error.message == wrong else error.message)
                except sa.exc.OperationalError:  # SQLite: database is locked
                    db.session.rollback()
                    results.append("geweigerd")
                db.session.remove()
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    assert sorted(results) == ["geweigerd"] * 7 + ["ok"]
    assert len(_rows()) == 1
