"""Settings officers change on /beheer/instellingen (area "inwonersberaad").

The lottery input retention is ``bewaar.loting_invoer_dagen`` (declared in privacy.retention).
"""

from __future__ import annotations

from open_nijmegen.core.settings import SettingSpec, declare

REACTIE_TERMIJN = declare(
    SettingSpec(
        key="inwonersberaad.reactie_termijn_maanden",
        kind=int,
        default=3,
        minimum=1,
        maximum=24,
        label="Maanden waarin de gemeente reageert op het advies van een inwonersberaad",
        help="De termijn begint als het beraad het advies aanbiedt. Een beraad houdt de "
        "termijn die gold op die dag.",
        area="inwonersberaad",
    )
)
UITNODIGING_DAGEN = declare(
    SettingSpec(
        key="inwonersberaad.uitnodiging_dagen",
        kind=int,
        default=30,
        minimum=1,
        maximum=365,
        label="Dagen dat een uitnodiging voor een inwonersberaad geldig is",
        area="inwonersberaad",
    )
)
EEN_PER_ADRES = declare(
    SettingSpec(
        key="inwonersberaad.een_aanmelding_per_adres",
        kind=bool,
        default=True,
        label="Per adres kan maar één persoon zich aanmelden voor een inwonersberaad",
        help="Geldt voor nieuwe aanmeldingen. De brief gaat naar een adres, niet naar een persoon.",
        area="inwonersberaad",
    )
)
