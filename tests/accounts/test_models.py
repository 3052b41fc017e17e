"""Accounts without e-mail, external identities, unique keys and the session loader."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from factories import make_user
from helpers import login_as

from open_nijmegen.accounts.models import Identity, User, display_name_key
from open_nijmegen.accounts.sessions import load_user
from open_nijmegen.core.db import utcnow
from open_nijmegen.extensions import db


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Jan", "jan"),
        ("  JAN  de   Vries ", "jan de vries"),
        ("Ｊａｎ", "jan"),
        ("Ja\u200bn", "jan"),
        ("STRAẞE", "strasse"),
        ("F\u0430tima uit Hatert", "fatirna uit hatert"),  # Cyrillic a: the skeleton of Latin
        ("Fatirna uit Hatert", "fatirna uit hatert"),  # "rn" looks like "m"
        ("pa\u03c1a", "papa"),  # Greek rho
    ],
)
def test_display_name_key(name, key):
    assert display_name_key(name) == key


def test_display_name_key_is_unique_in_the_database():
    make_user(name="Marieke", password="")
    with pytest.raises(sa.exc.IntegrityError):
        make_user(name="MARIEKE ", password="")
    db.session.rollback()


def test_email_is_unique_and_stored_lowercase():
    user = make_user(email="Hoofd.Letters@Example.org", password="")
    assert user.email == "hoofd.letters@example.org"
    with pytest.raises(sa.exc.IntegrityError):
        make_user(email="hoofd.letters@example.org", password="")
    db.session.rollback()


def test_account_without_email_is_confirmed_by_an_identity(client):
    user = make_user(email=None, confirmed=False, password="")
    assert not user.is_confirmed
    db.session.add(Identity(user_id=user.id, issuer="https://digid.example", subject="s-123"))
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(User, user.id).is_confirmed
    login_as(client, user)
    # A confirmed_required route lets the user through (404: the object does not exist).
    assert client.get("/melden/reactie/999").status_code == 404


def test_identity_issuer_subject_is_unique():
    one = make_user(email=None, password="")
    two = make_user(email=None, password="")
    db.session.add(Identity(user_id=one.id, issuer="https://idp.example", subject="abc"))
    db.session.commit()
    db.session.add(Identity(user_id=two.id, issuer="https://idp.example", subject="abc"))
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()
    db.session.add(Identity(user_id=two.id, issuer="https://ander.example", subject="abc"))
    db.session.commit()


def test_session_loader_checks_the_login_and_state():
    from open_nijmegen.accounts.sessions import open_login_session

    user = make_user(password="")
    value = open_login_session(user)
    db.session.commit()
    assert load_user(value) is user
    assert load_user(user.get_id()) is None, "an id without a login token is refused"
    for bad in ["", "1", "x:y", f"{user.id}", "999999:1", ":", f"{value}:x", f"9{value}"]:
        assert load_user(bad) is None
    user.is_active_account = False
    db.session.commit()
    assert load_user(value) is None
    user.is_active_account = True
    user.erased_at = utcnow()
    db.session.commit()
    assert load_user(value) is None
