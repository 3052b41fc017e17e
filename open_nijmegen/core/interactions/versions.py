"""Reactions versions: a value on an object that changes whenever its reactions section
would look different to a visitor who is not logged in.

A model that keeps one (``keep_reactions_version``) lets its page remember the rendered
reactions section under (object, version) and skip reading the reactions at all. The value
is a fresh random number on every change, written in the same transaction as the change
(before the flush), so a version is never used for two different states: not after the
tables were emptied and ids start again (tests), not after a backup was restored.

What changes the section, and so the version of the object(s) concerned:
- a reaction added, edited, deleted, hidden or shown again (any change to a ``Reaction``);
- the display name of a reaction's author changed, or the account erased or deleted.
This listens to the ORM. A bulk ``UPDATE reaction`` or ``UPDATE "user" SET display_name``
statement is not seen: code that writes one must call ``raise_versions`` itself (there are
none; ``tests/ideeen/test_reaction_versions.py`` checks every route that changes reactions).
"""

from __future__ import annotations

import secrets
from typing import Any

import sqlalchemy as sa
from sqlalchemy import orm

from open_nijmegen.accounts.models import User
from open_nijmegen.core.models import Reaction

# object_type -> the column that holds the version (on the object's own table, with "id")
_COLUMNS: dict[str, sa.Column[Any]] = {}
# The user columns a reactions section shows (through the author's name).
_NAME_ATTRS = ("display_name", "erased_at")


def new_version() -> int:
    """A random 62-bit number: fits a BIGINT, never the same twice in practice."""
    return secrets.randbits(62)


def keep_reactions_version(object_type: str, column: sa.Column[Any]) -> None:
    """Register the column (of a table with an ``id``) that holds the reactions version of
    ``object_type``."""
    _COLUMNS[object_type] = column
    if not sa.event.contains(orm.Session, "before_flush", _before_flush):
        sa.event.listen(orm.Session, "before_flush", _before_flush)


def raise_versions(
    connection: Any,
    objects: dict[str, set[int]] | None = None,
    authors: set[int] | None = None,
) -> None:
    """Give a new version to the given objects, and to every object with a reaction by one
    of ``authors``. ``updated_at`` stays as it is: the object itself did not change."""
    for object_type, column in _COLUMNS.items():
        table = column.table
        ids = (objects or {}).get(object_type, set())
        where = []
        if ids:
            where.append(table.c.id.in_(sorted(ids)))
        if authors:
            where.append(
                table.c.id.in_(
                    sa.select(Reaction.object_id).where(
                        Reaction.object_type == object_type,
                        Reaction.author_id.in_(sorted(authors)),
                    )
                )
            )
        if not where:
            continue
        values: dict[str, Any] = {column.name: new_version()}
        if "updated_at" in table.c:
            values["updated_at"] = table.c.updated_at
        connection.execute(sa.update(table).where(sa.or_(*where)).values(values))


def _changed(obj: Any, name: str) -> bool:
    return bool(sa.inspect(obj).attrs[name].history.has_changes())


def _before_flush(session: orm.Session, flush_context: Any, instances: Any) -> None:
    objects: dict[str, set[int]] = {}
    authors: set[int] = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Reaction):
            if obj in session.dirty and not session.is_modified(obj):
                continue
            state = sa.inspect(obj)
            types = {obj.object_type, *state.attrs.object_type.history.deleted}
            ids = {obj.object_id, *state.attrs.object_id.history.deleted}
            for object_type in types & _COLUMNS.keys():
                objects.setdefault(object_type, set()).update(i for i in ids if i is not None)
        elif (
            isinstance(obj, User)
            and obj.id is not None
            and (obj in session.deleted or any(_changed(obj, name) for name in _NAME_ATTRS))
        ):
            authors.add(obj.id)
    if objects or authors:
        raise_versions(session.connection(), objects, authors)
