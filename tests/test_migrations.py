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


def _look_alike_names_get_their_skeleton(app: Flask) -> None:
    """Issue 15 point 5: keys become skeletons; existing look-alikes do not break the upgrade."""
    config = _alembic_config(app)
    with app.app_context():
        try:
            command.upgrade(config, "59e2068ceb1d")  # before the skeleton keys
            insert = sa.text(
                'INSERT INTO "user" (id, display_name, display_name_key, role, session_version,'
                " is_active_account, is_placeholder, digest_mode, created_at, updated_at)"
                " VALUES (:id, :name, :key, 'inwoner', 1, :t, :f, 'direct', :now, :now)"
            )
            now = "2026-01-01 00:00:00"
            with db.engine.begin() as conn:
                for user_id, name in ((1, "Fatima uit Hatert"), (2, "F\u0430tima uit Hatert")):
                    key = name.casefold()
                    conn.execute(
                        insert,
                        {
                            "id": user_id,
                            "name": name,
                            "key": key,
                            "t": True,
                            "f": False,
                            "now": now,
                        },
                    )
            command.upgrade(config, "head")
            with db.engine.connect() as conn:
                keys = dict(conn.execute(sa.text('SELECT id, display_name_key FROM "user"')).all())
            assert keys[1] == "fatirna uit hatert"
            assert keys[2] == "fatirna uit hatert #2"
            command.downgrade(config, "59e2068ceb1d")
            with db.engine.connect() as conn:
                keys = dict(conn.execute(sa.text('SELECT id, display_name_key FROM "user"')).all())
            assert keys == {1: "fatima uit hatert", 2: "f\u0430tima uit hatert"}
        finally:
            db.session.remove()
            db.engine.dispose()


def test_look_alike_names_sqlite(sqlite_url, tmp_path):
    _look_alike_names_get_their_skeleton(_app(sqlite_url, tmp_path))


@pytest.mark.postgres_only
def test_look_alike_names_postgres(postgres_url, tmp_path):
    _look_alike_names_get_their_skeleton(_app(postgres_url, tmp_path))


def _shared_mailboxes_do_not_break_the_upgrade(app: Flask) -> None:
    """Issue 15 point 6: accounts that already share a mailbox: the oldest gets the key."""
    config = _alembic_config(app)
    with app.app_context():
        try:
            command.upgrade(config, "00f8f16ccf51")  # before the mailbox key
            insert = sa.text(
                'INSERT INTO "user" (id, display_name, display_name_key, email, role,'
                " session_version, is_active_account, is_placeholder, digest_mode, created_at,"
                " updated_at) VALUES (:id, :name, :name, :email, 'inwoner', 1, :t, :f, 'direct',"
                " :now, :now)"
            )
            rows = [(1, "een", "inwoner@example.org"), (2, "twee", "inwoner+1@example.org")]
            with db.engine.begin() as conn:
                for user_id, name, email in rows:
                    conn.execute(
                        insert,
                        {
                            "id": user_id,
                            "name": name,
                            "email": email,
                            "t": True,
                            "f": False,
                            "now": "2026-01-01 00:00:00",
                        },
                    )
            command.upgrade(config, "head")
            with db.engine.connect() as conn:
                keys = dict(conn.execute(sa.text('SELECT id, email_key FROM "user"')).all())
            assert keys == {1: "inwoner@example.org", 2: None}
            command.downgrade(config, "00f8f16ccf51")
        finally:
            db.session.remove()
            db.engine.dispose()


def test_shared_mailboxes_sqlite(sqlite_url, tmp_path):
    _shared_mailboxes_do_not_break_the_upgrade(_app(sqlite_url, tmp_path))


@pytest.mark.postgres_only
def test_shared_mailboxes_postgres(postgres_url, tmp_path):
    _shared_mailboxes_do_not_break_the_upgrade(_app(postgres_url, tmp_path))
