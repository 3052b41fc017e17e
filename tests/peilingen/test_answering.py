"""Answering a peiling: page by page without JavaScript, every answer kept on an error (400 +
summary), save for later, changing until the close, the skip rule, panel codes, exactly one
response per account or code under concurrency, and hostile input (never a 500)."""

from __future__ import annotations

import re
import threading

import pytest
import sqlalchemy as sa
from factories import make_staff, make_user
from helpers import csrf_token
from peilingen.factories import answers, make_peiling, q, set_state

from open_nijmegen.core import codes
from open_nijmegen.extensions import db
from open_nijmegen.peilingen import services
from open_nijmegen.peilingen.models import (
    Deelname,
    Doelgroep,
    Inzending,
    OpenAntwoord,
    Peiling,
    Staat,
)


def _post(client, peiling, data, actie="versturen", pagina=2):
    payload = dict(data)
    payload.update({"csrf_token": csrf_token(client), "actie": actie, "pagina": str(pagina)})
    return client.post(f"/peilingen/{peiling.id}/invullen", data=payload)


def _rows(peiling_id):
    return db.session.scalars(sa.select(Inzending).where(Inzending.peiling_id == peiling_id)).all()


def _participants(peiling_id):
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(Deelname).where(Deelname.peiling_id == peiling_id)
    )


def test_a_resident_answers_page_by_page_and_the_answers_are_stored(client, login):
    peiling = make_peiling()
    v = q(peiling)
    login(make_user())
    page = client.get(f"/peilingen/{peiling.id}/invullen").get_data(as_text=True)
    assert "Vraag 1 van 7" in page and "Pagina 1 van 2" in page
    assert "Opslaan en later verder" in page
    data = answers(peiling)
    first = {
        k: val
        for k, val in data.items()
        if k in {f"v{v[name].id}" for name in ("vervoer", "wensen", "tevreden")}
    }
    response = _post(client, peiling, first, actie="volgende", pagina=1)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Pagina 2 van 2" in html and "Vraag 4 van 7" in html
    # The answers of page 1 travel along as hidden fields.
    assert f'type="hidden" name="v{v["vervoer"].id}" value="{v["vervoer"].opties[0].id}"' in html
    assert "Hoe vaak neemt u de bus?" not in html  # skip rule: vervoer is not Bus
    response = _post(client, peiling, data)
    assert response.status_code == 302
    rows = _rows(peiling.id)
    assert len(rows) == 1 and rows[0].af
    stored = rows[0].antwoorden
    assert stored[str(v["vervoer"].id)] == v["vervoer"].opties[0].id
    assert stored[str(v["wensen"].id)] == sorted(
        [v["wensen"].opties[0].id, v["wensen"].opties[2].id]
    )
    assert stored[str(v["tevreden"].id)] == 4
    assert stored[str(v["volgorde"].id)] == [o.id for o in v["volgorde"].opties]
    assert stored[str(v["kind"].id)] == 7
    assert str(v["bus"].id) not in stored
    (open_row,) = rows[0].open_antwoorden
    assert "jan@example.org" not in open_row.tekst and "12345678" not in open_row.tekst
    assert "[e-mailadres weggehaald]" in open_row.tekst
    assert "[telefoonnummer weggehaald]" in open_row.tekst
    assert _participants(peiling.id) == 1


