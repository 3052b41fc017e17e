"""Database building blocks shared by every module.

- ``Base``: the declarative base with a naming convention, so Alembic can name every constraint
  the same way on SQLite and PostgreSQL.
- ``UTCDateTime``: stores naive UTC, always returns aware UTC datetimes (SQLite drops tzinfo).
- ``enum_column``: an enum stored as text with a CHECK constraint (portable, readable in SQL).
- ``TimestampMixin``: created/updated columns.
"""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every database."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; use an aware UTC datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def enum_column(enum_cls: type[enum.Enum], name: str, **kwargs: Any) -> Any:
    """A text column limited to the enum's values by a named CHECK constraint."""
    return mapped_column(
        sa.Enum(
            enum_cls,
            name=name,
            native_enum=False,
            create_constraint=True,
            validate_strings=True,
            length=max(len(m.value) for m in enum_cls) + 8,
            values_callable=lambda e: [m.value for m in e],
        ),
        **kwargs,
    )


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, onupdate=utcnow, nullable=False
    )


def object_key(obj: Any) -> tuple[str, int]:
    """The (type, id) pair under which shared building blocks refer to any object."""
    return obj.__object_type__, obj.id


def insert_ignoring_duplicates(table: sa.Table, index_elements: list[str]) -> Any:
    """``INSERT ... ON CONFLICT (index_elements) DO NOTHING`` on PostgreSQL and SQLite: the
    unique constraint decides, so parallel requests never add a second row. Add
    ``.returning(...)``: a row comes back only when one was really inserted."""
    from open_nijmegen.extensions import db

    insert = postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert
    return insert(table).on_conflict_do_nothing(index_elements=index_elements)
