"""Export and open data: the results CSV (public after the close, cells under 5 empty), the
officer's CSV of anonymous responses (shuffled, no key, no day, no open answers, logged),
and /api/v1/peilingen with aggregates only, in the OpenAPI document."""

from __future__ import annotations

import csv
import io

import sqlalchemy as sa
from factories import make_staff, make_user
from helpers import csrf_token
from peilingen.factories import answers, make_peiling, q, set_state

from open_nijmegen.core.models import AuditLog
from open_nijmegen.extensions import db
from open_nijmegen.peilingen.models import Inzending, Staat


def _fill(client, login, peiling, n, **over):
    for i in range(n):
        login(make_user())
        data = {
            **answers(peiling, vervoer=0 if i < n - 1 else 2, **over),
            "csrf_token": csrf_token(client),
            "actie": "versturen",
            "pagina": "2",
        }
        assert client.post(f"/peilingen/{peiling.id}/invullen", data=data).status_code == 302


def _rows(body: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))


def test_results_csv_is_public_after_the_close_with_small_cells_empty(client, login):
    peiling = make_peiling()
    _fill(client, login, peiling, 8)
    assert client.get(f"/peilingen/{peiling.id}/uitslag.csv").status_code == 404
    set_state(peiling, Staat.GESLOTEN)
    response = client.get(f"/peilingen/{peiling.id}/uitslag.csv")
    assert (
        response.status_code == 200
        and response.headers["Content-Type"] == "text/csv; charset=utf-8"
    )
    rows = _rows(response.get_data(as_text=True))
    assert rows[0][:3] == ["vraag", "antwoord", "aantal (leeg: niet getoond)"]
    by_answer = {(r[0], r[1]): r for r in rows[1:]}
    # 7 by bike, 1 by car: the car hidden, and the bike too (8 - 7 would give the 1).
    assert by_answer[("Hoe gaat u meestal naar de stad?", "Fiets")][2:4] == ["", ""]
    assert by_answer[("Hoe gaat u meestal naar de stad?", "Bus")][2:4] == ["0", "0.0"]
    assert by_answer[("Hoe gaat u meestal naar de stad?", "Auto")][2:4] == ["", ""]


def test_the_officer_downloads_shuffled_anonymous_responses_and_it_is_logged(client, login):
    peiling = make_peiling()
    v = q(peiling)
    _fill(client, login, peiling, 6, **{f"v{v['idee'].id}": "Geheim open antwoord"})
    login(make_user())
    assert client.get(f"/beheer/peilingen/{peiling.id}/antwoorden.csv").status_code == 403
    login(make_staff(areas=["peilingen"]))
    response = client.get(f"/beheer/peilingen/{peiling.id}/antwoorden.csv")
    body = response.get_data(as_text=True)
    rows = _rows(body)
    assert len(rows) == 7 and "Hoe gaat u meestal naar de stad?" in rows[0]
    assert "Heeft u een idee?" not in rows[0] and "Geheim open antwoord" not in body
    assert "Bomen | Fietsrekken" in body and "Veilig > Snel > Goedkoop" in body
    keys = db.session.scalars(sa.select(Inzending.sleutel)).all()
    assert not any(k in body for k in keys)
    assert not any(str(d.dag) in body for d in db.session.scalars(sa.select(Inzending)))
    assert db.session.scalars(
        sa.select(AuditLog).where(AuditLog.action == "peiling.antwoorden_gedownload")
    ).one()


def test_the_api_gives_aggregates_only_once_public(client, login):
    peiling = make_peiling()
    v = q(peiling)
    _fill(client, login, peiling, 8, **{f"v{v['idee'].id}": "Geheim open antwoord"})
    data = client.get(f"/api/v1/peilingen/{peiling.id}").get_json()["data"]
    assert data["staat"] == "open" and data["uitslag"] is None
    set_state(peiling, Staat.GESLOTEN)
    body = client.get("/api/v1/peilingen").get_data(as_text=True)
    assert "Geheim open antwoord" not in body
    data = client.get(f"/api/v1/peilingen/{peiling.id}").get_json()["data"]
    first = data["uitslag"]["vragen"][0]
    assert data["uitslag"]["aantal"] == 8
    assert [a["aantal"] for a in first["antwoorden"]] == [None, 0, None]
    concept = make_peiling(staat=Staat.CONCEPT)
    assert client.get(f"/api/v1/peilingen/{concept.id}").status_code == 404
    listed = {p["id"] for p in client.get("/api/v1/peilingen").get_json()["data"]}
    assert peiling.id in listed and concept.id not in listed


def test_the_api_is_in_the_openapi_document(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    assert "/api/v1/peilingen" in doc["paths"] and "/api/v1/peilingen/{peiling_id}" in doc["paths"]


def test_the_atom_feed_lists_only_public_results(client):
    closed = make_peiling(staat=Staat.GESLOTEN)
    open_one = make_peiling()
    concept = make_peiling(staat=Staat.CONCEPT)
    response = client.get("/peilingen/uitslagen.atom")
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    assert f"/peilingen/{closed.id}/uitslag" in body
    assert f"/peilingen/{open_one.id}/uitslag" not in body
    assert f"/peilingen/{concept.id}/uitslag" not in body
    assert "&lt;script&gt;" in body and "<script>" not in body  # hostile titles are escaped
