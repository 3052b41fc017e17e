"""/api/v1/bijeenkomsten: in the OpenAPI document, public facts only."""

from __future__ import annotations

from bijeenkomsten.factories import make_bijeenkomst

from open_nijmegen.bijeenkomsten import services
from open_nijmegen.extensions import db


def test_list_and_one_without_personal_data(client):
    item = make_bijeenkomst(online=True, online_link="https://meet.example.org/geheim", adres="")
    services.register(item, naam="Joke Geheim", email="joke.geheim@example.org")
    db.session.commit()
    body = client.get("/api/v1/bijeenkomsten").get_data(as_text=True)
    for secret in ("geheim", "Joke", "example.org"):
        assert secret not in body
    data = client.get("/api/v1/bijeenkomsten").get_json()
    assert [d["id"] for d in data["data"]] == [item.id]
    assert data["data"][0]["plaatsen_bezet"] == 1 and data["data"][0]["online"] is True
    one = client.get(f"/api/v1/bijeenkomsten/{item.id}")
    assert one.status_code == 200 and one.headers.get("ETag")
    assert client.get("/api/v1/bijeenkomsten/999999").status_code == 404
    assert client.get("/api/v1/bijeenkomsten?limit=9999").status_code == 400


def test_paging_follows_links(client):
    ids = [make_bijeenkomst().id for _ in range(3)]
    page = client.get("/api/v1/bijeenkomsten?limit=2").get_json()
    assert [d["id"] for d in page["data"]] == ids[:2]
    nxt = page["links"]["next"].replace("http://open-nijmegen.test", "")
    assert [d["id"] for d in client.get(nxt).get_json()["data"]] == ids[2:]


def test_in_the_openapi_document(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    assert "/api/v1/bijeenkomsten" in doc["paths"]
    assert "/api/v1/bijeenkomsten/{bijeenkomst_id}" in doc["paths"]
    op = doc["paths"]["/api/v1/bijeenkomsten"]["get"]
    assert op["operationId"] == "bijeenkomsten_api_lijst"
    assert "online_link" not in str(op)
