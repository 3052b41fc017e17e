from __future__ import annotations

from ideeen.factories import make_idee


def test_list_and_detail_render(client):
    idee = make_idee()
    response = client.get("/ideeen")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "&lt;script&gt;" in html and "<script>alert" not in html
    response = client.get(f"/ideeen/{idee.id}")
    assert response.status_code == 301
    response = client.get(response.headers["Location"])
    assert response.status_code == 200, response.get_data(as_text=True)