def test_a_missing_required_answer_gives_400_and_keeps_every_answer(client, login):
    peiling = make_peiling()
    v = q(peiling)
    login(make_user())
    data = answers(peiling, **{f"v{v['vervoer'].id}": None})
    response = _post(client, peiling, data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Er gaat iets mis" in html and "Beantwoord deze vraag. Dat is verplicht." in html
    assert f'href="#vraag-{v["vervoer"].id}"' in html
    assert "Pagina 1 van 2" in html  # back on the page with the error
    # Everything else is still there: checked on this page, hidden for page 2.
    assert re.search(rf'value="{v["wensen"].opties[0].id}" checked', html)
    assert f'name="v{v["idee"].id}" value="Meer groen.' in html
    assert _rows(peiling.id) == [] and _participants(peiling.id) == 0


def test_save_for_later_and_go_on(client, login):
    peiling = make_peiling()
    v = q(peiling)
    login(make_user())
    response = _post(client, peiling, {f"v{v['tevreden'].id}": "2"}, actie="opslaan", pagina=1)
    assert response.status_code == 302
    (row,) = _rows(peiling.id)
    assert not row.af and row.antwoorden == {str(v["tevreden"].id): 2}
    assert services.aantal_inzendingen(peiling.id) == 0  # not counted yet
    page = client.get(f"/peilingen/{peiling.id}/invullen").get_data(as_text=True)
    assert f'id="v{v["tevreden"].id}-s2" name="v{v["tevreden"].id}" value="2" checked' in page
    detail = client.get(f"/peilingen/{peiling.id}", follow_redirects=True).get_data(as_text=True)
    assert "Verder met invullen" in detail
    assert _post(client, peiling, answers(peiling)).status_code == 302
    (row,) = _rows(peiling.id)
    assert row.af and services.aantal_inzendingen(peiling.id) == 1


def test_answers_can_change_until_the_close_and_not_after(client, login):
    peiling = make_peiling()
    v = q(peiling)
    login(make_user())
    assert _post(client, peiling, answers(peiling)).status_code == 302
    assert _post(client, peiling, answers(peiling, vervoer=1)).status_code == 302
    (row,) = _rows(peiling.id)
    assert row.antwoorden[str(v["vervoer"].id)] == v["vervoer"].opties[1].id
    assert row.antwoorden[str(v["bus"].id)] == v["bus"].opties[0].id  # now shown and given
    set_state(peiling, Staat.GESLOTEN)
    response = _post(client, peiling, answers(peiling, vervoer=2))
    assert response.status_code == 400
    assert "Deze peiling is gesloten" in response.get_data(as_text=True)
    db.session.expire_all()
    (row,) = _rows(peiling.id)
    assert row.antwoorden[str(v["vervoer"].id)] == v["vervoer"].opties[1].id


def test_a_changed_open_answer_is_screened_again(client, login):
    peiling = make_peiling()
    v = q(peiling)
    login(make_user())
    assert _post(client, peiling, answers(peiling)).status_code == 302
    row = db.session.scalars(sa.select(OpenAntwoord)).one()
    row.beoordeling = "goed"
    db.session.commit()
    assert (
        _post(
            client, peiling, answers(peiling, **{f"v{v['idee'].id}": "Meer bankjes."})
        ).status_code
        == 302
    )
    db.session.expire_all()
    row = db.session.scalars(sa.select(OpenAntwoord)).one()
    assert row.tekst == "Meer bankjes." and row.beoordeling.value == "wacht"


def test_the_response_row_holds_no_person_and_no_time():
    """Anonymous by design: no user id, code, IP or time finer than the day."""
    columns = set(Inzending.__table__.c.keys())
    assert not {"user_id", "code_id", "ip", "created_at", "updated_at", "deelname_id"} & columns
    assert str(Inzending.__table__.c.dag.type) == "DATE"
    assert not any(isinstance(c.type, sa.DateTime) for c in Inzending.__table__.c)
    assert not any(
        fk.column.table.name in {"user", "one_time_code"} for fk in Inzending.__table__.foreign_keys
    )
    assert not {"antwoorden", "sleutel"} & set(Deelname.__table__.c.keys())
    assert not {"user_id", "created_at"} & set(OpenAntwoord.__table__.c.keys())


def test_the_response_key_needs_the_server_secret(app):
    key = services.account_sleutel(1, 2)
    assert key != services.account_sleutel(1, 3) and key != services.account_sleutel(2, 2)
    app.config["PEILINGEN_GEHEIM"] = "een ander geheim"
    try:
        assert services.account_sleutel(1, 2) != key
    finally:
        app.config.pop("PEILINGEN_GEHEIM")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda v: {"v999999": "1"}, "hoort niet bij deze peiling"),
        (lambda v: {f"v{v['volgorde'].id}-999999": "1"}, "hoort niet bij deze peiling"),
        (lambda v: {f"v{v['vervoer'].id}": "999999"}, "Kies een van de antwoorden die er staan"),
        (
            lambda v: {f"v{v['vervoer'].id}": str(v["wensen"].opties[0].id)},
            "Kies een van de antwoorden die er staan",
        ),
        (lambda v: {f"v{v['vervoer'].id}": "²"}, "Kies een van de antwoorden die er staan"),
        (lambda v: {f"v{v['vervoer'].id}": "9" * 40}, "Kies een van de antwoorden die er staan"),
        (
            lambda v: {f"v{v['wensen'].id}": [str(o.id) for o in v["wensen"].opties[:3]]},
            "U mag er 2 kiezen",
        ),
        (
            lambda v: {f"v{v['wensen'].id}": [str(v["wensen"].opties[0].id)] * 40},
            "hoort niet bij deze peiling",
        ),
        (lambda v: {f"v{v['tevreden'].id}": "6"}, "Kies een cijfer van 1 tot en met 5"),
        (lambda v: {f"v{v['tevreden'].id}": "-1"}, "Kies een cijfer van 1 tot en met 5"),
        (lambda v: {f"v{v['kind'].id}": "19"}, "Vul een getal in van 0 tot en met 18"),
        (lambda v: {f"v{v['kind'].id}": "7,5"}, "Vul een heel getal in"),
        (lambda v: {f"v{v['kind'].id}": "1e9"}, "Vul een heel getal in"),
        (lambda v: {f"v{v['idee'].id}": "lang " * 1000}, "Uw antwoord is te lang"),
        (
            lambda v: {f"v{v['volgorde'].id}-{v['volgorde'].opties[0].id}": "2"},
            "Geef elk antwoord een eigen plaats",
        ),
        (
            lambda v: {f"v{v['volgorde'].id}-{v['volgorde'].opties[0].id}": "9"},
            "Geef elk antwoord een eigen plaats",
        ),
        (lambda v: {f"v{v['volgorde'].id}": "1"}, "hoort niet bij deze peiling"),
        (lambda v: {"achtergrond-wijk": "Atlantis"}, None),
    ],
)
def test_hostile_answers_get_a_b1_message_and_nothing_is_stored(client, login, change, message):
    peiling = make_peiling()
    login(make_user())
    data = answers(peiling)
    data.update(change(q(peiling)))
    response = _post(client, peiling, data)
    if message is None:  # not a weighted peiling: the field is ignored, the answers stored
        assert response.status_code == 302
        assert _rows(peiling.id)[0].wijk is None
        return
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _rows(peiling.id) == [] and _participants(peiling.id) == 0


