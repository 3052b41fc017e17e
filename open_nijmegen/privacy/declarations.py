"""Personal-data declarations for the foundation and for every module.

A module's tables may be absent (the module is not installed yet): its declarations are then
skipped, because they name tables, not classes. When a module adds a table with a foreign key
to ``user.id``, ``tests/privacy/test_registry.py`` fails until it is declared here (or in the
module itself, with ``personal_data``).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from open_nijmegen.core.i18n import N_
from open_nijmegen.privacy.registry import personal_data

# Object types whose attachments the municipality must keep until the legal retention ends,
# also when the person who sent them erases the account (a right-to-challenge case file).
RETAINED_ATTACHMENT_TYPES = frozenset({"uitdaging"})

WHEN = "Wanneer"


def _erase_uploads(table: sa.Table, user_id: int, context: Any) -> None:
    """Files a person sent: unattached ones (and ones whose object is gone) are deleted with
    their file; attachments of a case file are kept and marked for the retention purge;
    a public contribution's picture stays without the link to the person."""
    from open_nijmegen.core.objects import load_object
    from open_nijmegen.core.uploads import delete_upload_file
    from open_nijmegen.extensions import db

    rows = db.session.execute(sa.select(table).where(table.c.owner_id == user_id)).all()
    kept: dict[tuple[str, int], list[int]] = {}
    for row in rows:
        target = (
            load_object(row.object_type, row.object_id)
            if row.object_type is not None and row.object_id is not None
            else None
        )
        if target is None:
            delete_upload_file(row)
            db.session.execute(sa.delete(table).where(table.c.id == row.id))
        elif row.object_type in RETAINED_ATTACHMENT_TYPES:
            kept.setdefault((row.object_type, row.object_id), []).append(row.id)
    for (object_type, object_id), ids in kept.items():
        context.retained.append((object_type, object_id, ids))


