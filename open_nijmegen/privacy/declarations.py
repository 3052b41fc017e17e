"""Personal-data declarations for the foundation and for every module.

A module's tables may be absent (the module is not installed yet): its declarations are then
skipped, because they name tables, not classes. When a module adds a table with a foreign key
to ``user.id``, ``tests/privacy/test_registry.py`` fails until it is declared here (or in the
module itself, with ``personal_data``).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

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
        label="Inloggen via een andere dienst",
        export=[
            ("issuer", "Dienst"),
            ("subject", "Uw nummer bij die dienst"),
            ("acr", "Niveau van inloggen"),
            ("created_at", "Gekoppeld op"),
            ("last_used_at", "Laatst gebruikt"),
        ],
        on_erase="delete",
    )
    personal_data(
        "login_event",
        user_fk="user_id",
        label="Wanneer u bent ingelogd",
        export=[("created_at", WHEN), ("method", "Hoe"), ("ip_address", "IP-adres")],
        on_erase="delete",
        order_by="created_at",
    )
    personal_data(
        "refusal_event",
        user_fk="account_id",
        label="Mislukte pogingen om in te loggen op uw account",
        export=[("created_at", WHEN), ("ip_prefix", "Netwerk")],
        on_erase="delete",
        order_by="created_at",
    )
    personal_data(
        "refusal_event",
        user_fk="user_id",
        label="Wat de website u niet liet doen",
        export=[("created_at", WHEN), ("ip_prefix", "Netwerk")],
        on_erase="delete",
        order_by="created_at",
    )
    personal_data(
        "login_session",
        user_fk="user_id",
        label="Waar u nu bent ingelogd",
        export=[
            ("created_at", "Ingelogd op"),
            ("last_seen_at", "Laatst gebruikt"),
            ("user_agent", "Apparaat"),
            ("ip_prefix", "Netwerk"),
        ],
        on_erase="delete",  # erasure logs the person out everywhere
        order_by="created_at",
    )
    personal_data(
        "staff_work_area",
        user_fk="user_id",
        label="Uw werkgebieden als medewerker",
        export=[("area", "Werkgebied")],
        on_erase="delete",
        staff=True,
    )
    personal_data(
        "follow",
        user_fk="user_id",
        label="Wat u volgt",
        export=[
            ("object_type", "Soort"),
            ("object_id", "Nummer"),
            ("active", "Mail aan"),
            ("created_at", "Sinds"),
        ],
        on_erase="delete",
        order_by="created_at",
    )
    personal_data(
        "reaction",
        user_fk="author_id",
        label="Uw reacties",
        export=[
            ("object_type", "Bij"),
            ("object_id", "Nummer"),
            ("body", "Tekst"),
            ("created_at", "Geplaatst"),
            ("edited_at", "Aangepast"),
            ("deleted_at", "Door u verwijderd"),
            ("hidden_at", "Verborgen door de gemeente"),
        ],
        # Public contributions stay, shown as written by "verwijderde deelnemer".
        on_erase="keep",
        order_by="created_at",
    )
    personal_data(
        "reaction",
        user_fk="hidden_by_id",
        label="Reacties die u als medewerker verborg",
        export=[("id", "Reactie"), ("hidden_at", WHEN), ("hidden_reason", "Reden")],
        on_erase="keep",
        staff=True,
    )
    personal_data(
        "report",
        user_fk="reporter_id",
        label="Uw meldingen",
        export=[
            ("object_type", "Over"),
            ("object_id", "Nummer"),
            ("reason", "Reden"),
            ("explanation", "Uitleg"),
            ("created_at", WHEN),
            ("outcome", "Besluit"),
        ],
        on_erase="anonymise",
        scrub=("explanation",),
        order_by="created_at",
    )
    personal_data(
        "report",
        user_fk="resolved_by_id",
        label="Meldingen die u als medewerker afhandelde",
        export=[("id", "Melding"), ("resolved_at", WHEN), ("outcome", "Besluit")],
        on_erase="keep",
        staff=True,
    )
    personal_data(
        "outbox_message",
        user_fk="user_id",
        label="E-mails die wij u stuurden",
        export=[
            ("subject", "Onderwerp"),
            ("status", "Status"),
            ("created_at", "Gemaakt"),
            ("sent_at", "Verstuurd"),
        ],
        on_erase="delete",
        order_by="created_at",
    )
    personal_data(
        "upload",
        user_fk="owner_id",
        label="Bestanden die u stuurde",
        export=[
            ("original_name", "Naam"),
            ("content_type", "Soort"),
            ("size", "Grootte"),
            ("object_type", "Bij"),
            ("object_id", "Nummer"),
            ("created_at", WHEN),
        ],
        on_erase="anonymise",
        before_erase=_erase_uploads,
        erase_order=90,
    )
    personal_data(
        "verwerking",
        user_fk="subject_user_id",
        label="Wie heeft uw gegevens bekeken",
        export=[
            ("created_at", WHEN),
            ("actor_id", "Medewerker"),
            ("purpose", "Waarom"),
            ("action", "Wat"),
            ("object_type", "Welke gegevens"),
        ],
        # The log stays: it shows the municipality was accountable, also after erasure.
        on_erase="keep",
        order_by="created_at",
    )
    personal_data(
        "paper_form",
        user_fk="entered_by_id",
        label="Papieren formulieren die u als medewerker invoerde",
        export=[("kind", "Soort"), ("owner_id", "Van"), ("number", "Nummer"), ("entered_at", WHEN)],
        # The form stays counted; only the link to the officer goes.
        on_erase="anonymise",
        staff=True,
    )
    personal_data(
        "verwerking",
        user_fk="actor_id",
        label="Gegevens die u als medewerker bekeek",
        export=[
            ("created_at", WHEN),
            ("object_type", "Soort"),
            ("object_id", "Nummer"),
            ("purpose", "Waarom"),
            ("action", "Wat"),
        ],
        on_erase="keep",
        staff=True,
    )
    personal_data(
        "audit_log",
        user_fk="actor_id",
        label="Wat u als medewerker deed",
        export=[
            ("created_at", WHEN),
            ("action", "Actie"),
            ("object_type", "Soort"),
            ("object_id", "Nummer"),
        ],
        on_erase="keep",
        staff=True,
    )
    personal_data(
        "status_change",
        user_fk="actor_id",
        label="Statussen die u als medewerker gaf",
        export=[
            ("created_at", WHEN),
            ("object_type", "Soort"),
            ("object_id", "Nummer"),
            ("to_status", "Nieuwe status"),
        ],
        on_erase="keep",
        staff=True,
    )
    personal_data(
        "setting",
        user_fk="updated_by_id",
        label="Instellingen die u als beheerder wijzigde",
        export=[("key", "Instelling"), ("updated_at", WHEN)],
        on_erase="keep",
        staff=True,
    )
    personal_data(
        "pagina_versie",
        user_fk="author_id",
        label="Versies van pagina's die u als medewerker schreef",
        export=[("titel", "Pagina"), ("nummer", "Versie"), ("created_at", WHEN)],
        on_erase="keep",
        staff=True,
    )


def _declare_ideeen() -> None:
    personal_data(
        "idee",
        user_fk="author_id",
        label="Uw ideeën",
        export=[
            ("id", "Nummer"),
            ("titel", "Titel"),
            ("tekst", "Tekst"),
            ("adres", "Plek"),
            ("status", "Status"),
            ("created_at", "Ingestuurd"),
            ("published_at", "Gepubliceerd"),
            ("withdrawn_at", "Ingetrokken"),
        ],
        on_erase="keep",
        order_by="created_at",
    )
    personal_data(
        "idee",
        user_fk="hidden_by_id",
        label="Ideeën die u als medewerker verborg",
        export=[("id", "Idee"), ("hidden_at", WHEN), ("hidden_reason", "Reden")],
        on_erase="keep",
        staff=True,
    )
    personal_data(
        "steun",
        user_fk="user_id",
        label="Ideeën die u steunt",
        export=[("idee_id", "Idee"), ("created_at", "Gesteund op")],
        # The support stays counted, on a placeholder account without a link to the person.
        on_erase="move_to_placeholder",
        order_by="created_at",
    )


def _declare_uitdaagrecht() -> None:
    personal_data(
        "uitdaging",
        user_fk="uitdager_id",
        label="Uw uitdagingen",
        export=[
            ("referentie", "Kenmerk"),
            ("status", "Status"),
            ("taak", "Taak"),
            ("soort_uitdager", "Wie daagt uit"),
            ("organisatie_naam", "Organisatie"),
            ("kvk_nummer", "KvK-nummer"),
            ("contact_naam", "Naam contactpersoon"),
            ("contact_email", "E-mailadres contactpersoon"),
            ("contact_telefoon", "Telefoon contactpersoon"),
            ("created_at", "Begonnen"),
            ("ingediend_op", "Ingediend"),
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
        label="Beoordelingen die u als medewerker schreef",
        export=[("uitdaging_id", "Uitdaging"), ("criterium", "Criterium"), ("updated_at", WHEN)],
        on_erase="keep",
        staff=True,
    )


_declare_foundation()
_declare_ideeen()
_declare_uitdaagrecht()
