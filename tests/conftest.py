"""Test set-up: one app per session, a clean database per test, real SMTP server process.

The database is SQLite (a file, so threads and the browser tests share it) unless
TEST_DATABASE_URL points at PostgreSQL; ``make test`` runs the suite on both.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from browser_support import bpage, chromium, live_server  # noqa: F401 - one browser per run
from flask import Flask
from flask.testing import FlaskClient
from helpers import CapturingHandler, free_port, login_as

from open_nijmegen import create_app
from open_nijmegen.accounts.models import User
from open_nijmegen.extensions import db, limiter

TEST_DB_URL = os.environ.get("TEST_DATABASE_URL", "")
ON_POSTGRES = TEST_DB_URL.startswith("postgresql")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if ON_POSTGRES:
        return
    skip = pytest.mark.skip(reason="runs only in the PostgreSQL pass of make test")
    for item in items:
        if "postgres_only" in item.keywords:
            item.add_marker(skip)


class IsolatedClient(FlaskClient):
    """Each request gets its own app context (and so its own ``g`` and database session),
    as in production, even though the test itself holds an app context open."""

    def open(self, *args: Any, **kwargs: Any) -> Any:
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        db.session.expire_all()  # the test's own session sees what the request committed
        return response


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    tmp = tmp_path_factory.mktemp("app")
    url = TEST_DB_URL or f"sqlite:///{tmp / 'test.sqlite'}"
    application = create_app(
        {
            "ENV": "test",
            "DATABASE_URL": url,
            "SECRET_KEY": "test-secret-key-that-is-long-enough-for-tests",
            "UPLOAD_FOLDER": str(tmp / "uploads"),
            "MAIL_PRINT": False,
            "SMTP_PORT": 1,  # tests that send mail point this at their SMTP server
            "BASE_URL": "http://open-nijmegen.test",
            "SERVER_NAME": None,
            "PROPAGATE_UNEXPECTED": True,
        }
    )
    application.instance_path = str(tmp)
    application.test_client_class = IsolatedClient
    with application.app_context():
        db.drop_all()
        db.create_all()
        sa.event.listen(db.engine, "before_cursor_execute", _note_write)
    yield application
    with application.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


_WRITES = {"dirty": True}
_READ_ONLY = ("SELECT", "PRAGMA", "SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "SHOW", "SET")


def _note_write(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
    if not statement.lstrip().upper().startswith(_READ_ONLY):
        _WRITES["dirty"] = True


def _clear_tables() -> None:
    """Empty every table after a test that wrote (pure tests pay nothing)."""
    db.session.rollback()
    if not _WRITES["dirty"]:
        return
    tables = list(reversed(db.metadata.sorted_tables))
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        with db.engine.begin() as conn:
            conn.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        with db.engine.begin() as conn:
            for table in tables:
                conn.execute(table.delete())
    _WRITES["dirty"] = False
    from open_nijmegen.paginas.services import forget

    forget()  # the page texts kept per process belong to the rows just removed
    from open_nijmegen.core import resultaten

    resultaten.forget()  # so are the figures of /resultaten
    from open_nijmegen.peilingen import uitslag

    uitslag.forget()  # and the results of peilingen


@pytest.fixture(autouse=True)
def _app_context(app: Flask) -> Iterator[None]:
    with app.app_context():
        limiter.reset()
        yield
        db.session.remove()
        _clear_tables()


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture()
def login(client: FlaskClient):  # type: ignore[no-untyped-def]
    def _login(user: User) -> FlaskClient:
        return login_as(client, user)

    return _login


@pytest.fixture()
def smtp_server(app: Flask) -> Iterator[CapturingHandler]:
    """A real SMTP server process (aiosmtpd) on loopback; the app sends its mail there."""
    from aiosmtpd.controller import Controller

    handler = CapturingHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    old = (app.config["SMTP_HOST"], app.config["SMTP_PORT"])
    app.config["SMTP_HOST"], app.config["SMTP_PORT"] = "127.0.0.1", port
    try:
        yield handler
    finally:
        app.config["SMTP_HOST"], app.config["SMTP_PORT"] = old
        controller.stop()