def test_background_questions_of_a_weighted_peiling(client, login):
    peiling = make_peiling(wegen=True)
    login(make_user())
    page = _post(client, peiling, answers(peiling), actie="volgende", pagina=1).get_data(
        as_text=True
    )
    assert "In welk deel van Nijmegen woont u?" in page
    response = _post(client, peiling, answers(peiling, **{"achtergrond-wijk": "Atlantis"}))
    assert response.status_code == 400 and "Kies een wijk uit de lijst" in response.get_data(
        as_text=True
    )
    data = answers(peiling, **{"achtergrond-wijk": "Dukenburg", "achtergrond-leeftijd": "65+"})
    assert _post(client, peiling, data).status_code == 302
    (row,) = _rows(peiling.id)
    assert (row.wijk, row.leeftijd) == ("Dukenburg", "65+")


def test_the_skip_rule_drops_a_hidden_answer(client, login):
    peiling = make_peiling()
    v = q(peiling)
    login(make_user())
    data = answers(peiling, **{f"v{v['bus'].id}": str(v["bus"].opties[1].id)})  # vervoer Fiets
    assert _post(client, peiling, data).status_code == 302
    assert str(v["bus"].id) not in _rows(peiling.id)[0].antwoorden


@pytest.mark.parametrize("who", ["anoniem", "onbevestigd", "medewerker"])
def test_who_may_not_answer_stores_nothing(client, login, who):
    peiling = make_peiling()
    if who == "onbevestigd":
        login(make_user(confirmed=False))
    elif who == "medewerker":
        login(make_staff())
    response = (
        _post(client, peiling, answers(peiling))
        if who != "anoniem"
        else client.post(
            f"/peilingen/{peiling.id}/invullen",
            data={"csrf_token": csrf_token(client), **answers(peiling)},
        )
    )
    assert response.status_code in (302, 400)
    if response.status_code == 302:
        assert "/account/" in response.headers["Location"]
    assert _rows(peiling.id) == []


