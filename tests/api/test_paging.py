"""Paging with links.next and harvesting with updated_since stay complete while new items are
added at the same time: every item present at the start is seen exactly once."""

from __future__ import annotations

import threading
from datetime import timedelta

from api.seed import make_beraad, make_uitdaging, public_idee, reference_data

from open_nijmegen.core.db import utcnow
from open_nijmegen.extensions import db
from open_nijmegen.uitdaagrecht.workflow import Status


def _harvest(client, url: str) -> list:
    seen = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.get_json()
        seen += [item["id"] for item in body["data"]]
        url = body["links"]["next"]
    return seen


def _insert_while(app, make, stop: threading.Event, at_most: int = 15) -> threading.Thread:
    """Insert new items in another thread (at most ``at_most``, so the reader can finish)."""

    def run() -> None:
        with app.app_context():
            for _ in range(at_most):
                if stop.is_set():
                    break
                make()
                db.session.remove()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def test_paging_ideas_under_concurrent_inserts(app, client, no_rate_limit):
    reference_data()
    start = {public_idee().id for _ in range(23)}
    stop = threading.Event()
    thread = _insert_while(app, public_idee, stop)
    try:
        seen = _harvest(client, "/api/v1/ideeen?limit=4")
    finally:
        stop.set()
        thread.join(timeout=30)
    assert len(seen) == len(set(seen)), "an idea was seen twice"
    assert start <= set(seen), "an idea that existed at the start was missed"


def test_updated_since_under_concurrent_inserts(app, client, no_rate_limit):
    reference_data()
    old = public_idee()
    old.updated_at = utcnow() - timedelta(days=10)
    db.session.commit()
    since = (utcnow() - timedelta(days=1)).isoformat()
    start = {public_idee().id for _ in range(9)}
    stop = threading.Event()
    thread = _insert_while(app, public_idee, stop)
    try:
        seen = _harvest(client, f"/api/v1/ideeen?limit=3&updated_since={since.replace('+', '%2B')}")
    finally:
        stop.set()
        thread.join(timeout=30)
    assert old.id not in seen
    assert len(seen) == len(set(seen))
    assert start <= set(seen)


def test_paging_register_and_beraden_under_concurrent_inserts(app, client, no_rate_limit):
    reference_data()
    start = {make_uitdaging(Status.IN_BEHANDELING).referentie for _ in range(7)}
    stop = threading.Event()
    thread = _insert_while(app, lambda: make_uitdaging(Status.IN_BEHANDELING), stop)
    try:
        seen = _harvest(client, "/api/v1/uitdagingen?limit=2")
    finally:
        stop.set()
        thread.join(timeout=30)
    assert len(seen) == len(set(seen))
    assert start <= set(seen)

    start_b = {make_beraad().id for _ in range(5)}
    stop = threading.Event()
    thread = _insert_while(app, make_beraad, stop)
    try:
        seen_b = _harvest(client, "/api/v1/beraden?limit=2")
    finally:
        stop.set()
        thread.join(timeout=30)
    assert len(seen_b) == len(set(seen_b))
    assert start_b <= set(seen_b)


def test_filters_and_bad_parameters(client, world):
    ok = client.get("/api/v1/ideeen?status=overgenomen").get_json()["data"]
    assert [i["id"] for i in ok] == [world.public_ideas[0].id]
    assert client.get("/api/v1/ideeen?traject=bestaat-niet").get_json()["data"] == []
    for bad in (
        "limit=0",
        "limit=101",
        "wijk=abc",
        "status=geheim",
        "updated_since=gisteren",
        "cursor=-1",
    ):
        response = client.get(f"/api/v1/ideeen?{bad}")
        assert response.status_code == 400, bad
        assert response.is_json
    since = client.get("/api/v1/ideeen?updated_since=2999-01-01T00:00:00Z").get_json()["data"]
    assert since == []
