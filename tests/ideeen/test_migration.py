"""The migration goes up and down with data, and the models match it (flask db check)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _flask(db_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("OPEN_NIJMEGEN_")},
        "OPEN_NIJMEGEN_DATABASE_URL": f"sqlite:///{db_path}",
        "OPEN_NIJMEGEN_ENV": "test",
        "FLASK_APP": "open_nijmegen",
    }
    return subprocess.run(
        [sys.executable, "-m", "flask", "db", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_migration_up_down_up_and_in_sync(tmp_path):
    db_path = tmp_path / "mig.sqlite"
    up = _flask(db_path, "upgrade", "acbbd6b421b0")
    assert up.returncode == 0, up.stderr
    with sqlite3.connect(db_path) as conn:
        conn.execute(
            "INSERT INTO traject (slug, titel, beschrijving, doorlopend, created_at, updated_at) VALUES ('t', 'T', '', 1, '2026-01-01', '2026-01-01')"
        )
        conn.execute(
            "INSERT INTO wijk (naam, stadsdeel, actief) VALUES ('Hees', 'Nijmegen-Nieuw-West', 1)"
        )
        conn.execute("INSERT INTO thema (naam, actief) VALUES ('Groen', 1)")
        conn.execute(
            "INSERT INTO idee (traject_id, titel, tekst, wijk_id, thema_id, moderatie, status, "
            "support_count, reaction_count, created_at, updated_at) VALUES "
            "(1, 'Fietsenstalling', 'Bij het station', 1, 1, 'wacht', 'open', 0, 0, '2026-01-01', '2026-01-01')"
        )
        found = conn.execute(
            "SELECT rowid FROM idee_fts WHERE idee_fts MATCH 'fietsenstalling'"
        ).fetchall()
        assert found == [(1,)]
        try:
            conn.execute(
                "INSERT INTO idee (traject_id, titel, tekst, wijk_id, thema_id, moderatie, status, "
                "support_count, reaction_count, created_at, updated_at) VALUES "
                "(1, 'x', 'y', 1, 1, 'goedgekeurd', 'open', 0, 0, '2026-01-01', '2026-01-01')"
            )
        except sqlite3.IntegrityError:
            pass
        else:
            raise AssertionError("CHECK constraint ck_idee_published did not hold")
    down = _flask(db_path, "downgrade", "092293da9e50")
    assert down.returncode == 0, down.stderr
    with sqlite3.connect(db_path) as conn:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert not {n for n in names if n.startswith(("idee", "steun", "wijk", "thema", "traject"))}
    again = _flask(db_path, "upgrade")
    assert again.returncode == 0, again.stderr
    assert _ideeen_diffs(db_path) == []


MY_TABLES = {"idee", "steun", "wijk", "thema", "traject", "traject_fase"}


def _table_of(diff) -> str | None:
    item = diff[0] if isinstance(diff, list) else diff
    for part in item[1:]:
        table = getattr(part, "table", None)
        name = getattr(part, "name", None) if table is None else table.name
        if isinstance(part, str):
            name = part
        if name:
            return name
    return None


def _ideeen_diffs(db_path: Path) -> list:
    """Differences between the migrated schema and the models, for this module's tables
    (``flask db check`` covers every module; other modules may be mid-way)."""
    import sqlalchemy as sa
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from open_nijmegen.extensions import db

    engine = sa.create_engine(f"sqlite:///{db_path}")
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(
                conn,
                opts={
                    "compare_type": True,
                    "render_as_batch": True,
                    "include_name": lambda name, type_, parents: (
                        not (type_ == "table" and ("_fts" in (name or "")))
                    ),
                },
            )
            diffs = compare_metadata(context, db.metadata)
    finally:
        engine.dispose()
    return [d for d in diffs if _table_of(d) in MY_TABLES]
