"""Users, roles and work areas in /beheer, and the processing log (verwerkingenlog)."""

from __future__ import annotations

import logging

import pytest
import sqlalchemy as sa
from factories import make_admin, make_staff, make_user
from helpers import login_as, post_form

from open_nijmegen.accounts.models import Role, User, WorkArea
from open_nijmegen.core.audit import record_audit
from open_nijmegen.core.models import AuditLog
from open_nijmegen.extensions import db
from open_nijmegen.privacy.models import PURPOSES, Verwerking


def _verwerkingen() -> list[Verwerking]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Verwerking).order_by(Verwerking.id)))


@pytest.mark.parametrize(
    ("role", "areas", "expected"),
    [
        (Role.INWONER, [], dict.fromkeys(WorkArea, False)),
        (Role.PARTICIPATIEMEDEWERKER, [], dict.fromkeys(WorkArea, False)),
        (
            Role.PARTICIPATIEMEDEWERKER,
            ["ideeen"],
            {**dict.fromkeys(WorkArea, False), WorkArea.IDEEEN: True},
        ),
        (Role.BEHEERDER, [], dict.fromkeys(WorkArea, True)),
    ],
)
def test_work_area_grid(role, areas, expected):
    user = make_user(role, areas=areas, password="")
    assert {a: user.has_work_area(a) for a in WorkArea} == expected
    assert {a.value: user.has_work_area(a.value) for a in WorkArea} == {
        a.value: v for a, v in expected.items()
    }
    assert user.is_staff == (role != Role.INWONER)
    assert user.is_beheerder == (role == Role.BEHEERDER)


def test_user_page_first_asks_the_purpose(client):
    admin = make_admin(password="")
    person = make_user(email="inzien@example.org", password="")
    login_as(client, admin)
    page = client.get(f"/beheer/gebruikers/{person.id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Waarom bekijkt u deze gegevens?" in html
    assert "inzien@example.org" not in html
    assert _verwerkingen() == []


def test_user_page_with_a_purpose_logs_who_whom_and_why(client):
    admin = make_admin(password="")
    person = make_user(email="inzien@example.org", password="")
    login_as(client, admin)
    page = client.get(f"/beheer/gebruikers/{person.id}", query_string={"doel": "moderatie"})
    assert page.status_code == 200
    assert "inzien@example.org" in page.get_data(as_text=True)
    rows = _verwerkingen()
    assert [(r.actor_id, r.subject_user_id, r.purpose, r.action) for r in rows] == [
        (admin.id, person.id, "moderatie", "inzien")
    ]
    assert (rows[0].object_type, rows[0].object_id) == ("gebruiker", person.id)


@pytest.mark.parametrize(
    "doel", ["onbekend", "moderatie\r\nFAKE", "moderatie\x00", "<script>", "x" * 5000]
)
def test_forged_purpose_shows_nothing_and_logs_nothing(client, doel):
    admin = make_admin(password="")
    person = make_user(email="inzien@example.org", password="")
    login_as(client, admin)
    page = client.get(f"/beheer/gebruikers/{person.id}", query_string={"doel": doel})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "inzien@example.org" not in html
    assert "<script>" not in html
    assert _verwerkingen() == []
    assert set(PURPOSES) >= {r.purpose for r in _verwerkingen()}


def test_unknown_user_is_404(client):
    login_as(client, make_admin(password=""))
    assert client.get("/beheer/gebruikers/999999?doel=moderatie").status_code == 404


def test_audit_values_cannot_forge_log_entries():
    admin = make_admin(password="")
    record_audit(
        admin,
        "setting.changed",
        None,
        key="x\n2026-01-01 beheerder deleted everything\r",
        nested={"a": ["\x1b[31mrood\x00"]},
    )
    db.session.commit()
    entry = db.session.scalars(sa.select(AuditLog).order_by(AuditLog.id.desc())).first()
    text = repr(entry.details)
    for ch in ("\\n", "\\r", "\\x1b", "\\x00"):
        assert ch not in text
    assert entry.details["key"].startswith("x 2026-01-01")


def test_request_paths_cannot_forge_application_log_lines(client, caplog):
    caplog.set_level(logging.INFO)
    response = client.post("/reacties/x%0A2026-01-01%20INFO%20FAKE/1")
    assert response.status_code == 400
    messages = [r.getMessage() for r in caplog.records]
    assert any("CSRF refused" in m for m in messages)
    assert not any("\n" in m for m in messages)


def test_beheerder_changes_role_and_work_areas(client):
    admin = make_admin(password="")
    person = make_user(email="nieuwe-collega@example.org", password="")
    login_as(client, admin)
    response = post_form(
        client,
        f"/beheer/gebruikers/{person.id}",
        {"role": "participatiemedewerker", "areas": ["ideeen", "uitdaagrecht"]},
    )
    assert response.status_code == 302
    db.session.expire_all()
    changed = db.session.get(User, person.id)
    assert changed.role == Role.PARTICIPATIEMEDEWERKER
    assert {a.area for a in changed.work_areas} == {WorkArea.IDEEEN, WorkArea.UITDAAGRECHT}
    audit = db.session.scalars(sa.select(AuditLog).where(AuditLog.actor_id == admin.id)).all()
    assert [(a.action, a.object_type, a.object_id) for a in audit] == [
        ("user.role_changed", "gebruiker", person.id)
    ]
    assert audit[0].details["new"] == "participatiemedewerker"


def test_beheerder_cannot_remove_own_role(client):
    admin = make_admin(password="")
    login_as(client, admin)
    post_form(client, f"/beheer/gebruikers/{admin.id}", {"role": "inwoner"})
    db.session.expire_all()
    assert db.session.get(User, admin.id).role == Role.BEHEERDER


def test_invalid_role_is_refused(client):
    admin = make_admin(password="")
    person = make_user(password="")
    login_as(client, admin)
    post_form(client, f"/beheer/gebruikers/{person.id}", {"role": "koning", "areas": ["x"]})
    db.session.expire_all()
    assert db.session.get(User, person.id).role == Role.INWONER


def test_medewerker_cannot_open_user_pages(client):
    login_as(client, make_staff(password=""))
    person = make_user(password="")
    assert client.get(f"/beheer/gebruikers/{person.id}?doel=moderatie").status_code == 403
    assert _verwerkingen() == []


def test_user_search_with_hostile_input(client):
    login_as(client, make_admin(password="", name="Beheer Een"))
    make_user(name="Zoekbare Zeger", password="")
    for q in ["zeger", "%", "_", "\\", "a\\", "\x00", "<script>", "' OR 1=1 --", "x" * 500]:
        response = client.get("/beheer/gebruikers", query_string={"q": q})
        assert response.status_code == 200, q
        assert "<script>" not in response.get_data(as_text=True)
    found = client.get("/beheer/gebruikers", query_string={"q": "ZEGER"}).get_data(as_text=True)
    assert "Zoekbare Zeger" in found
    wildcard = client.get("/beheer/gebruikers", query_string={"q": "Zoek%Zeger"})
    assert "Zoekbare Zeger" not in wildcard.get_data(as_text=True), "% is not a wildcard"
