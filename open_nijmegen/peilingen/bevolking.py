"""Population margins for weighting: Nijmegen's residents of 16 and older by wijk (the CBS
wijken of gemeente 0268, which are the stadsdelen) and age group.

The default figures (``BEVOLKING``) are rounded approximations for the demo and a first use;
the municipality replaces them with the current CBS figures ("Kerncijfers wijken en buurten",
StatLine) before weighting a real peiling: per peiling on /beheer/peilingen/<id>/bevolking
(``marges.py``). The results page says when a peiling is weighted with this approximate
default. Only the margins (per wijk, per age group) are used by the raking.
"""

from __future__ import annotations

WIJKEN = [
    "Nijmegen-Centrum",
    "Nijmegen-Oost",
    "Nijmegen-Oud-West",
    "Nijmegen-Nieuw-West",
    "Nijmegen-Midden",
    "Nijmegen-Zuid",
    "Dukenburg",
    "Lindenholt",
    "Nijmegen-Noord",
]
LEEFTIJDEN = ["16-24", "25-44", "45-64", "65+"]
LEEFTIJD_LABELS = {
    "16-24": "16 tot 25 jaar",
    "25-44": "25 tot 45 jaar",
    "45-64": "45 tot 65 jaar",
    "65+": "65 jaar of ouder",
}

# wijk -> age group -> residents (rounded; see the module text)
BEVOLKING: dict[str, dict[str, int]] = {
    "Nijmegen-Centrum": {"16-24": 3500, "25-44": 4200, "45-64": 2000, "65+": 1500},
    "Nijmegen-Oost": {"16-24": 7000, "25-44": 9500, "45-64": 6000, "65+": 4500},
    "Nijmegen-Oud-West": {"16-24": 3000, "25-44": 6500, "45-64": 4000, "65+": 2500},
    "Nijmegen-Nieuw-West": {"16-24": 2500, "25-44": 4500, "45-64": 4000, "65+": 3000},
    "Nijmegen-Midden": {"16-24": 6500, "25-44": 7000, "45-64": 4500, "65+": 4000},
    "Nijmegen-Zuid": {"16-24": 4500, "25-44": 6000, "45-64": 4500, "65+": 4000},
    "Dukenburg": {"16-24": 3500, "25-44": 6500, "45-64": 6500, "65+": 5500},
    "Lindenholt": {"16-24": 1500, "25-44": 3000, "45-64": 3000, "65+": 2000},
    "Nijmegen-Noord": {"16-24": 2500, "25-44": 7500, "45-64": 5500, "65+": 2000},
}


def marges(cijfers: dict[str, dict[str, int]] | None = None) -> dict[str, dict[str, float]]:
    """The two margins for ``weging.rake``: per wijk and per age group, from ``cijfers``
    (figures an officer uploaded for a peiling, ``marges.py``) or else the default above."""
    table = cijfers or BEVOLKING
    wijk = {w: float(sum(cells.values())) for w, cells in table.items()}
    leeftijd = {a: float(sum(table[w][a] for w in table)) for a in LEEFTIJDEN}
    return {"wijk": wijk, "leeftijd": leeftijd}