def _declare_foundation() -> None:
    personal_data(
        "identity",
        user_fk="user_id",
        label=N_("Inloggen via een andere dienst"),
        export=[
            ("issuer", N_("Dienst")),
            ("subject", N_("Uw nummer bij die dienst")),
            ("acr", N_("Niveau van inloggen")),
            ("created_at", N_("Gekoppeld op")),
            ("last_used_at", N_("Laatst gebruikt")),
        ],
        on_erase="delete",
    )
    personal_data(
        "login_event",
        user_fk="user_id",
        label=N_("Wanneer u bent ingelogd"),
        export=[("created_at", WHEN), ("method", N_("Hoe")), ("ip_address", N_("IP-adres"))],
        on_erase="delete",
        order_by="created_at",
    )
    personal_data(
        "refusal_event",
        user_fk="account_id",
        label=N_("Mislukte pogingen om in te loggen op uw account"),
        export=[("created_at", WHEN), ("ip_prefix", N_("Netwerk"))],
        on_erase="delete",
        order_by="created_at",
    )
    personal_data(
        "refusal_event",
        user_fk="user_id",
        label=N_("Wat de website u niet liet doen"),
        export=[("created_at", WHEN), ("ip_prefix", N_("Netwerk"))],
        on_erase="delete",
        order_by="created_at",
    )
    personal_data(
        "login_session",
        user_fk="user_id",
        label=N_("Waar u nu bent ingelogd"),
        export=[
            ("created_at", N_("Ingelogd op")),
            ("last_seen_at", N_("Laatst gebruikt")),
            ("user_agent", N_("Apparaat")),
            ("ip_prefix", N_("Netwerk")),
        ],
        on_erase="delete",  # erasure logs the person out everywhere
        order_by="created_at",
    )
    personal_data(
        "staff_work_area",
        user_fk="user_id",
        label=N_("Uw werkgebieden als medewerker"),
        export=[("area", N_("Werkgebied"))],
        on_erase="delete",
        staff=True,
    )
    personal_data(
        "follow",
        user_fk="user_id",
        label=N_("Wat u volgt"),
        export=[
            ("object_type", N_("Soort")),
            ("object_id", N_("Nummer")),
            ("active", N_("Mail aan")),
            ("created_at", N_("Sinds")),
        ],
        on_erase="delete",
        order_by="created_at",
    )
    personal_data(
        "reaction",
        user_fk="author_id",
        label=N_("Uw reacties"),
        export=[
            ("object_type", N_("Bij")),
            ("object_id", N_("Nummer")),
            ("body", N_("Tekst")),
            ("created_at", N_("Geplaatst")),
            ("edited_at", N_("Aangepast")),
            ("deleted_at", N_("Door u verwijderd")),
            ("hidden_at", N_("Verborgen door de gemeente")),
        ],
        # Public contributions stay, shown as written by "verwijderde deelnemer".
        on_erase="keep",
        order_by="created_at",
    )
    personal_data(
        "reaction",
        user_fk="hidden_by_id",
        label=N_("Reacties die u als medewerker verborg"),
        export=[("id", N_("Reactie")), ("hidden_at", WHEN), ("hidden_reason", N_("Reden"))],
        on_erase="keep",
        staff=True,
    )
    personal_data(
        "report",
        user_fk="reporter_id",
        label=N_("Uw meldingen"),
        export=[
            ("object_type", N_("Over")),
            ("object_id", N_("Nummer")),
            ("reason", N_("Reden")),
            ("explanation", N_("Uitleg")),
            ("created_at", WHEN),
            ("outcome", N_("Besluit")),
        ],
        on_erase="anonymise",
        scrub=("explanation",),
        order_by="created_at",
    )
    personal_data(
        "report",
        user_fk="resolved_by_id",
        label=N_("Meldingen die u als medewerker afhandelde"),
        export=[("id", N_("Melding")), ("resolved_at", WHEN), ("outcome", N_("Besluit"))],
        on_erase="keep",
        staff=True,
    )
    personal_data(
        "outbox_message",
        user_fk="user_id",
        label=N_("E-mails die wij u stuurden"),
        export=[
            ("subject", N_("Onderwerp")),
            ("status", N_("Status")),
            ("created_at", N_("Gemaakt")),
            ("sent_at", N_("Verstuurd")),
        ],
        on_erase="delete",
        order_by="created_at",
    )
    personal_data(
        "upload",
        user_fk="owner_id",
        label=N_("Bestanden die u stuurde"),
        export=[
            ("original_name", N_("Naam")),
            ("content_type", N_("Soort")),
            ("size", N_("Grootte")),
            ("object_type", N_("Bij")),
            ("object_id", N_("Nummer")),
            ("created_at", WHEN),
        ],
        on_erase="anonymise",
        before_erase=_erase_uploads,
        erase_order=90,
    )
    personal_data(
        "verwerking",
        user_fk="subject_user_id",
        label=N_("Wie heeft uw gegevens bekeken"),
        export=[
            ("created_at", WHEN),
            ("actor_id", N_("Medewerker")),
            ("purpose", N_("Waarom")),
            ("action", N_("Wat")),
            ("object_type", N_("Welke gegevens")),
        ],
        # The log stays: it shows the municipality was accountable, also after erasure.
        on_erase="keep",
        order_by="created_at",
    )
    personal_data(
        "paper_form",
        user_fk="entered_by_id",
        label=N_("Papieren formulieren die u als medewerker invoerde"),
        export=[
            ("kind", N_("Soort")),
            ("owner_id", N_("Van")),
            ("number", N_("Nummer")),
            ("entered_at", WHEN),
        ],
        # The form stays counted; only the link to the officer goes.
        on_erase="anonymise",
        staff=True,
    )
    personal_data(
        "verwerking",
        user_fk="actor_id",
        label=N_("Gegevens die u als medewerker bekeek"),
        export=[
            ("created_at", WHEN),
            ("object_type", N_("Soort")),
            ("object_id", N_("Nummer")),
            ("purpose", N_("Waarom")),
            ("action", N_("Wat")),
        ],
        on_erase="keep",
        staff=True,
    )
    personal_data(
        "audit_log",
        user_fk="actor_id",
        label=N_("Wat u als medewerker deed"),
        export=[
            ("created_at", WHEN),
            ("action", N_("Actie")),
            ("object_type", N_("Soort")),
            ("object_id", N_("Nummer")),
        ],
        on_erase="keep",
        staff=True,
    )
    personal_data(
        "status_change",
        user_fk="actor_id",
        label=N_("Statussen die u als medewerker gaf"),
        export=[
            ("created_at", WHEN),
            ("object_type", N_("Soort")),
            ("object_id", N_("Nummer")),
            ("to_status", N_("Nieuwe status")),
        ],
        on_erase="keep",
        staff=True,
    )
    personal_data(
        "setting",
        user_fk="updated_by_id",
        label=N_("Instellingen die u als beheerder wijzigde"),
        export=[("key", N_("Instelling")), ("updated_at", WHEN)],
        on_erase="keep",
        staff=True,
    )
    personal_data(
        "pagina_versie",
        user_fk="author_id",
        label=N_("Versies van pagina's die u als medewerker schreef"),
        export=[("titel", N_("Pagina")), ("nummer", N_("Versie")), ("created_at", WHEN)],
        on_erase="keep",
        staff=True,
    )


