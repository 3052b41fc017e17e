"""Caching headers, 304 on revalidation, CORS, the rate limit and the OpenAPI document."""

from __future__ import annotations

import pytest

from open_nijmegen.api.openapi import OPERATIONS

URLS = [
    "/api/v1/ideeen",
    "/api/v1/ideeen.csv",
    "/api/v1/uitdagingen",
    "/api/v1/beraden",
    "/feeds/ideeen.atom",
    "/feeds/uitdagingen.atom",
]


@pytest.mark.parametrize("url", URLS)
def test_etag_last_modified_and_304(client, world, url):
    first = client.get(url)
    assert first.status_code == 200
    assert first.headers["Cache-Control"] == "public, max-age=60"
    assert first.headers["Access-Control-Allow-Origin"] == "*"
    etag = first.headers["ETag"]
    assert first.headers["Last-Modified"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""
    assert (
        client.get(url, headers={"If-Modified-Since": first.headers["Last-Modified"]}).status_code
        == 304
    )
    assert client.get(url, headers={"If-None-Match": '"iets-anders"'}).status_code == 200


def test_a_change_gives_a_new_etag(client, world):
    from open_nijmegen.core.db import utcnow
    from open_nijmegen.extensions import db

    first = client.get("/api/v1/ideeen")
    world.public_ideas[1].withdrawn_at = utcnow()
    db.session.commit()
    again = client.get("/api/v1/ideeen", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 200
    assert again.headers["ETag"] != first.headers["ETag"]


def test_rate_limit_per_client(client):
    codes = [client.get("/api/v1/uitdagingen").status_code for _ in range(121)]
    assert codes[:120] == [200] * 120
    assert codes[120] == 429
    assert client.get("/api/v1/uitdagingen").is_json
    other = client.get("/api/v1/uitdagingen", environ_base={"REMOTE_ADDR": "192.0.2.9"})
    assert other.status_code == 200


def test_openapi_document_lists_every_api_route(app, client):
    doc = client.get("/api/v1/openapi.json").get_json()
    assert doc["openapi"] == "3.1.0"
    api_rules = {
        r.endpoint
        for r in app.url_map.iter_rules()
        if r.rule.startswith("/api/v1/") and r.endpoint != "api.openapi"
    }
    assert api_rules == set(OPERATIONS)
    assert len(doc["paths"]) == len(api_rules)
    assert "/api/v1/ideeen/{idee_id}/reacties" in doc["paths"]


def test_open_data_page_and_footer_link(client):
    page = client.get("/open-data")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "vrij te gebruiken" in text
    assert "/api/v1/openapi.json" in text  # the link to the technical description
    assert 'href="/open-data"' in client.get("/").get_data(as_text=True)


def test_unknown_query_parameters_are_harmless(client, world):
    idee = world.public_ideas[0]
    response = client.get(f"/api/v1/ideeen/{idee.id}/reacties?idee_id=999&limit=1&x=%3D1")
    assert response.status_code == 200
    body = response.get_json()
    assert body["links"]["next"] is not None
    assert f"/api/v1/ideeen/{idee.id}/reacties" in body["links"]["next"]
