"""Settings of the uitdaagrecht: the terms (in days) and the legal-remedies text.

The participatieverordening decides the real values; the defaults follow the Awb (see
``termijnen.Termijnen``). A case keeps a copy of the terms when it is filed.
"""

from __future__ import annotations

from open_nijmegen.core.settings import SettingSpec, declare, get_setting
from open_nijmegen.uitdaagrecht.termijnen import Termijnen

AREA = "uitdaagrecht"

_DEFAULTS = Termijnen()

_TERM_LABELS: dict[str, tuple[str, int, int]] = {
    # field: (label, minimum, maximum)
    "beslistermijn_dagen": ("Dagen om te besluiten over een uitdaging (wet: 56)", 1, 365),
    "verdaging_max_dagen": ("Dagen dat het besluit hoogstens kan worden uitgesteld", 0, 365),
    "aanvullingstermijn_dagen": (
        "Dagen die de uitdager krijgt om informatie aan te vullen",
        1,
        180,
    ),
    "buiten_behandeling_dagen": (
        "Dagen om te besluiten dat een aanvraag niet verder wordt behandeld (wet: 28)",
        1,
        180,
    ),
    "bezwaartermijn_dagen": ("Dagen om bezwaar te maken (wet: 42)", 1, 365),
    "bezwaar_beslistermijn_dagen": (
        "Dagen om te beslissen op een bezwaar (42, of 84 met een bezwaarcommissie)",
        1,
        365,
    ),
    "bezwaar_verdaging_max_dagen": (
        "Dagen dat de beslissing op bezwaar hoogstens kan worden uitgesteld (wet: 42)",
        0,
        365,
    ),
    "bezwaar_hersteltermijn_dagen": ("Dagen om een onvolledig bezwaar aan te vullen", 1, 180),
}

TERM_SETTINGS: dict[str, SettingSpec] = {
    name: declare(
        SettingSpec(
            key=f"uitdaagrecht.{name}",
            kind=int,
            default=getattr(_DEFAULTS, name),
            minimum=minimum,
            maximum=maximum,
            label=label,
            help="Geldt voor nieuwe uitdagingen. Lopende zaken houden hun termijn.",
            area=AREA,
        )
    )
    for name, (label, minimum, maximum) in _TERM_LABELS.items()
}

RECHTSMIDDELEN_STANDAARD = (
    "Bent u het niet eens met dit besluit? Dan kunt u bezwaar maken. "
    "Dat doet u binnen 6 weken na de datum van verzending van dit besluit. "
    "Stuur uw bezwaar naar het college van burgemeester en wethouders van Nijmegen, "
    "Postbus 9105, 6500 HG Nijmegen. Of maak bezwaar op uw pagina op deze website.\n\n"
    "Schrijf in uw bezwaar: uw naam en adres, de datum, het nummer van de uitdaging, "
    "en waarom u het niet eens bent met het besluit. Zet uw handtekening eronder."
)

RECHTSMIDDELEN = declare(
    SettingSpec(
        key="uitdaagrecht.rechtsmiddelen",
        kind=str,
        default=RECHTSMIDDELEN_STANDAARD,
        label="Uitleg over bezwaar en beroep onder een besluit",
        help="Deze tekst staat onder elk besluit. Schrijf in eenvoudige taal.",
        area=AREA,
        multiline=True,
    )
)

MAX_BIJLAGEN = declare(
    SettingSpec(
        key="uitdaagrecht.max_bijlagen",
        kind=int,
        default=10,
        minimum=0,
        maximum=50,
        label="Hoeveel bijlagen een uitdager hoogstens kan toevoegen",
        area=AREA,
    )
)


def current_termijnen() -> Termijnen:
    """The terms in the settings now (a new case stores a copy)."""
    return Termijnen(**{name: int(get_setting(spec.key)) for name, spec in TERM_SETTINGS.items()})


def rechtsmiddelen_tekst() -> str:
    return str(get_setting(RECHTSMIDDELEN.key))


def max_bijlagen() -> int:
    return int(get_setting(MAX_BIJLAGEN.key))
