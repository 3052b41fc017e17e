"""Open data of begroten (issue 17 point 8): /api/v1/begrotingen in the OpenAPI document,
the result per plan as CSV and an Atom feed of published results. Totals only: no author,
no voter, no ballot, and no votes per plan before the count."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import sqlalchemy as sa
from begroten.factories import make_begroting, plan_ids
from factories import make_user

from open_nijmegen.begroten import ballots
from open_nijmegen.begroten.jobs import count_begroting
from open_nijmegen.begroten.models import Begroting, Plan, Stembiljet
from open_nijmegen.begroten.phases import Fase
from open_nijmegen.extensions import db

ATOM = "{http://www.w3.org/2005/Atom}"


def _counted():
    begroting = make_begroting(Fase.UITSLAG, budget=30_000, plans=(20_000, 15_000, 10_000))
    a, b, c = plan_ids(begroting)
    for choice in [[a]] * 3 + [[b, c]] * 2:
        db.session.add(
            Stembiljet(
                sleutel=ballots.secrets.token_hex(32), begroting_id=begroting.id, keuzes=choice
            )
        )
    db.session.commit()
    assert count_begroting(begroting)
    db.session.commit()
    return db.session.get(Begroting, begroting.id)


def test_api_shows_totals_after_the_count_and_no_person_data(client):
    voting = make_begroting(Fase.STEMMEN)
    voter = make_user(name="Geheime Kiezer")
    ballots.cast(voting, voter, ballots.check_choice(voting, plan_ids(voting)[:1]))
    author_name = db.session.get(Plan, plan_ids(voting)[0]).author.display_name
    db.session.commit()
    counted = _counted()
    response = client.get("/api/v1/begrotingen")
    assert response.status_code == 200 and response.headers.get("ETag")
    body = response.get_data(as_text=True)
    for secret in ("Geheime Kiezer", voter.email, author_name, "sleutel", '"keuzes"'):
        assert secret not in body
    data = {d["id"]: d for d in response.get_json()["data"]}
    # While voting is open: the plans and their costs, never a running total.
    assert data[voting.id]["uitslag"] is None
    assert all(p["stemmen"] is None and p["gekozen"] is None for p in data[voting.id]["plannen"])
    assert data[voting.id]["fase"] == "stemmen"
    # After the count: votes per plan, the winners, the totals and the .pb file's hash.
    done = data[counted.id]
    assert done["uitslag"]["stembiljetten"] == 5 and done["uitslag"]["papier"] == 0
    assert sorted(done["uitslag"]["gekozen"]) == sorted(counted.uitslag["winnaars"])
    assert done["uitslag"]["pb_sha256"] == counted.pb_sha256
    votes = {p["id"]: p["stemmen"] for p in done["plannen"]}
    a, b, c = plan_ids(counted)
    assert votes == {a: 3, b: 2, c: 2}
    one = client.get(f"/api/v1/begrotingen/{counted.id}").get_json()["data"]
    assert one == done
    assert client.get("/api/v1/begrotingen/999999").status_code == 404
    assert client.get("/api/v1/begrotingen?limit=9999").status_code == 400


def test_api_pages_follow_links(client):
    ids = [make_begroting(Fase.PLANNEN, plans=()).id for _ in range(3)]
    page = client.get("/api/v1/begrotingen?limit=2").get_json()
    assert [d["id"] for d in page["data"]] == ids[:2]
    nxt = page["links"]["next"].replace("http://open-nijmegen.test", "")
    assert [d["id"] for d in client.get(nxt).get_json()["data"]] == ids[2:]


def test_api_is_in_the_openapi_document(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    assert "/api/v1/begrotingen" in doc["paths"]
    assert "/api/v1/begrotingen/{begroting_id}" in doc["paths"]
    op = doc["paths"]["/api/v1/begrotingen"]["get"]
    assert op["operationId"] == "begroten_api_lijst"
    for private in ("author", "sleutel", "'keuzes'", "user"):
        assert private not in str(op)


def test_csv_of_the_result(client):
    counted = _counted()
    plan = db.session.get(Plan, plan_ids(counted)[0])
    plan.titel = "=HYPERLINK(1) bankjes"
    db.session.commit()
    response = client.get(f"/begroten/{counted.id}/uitslag.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:5] == ["plan", "titel", "wijk", "kosten_euro", "stemmen"]
    by_id = {int(r[0]): r for r in rows[1:]}
    assert set(by_id) == set(plan_ids(counted))
    assert by_id[plan.id][4] == "3"
    assert all(r[5] in ("ja", "nee") for r in rows[1:])
    assert by_id[plan.id][1].startswith("'=")  # a spreadsheet does not run it
    assert all(r[8] for r in rows[1:])  # the reason in words
    # No result before the count.
    voting = make_begroting(Fase.STEMMEN)
    assert client.get(f"/begroten/{voting.id}/uitslag.csv").status_code == 404


def test_atom_feed_of_published_results(client):
    make_begroting(Fase.STEMMEN, plans=(1_000,))
    counted = _counted()
    response = client.get("/begroten/uitslagen.atom")
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.data)  # noqa: S314 - our own output, in a test
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 1  # only what has been counted
    title = entries[0].find(f"{ATOM}title").text
    assert title == f"Uitslag: {counted.titel}"
    assert "5 stembiljetten geteld." in entries[0].find(f"{ATOM}summary").text
    link = entries[0].find(f"{ATOM}link").get("href")
    assert link.endswith(f"/begroten/{counted.id}/uitslag")
    index = client.get("/begroten").get_data(as_text=True)
    assert 'type="application/atom+xml"' in index and "/begroten/uitslagen.atom" in index
    result_page = client.get(f"/begroten/{counted.id}/uitslag").get_data(as_text=True)
    assert f"/begroten/{counted.id}/uitslag.csv" in result_page


def test_nothing_counted_gives_an_empty_feed(client):
    make_begroting(Fase.STEMMEN)
    feed = ET.fromstring(client.get("/begroten/uitslagen.atom").data)  # noqa: S314
    assert feed.findall(f"{ATOM}entry") == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Begroting)) == 1
