"""Personal data of this module, for the privacy registry (see, download, erase).

Only "has answered" points at a person; a response never does (see models.py)."""

from __future__ import annotations

from open_nijmegen.core.i18n import N_


def _register() -> None:
    from open_nijmegen.privacy.registry import personal_data

    personal_data(
        "peiling_deelname",
        user_fk="user_id",
        label=N_("Peilingen waaraan u meedeed (niet uw antwoorden: die staan niet bij uw naam)"),
        export=[("peiling_id", N_("Peiling")), ("dag", N_("Eerste keer bewaard op"))],
        # The answers stay counted; they were never linked to you.
        on_erase="delete",
    )
    personal_data(
        "peiling",
        user_fk="created_by_id",
        label=N_("Peilingen die u als medewerker maakte"),
        export=[("titel", N_("Titel")), ("created_at", N_("Gemaakt op"))],
        on_erase="anonymise",
        staff=True,
    )


_register()
