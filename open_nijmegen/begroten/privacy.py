"""Personal data of this module, for the privacy registry (see, download, erase).

Only "has voted" points at a person; a ballot never does (see ballots.py)."""

from __future__ import annotations

from open_nijmegen.core.i18n import N_


def _register() -> None:
    from open_nijmegen.privacy.registry import personal_data

    personal_data(
        "begroting_deelname",
        user_fk="user_id",
        label=N_("Begrotingen waarbij u stemde (niet wat u koos: dat weet niemand)"),
        export=[("begroting_id", N_("Begroting")), ("gestemd_op", N_("Eerste keer gestemd op"))],
        # The ballot stays counted; it was never linked to you.
        on_erase="delete",
    )
    personal_data(
        "begroot_plan",
        user_fk="author_id",
        label=N_("Plannen die u stuurde voor een begroting"),
        export=[
            ("titel", N_("Titel")),
            ("tekst", N_("Tekst")),
            ("created_at", N_("Ingestuurd op")),
        ],
        # A plan stays (others voted on it), shown without your name.
        on_erase="anonymise",
    )


_register()
