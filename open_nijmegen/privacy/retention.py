"""Retention terms: how long each kind of data is kept (settings, shown on /privacy)."""

from __future__ import annotations

from open_nijmegen.core.settings import SettingSpec, declare, get_setting

RETENTION = [
    declare(
        SettingSpec(
            key="bewaar.onbevestigde_accounts_dagen",
            kind=int,
            default=14,
            minimum=1,
            maximum=365,
            label="Accounts waarvan het e-mailadres niet is bevestigd",
            area="privacy",
        )
    ),
    declare(
        SettingSpec(
            key="bewaar.inactieve_accounts_dagen",
            kind=int,
            default=3 * 365,
            minimum=30,
            maximum=3650,
            label="Accounts die niet meer worden gebruikt",
            area="privacy",
        )
    ),
    declare(
        SettingSpec(
            key="bewaar.ip_adressen_dagen",
            kind=int,
            default=30,
            minimum=1,
            maximum=365,
            label="IP-adressen bij het inloggen",
            area="privacy",
        )
    ),
    declare(
        SettingSpec(
            key="bewaar.verzonden_mail_dagen",
            kind=int,
            default=90,
            minimum=1,
            maximum=3650,
            label="Verstuurde e-mails",
            area="privacy",
        )
    ),
    declare(
        SettingSpec(
            key="bewaar.weigeringen_dagen",
            kind=int,
            default=90,
            minimum=1,
            maximum=730,
            label="Wat de website weigerde (zoals een verkeerd wachtwoord), met het eerste "
            "deel van het IP-adres",
            area="privacy",
        )
    ),
    declare(
        SettingSpec(
            key="bewaar.loting_invoer_dagen",
            kind=int,
            default=90,
            minimum=1,
            maximum=3650,
            label="Het bestand voor de loting van het inwonersberaad",
            area="privacy",
        )
    ),
    declare(
        SettingSpec(
            key="bewaar.werving_adressen_dagen",
            kind=int,
            default=90,
            minimum=1,
            maximum=730,
            label="De adressen die zijn getrokken voor de brieven van het inwonersberaad "
            "(zonder namen). Het bestand met alle adressen bewaren we niet",
            area="privacy",
        )
    ),
    declare(
        SettingSpec(
            key="bewaar.werving_aanmeldingen_dagen",
            kind=int,
            default=30,
            minimum=1,
            maximum=730,
            label="Aanmeldingen voor een inwonersberaad van wie niet is gekozen (naam, adres, "
            "contact, antwoorden), na de mail met de uitslag",
            area="privacy",
        )
    ),
    declare(
        SettingSpec(
            key="bewaar.werving_leden_dagen",
            kind=int,
            default=90,
            minimum=1,
            maximum=730,
            label="Aanmeldingen voor een inwonersberaad van wie is gekozen of reserve was "
            "(naam, adres, contact, antwoorden), na het einde van het beraad",
            area="privacy",
        )
    ),
    declare(
        SettingSpec(
            key="bewaar.uitdaging_bestanden_dagen",
            kind=int,
            default=2 * 365,
            minimum=30,
            maximum=7300,
            label="Bijlagen bij een uitdaging, na het afronden",
            area="privacy",
        )
    ),
    declare(
        SettingSpec(
            key="bewaar.bijeenkomst_aanmeldingen_dagen",
            kind=int,
            default=30,
            minimum=1,
            maximum=730,
            label="Aanmeldingen voor een bijeenkomst (naam, e-mailadres, wat u nodig had), "
            "na de bijeenkomst",
            area="privacy",
        )
    ),
    declare(
        SettingSpec(
            key="bewaar.uitdaging_concept_dagen",
            kind=int,
            default=180,
            minimum=30,
            maximum=3650,
            label="Een uitdaging die nooit is ingediend (concept), met de gegevens van de "
            "contactpersoon en de bijlagen. Wij mailen eerst een waarschuwing",
            area="privacy",
        )
    ),
    declare(
        SettingSpec(
            key="bewaar.losse_bestanden_dagen",
            kind=int,
            default=1,
            minimum=1,
            maximum=30,
            label="Foto's en bestanden die nergens bij zijn geplaatst, bijvoorbeeld bij een "
            "voorbeeld dat niet is verstuurd",
            area="privacy",
        )
    ),
]


WARNING = declare(
    SettingSpec(
        key="privacy.inactief_waarschuwing_dagen",
        kind=int,
        default=30,
        minimum=7,
        maximum=365,
        label="Dagen tussen de waarschuwing en het wissen van een account dat niet wordt gebruikt",
        area="privacy",
    )
)


CONCEPT_WARNING = declare(
    SettingSpec(
        key="privacy.concept_waarschuwing_dagen",
        kind=int,
        default=14,
        minimum=1,
        maximum=90,
        label="Dagen tussen de waarschuwing en het verwijderen van een concept-uitdaging",
        area="privacy",
    )
)


def retention_rows() -> list[tuple[str, int]]:
    rows = [(spec.label, int(get_setting(spec.key))) for spec in RETENTION]
    return rows


def retention_terms() -> dict[str, int]:
    """Every term by key, for the privacy statement and the warning texts."""
    keys = [spec.key for spec in RETENTION]
    keys += ["privacy.inactief_waarschuwing_dagen", "privacy.concept_waarschuwing_dagen"]
    return {key: int(get_setting(key)) for key in keys}