@pytest.mark.parametrize("staat", [Staat.CONCEPT, Staat.GEPLAND, Staat.GESLOTEN])
def test_no_answers_outside_the_open_period(client, login, staat):
    peiling = make_peiling(staat=staat)
    login(make_user())
    response = _post(client, peiling, answers(peiling))
    assert response.status_code in (400, 404)
    assert _rows(peiling.id) == []


# --- panel codes ---------------------------------------------------------------------------


def _codes(peiling, n=2):
    made = codes.make_codes(services.CODE_OWNER, peiling.id, n)
    db.session.commit()
    return made


def _enter_code(client, peiling, code):
    return client.post(
        f"/peilingen/{peiling.id}/code",
        data={"csrf_token": csrf_token(client, f"/peilingen/{peiling.id}/code"), "code": code},
    )


def test_a_panel_member_answers_once_with_a_code(client):
    peiling = make_peiling(doelgroep=Doelgroep.PANEL)
    code, other = _codes(peiling)
    response = _enter_code(client, peiling, code.lower().replace("-", " "))
    assert response.status_code == 302 and response.headers["Location"].endswith("/invullen")
    page = client.get(f"/peilingen/{peiling.id}/invullen").get_data(as_text=True)
    assert "Opslaan en later verder" not in page  # no account: answers stay in the form
    assert _post(client, peiling, answers(peiling)).status_code == 302
    assert len(_rows(peiling.id)) == 1
    assert codes.counts(services.CODE_OWNER, peiling.id) == (2, 1)
    # The same code again: the one generic message.
    response = _enter_code(client, peiling, code)
    assert response.status_code == 400
    assert codes.wrong_message() in response.get_data(as_text=True)
    # After the response the session no longer holds the code.
    assert _post(client, peiling, answers(peiling)).status_code == 400
    assert len(_rows(peiling.id)) == 1
    assert "code" not in "".join(Inzending.__table__.c.keys()).replace("sleutel", "")


def test_a_code_of_another_peiling_or_a_wrong_code_gets_one_generic_message(client):
    peiling = make_peiling(doelgroep=Doelgroep.PANEL)
    other = make_peiling(doelgroep=Doelgroep.PANEL)
    (foreign,) = _codes(other, 1)
    for text in (foreign, "ABCD-EFGH-JKMN", "<script>", "x" * 500, "²²²²-²²²²-²²²²"):
        response = _enter_code(client, peiling, text)
        assert response.status_code == 400
        assert codes.wrong_message() in response.get_data(as_text=True)
    assert codes.counts(services.CODE_OWNER, other.id) == (1, 0)


def test_wrong_codes_are_rate_limited(client, app):
    from open_nijmegen.extensions import limiter

    peiling = make_peiling(doelgroep=Doelgroep.PANEL)
    (good,) = _codes(peiling, 1)
    was = limiter.enabled
    limiter.enabled = True
    try:
        for _ in range(10):
            _enter_code(client, peiling, "ABCD-EFGH-JKMN")
        response = _enter_code(client, peiling, good)
        assert response.status_code in (400, 429)
        assert "/invullen" not in response.headers.get("Location", "")
    finally:
        limiter.enabled = was


def test_a_panel_peiling_is_closed_to_accounts(client, login):
    peiling = make_peiling(doelgroep=Doelgroep.PANEL)
    login(make_user())
    response = _post(client, peiling, answers(peiling))
    assert response.status_code == 400 and _rows(peiling.id) == []


# --- exactly once under concurrency ---------------------------------------------------------


def _parallel(app, n, work):
    errors: list[BaseException] = []
    start = threading.Barrier(n)

    def worker(k: int) -> None:
        try:
            with app.app_context():
                prepared = work("prepare", k)
                db.session.commit()
                start.wait(timeout=60)
                for _try in range(30):
                    try:
                        work("run", k, prepared)
                        db.session.commit()
                        break
                    except sa.exc.OperationalError:  # SQLite: database is locked
                        db.session.rollback()
                    except services.PeilingFout:
                        db.session.rollback()
                        break
                else:
                    raise AssertionError("never stored")
                db.session.remove()
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert not errors, errors


