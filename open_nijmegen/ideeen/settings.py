"""Settings officers change on /beheer/instellingen (area "ideeen").

Pre- or post-moderation is the platform setting ``site.moderatie_vooraf`` (declared in core).
"""

from __future__ import annotations

from open_nijmegen.core.settings import SettingSpec, declare, get_setting

DREMPEL_STEUN = declare(
    SettingSpec(
        key="ideeen.drempel_steun",
        kind=int,
        default=100,
        minimum=1,
        maximum=100000,
        label="Aantal steunbetuigingen waarna de gemeente moet antwoorden",
        help="Krijgt een idee zoveel steun binnen de gestelde dagen? Dan geeft de gemeente "
        "een officieel antwoord.",
        area="ideeen",
    )
)
DREMPEL_DAGEN = declare(
    SettingSpec(
        key="ideeen.drempel_dagen",
        kind=int,
        default=90,
        minimum=1,
        maximum=3650,
        label="Aantal dagen na plaatsing waarin die steun binnen moet zijn",
        area="ideeen",
    )
)
ANTWOORD_WEKEN = declare(
    SettingSpec(
        key="ideeen.antwoord_weken",
        kind=int,
        default=6,
        minimum=1,
        maximum=52,
        label="Aantal weken waarin de gemeente dan antwoordt",
        area="ideeen",
    )
)


def moderation_first() -> bool:
    """True: new ideas wait for an officer (pre-moderation)."""
    return bool(get_setting("site.moderatie_vooraf"))
