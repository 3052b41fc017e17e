"""Settings officers change on /beheer/instellingen (area "begroten")."""

from __future__ import annotations

from open_nijmegen.core.settings import SettingSpec, declare

WIJK_UIT_INLOG_NODIG = declare(
    SettingSpec(
        key="begroten.wijk_uit_inlog_nodig",
        kind=bool,
        default=False,
        label="Stemmen alleen met een wijk uit de inlog (zoals DigiD)",
        help="Aan: wie stemt, moet inloggen bij een dienst die de wijk meegeeft. Uit: wie zo "
        "inlogt, stemt met de wijk uit de inlog; wie anders inlogt, vult de wijk zelf in.",
        area="begroten",
    )
)
