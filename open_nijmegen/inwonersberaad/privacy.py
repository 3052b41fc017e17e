"""Personal data of this module, for the privacy registry (see, download, erase) and the
retention purge of the lottery input. The privacy module may be absent or older: then
nothing is registered here (``purge_lottery_inputs`` can still be called directly)."""

from __future__ import annotations

from open_nijmegen.core.i18n import N_


def _register() -> None:
    try:
        from open_nijmegen.privacy.registry import personal_data
    except ImportError:  # pragma: no cover - privacy registry not installed
        personal_data = None  # type: ignore[assignment]
    if personal_data is not None:
        personal_data(
            "beraadslid",
            user_fk="user_id",
            label=N_("Inwonersberaden waarvan u lid bent"),
            export=[
                ("beraad_id", N_("Beraad")),
                ("geaccepteerd_op", N_("Lid sinds")),
                ("gestopt_op", N_("Gestopt op")),
            ],
            on_erase="delete",
        )
        personal_data(
            "dossier_gelezen",
            user_fk="user_id",
            label=N_("Stukken van het inwonersberaad die u las"),
            export=[("stuk_id", N_("Stuk")), ("gelezen_op", N_("Gelezen op"))],
            on_erase="delete",
        )
        personal_data(
            "dossier_notitie",
            user_fk="user_id",
            label=N_("Uw eigen notities bij stukken van het inwonersberaad"),
            export=[
                ("stuk_id", N_("Stuk")),
                ("tekst", N_("Notitie")),
                ("updated_at", N_("Laatst aangepast")),
            ],
            on_erase="delete",
        )
        personal_data(
            "expert_vraag",
            user_fk="user_id",
            label=N_("Uw vragen aan deskundigen van het inwonersberaad"),
            export=[
                ("beraad_id", N_("Beraad")),
                ("vraag", N_("Vraag")),
                ("created_at", N_("Gesteld op")),
            ],
            # The question and answer stay for the other members, without the link to you.
            on_erase="anonymise",
        )
        personal_data(
            "beraad_aanmelding",
            user_fk="user_id",
            label=N_("Uw aanmeldingen voor een inwonersberaad (met de code uit de brief)"),
            export=[
                ("beraad_id", N_("Beraad")),
                ("naam", N_("Naam")),
                ("email", N_("E-mailadres")),
                ("telefoon", N_("Telefoon")),
                ("postcode", N_("Postcode")),
                ("huisnummer", N_("Huisnummer")),
                ("kenmerken", N_("Uw antwoorden")),
                ("beschikbaar", N_("Dagen dat u kunt")),
                ("toegankelijkheid", N_("Wat u nodig had")),
                ("kinderopvang", N_("Kinderopvang nodig")),
                ("tolk", N_("Tolk nodig")),
                ("status", N_("Stand")),
                ("created_at", N_("Aangemeld op")),
            ],
            on_erase="delete",
        )
        personal_data(
            "beraad_aanmelding",
            user_fk="namens_id",
            label=N_("Aanmeldingen voor een inwonersberaad die u als medewerker invoerde"),
            export=[("beraad_id", N_("Beraad")), ("created_at", N_("Ingevoerd op"))],
            on_erase="anonymise",
            staff=True,
        )
    try:
        from open_nijmegen.privacy.purge import register_purger
    except ImportError:  # pragma: no cover - purge registry not installed
        return
    from open_nijmegen.inwonersberaad.services import purge_lottery_inputs

    register_purger(
        "loting_invoer",
        "Bestanden voor de loting van het inwonersberaad",
        purge_lottery_inputs,
        label_en="lottery input files",
    )
    from open_nijmegen.inwonersberaad.werving_views import purge_drawn_addresses

    register_purger(
        "werving_adressen",
        "Getrokken adressen voor de brieven van het inwonersberaad",
        purge_drawn_addresses,
        label_en="addresses drawn for the recruitment letters",
    )
    from open_nijmegen.inwonersberaad.brieven import purge_letters

    register_purger(
        "werving_brieven",
        "Brieven (PDF) en lijsten voor de drukkerij (CSV) met codes voor het inwonersberaad",
        purge_letters,
        label_en="recruitment letters (PDF) and print house lists (CSV) with codes",
    )
    from open_nijmegen.inwonersberaad.aanmelding import purge_registrations

    register_purger(
        "werving_aanmeldingen",
        "Aanmeldingen voor het inwonersberaad van wie niet is gekozen",
        purge_registrations,
        label_en="inwonersberaad registrations of people not chosen",
    )
    from open_nijmegen.inwonersberaad.aanmelding_bewaren import purge_after_the_end

    register_purger(
        "werving_leden",
        "Aanmeldingen voor het inwonersberaad van wie is gekozen of reserve was, na het einde",
        purge_after_the_end,
        label_en="inwonersberaad registrations of members and reserves, after the end",
    )


_register()
