"""Role x state grids (deny by default): seeing a peiling, answering it, its results, and the
officer pages, for every role and every state a peiling can be in, both audiences."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from factories import make_admin, make_staff, make_user
from helpers import csrf_token, login_as
from peilingen.factories import answers, make_peiling

from open_nijmegen.core import codes
from open_nijmegen.extensions import db
from open_nijmegen.peilingen import services
from open_nijmegen.peilingen.models import Doelgroep, Inzending, Peiling, Staat

ROLES = ("anoniem", "onbevestigd", "inwoner", "medewerker", "medewerker_ander", "beheerder")
STATES = (Staat.CONCEPT, Staat.GEPLAND, Staat.OPEN, Staat.GESLOTEN)
STAFF = {"medewerker", "beheerder"}


def _user(role):
    return {
        "anoniem": lambda: None,
        "onbevestigd": lambda: make_user(confirmed=False),
        "inwoner": make_user,
        "medewerker": lambda: make_staff(areas=["peilingen"]),
        "medewerker_ander": lambda: make_staff(areas=["ideeen"]),
        "beheerder": make_admin,
    }[role]()


def _client(app, role):
    client = app.test_client()
    user = _user(role)
    if user is not None:
        login_as(client, user)
    return client


def _responses(peiling_id):
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(Inzending).where(Inzending.peiling_id == peiling_id)
    )


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_view_answer_and_results_grid(app, role, state):
    peiling = make_peiling(staat=state)
    client = _client(app, role)
    visible = state != Staat.CONCEPT or role in STAFF
    detail = client.get(f"/peilingen/{peiling.id}", follow_redirects=True)
    assert detail.status_code == (200 if visible else 404)
    data = {
        **answers(peiling),
        "csrf_token": csrf_token(client),
        "actie": "versturen",
        "pagina": "2",
    }
    response = client.post(f"/peilingen/{peiling.id}/invullen", data=data)
    may = role == "inwoner" and state == Staat.OPEN
    assert (_responses(peiling.id) == 1) == may, response.status_code
    if may:
        assert response.status_code == 302
    elif not visible:
        assert response.status_code == 404
    elif role == "anoniem":
        assert response.status_code == 302 and "/account/inloggen" in response.headers["Location"]
    elif role == "onbevestigd":
        assert response.status_code == 302 and "bevestig" in response.headers["Location"]
    else:
        assert response.status_code == 400
    results = client.get(f"/peilingen/{peiling.id}/uitslag")
    if not visible:
        assert results.status_code == 404
    else:
        html = results.get_data(as_text=True)
        assert results.status_code == 200
        assert ("mensen vulden de vragen in" in html or "persoon vulde" in html) == (
            state == Staat.GESLOTEN
        )


@pytest.mark.parametrize("state", [Staat.OPEN, Staat.GESLOTEN])
@pytest.mark.parametrize("role", ROLES)
def test_panel_grid_codes_work_without_an_account_only_while_open(app, role, state):
    peiling = make_peiling(staat=state, doelgroep=Doelgroep.PANEL)
    made = codes.make_codes(services.CODE_OWNER, peiling.id, 1)
    db.session.commit()
    client = _client(app, role)
    token = csrf_token(client)
    response = client.post(
        f"/peilingen/{peiling.id}/code", data={"csrf_token": token, "code": made[0]}
    )
    if state == Staat.OPEN:
        assert response.status_code == 302
        data = {**answers(peiling), "csrf_token": token, "actie": "versturen", "pagina": "2"}
        assert client.post(f"/peilingen/{peiling.id}/invullen", data=data).status_code == 302
        assert _responses(peiling.id) == 1
    else:
        assert response.status_code == 400
        assert _responses(peiling.id) == 0


BEHEER = [
    ("GET", "/beheer/peilingen"),
    ("GET", "/beheer/peilingen/nieuw"),
    ("GET", "/beheer/peilingen/{id}"),
    ("GET", "/beheer/peilingen/{id}/bewerken"),
    ("GET", "/beheer/peilingen/{id}/voorbeeld"),
    ("GET", "/beheer/peilingen/{id}/open-antwoorden"),
    ("GET", "/beheer/peilingen/{id}/vragen/nieuw"),
    ("POST", "/beheer/peilingen/{id}/publiceren"),
    ("POST", "/beheer/peilingen/{id}/codes"),
]


@pytest.mark.parametrize(("method", "path"), BEHEER)
@pytest.mark.parametrize("role", ROLES)
def test_officer_pages_grid(app, role, method, path):
    peiling = make_peiling(staat=Staat.CONCEPT, doelgroep=Doelgroep.PANEL)
    client = _client(app, role)
    url = path.format(id=peiling.id)
    if method == "GET":
        response = client.get(url)
    else:
        response = client.post(url, data={"csrf_token": csrf_token(client), "aantal": "3"})
    if role == "anoniem":
        assert response.status_code == 302 and "/account/inloggen" in response.headers["Location"]
    elif role in STAFF:
        assert response.status_code in (200, 302)
    else:
        assert response.status_code == 403
    db.session.expire_all()
    published = db.session.get(Peiling, peiling.id).gepubliceerd_op is not None
    made, _used = codes.counts(services.CODE_OWNER, peiling.id)
    assert published == (role in STAFF and path.endswith("publiceren"))
    assert (made == 3) == (role in STAFF and path.endswith("codes"))


def test_codes_download_is_a_csv_with_codes_that_work(app, login, client):
    peiling = make_peiling(doelgroep=Doelgroep.PANEL)
    login(make_staff(areas=["peilingen"]))
    response = client.post(
        f"/beheer/peilingen/{peiling.id}/codes",
        data={"csrf_token": csrf_token(client), "aantal": "3"},
    )
    assert response.status_code == 200 and response.mimetype == "text/csv"
    lines = response.get_data(as_text=True).strip().splitlines()
    assert lines[0] == "volgnummer;code;link" and len(lines) == 4
    # The link in the letters comes from the configured address (BASE_URL), as in the CLI.
    assert lines[1].split(";")[2] == f"http://open-nijmegen.test/peilingen/{peiling.id}/code"
    code = lines[1].split(";")[1]
    assert codes.find(services.CODE_OWNER, peiling.id, code, "t") is not None
    for bad in ("0", "-1", "x", "10001"):
        response = client.post(
            f"/beheer/peilingen/{peiling.id}/codes",
            data={"csrf_token": csrf_token(client), "aantal": bad},
        )
        assert response.status_code == 302
    assert codes.counts(services.CODE_OWNER, peiling.id) == (3, 0)


def test_no_codes_for_an_account_peiling(app, login, client):
    peiling = make_peiling()
    login(make_staff(areas=["peilingen"]))
    client.post(
        f"/beheer/peilingen/{peiling.id}/codes",
        data={"csrf_token": csrf_token(client), "aantal": "3"},
    )
    assert codes.counts(services.CODE_OWNER, peiling.id) == (0, 0)
