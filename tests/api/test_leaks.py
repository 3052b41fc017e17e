"""Nothing that is hidden, withdrawn, unpublished, merged or private appears in any API
response, CSV download or feed; the public items do."""

from __future__ import annotations

import json

from api.seed import SECRET

from open_nijmegen.extensions import db


def _open_data_urls(world) -> list[str]:
    urls = [
        "/api/v1/ideeen?limit=100",
        "/api/v1/ideeen.csv",
        "/api/v1/uitdagingen?limit=100",
        "/api/v1/uitdagingen.csv",
        "/api/v1/beraden?limit=100",
        "/api/v1/beraden.csv",
        "/api/v1/openapi.json",
        "/feeds/ideeen.atom",
        "/feeds/statuswijzigingen.atom",
        "/feeds/uitdagingen.atom",
        "/open-data",
    ]
    for idee in world.public_ideas + world.hidden_ideas:
        urls += [f"/api/v1/ideeen/{idee.id}", f"/api/v1/ideeen/{idee.id}/reacties"]
    for beraad in world.beraden:
        urls += [f"/api/v1/beraden/{beraad.id}", f"/feeds/beraden/{beraad.id}.atom"]
    return urls


def test_no_hidden_or_private_item_in_any_response(client, world, no_rate_limit):
    contact = [(c.contact_naam, c.contact_email, c.contact_telefoon) for c in world.challenges]
    bodies = {}
    for url in _open_data_urls(world):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        bodies[url] = response.get_data(as_text=True)
    for url, body in bodies.items():
        assert SECRET not in body, f"{url} shows a secret"
        for values in contact:
            for value in values:
                assert value not in body, f"{url} shows contact data {value!r}"
        assert "example.org" not in body, f"{url} shows an e-mail address"
    for idee in world.hidden_ideas:
        assert client.get(f"/api/v1/ideeen/{idee.id}").status_code == 404
        assert client.get(f"/api/v1/ideeen/{idee.id}/reacties").status_code == 404
    assert client.get(f"/api/v1/beraden/{world.beraden[1].id}").status_code == 404
    assert client.get(f"/feeds/beraden/{world.beraden[1].id}.atom").status_code == 404


def test_public_items_are_all_there(client, world):
    ideas = client.get("/api/v1/ideeen?limit=100").get_json()["data"]
    assert sorted(i["id"] for i in ideas) == sorted(i.id for i in world.public_ideas)
    answered = client.get(f"/api/v1/ideeen/{world.public_ideas[0].id}").get_json()["data"]
    assert [h["naar"] for h in answered["statusgeschiedenis"]] == ["overgenomen"]
    assert answered["auteur"] and "@" not in answered["auteur"]
    reactions = client.get(f"/api/v1/ideeen/{world.public_ideas[0].id}/reacties").get_json()
    assert len(reactions["data"]) == 2  # a reaction and its reply; not the hidden ones
    register = client.get("/api/v1/uitdagingen").get_json()["data"]
    assert {c["id"] for c in register} == {c.referentie for c in world.challenges[:3]}
    by_id = {c["id"]: c for c in register}
    person = by_id[world.challenges[2].referentie]
    assert person["organisatie"] is None
    assert by_id[world.challenges[0].referentie]["organisatie"].startswith("Buurtvereniging")
    assert all(len(c["statusgeschiedenis"]) == 1 for c in register)
    beraden = client.get("/api/v1/beraden").get_json()["data"]
    assert [b["id"] for b in beraden] == [world.beraden[0].id]
    beraad = beraden[0]
    assert len(beraad["stukken"]) == 1
    assert [a["reactie"] is not None for a in beraad["aanbevelingen"]] == [True, False]
    assert beraad["aanbevelingen"][1]["voortgang"] == []


def test_csv_cells_cannot_start_a_formula(client, world):
    import csv
    import io

    for url in ("/api/v1/ideeen.csv", "/api/v1/uitdagingen.csv", "/api/v1/beraden.csv"):
        response = client.get(url)
        assert response.mimetype == "text/csv"
        text = response.get_data(as_text=True).lstrip("\ufeff")
        rows = list(csv.reader(io.StringIO(text)))
        assert len(rows) > 1, url
        for row in rows:
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@")), (url, cell)
    ideas = list(
        csv.DictReader(
            io.StringIO(client.get("/api/v1/ideeen.csv").get_data(as_text=True).lstrip("\ufeff"))
        )
    )
    assert "'=1+2" in {r["titel"][:5] for r in ideas}
    assert len(ideas) == len(world.public_ideas)


def test_api_follows_the_one_public_query_when_an_idea_is_hidden(client, world):
    idee = world.public_ideas[1]
    assert client.get(f"/api/v1/ideeen/{idee.id}").status_code == 200
    from open_nijmegen.core.db import utcnow

    idee.hidden_at = utcnow()
    db.session.commit()
    assert client.get(f"/api/v1/ideeen/{idee.id}").status_code == 404
    listed = json.loads(client.get("/api/v1/ideeen").get_data())["data"]
    assert idee.id not in {i["id"] for i in listed}
