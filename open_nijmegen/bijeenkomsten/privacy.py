"""Personal data of this module for the privacy registry (see, download, erase) and the
retention purge: registrations are deleted a term after the event
(``bewaar.bijeenkomst_aanmeldingen_dagen``). A guest's registration holds no account; the
purge removes it with the rest."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from open_nijmegen.core.i18n import N_
from open_nijmegen.core.settings import get_setting
from open_nijmegen.extensions import db


def purge_registrations(now: datetime, dry_run: bool) -> int:
    from open_nijmegen.bijeenkomsten.models import Aanmelding, Bijeenkomst

    days = int(get_setting("bewaar.bijeenkomst_aanmeldingen_dagen"))
    ended = sa.select(Bijeenkomst.id).where(Bijeenkomst.eindigt_op < now - timedelta(days=days))
    where = Aanmelding.bijeenkomst_id.in_(ended)
    if dry_run:
        return int(db.session.scalar(sa.select(sa.func.count()).where(where)) or 0)
    result = db.session.execute(
        sa.delete(Aanmelding).where(where).execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)


def cancel_before_erase(table: sa.Table, user_id: int, context: object) -> None:
    """Erasing an account cancels its registrations first, so its seats go to the waiting
    list (deleting the rows alone would keep the seats taken)."""
    from open_nijmegen.bijeenkomsten.models import ACTIEF, Aanmelding
    from open_nijmegen.bijeenkomsten.services import cancel_registration

    rows = db.session.scalars(
        sa.select(Aanmelding).where(Aanmelding.user_id == user_id, Aanmelding.status.in_(ACTIEF))
    ).all()
    for row in rows:
        cancel_registration(row)


def _register() -> None:
    from open_nijmegen.privacy.purge import register_purger
    from open_nijmegen.privacy.registry import personal_data

    personal_data(
        "aanmelding",
        user_fk="user_id",
        label=N_("Bijeenkomsten waarvoor u zich aanmeldde"),
        export=[
            ("bijeenkomst_id", N_("Bijeenkomst")),
            ("status", N_("Stand")),
            ("tolk", N_("Tolk nodig")),
            ("kinderopvang", N_("Kinderopvang nodig")),
            ("hulp", N_("Wat u verder nodig had")),
            ("created_at", N_("Aangemeld op")),
            ("afgemeld_op", N_("Gestopt op")),
        ],
        on_erase="delete",
        before_erase=cancel_before_erase,
    )
    personal_data(
        "bijeenkomst",
        user_fk="created_by_id",
        label=N_("Bijeenkomsten die u als medewerker maakte"),
        export=[("titel", N_("Titel")), ("begint_op", N_("Begint op"))],
        on_erase="anonymise",
        staff=True,
    )
    register_purger(
        "bijeenkomst_aanmeldingen",
        "Aanmeldingen voor bijeenkomsten die voorbij zijn",
        purge_registrations,
        label_en="event registrations after the event",
    )


_register()
