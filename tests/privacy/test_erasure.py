"""Erasure: walks the metadata. Afterwards no row links the person except the declared
"keep" ones (which point at an account without personal data), no personal value remains,
supports stay counted on a placeholder, and the name is blocked for a while."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
import sqlalchemy as sa
from factories import PASSWORD, make_admin, make_staff, make_user
from helpers import post_form
from privacy.seed import all_text, count, has_table, rich_person

from open_nijmegen.accounts.models import BlockedDisplayName, User
from open_nijmegen.core.db import utcnow
from open_nijmegen.core.models import AuditLog, Upload
from open_nijmegen.extensions import db
from open_nijmegen.privacy.erasure import ERASED_NAME, ErasureError, erase_user
from open_nijmegen.privacy.models import Verwerking
from open_nijmegen.privacy.registry import declarations, user_foreign_keys

# Where a personal value may still be found after erasure, and why.
ALLOWED_REMAINS = {
    # The hash of the name key stays for good, so nobody can pose as them (no readable name).
    "blocked_display_name",
}


def _modes() -> dict[tuple[str, str], str]:
    return {(d.table, d.user_fk): d.on_erase for d in declarations()}


def test_erasure_is_complete():
    person = rich_person()
    bystander = rich_person(officer=person.officer)
    user_id = person.user.id
    erase_user(person.user)
    db.session.commit()

    modes = _modes()
    for table_name, column in user_foreign_keys(db.metadata):
        table = db.metadata.tables[table_name]
        linked = db.session.scalar(
            sa.select(sa.func.count()).select_from(table).where(table.c[column] == user_id)
        )
        if modes[(table_name, column)] != "keep":
            assert linked == 0, f"{table_name}.{column} still links the erased person"

    leaks = []
    for table_name, rows in all_text().items():
        if table_name in ALLOWED_REMAINS:
            continue
        for row in rows:
            for value in [*person.values, person.name]:
                if value in row:
                    leaks.append(f"{table_name}: {value}")
    assert not leaks, leaks

    user = db.session.get(User, user_id)
    assert user is not None  # public contributions refer to it
    from open_nijmegen.privacy.registry import USER_KEPT_ON_ERASE, USER_SET_ON_ERASE

    row = (
        db.session.execute(sa.select(User.__table__).where(User.__table__.c.id == user_id))
        .one()
        ._mapping
    )
    for column, value in row.items():
        if column not in USER_KEPT_ON_ERASE | USER_SET_ON_ERASE:
            assert value is None, f"user.{column} survived the erasure"
    assert user.erased_at is not None and not user.is_active
    assert user.email is None and user.password_hash is None and user.last_login_at is None
    assert user.display_name == ERASED_NAME
    assert user.identities == []
    # The bystander keeps everything.
    assert db.session.get(User, bystander.user.id).email == bystander.email
    text = str(all_text())
    assert bystander.private["ip"] in text and bystander.private["melding"] in text


def test_public_contributions_stay_as_verwijderde_deelnemer(app, client):
    if not has_table("idee"):
        pytest.skip("ideeën not installed")
    person = rich_person()
    with app.test_request_context():
        url = person.objects["idee"].object_url()
    erase_user(person.user)
    db.session.commit()
    html = client.get(url).get_data(as_text=True)
    assert "verwijderde deelnemer" in html
    assert person.name not in html


def test_supports_move_to_a_placeholder_per_person_and_stay_counted():
    if not has_table("steun"):
        pytest.skip("ideeën not installed")
    from open_nijmegen.ideeen import services as idee_services
    from open_nijmegen.ideeen.models import Idee, Steun

    first = rich_person()
    idee = first.objects["gesteund"]
    second = make_user(password="")
    idee_services.support(second, idee)
    db.session.commit()
    assert db.session.get(Idee, idee.id).support_count == 2

    erase_user(first.user)
    erase_user(second)
    db.session.commit()

    idee = db.session.get(Idee, idee.id)
    assert idee.support_count == 2
    supporters = db.session.scalars(sa.select(Steun.user_id).where(Steun.idee_id == idee.id)).all()
    assert len(set(supporters)) == 2  # one placeholder per person
    placeholders = [db.session.get(User, uid) for uid in supporters]
    assert all(p.is_placeholder and p.email is None and not p.is_active for p in placeholders)
    assert first.user.id not in supporters and second.id not in supporters
    # A placeholder cannot support twice: the unique constraint still holds.
    with pytest.raises(sa.exc.IntegrityError):
        db.session.add(Steun(user_id=supporters[0], idee_id=idee.id))
        db.session.flush()
    db.session.rollback()


def test_merging_after_erasure_keeps_each_placeholder_once():
    if not has_table("steun"):
        pytest.skip("ideeën not installed")
    from open_nijmegen.ideeen import services as idee_services
    from open_nijmegen.ideeen.models import Idee

    person = rich_person()
    source = person.objects["gesteund"]
    target = person.objects["idee"]
    erase_user(person.user)
    db.session.commit()
    officer = make_staff(password="")
    idee_services.merge_idee(
        officer, db.session.get(Idee, source.id), db.session.get(Idee, target.id)
    )
    db.session.commit()
    assert db.session.get(Idee, target.id).support_count == 1


def test_display_name_is_blocked_for_good_as_a_hash(client):
    """Issue 15 point 9: the name (and every look-alike of it) stays blocked after any time,
    and the block keeps no readable name."""
    from open_nijmegen.accounts.models import display_name_key
    from open_nijmegen.privacy.purge import purge

    person = rich_person()
    key = display_name_key(person.user.display_name)
    erase_user(person.user)
    db.session.commit()
    blocked = db.session.scalars(sa.select(BlockedDisplayName)).one()
    assert blocked.name_hash == hashlib.sha256(key.encode()).hexdigest()
    assert person.name.casefold() not in blocked.name_hash
    purge(utcnow() + timedelta(days=3650))  # ten years later
    db.session.commit()
    for name in (person.name, person.name.upper().replace("A", "\u0410")):
        response = post_form(
            client,
            "/account/registreren",
            {
                "display_name": name,
                "email": "nieuw@example.org",
                "password": PASSWORD,
                "accept": "y",
            },
        )
        assert response.status_code in {200, 400}
        assert "Deze naam is al in gebruik" in response.get_data(as_text=True), name


def test_files_without_a_place_are_deleted_and_case_files_kept(app):
    import os

    person = rich_person()
    stored = {u.original_name: u.stored_name for u in db.session.scalars(sa.select(Upload))}
    folder = app.config["UPLOAD_FOLDER"]
    erase_user(person.user)
    db.session.commit()
    names = set(db.session.scalars(sa.select(Upload.original_name)))
    assert person.private["bestand"] not in names
    assert not os.path.exists(os.path.join(folder, stored[person.private["bestand"]]))
    assert count(Upload, Upload.owner_id == person.user.id) == 0
    if has_table("uitdaging"):
        assert "begroting.pdf" in names  # kept until the legal retention ends
        assert "schets.pdf" not in names  # the draft went, so did its file
        marks = count(AuditLog, AuditLog.action == "privacy.bijlagen_bewaard")
        assert marks == 1


def test_an_account_that_never_took_part_is_deleted_entirely():
    user = make_user(password="")
    user_id = user.id
    result = erase_user(user)
    db.session.commit()
    assert result.row_deleted
    assert db.session.get(User, user_id) is None


def test_erasing_twice_is_refused():
    person = rich_person()
    erase_user(person.user)
    db.session.commit()
    with pytest.raises(ErasureError):
        erase_user(db.session.get(User, person.user.id))


# -- the resident erases their own account ---------------------------------------------------


def test_erase_with_password(client, login):
    person = rich_person(password=PASSWORD)
    user_id = person.user.id
    login(person.user)
    page = client.get("/account/verwijderen")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "verwijderde deelnemer" in html and "novalidate" in html

    wrong = post_form(
        client, "/account/verwijderen", {"password": "fout-wachtwoord", "begrepen": "y"}
    )
    assert wrong.status_code == 400
    html = wrong.get_data(as_text=True)
    assert "Er gaat iets mis" in html and "Uw wachtwoord klopt niet." in html
    assert "checked" in html  # the ticked box is kept
    assert db.session.get(User, user_id).erased_at is None

    missing = post_form(client, "/account/verwijderen", {"password": PASSWORD})
    assert "Zet een vinkje" in missing.get_data(as_text=True)

    done = post_form(client, "/account/verwijderen", {"password": PASSWORD, "begrepen": "y"})
    assert done.status_code == 302 and done.headers["Location"].endswith("/account/gewist")
    assert db.session.get(User, user_id).erased_at is not None
    # logged out, and the old session cannot come back
    assert client.get("/account").status_code == 302
    assert "Uw account is gewist" in client.get("/account/gewist").get_data(as_text=True)


def test_an_old_session_ends_on_erasure(app):
    from helpers import login_as

    person = rich_person()
    other_device = login_as(app.test_client(), person.user)
    assert other_device.get("/account").status_code == 200
    erase_user(person.user)
    db.session.commit()
    assert other_device.get("/account").status_code == 302


def test_erase_without_password_by_typing_a_phrase(client, login):
    user = make_user(password="")
    db.session.add(
        __import__("open_nijmegen.accounts.models", fromlist=["Identity"]).Identity(
            user_id=user.id, issuer="https://digid.example", subject="s-1"
        )
    )
    db.session.commit()
    login(user)
    html = client.get("/account/verwijderen").get_data(as_text=True)
    assert "account wissen" in html and 'name="password"' not in html
    wrong = post_form(client, "/account/verwijderen", {"zin": "ja graag", "begrepen": "y"})
    assert "Typ precies deze woorden" in wrong.get_data(as_text=True)
    assert 'value="ja graag"' in wrong.get_data(as_text=True)
    done = post_form(client, "/account/verwijderen", {"zin": " Account  WISSEN ", "begrepen": "y"})
    assert done.status_code == 302


def test_the_phrase_to_type_is_in_the_page_language(client, login):
    user = make_user(password="")
    db.session.add(
        __import__("open_nijmegen.accounts.models", fromlist=["Identity"]).Identity(
            user_id=user.id, issuer="https://digid.example", subject="s-2"
        )
    )
    db.session.commit()
    login(user)
    user_id = user.id
    html = client.get("/en/account/verwijderen").get_data(as_text=True)
    assert "delete account" in html and "account wissen" not in html
    wrong = post_form(client, "/en/account/verwijderen", {"zin": "yes please", "begrepen": "y"})
    assert wrong.status_code == 400 and "Type exactly these words: delete account." in (
        wrong.get_data(as_text=True)
    )
    done = post_form(client, "/en/account/verwijderen", {"zin": "Delete account", "begrepen": "y"})
    assert done.status_code == 302
    db.session.expire_all()
    gone = db.session.get(User, user_id)
    assert gone is None or gone.erased_at is not None


def test_erase_needs_csrf(client, login):
    person = rich_person(password=PASSWORD)
    login(person.user)
    response = client.post("/account/verwijderen", data={"password": PASSWORD, "begrepen": "y"})
    assert response.status_code == 400
    assert db.session.get(User, person.user.id).erased_at is None


def test_staff_cannot_erase_themselves(client, login):
    staff = make_staff(password="")
    login(staff)
    html = client.get("/account/verwijderen").get_data(as_text=True)
    assert "Vraag het aan een beheerder" in html
    post_form(client, "/account/verwijderen", {"password": PASSWORD, "begrepen": "y"})
    assert db.session.get(User, staff.id).erased_at is None


# -- an officer erases on someone's behalf ---------------------------------------------------


def _erase_url(user, step: str = "") -> str:
    return f"/beheer/gebruikers/{user.id}/wissen" + (f"/{step}" if step else "")


def test_officer_erasure_needs_a_second_beheerder_and_is_logged(client, login):
    first = make_admin(password="")
    second = make_admin(password="")
    person = rich_person()
    login(first)
    url = _erase_url(person.user)
    assert client.get(url).status_code == 200
    bad = post_form(client, url, {"kenmerk": "Z-1\nbeheerder deed niets", "bevestig": "y"})
    assert bad.status_code == 400 and "Er gaat iets mis" in bad.get_data(as_text=True)
    assert "Z-1" in bad.get_data(as_text=True)  # what was typed stays
    assert post_form(client, url, {"kenmerk": "Z-2026-0042", "bevestig": "y"}).status_code == 302
    assert db.session.get(User, person.user.id).erased_at is None  # recorded, not erased

    # The one who recorded the request cannot confirm it.
    page = client.get(url).get_data(as_text=True)
    assert "Een andere beheerder moet het bevestigen" in page
    assert (
        post_form(client, _erase_url(person.user, "bevestigen"), {"bevestig": "y"}).status_code
        == 403
    )
    assert db.session.get(User, person.user.id).erased_at is None

    client.get("/account/uitloggen")
    login(second)
    assert "Z-2026-0042" in client.get(url).get_data(as_text=True)
    empty = post_form(client, _erase_url(person.user, "bevestigen"), {})
    assert empty.status_code == 400
    assert db.session.get(User, person.user.id).erased_at is None
    done = post_form(client, _erase_url(person.user, "bevestigen"), {"bevestig": "y"})
    assert done.status_code == 302
    assert db.session.get(User, person.user.id).erased_at is not None
    actions = [
        (a.action, a.actor_id)
        for a in db.session.scalars(sa.select(AuditLog).order_by(AuditLog.id))
        if a.action.startswith("privacy.")
    ]
    assert actions[:3] == [
        ("privacy.wissen_gevraagd", first.id),
        ("privacy.wissen_bevestigd", second.id),
        ("privacy.account_gewist", second.id),
    ]
    audit = db.session.scalars(
        sa.select(AuditLog).where(AuditLog.action == "privacy.account_gewist")
    ).one()
    assert audit.object_id == person.user.id
    assert audit.details == {"via": "medewerker", "kenmerk": "Z-2026-0042"}
    confirmed = db.session.scalars(
        sa.select(AuditLog).where(AuditLog.action == "privacy.wissen_bevestigd")
    ).one()
    assert confirmed.details["gevraagd_door"] == first.id
    entry = db.session.scalars(sa.select(Verwerking).where(Verwerking.action == "wissen")).one()
    assert entry.actor_id == second.id and entry.subject_user_id == person.user.id
    assert entry.purpose == "privacyverzoek"


def test_a_request_can_be_withdrawn_by_either_beheerder(client, login):
    first = make_admin(password="")
    second = make_admin(password="")
    resident = make_user(password="")
    login(first)
    post_form(client, _erase_url(resident), {"kenmerk": "Z-7", "bevestig": "y"})
    client.get("/account/uitloggen")
    login(second)
    assert post_form(client, _erase_url(resident, "intrekken")).status_code == 302
    # Withdrawn: nothing left to confirm, and the account stays.
    post_form(client, _erase_url(resident, "bevestigen"), {"bevestig": "y"})
    assert db.session.get(User, resident.id).erased_at is None
    assert "Verzoek vastleggen" in client.get(_erase_url(resident)).get_data(as_text=True)
    assert db.session.scalars(
        sa.select(AuditLog.action).where(AuditLog.action == "privacy.wissen_ingetrokken")
    ).one()


# Who may do each step of an erasure on someone's behalf, for every kind of officer and
# target. "vastleggen" = record the request; "bevestigen" = confirm someone else's request.
PERMISSION_GRID = {
    # officer                  target:   resident              other staff           self
    "inwoner": {"inwoner": (403, 403), "medewerker": (403, 403), "zelf": (403, 403)},
    "medewerker": {"inwoner": (403, 403), "medewerker": (403, 403), "zelf": (403, 403)},
    "medewerker_zonder_gebied": {
        "inwoner": (403, 403),
        "medewerker": (403, 403),
        "zelf": (403, 403),
    },
    "beheerder": {"inwoner": (302, 302), "medewerker": (302, 302), "zelf": (403, 403)},
}


@pytest.mark.parametrize("officer_kind", sorted(PERMISSION_GRID))
@pytest.mark.parametrize("target_kind", ["inwoner", "medewerker", "zelf"])
def test_erasure_permission_grid(app, officer_kind, target_kind):
    makers = {
        "inwoner": lambda: make_user(password=""),
        "medewerker": lambda: make_staff(password=""),
        "medewerker_zonder_gebied": lambda: make_staff(areas=[], password=""),
        "beheerder": lambda: make_admin(password=""),
    }
    officer = makers[officer_kind]()
    target = officer if target_kind == "zelf" else makers[target_kind]()
    # A request recorded by another beheerder, so "bevestigen" has something to confirm (on
    # the officer's own account too: nobody may confirm the erasure of their own account).
    from open_nijmegen.privacy import verzoeken

    recorder = make_admin(password="")
    other = target if target_kind == "zelf" else make_user(password="")
    verzoeken.request_erasure(recorder, other, "Z-9")
    db.session.commit()
    expected_record, expected_confirm = PERMISSION_GRID[officer_kind][target_kind]
    client = app.test_client()
    from helpers import login_as

    login_as(client, officer)
    record = post_form(client, _erase_url(target), {"kenmerk": "Z-2026-1", "bevestig": "y"})
    assert record.status_code == expected_record
    confirm = post_form(client, _erase_url(other, "bevestigen"), {"bevestig": "y"})
    assert confirm.status_code == expected_confirm
    erased = db.session.get(User, other.id)
    assert (erased is None or erased.erased_at is not None) == (expected_confirm == 302)
    assert db.session.get(User, target.id) is not None


def test_officer_erasure_limits(client, login):
    beheerder = make_admin(password="")
    login(beheerder)
    assert client.get(_erase_url(beheerder)).status_code == 403
    assert client.get("/beheer/gebruikers/999999/wissen").status_code == 404
    assert client.get(_erase_url(make_staff(password=""))).status_code == 200
    assert client.get(_erase_url(make_user(password=""))).status_code == 200


def test_residents_cannot_erase_others(client, login):
    resident = make_user(password="")
    victim = make_user(password="")
    login(resident)
    assert client.get(f"/beheer/gebruikers/{victim.id}/wissen").status_code == 403
    response = post_form(
        client, f"/beheer/gebruikers/{victim.id}/wissen", {"kenmerk": "Z-1", "bevestig": "y"}
    )
    assert response.status_code == 403
    assert db.session.get(User, victim.id).erased_at is None


def test_user_page_links_to_the_officer_erasure(client, login):
    admin = make_admin(password="")
    resident = make_user(password="")
    login(admin)
    html = client.get(f"/beheer/gebruikers/{resident.id}?doel=privacyverzoek").get_data(
        as_text=True
    )
    assert f"/beheer/gebruikers/{resident.id}/wissen" in html


def test_inactive_account_erasure_uses_now():
    person = rich_person()
    later = utcnow() + timedelta(days=400)
    erase_user(person.user, now=later, via="inactief")
    db.session.commit()
    assert db.session.get(User, person.user.id).erased_at == later.replace(
        microsecond=later.microsecond
    )


def test_open_requests_show_on_the_beheerders_dashboard_only(client, login):
    from open_nijmegen.privacy import verzoeken

    first = make_admin(password="")
    resident = make_user(password="")
    verzoeken.request_erasure(first, resident, "Z-2026-0777")
    db.session.commit()
    login(make_admin(password=""))
    html = client.get("/beheer/").get_data(as_text=True)
    assert "Verzoek Z-2026-0777" in html and f"/beheer/gebruikers/{resident.id}/wissen" in html
    client.get("/account/uitloggen")
    login(make_staff(password=""))
    assert "Z-2026-0777" not in client.get("/beheer/").get_data(as_text=True)
