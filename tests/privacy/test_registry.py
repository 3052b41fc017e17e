"""The registry covers every foreign key to a person: a new model cannot be forgotten."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from open_nijmegen.extensions import db
from open_nijmegen.privacy.registry import (
    ERASE_MODES,
    PersonalData,
    active_declarations,
    declarations,
    personal_data,
    user_foreign_keys,
)


def test_every_foreign_key_to_a_person_is_declared():
    declared = {(d.table, d.user_fk) for d in declarations()}
    missing = [f"{t}.{c}" for t, c in user_foreign_keys(db.metadata) if (t, c) not in declared]
    assert not missing, (
        "These columns point at a person but are not declared in open_nijmegen/privacy/"
        "declarations.py (how they are exported and what happens on erasure): " + ", ".join(missing)
    )


def test_the_walk_finds_the_foundation_keys():
    found = set(user_foreign_keys(db.metadata))
    for key in [
        ("identity", "user_id"),
        ("login_event", "user_id"),
        ("follow", "user_id"),
        ("reaction", "author_id"),
        ("reaction", "hidden_by_id"),
        ("verwerking", "subject_user_id"),
        ("outbox_message", "user_id"),
        ("upload", "owner_id"),
    ]:
        assert key in found


def test_every_declaration_exports_and_erases():
    for decl, table in active_declarations(db.metadata):
        assert decl.export, f"{decl.key} exports nothing"
        assert decl.on_erase in ERASE_MODES
        assert decl.label
        if decl.on_erase == "anonymise":
            assert table.c[decl.user_fk].nullable, f"{decl.key}: cannot anonymise a NOT NULL link"
        if decl.on_erase == "delete":
            assert not decl.scrub


def test_declarations_name_real_columns():
    for decl in declarations():
        decl.resolve(db.metadata)  # raises LookupError on a typo


def test_unknown_columns_and_modes_are_refused():
    with pytest.raises(ValueError):
        PersonalData("follow", "user_id", "x", (("id", "x"),), on_erase="vergeten")
    broken = PersonalData("follow", "gebruiker", "x", (("id", "x"),), on_erase="delete")
    with pytest.raises(LookupError):
        broken.resolve(db.metadata)


def test_a_table_of_an_absent_module_is_skipped():
    decl = PersonalData("bestaat_niet", "user_id", "x", (("id", "x"),), on_erase="delete")
    assert decl.resolve(db.metadata) is None


def test_conflicting_declarations_are_refused():
    with pytest.raises(RuntimeError):
        personal_data(
            "follow", user_fk="user_id", label="Anders", export=[("id", "x")], on_erase="keep"
        )


def test_a_new_model_fails_the_walk_until_declared():
    metadata = sa.MetaData()
    sa.Table("user", metadata, sa.Column("id", sa.Integer, primary_key=True))
    sa.Table(
        "nieuw_ding",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("maker_id", sa.ForeignKey("user.id")),
    )
    declared = {(d.table, d.user_fk) for d in declarations()}
    assert ("nieuw_ding", "maker_id") in user_foreign_keys(metadata)
    assert ("nieuw_ding", "maker_id") not in declared


def test_every_column_of_the_account_is_exported_or_withheld_for_a_reason():
    from open_nijmegen.privacy.registry import USER_EXPORT, USER_WITHHELD

    exported = {col for col, _label in USER_EXPORT}
    assert not exported & set(USER_WITHHELD)
    columns = set(db.metadata.tables["user"].c.keys())
    unclassified = columns - exported - set(USER_WITHHELD)
    assert not unclassified, (
        "Say in privacy/registry.py whether these user columns are exported (USER_EXPORT) or "
        f"withheld (USER_WITHHELD, with the reason): {sorted(unclassified)}"
    )


def test_erasure_can_clear_every_other_column_of_the_account():
    from open_nijmegen.privacy.registry import USER_KEPT_ON_ERASE, USER_SET_ON_ERASE

    table = db.metadata.tables["user"]
    for column in table.columns:
        if column.name not in USER_KEPT_ON_ERASE | USER_SET_ON_ERASE:
            assert column.nullable, f"user.{column.name}: erasure sets it to NULL"
    assert set(table.c.keys()) >= USER_SET_ON_ERASE
