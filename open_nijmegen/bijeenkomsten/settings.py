"""Settings officers change on /beheer/instellingen (area "bijeenkomsten").

The retention of registrations is ``bewaar.bijeenkomst_aanmeldingen_dagen`` (declared in
privacy.retention, so it is listed on /privacy with the other terms).
"""

from __future__ import annotations

from open_nijmegen.core.settings import SettingSpec, declare

BEVESTIG_UREN = declare(
    SettingSpec(
        key="bijeenkomsten.bevestig_uren",
        kind=int,
        default=24,
        minimum=1,
        maximum=168,
        label="Uren die iemand zonder account heeft om de aanmelding voor een bijeenkomst te "
        "bevestigen",
        help="Daarna vervalt de plek en krijgt de eerste op de wachtlijst die plek.",
        area="bijeenkomsten",
    )
)
HERINNERING_UREN = declare(
    SettingSpec(
        key="bijeenkomsten.herinnering_uren",
        kind=int,
        default=24,
        minimum=1,
        maximum=168,
        label="Uren voor het begin van een bijeenkomst dat deelnemers een herinnering krijgen",
        area="bijeenkomsten",
    )
)
