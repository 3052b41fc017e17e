"""Quick poll (issue 18 point 2): a one-question peiling answered in place on the home page (one
at a time) and on a project page; a normal POST form with CSRF, one answer per account,
anonymous visitors get a link to log in, and after answering the current result (bars and
numbers, cells under 5 hidden)."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from factories import make_staff, make_user
from helpers import csrf_token
from ideeen.factories import make_traject
from peilingen.factories import make_peiling, set_state

from open_nijmegen.core.db import utcnow
from open_nijmegen.extensions import db
from open_nijmegen.ideeen.phases import Fase
from open_nijmegen.peilingen.models import (
    Deelname,
    Doelgroep,
    Inzending,
    Optie,
    Peiling,
    Sectie,
    Soort,
    Staat,
    Vraag,
)

QUESTION = "Hoe komt u meestal naar het centrum?"


def make_snel(*, home: bool = True, traject_id: int | None = None, answers: list[int] = ()):
    """An open quick poll; ``answers``: how many earlier respondents chose each option."""
    now = utcnow()
    p = Peiling(
        titel="Een snelle vraag over het centrum",
        intro="Een vraag van één klik over het centrum.",
        doelgroep=Doelgroep.ACCOUNTS,
        opent_op=now - timedelta(days=1),
        sluit_op=now + timedelta(days=5),
        gepubliceerd_op=now - timedelta(days=1),
        snel_home=home,
        snel_traject_id=traject_id,
    )
    sectie = Sectie(titel="De vraag", volgorde=0)
    p.secties.append(sectie)
    vraag = Vraag(peiling=p, sectie=sectie, soort=Soort.ENKEL, tekst=QUESTION, verplicht=False)
    for i, tekst in enumerate(["Op de fiets", "Met de bus", "Lopend"]):
        vraag.opties.append(Optie(tekst=tekst, volgorde=i))
    db.session.add(p)
    db.session.flush()
    for optie, count in zip(vraag.opties, answers, strict=False):
        for i in range(count):
            db.session.add(
                Inzending(
                    sleutel=f"test-{p.id}-{optie.id}-{i}",
                    peiling_id=p.id,
                    dag=now.date(),
                    af=True,
                    antwoorden={str(vraag.id): optie.id},
                )
            )
    db.session.commit()
    return p, vraag


def _answer(client, peiling, data, terug="/"):
    payload = {"csrf_token": csrf_token(client), "terug": terug, **data}
    return client.post(f"/peilingen/{peiling.id}/snel", data=payload)


def _rows(peiling):
    return db.session.scalars(sa.select(Inzending).where(Inzending.peiling_id == peiling.id)).all()


def test_a_visitor_sees_the_question_and_a_link_to_log_in(client):
    make_snel()
    html = client.get("/").get_data(as_text=True)
    assert QUESTION in html and "Op de fiets" in html
    assert "Log in om antwoord te geven" in html and "/account/inloggen?next=/" in html
    assert 'name="terug"' not in html  # no form for a visitor


def test_a_resident_answers_on_the_home_page_and_sees_the_result(client, login):
    peiling, vraag = make_snel(answers=[6, 2, 5])
    user = make_user()
    login(user)
    html = client.get("/").get_data(as_text=True)
    assert f'action="/peilingen/{peiling.id}/snel"' in html
    assert 'name="csrf_token"' in html and f'name="v{vraag.id}"' in html
    fiets = vraag.opties[0]
    response = _answer(client, peiling, {f"v{vraag.id}": str(fiets.id)})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/#snel-{peiling.id}")
    db.session.expire_all()
    assert len(_rows(peiling)) == 14
    deelname = db.session.scalars(sa.select(Deelname).where(Deelname.peiling_id == peiling.id))
    assert [d.user_id for d in deelname] == [user.id]
    html = client.get("/").get_data(as_text=True)
    assert "U gaf antwoord. Dit is de stand van nu." in html
    assert "14 mensen gaven antwoord." in html
    assert "<svg" in html and "site-grafiek" in html
    assert "50%" in html  # 7 of 14 on the bike
    # The bus has 2 answers: fewer than 5, not shown; and walking (5) not either, or
    # 14 - 7 - 5 would give the 2.
    assert "minder dan 5" in html and "14%" not in html
    assert "niet getoond" in html and "36%" not in html
    assert f'name="v{vraag.id}"' not in html  # no form once answered


def test_answering_again_changes_the_answer_and_is_not_a_second_response(client, login):
    peiling, vraag = make_snel()
    login(make_user())
    _answer(client, peiling, {f"v{vraag.id}": str(vraag.opties[0].id)})
    _answer(client, peiling, {f"v{vraag.id}": str(vraag.opties[1].id)})
    db.session.expire_all()
    rows = _rows(peiling)
    assert len(rows) == 1 and rows[0].antwoorden == {str(vraag.id): vraag.opties[1].id}
    assert rows[0].af is True


def test_no_choice_or_a_forged_option_gets_the_error_summary(client, login):
    peiling, vraag = make_snel()
    login(make_user())
    response = _answer(client, peiling, {}, terug="/projecten/1-iets")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Er gaat iets mis" in html and "Kies een van de antwoorden." in html
    assert f'href="#vraag-{vraag.id}"' in html
    assert 'value="/projecten/1-iets"' in html  # the way back is kept
    response = _answer(client, peiling, {f"v{vraag.id}": "999999"})
    assert response.status_code == 400
    assert "Er gaat iets mis" in response.get_data(as_text=True)
    db.session.expire_all()
    assert _rows(peiling) == []


def test_without_csrf_nothing_is_stored(client, login):
    peiling, vraag = make_snel()
    login(make_user())
    response = client.post(
        f"/peilingen/{peiling.id}/snel", data={f"v{vraag.id}": str(vraag.opties[0].id)}
    )
    assert response.status_code == 400
    assert _rows(peiling) == []


def test_a_visitor_who_posts_is_sent_to_log_in_and_a_foreign_way_back_is_refused(client, login):
    peiling, vraag = make_snel()
    response = _answer(client, peiling, {f"v{vraag.id}": str(vraag.opties[0].id)})
    assert response.status_code == 302 and "/account/inloggen" in response.headers["Location"]
    assert _rows(peiling) == []
    login(make_user())
    response = _answer(
        client, peiling, {f"v{vraag.id}": str(vraag.opties[0].id)}, terug="//evil.example/x"
    )
    assert response.status_code == 302
    location = response.headers["Location"]
    assert "evil.example" not in location and f"/peilingen/{peiling.id}-" in location


def test_staff_and_unconfirmed_accounts_do_not_answer(client, login):
    peiling, vraag = make_snel()
    login(make_staff(areas=["peilingen"]))
    assert "Medewerkers doen niet mee aan een peiling." in client.get("/").get_data(as_text=True)
    response = _answer(client, peiling, {f"v{vraag.id}": str(vraag.opties[0].id)})
    assert response.status_code == 400
    assert _rows(peiling) == []


def test_the_quick_poll_is_on_its_project_page(client, login):
    traject = make_traject([(Fase.IDEEEN, -1)])
    other = make_traject([(Fase.IDEEEN, -1)])
    peiling, vraag = make_snel(home=False, traject_id=traject.id)
    assert QUESTION not in client.get("/").get_data(as_text=True)
    assert QUESTION in client.get(f"/projecten/{traject.id}-{traject.slug}").get_data(as_text=True)
    assert QUESTION not in client.get(f"/projecten/{other.id}-{other.slug}").get_data(as_text=True)
    login(make_user())
    page = f"/projecten/{traject.id}-{traject.slug}"
    response = _answer(client, peiling, {f"v{vraag.id}": str(vraag.opties[2].id)}, terug=page)
    assert response.headers["Location"].endswith(f"{page}#snel-{peiling.id}")
    html = client.get(page).get_data(as_text=True)
    assert "U gaf antwoord." in html
    assert "Er zijn nog te weinig antwoorden om te laten zien." in html  # 1 answer


def test_not_shown_when_not_a_one_question_choice_or_not_open(client, login):
    peiling = make_peiling()  # seven questions
    peiling.snel_home = True
    db.session.commit()
    assert "Snelle vraag" not in client.get("/").get_data(as_text=True)
    login(make_user())
    vraag = peiling.vragen_op_volgorde()[0]
    response = _answer(client, peiling, {f"v{vraag.id}": str(vraag.opties[0].id)})
    assert response.status_code == 404
    snel, vraag = make_snel(home=False, traject_id=None)
    assert (
        _answer(client, snel, {f"v{vraag.id}": str(vraag.opties[0].id)}).status_code == 404
    )  # not marked
    peiling.snel_home = False
    snel.snel_home = True
    db.session.commit()
    set_state(snel, Staat.GESLOTEN)
    assert QUESTION not in client.get("/").get_data(as_text=True)
    response = _answer(client, snel, {f"v{vraag.id}": str(vraag.opties[0].id)})
    assert response.status_code == 400 and _rows(snel) == []


def test_one_quick_poll_at_a_time_on_the_home_page(client, login):
    first, _v = make_snel()
    second, _w = make_snel(home=False)
    traject = make_traject([(Fase.IDEEEN, -1)])
    login(make_staff(areas=["peilingen"]))
    form = client.get(f"/beheer/peilingen/{second.id}/bewerken").get_data(as_text=True)
    assert 'name="snel_home"' in form and f'value="{traject.id}"' in form
    data = {
        "csrf_token": csrf_token(client),
        "titel": second.titel,
        "intro": second.intro,
        "doelgroep": "accounts",
        "opent_op": "2026-01-01T09:00",
        "sluit_op": "2030-01-01T09:00",
        "snel_home": "y",
        "snel_traject": str(traject.id),
    }
    response = client.post(f"/beheer/peilingen/{second.id}/bewerken", data=data)
    assert response.status_code == 302
    db.session.expire_all()
    assert (first.snel_home, second.snel_home) == (False, True)
    assert second.snel_traject_id == traject.id
    page = client.get(f"/beheer/peilingen/{second.id}").get_data(as_text=True)
    assert "Op de homepage." in page
    # A panel or weighting does not go with a quick poll; a project not in the list neither.
    for extra, message in [
        ({"doelgroep": "panel"}, "niet voor een panel"),
        ({"wegen": "y"}, "kan niet gewogen worden"),
        ({"snel_traject": "99999"}, "Kies een project uit de lijst."),
    ]:
        response = client.post(f"/beheer/peilingen/{second.id}/bewerken", data=data | extra)
        assert response.status_code == 400
        assert message in response.get_data(as_text=True)


def test_the_database_keeps_one_quick_poll_on_the_home_page(app):
    import pytest

    make_snel()
    second, _v = make_snel(home=False)
    second.snel_home = True
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()