def _checked(peiling, vervoer):
    from werkzeug.datastructures import MultiDict

    from open_nijmegen.peilingen import antwoorden

    data = MultiDict()
    for key, value in answers(peiling, vervoer=vervoer).items():
        for item in value if isinstance(value, list) else [value]:
            data.add(key, item)
    result = antwoorden.lees(peiling.vragen_op_volgorde(), data)
    assert not result.fouten
    return result


def test_twenty_parallel_submits_of_one_account_keep_one_response(app):
    from open_nijmegen.accounts.models import User

    peiling = make_peiling()
    voter = make_user()
    peiling_id, voter_id = peiling.id, voter.id
    db.session.remove()

    def work(step, k, prepared=None):
        if step == "prepare":
            target = db.session.get(Peiling, peiling_id)
            return target, db.session.get(User, voter_id), _checked(target, k % 3)
        target, user, checked = prepared
        services.bewaar_account(target, user, checked, af=True)

    _parallel(app, 20, work)
    assert _participants(peiling_id) == 1
    assert len(_rows(peiling_id)) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OpenAntwoord)) == 1


def test_twenty_parallel_submits_of_one_code_keep_one_response(app):
    peiling = make_peiling(doelgroep=Doelgroep.PANEL)
    (code,) = _codes(peiling, 1)
    row = codes.find(services.CODE_OWNER, peiling.id, code, "test")
    peiling_id, code_id = peiling.id, row.id
    db.session.remove()

    def work(step, k, prepared=None):
        if step == "prepare":
            target = db.session.get(Peiling, peiling_id)
            return target, _checked(target, k % 3)
        target, checked = prepared
        services.bewaar_code(target, code_id, checked)

    _parallel(app, 20, work)
    assert len(_rows(peiling_id)) == 1
    assert codes.counts(services.CODE_OWNER, peiling_id) == (1, 1)


# --- queries ---------------------------------------------------------------------------------


def _select_count(client, url):
    seen = []

    def listener(_conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", listener)
    try:
        assert client.get(url).status_code == 200
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", listener)
    return len(seen)


def test_the_answering_page_reads_the_same_number_of_queries_however_many_questions(client, login):
    from open_nijmegen.peilingen.models import Optie, Soort, Vraag

    peiling = make_peiling()
    login(make_user())
    url = f"/peilingen/{peiling.id}/invullen"
    client.get(url)  # the first request loads the user and warms up
    before = _select_count(client, url)
    sectie = peiling.secties[0]
    for i in range(8):
        vraag = Vraag(
            peiling=peiling, sectie=sectie, soort=Soort.ENKEL, tekst=f"Extra vraag {i}?",
            volgorde=10 + i,
        )  # fmt: skip
        vraag.opties.extend([Optie(tekst="Ja", volgorde=0), Optie(tekst="Nee", volgorde=1)])
        db.session.add(vraag)
    db.session.commit()
    db.session.expire_all()
    assert _select_count(client, url) == before


def test_the_answering_page_reads_the_peiling_in_two_queries(client, login):
    """The peiling with its pages, then the questions with their options (bench: the page's
    own share); the questions of a page come from those, not from a third read per page."""
    peiling = make_peiling()
    login(make_user())
    url = f"/peilingen/{peiling.id}/invullen"
    client.get(url)
    seen = []

    def listener(_conn, _cursor, statement, *_args):
        seen.append(" ".join(statement.split()))

    sa.event.listen(db.engine, "before_cursor_execute", listener)
    try:
        assert client.get(url).status_code == 200
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", listener)
    reads = [s for s in seen if s.upper().startswith("SELECT") and "peiling" in s]
    structure = [s for s in reads if "peiling_inzending" not in s]
    assert len(structure) == 2, structure
    assert "peiling_sectie" in structure[0] and "peiling_optie" in structure[1]
    assert len(reads) == 3  # and one for the resident's own saved answers
