"""The personal-data registry: every column that points at a person is declared here.

Each declaration says, for one foreign key to ``user.id``:

- how the rows are shown and exported (``label`` in B1 Dutch, ``export`` columns with their
  B1 labels), and
- what happens to them when the person's account is erased (``on_erase``):

  ``delete``               the rows are removed (login history, follows, identities...);
  ``anonymise``            the link is set to NULL and the ``scrub`` columns are emptied;
  ``move_to_placeholder``  the link moves to a placeholder account made for this one erasure,
                           so counts and unique constraints keep working (supports);
  ``keep``                 the row stays linked to the erased account, which no longer holds
                           any personal data and shows as "verwijderde deelnemer" (public
                           contributions, staff accountability); ``scrub`` columns are emptied.

Declarations name tables and columns, not model classes, so a module's declaration can live
here without importing the module: a table that is not in the metadata is skipped. A test
walks ``db.metadata`` and fails for every foreign key to ``user.id`` that is not declared, so a
new module cannot be forgotten.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from open_nijmegen.core.i18n import N_

ERASE_MODES = frozenset({"delete", "anonymise", "move_to_placeholder", "keep"})

# A hook gets (table, user_id, context) and does extra work before the generic step.
EraseHook = Callable[[sa.Table, int, Any], None]


@dataclass(frozen=True)
class PersonalData:
    table: str
    user_fk: str
    label: str
    export: tuple[tuple[str, str], ...]  # (column, B1 label)
    on_erase: str
    scrub: tuple[str, ...] = ()
    # Rows matching this condition are deleted on erasure whatever ``on_erase`` says
    # (e.g. a draft that was never filed).
    delete_where: Callable[[sa.Table], Any] | None = None
    # Extra work before the generic step (e.g. remove files from disk).
    before_erase: EraseHook | None = None
    # Staff-only data (actions done as an officer): shown on the page only when present.
    staff: bool = False
    order_by: str | None = None
    # Erasure runs declarations by this order (files last: their objects may be deleted first).
    erase_order: int = 50
    key: str = field(default="")

    def __post_init__(self) -> None:
        if self.on_erase not in ERASE_MODES:
            raise ValueError(f"unknown on_erase {self.on_erase!r} for {self.table}.{self.user_fk}")
        if not self.key:
            object.__setattr__(self, "key", f"{self.table}.{self.user_fk}")

    def resolve(self, metadata: sa.MetaData) -> sa.Table | None:
        """The table when its module is installed (present in the metadata), else None."""
        table = metadata.tables.get(self.table)
        if table is None:
            return None
        missing = [
            c
            for c in (self.user_fk, *(col for col, _l in self.export), *self.scrub)
            if c not in table.c
        ]
        if missing:
            raise LookupError(f"privacy declaration {self.key} names unknown columns {missing}")
        return table


_DECLARATIONS: dict[str, PersonalData] = {}


def personal_data(
    table: str,
    *,
    user_fk: str,
    label: str,
    export: list[tuple[str, str]] | tuple[tuple[str, str], ...],
    on_erase: str,
    **options: Any,
) -> PersonalData:
    """Declare one foreign key to ``user.id`` (idempotent for identical declarations)."""
    decl = PersonalData(
        table=table,
        user_fk=user_fk,
        label=label,
        export=tuple(export),
        on_erase=on_erase,
        **options,
    )
    existing = _DECLARATIONS.get(decl.key)
    if existing is not None and existing != decl:
        raise RuntimeError(f"personal data {decl.key} declared twice with different rules")
    _DECLARATIONS[decl.key] = decl
    return decl


def declarations() -> list[PersonalData]:
    from open_nijmegen.privacy import declarations as _load  # noqa: F401  (fills the registry)

    return list(_DECLARATIONS.values())


def active_declarations(metadata: sa.MetaData) -> list[tuple[PersonalData, sa.Table]]:
    """Declarations whose table exists in this installation, in declaration order."""
    found = []
    for decl in declarations():
        table = decl.resolve(metadata)
        if table is not None:
            found.append((decl, table))
    return found


def user_foreign_keys(metadata: sa.MetaData) -> list[tuple[str, str]]:
    """Every (table, column) in the metadata with a foreign key to ``user.id``."""
    found = []
    for table in metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name == "user" and fk.column.name == "id":
                found.append((table.name, fk.parent.name))
    return sorted(found)


# -- the account row itself ------------------------------------------------------------------
# Every column of ``user`` is classified, so a new column cannot be forgotten either
# (tests/privacy/test_registry.py walks the table). Columns named here that do not exist
# (yet) are skipped.

# Shown on Mijn gegevens and in the downloads, with their B1 labels.
USER_EXPORT: tuple[tuple[str, str], ...] = (
    ("display_name", "Naam op de site"),
    ("email", "E-mailadres"),
    ("email_confirmed_at", N_("E-mailadres bevestigd op")),
    ("role", "Rol"),
    ("digest_mode", "Mail over wat u volgt"),
    ("mail_voorkeuren", N_("Mail over reacties")),
    ("locale", N_("Taal van de site en de mail")),
    ("created_at", N_("Account gemaakt op")),
    ("last_login_at", "Laatst ingelogd"),
    ("totp_enabled_at", N_("Inloggen in twee stappen aan sinds")),
)

# Not exported, with the reason: secrets are never handed out (the export says only whether a
# password is set), internal bookkeeping says nothing about the person.
USER_WITHHELD: dict[str, str] = {
    "id": "internal number",
    "display_name_key": "internal copy of the display name, for uniqueness",
    "email_key": "internal copy of the e-mail address without +tag, for uniqueness",
    "password_hash": "secret (the export says whether a password is set)",
    "session_version": "internal session counter",
    "is_active_account": "internal flag",
    "is_placeholder": "internal flag",
    "erased_at": "only set on an erased account, which cannot log in",
    "updated_at": "internal timestamp",
    "totp_secret": "secret",
    "totp_last_step": "internal replay counter",
    "recovery_codes": "secret",
}

# On erasure: kept as they are, or given a fixed value by ``erasure.erase_user``. Every other
# column of ``user`` is set to NULL, so it must be nullable.
USER_KEPT_ON_ERASE = frozenset({"id", "created_at", "updated_at", "is_placeholder"})
USER_SET_ON_ERASE = frozenset(
    {
        "display_name",
        "display_name_key",
        "role",
        "digest_mode",
        "session_version",
        "is_active_account",
        "erased_at",
    }
)
