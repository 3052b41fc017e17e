"""Example files for the officer (``VOORBEELD_*``) and synthetic pools (``voorbeeld_pool``) for
tests, demo data and the benchmark."""

from __future__ import annotations

import csv
import io
import math
import random

from open_nijmegen.inwonersberaad.loting.common import _QUOTA_KOLOMMEN

# Example files for the officer to download and fill in (``id`` + one column per kenmerk;
# one quota line per waarde of each kenmerk). They pass ``parse_input`` with 6 members.
VOORBEELD_AANMELDINGEN = (
    ("id", "leeftijd", "stadsdeel"),
    [
        (f"p{n:03d}", leeftijd, stadsdeel)
        for n, (leeftijd, stadsdeel) in enumerate(
            [
                ("16-34", "Oost"),
                ("35-64", "Oost"),
                ("65+", "Oost"),
                ("16-34", "West"),
                ("35-64", "West"),
                ("65+", "West"),
                ("16-34", "Noord"),
                ("35-64", "Noord"),
                ("65+", "Noord"),
                ("35-64", "Oost"),
                ("16-34", "West"),
                ("65+", "Noord"),
            ],
            start=1,
        )
    ],
)
VOORBEELD_QUOTA = (
    ("kenmerk", "waarde", "min", "max"),
    [
        ("leeftijd", "16-34", 1, 3),
        ("leeftijd", "35-64", 1, 3),
        ("leeftijd", "65+", 1, 3),
        ("stadsdeel", "Oost", 1, 3),
        ("stadsdeel", "West", 1, 3),
        ("stadsdeel", "Noord", 1, 3),
    ],
)


# --- synthetic pools for tests, demo data and the benchmark --------------------------------------

# (value, share in the population, share among volunteers). Illustrative figures, not CBS data:
# volunteers are older and more often highly educated than the population, as in real panels.
VOORBEELD_KENMERKEN: dict[str, tuple[tuple[str, float, float], ...]] = {
    "leeftijdsgroep": (
        ("16-24", 0.15, 0.10),
        ("25-34", 0.19, 0.14),
        ("35-49", 0.22, 0.22),
        ("50-64", 0.23, 0.28),
        ("65+", 0.21, 0.26),
    ),
    "gender": (("vrouw", 0.505, 0.54), ("man", 0.485, 0.445), ("anders", 0.01, 0.015)),
    "wijk": (
        ("Nijmegen-Centrum", 0.08, 0.10),
        ("Nijmegen-Oost", 0.17, 0.21),
        ("Nijmegen-Oud-West", 0.12, 0.12),
        ("Nijmegen-Nieuw-West", 0.09, 0.08),
        ("Nijmegen-Midden", 0.09, 0.09),
        ("Nijmegen-Zuid", 0.11, 0.10),
        ("Dukenburg", 0.13, 0.10),
        ("Lindenholt", 0.07, 0.05),
        ("Nijmegen-Noord", 0.14, 0.15),
    ),
    "opleiding": (("laag", 0.25, 0.12), ("middelbaar", 0.38, 0.33), ("hoog", 0.37, 0.55)),
}


# A fifth feature for ``voorbeeld_pool(..., kenmerken=5)``: an opinion question, as the
# registration may ask one (issue 19 point 2). Illustrative shares.
VIJFDE_KENMERK: dict[str, tuple[tuple[str, float, float], ...]] = {
    "mening": (("voor", 0.40, 0.45), ("tegen", 0.35, 0.30), ("weet niet", 0.25, 0.25)),
}


def voorbeeld_pool(
    n: int, seed: int, panel_size: int | None = None, kenmerken: int = 4
) -> tuple[str, str]:
    """A synthetic pool of ``n`` volunteers and matching quotas: ``(people_csv, quotas_csv)``.

    Four features (leeftijdsgroep, gender, wijk = the stadsdelen of Nijmegen, opleiding), or
    five with ``kenmerken=5`` (also ``mening``, an opinion question; the first four are then
    drawn differently).
    Quotas follow the population shares for a panel of ``panel_size`` (default n/10) with a
    margin of 10% (at least 1) and are clipped to what the pool can give. Same ``seed``, same
    files.
    """
    if n < 1:
        raise ValueError("n must be at least 1")
    k = panel_size if panel_size is not None else max(1, round(n / 10))
    if kenmerken not in (4, 5):
        raise ValueError("kenmerken must be 4 or 5")
    alle = dict(VOORBEELD_KENMERKEN)
    if kenmerken == 5:
        alle.update(VIJFDE_KENMERK)
    rng = random.Random(seed)
    namen_kenmerken = list(alle)
    mensen: list[dict[str, str]] = []
    for i in range(1, n + 1):
        persoon = {"id": f"p{i:05d}"}
        for kenmerk, waarden in alle.items():
            namen = [w for w, _, _ in waarden]
            gewichten = [pool for _, _, pool in waarden]
            persoon[kenmerk] = rng.choices(namen, gewichten)[0]
        mensen.append(persoon)
    personen = io.StringIO()
    schrijver = csv.writer(personen, lineterminator="\n")
    schrijver.writerow(["id", *namen_kenmerken])
    for persoon in mensen:
        schrijver.writerow([persoon["id"], *(persoon[k] for k in namen_kenmerken)])

    quota = io.StringIO()
    schrijver = csv.writer(quota, lineterminator="\n")
    schrijver.writerow(_QUOTA_KOLOMMEN)
    for kenmerk, waarden in alle.items():
        for waarde, bevolking, _ in waarden:
            aanwezig = sum(1 for p in mensen if p[kenmerk] == waarde)
            doel = bevolking * k
            marge = max(1.0, 0.1 * doel)
            minimum = min(max(0, math.floor(doel - marge)), aanwezig)
            maximum = max(minimum, math.ceil(doel + marge))
            schrijver.writerow([kenmerk, waarde, minimum, maximum])
    return personen.getvalue(), quota.getvalue()