def _declare_ideeen() -> None:
    personal_data(
        "idee",
        user_fk="author_id",
        label=N_("Uw ideeën"),
        export=[
            ("id", N_("Nummer")),
            ("titel", N_("Titel")),
            ("tekst", N_("Tekst")),
            ("adres", N_("Plek")),
            ("status", N_("Status")),
            ("created_at", N_("Ingestuurd")),
            ("published_at", N_("Gepubliceerd")),
            ("withdrawn_at", N_("Ingetrokken")),
        ],
        on_erase="keep",
        order_by="created_at",
    )
    personal_data(
        "idee",
        user_fk="hidden_by_id",
        label=N_("Ideeën die u als medewerker verborg"),
        export=[("id", N_("Idee")), ("hidden_at", WHEN), ("hidden_reason", N_("Reden"))],
        on_erase="keep",
        staff=True,
    )
    personal_data(
        "steun",
        user_fk="user_id",
        label=N_("Ideeën die u steunt"),
        export=[("idee_id", N_("Idee")), ("created_at", N_("Gesteund op"))],
        # The support stays counted, on a placeholder account without a link to the person.
        on_erase="move_to_placeholder",
        order_by="created_at",
    )


def _declare_uitdaagrecht() -> None:
    personal_data(
        "uitdaging",
        user_fk="uitdager_id",
        label=N_("Uw uitdagingen"),
        export=[
            ("referentie", N_("Kenmerk")),
            ("status", N_("Status")),
            ("taak", N_("Taak")),
            ("soort_uitdager", N_("Wie daagt uit")),
            ("organisatie_naam", N_("Organisatie")),
            ("kvk_nummer", N_("KvK-nummer")),
            ("contact_naam", N_("Naam contactpersoon")),
            ("contact_email", N_("E-mailadres contactpersoon")),
            ("contact_telefoon", N_("Telefoon contactpersoon")),
            ("created_at", N_("Begonnen")),
            ("ingediend_op", N_("Ingediend")),
        ],
        # A filed case is a municipal decision file (Awb, Archiefwet): it stays, without the
        # contact details. A draft that was never filed is deleted.
        on_erase="keep",
        scrub=("contact_naam", "contact_email", "contact_telefoon"),
        delete_where=lambda t: t.c.status == "concept",
        order_by="created_at",
    )
    personal_data(
        "uitdaging_beoordeling",
        user_fk="updated_by_id",
        label=N_("Beoordelingen die u als medewerker schreef"),
        export=[
            ("uitdaging_id", N_("Uitdaging")),
            ("criterium", N_("Criterium")),
            ("updated_at", WHEN),
        ],
        on_erase="keep",
        staff=True,
    )


_declare_foundation()
_declare_ideeen()
_declare_uitdaagrecht()
