"""core.db_requests: read-only pages run without a transaction and cannot write; a GET whose
pooled connection died (database restart) is answered by running it once more."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from factories import make_user
from flask import Flask
from helpers import login_as

from open_nijmegen.core.db_requests import WriteInReadOnlyRequest, start_request
from open_nijmegen.core.models import Setting
from open_nijmegen.extensions import db


def _autocommit(dbapi_connection: Any) -> bool:
    if type(dbapi_connection).__module__.startswith("psycopg"):
        return bool(dbapi_connection.autocommit)
    return dbapi_connection.isolation_level is None  # sqlite3: None means autocommit


@pytest.fixture()
def statements(app: Flask) -> Iterator[list[tuple[str, bool]]]:
    """(SQL, ran in autocommit) for every statement the requests of a test send."""
    seen: list[tuple[str, bool]] = []

    def note(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append((statement, _autocommit(conn.connection.dbapi_connection)))

    sa.event.listen(db.engine, "before_cursor_execute", note)
    yield seen
    sa.event.remove(db.engine, "before_cursor_execute", note)


@pytest.mark.parametrize("path", ["/", "/ideeen", "/ideeen?wijk=1&sort=steun"])
def test_read_only_pages_send_their_queries_without_a_transaction(client, statements, path):
    assert client.get(path).status_code == 200
    assert statements, "the page reads the database"
    assert all(autocommit for _sql, autocommit in statements), statements


def test_other_pages_keep_their_transaction(client, statements):
    login_as(client, make_user())
    statements.clear()
    assert client.get("/account").status_code == 200
    assert statements and not any(autocommit for _sql, autocommit in statements)


def test_a_write_in_a_read_only_request_is_refused(app):
    with app.test_request_context("/ideeen"):
        start_request()
        db.session.add(Setting(key="test.read_only", value=1))
        with pytest.raises(WriteInReadOnlyRequest):
            db.session.flush()
        db.session.remove()
    assert db.session.get(Setting, "test.read_only") is None


def test_a_post_to_a_read_only_endpoint_is_not_read_only(app):
    with app.test_request_context("/ideeen", method="POST"):
        start_request()
        assert "read_only" not in db.session.info
        db.session.remove()


@pytest.mark.postgres_only
def test_a_get_survives_a_database_restart(client, caplog):
    assert client.get("/").status_code == 200
    # What a restart does to the pool: every connection the app holds is cut off.
    with db.engine.connect() as admin:
        killed = admin.execute(
            sa.text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        ).scalar()
    assert killed >= 1
    with caplog.at_level(logging.WARNING):
        response = client.get("/ideeen")
    assert response.status_code == 200
    assert "tried again" in caplog.text
