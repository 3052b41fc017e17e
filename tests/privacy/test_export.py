"""Mijn gegevens: everything held about the person, on the page and in both downloads."""

from __future__ import annotations

import csv
import io
import json

import sqlalchemy as sa
from factories import make_user
from privacy.seed import has_table, rich_person

from open_nijmegen.extensions import db
from open_nijmegen.privacy import export
from open_nijmegen.privacy.registry import active_declarations


def test_export_is_complete_for_every_declared_link():
    """Walks the metadata: for each link to a person, the export holds exactly the rows."""
    person = rich_person()
    for user in (person.user, person.officer):
        sections = {s.key: s for s in export.collect(user)}
        for decl, table in active_declarations(db.metadata):
            stored = db.session.scalar(
                sa.select(sa.func.count())
                .select_from(table)
                .where(table.c[decl.user_fk] == user.id)
            )
            if decl.staff and stored == 0:
                assert decl.key not in sections
                continue
            assert decl.key in sections, f"{decl.key} missing from the export"
            assert len(sections[decl.key].rows) == stored, decl.key


def test_rich_person_has_rows_in_every_installed_table():
    """The seed covers every link, so the completeness test above really checks each one."""
    person = rich_person()
    empty = []
    for decl, table in active_declarations(db.metadata):
        ids = (person.user.id, person.officer.id)
        stored = db.session.scalar(
            sa.select(sa.func.count()).select_from(table).where(table.c[decl.user_fk].in_(ids))
        )
        if not stored:
            empty.append(decl.key)
    assert not empty, f"extend tests/privacy/seed.py for: {empty}"


def test_page_shows_every_section_and_the_processing_log(client, login):
    person = rich_person()
    login(person.user)
    response = client.get("/account/mijn-gegevens")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    for title in ["Uw account", "Wanneer u bent ingelogd", "Wat u volgt", "Uw reacties"]:
        assert title in html
    if has_table("steun"):
        assert "Ideeën die u steunt" in html
    assert "Wie heeft uw gegevens bekeken" in html
    assert "Een inwoner helpen met het account" in html  # purpose label, not the code
    from markupsafe import escape

    assert str(escape(person.officer.display_name)) in html
    assert person.email in html and person.private["ip"] in html
    # staff-only sections are not shown to a resident
    assert "als medewerker" not in html


def test_json_download(client, login):
    person = rich_person()
    login(person.user)
    response = client.get("/account/mijn-gegevens.json")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.mimetype == "application/json"
    data = json.loads(response.get_data(as_text=True))
    keys = {s["sleutel"]: s for s in data["secties"]}
    assert keys["account"]["rijen"][0]["email"] == person.email
    assert keys["login_event.user_id"]["rijen"][0]["ip_address"] == person.private["ip"]
    seen = keys["verwerking.subject_user_id"]["rijen"][0]
    assert seen["actor_id"] == person.officer.display_name
    assert seen["purpose"] == "Een inwoner helpen met het account"


def test_csv_download_is_one_long_table(client, login):
    person = rich_person()
    login(person.user)
    response = client.get("/account/mijn-gegevens.csv")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert rows[0] == ["sectie", "rij", "veld", "waarde"]
    assert ["Uw account", "1", "E-mailadres", person.email] in rows
    assert all(len(r) == 4 for r in rows)


def test_csv_values_cannot_break_rows_or_run_formulas():
    user = make_user(email="formule@example.org")
    section = export.Section(
        "x", "Proef", [("a", "Waarde")], [{"a": '=HYPERLINK("http://x")'}, {"a": "regel\nnieuw;x"}]
    )
    text = export.to_csv(user, [section])
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert rows[1][3] == '\'=HYPERLINK("http://x")'
    assert rows[2][3] == "regel\nnieuw;x"
    assert len(rows) == 3


def test_downloads_and_page_need_a_login(client):
    for url in [
        "/account/mijn-gegevens",
        "/account/mijn-gegevens.json",
        "/account/mijn-gegevens.csv",
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert "/account/inloggen" in response.headers["Location"]


def test_a_person_sees_only_their_own_data(client, login):
    first = rich_person()
    second = rich_person(officer=first.officer)
    login(second.user)
    text = client.get("/account/mijn-gegevens.json").get_data(as_text=True)
    for value in first.values:
        assert value not in text


def test_account_page_links_to_data_and_erasure(client, login):
    login(make_user(password=""))
    html = client.get("/account").get_data(as_text=True)
    assert 'href="/account/mijn-gegevens"' in html
    assert 'href="/account/verwijderen"' in html
