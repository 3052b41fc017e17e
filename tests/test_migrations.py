"""Migrations: upgrade -> downgrade base -> upgrade on a fresh database, then no difference
between the migrated schema and the models (``flask db check``). Works with whatever revisions
exist. SQLite always; PostgreSQL in the PostgreSQL pass (a database of its own)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.script import ScriptDirectory
from flask import Flask

from open_nijmegen import create_app
from open_nijmegen.extensions import db

TEST_DB_URL = os.environ.get("TEST_DATABASE_URL", "")


def _app(url: str, tmp_path) -> Flask:
    return create_app(
        {
            "ENV": "test",
            "DATABASE_URL": url,
            "SECRET_KEY": "migraties-" * 5,
            "UPLOAD_FOLDER": str(tmp_path / "uploads"),
        }
    )


def _alembic_config(app: Flask):
    migrate = app.extensions["migrate"]
    return migrate.migrate.get_config(migrate.directory)


def _tables(app: Flask) -> set[str]:
    return set(sa.inspect(db.engine).get_table_names())


@pytest.fixture()
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'migraties.sqlite'}"


@pytest.fixture()
def postgres_url() -> Iterator[str]:
    assert TEST_DB_URL.startswith("postgresql")
    name = f"migraties_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(TEST_DB_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.engine.make_url(TEST_DB_URL).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _up_down_up_check(app: Flask) -> None:
    config = _alembic_config(app)
    script = ScriptDirectory.from_config(config)
    heads = script.get_heads()
    assert len(heads) == 1, f"migrations have several heads, merge them: {heads}"
    model_tables = {t.name for t in db.metadata.sorted_tables}
    with app.app_context():
        try:
            command.upgrade(config, "head")
            assert model_tables <= _tables(app)
            command.check(config)  # raises when the models and the migrations differ

            command.downgrade(config, "base")
            assert _tables(app) <= {"alembic_version"}, "downgrade base leaves no tables"

            command.upgrade(config, "head")
            assert model_tables <= _tables(app)
            with db.engine.connect() as conn:
                version = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
            assert version == heads[0]
            command.check(config)
        finally:
            db.session.remove()
            db.engine.dispose()


def test_every_revision_step_down_and_up(sqlite_url, tmp_path):
    """Each revision downgrades and upgrades on its own, not only all at once."""
    app = _app(sqlite_url, tmp_path)
    config = _alembic_config(app)
    revisions = list(reversed(list(ScriptDirectory.from_config(config).walk_revisions())))
    assert revisions, "there are no migrations"
    with app.app_context():
        try:
            for revision in revisions:
                command.upgrade(config, revision.revision)
                command.downgrade(config, revision.down_revision or "base")
                command.upgrade(config, revision.revision)
        finally:
            db.session.remove()
            db.engine.dispose()


def test_migrations_sqlite(sqlite_url, tmp_path):
    _up_down_up_check(_app(sqlite_url, tmp_path))


@pytest.mark.postgres_only
def test_migrations_postgres(postgres_url, tmp_path):
    _up_down_up_check(_app(postgres_url, tmp_path))
