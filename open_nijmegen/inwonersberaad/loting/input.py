"""The input of the lottery: ``parse_input`` reads and strictly checks the people file and the
quotas file (see the package docstring); ``controleer_haalbaarheid`` checks the quotas against
the pool and the panel size without a solver."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from open_nijmegen.inwonersberaad.loting.common import (
    _QUOTA_ALIASSEN,
    _QUOTA_KOLOMMEN,
    _QUOTA_NAAM,
    MAX_ID_LENGTE,
    MAX_PERSONEN,
    MAX_QUOTAREGELS,
    PERSONEN,
    QUOTA,
    QUOTA_KOP,
    LotingInvoerFout,
    _,
    _getal,
    _mensen,
    _naam,
)
from open_nijmegen.inwonersberaad.loting.csvbestand import (
    _controleer_kop,
    _decodeer,
    _Fouten,
    _lees_csv,
    _lees_geheel_getal,
)

# Column names that look like personal data. Compared after lower-casing and dropping everything
# that is not a letter or digit ("E-mail adres" -> "emailadres").
_PERSOONSGEGEVENS_DEELTEKST = (
    "mail",
    "telefoon",
    "phone",
    "mobiel",
    "adres",
    "address",
    "geboorte",
    "birth",
    "bsn",
    "burgerservice",
    "postcode",
    "zipcode",
    "iban",
    "rekeningnummer",
    "paspoort",
    "passport",
    "straat",
    "street",
    "huisnummer",
)
_PERSOONSGEGEVENS_PRECIES = frozenset(
    {
        "naam",
        "name",
        "tel",
        "gsm",
        "dob",
        "zip",
        "ip",
        "ipadres",
        "huisnr",
        "initialen",
        "voorletters",
        "tussenvoegsel",
        "initials",
    }
)
_GEO_NAMEN = ("wijk", "buurt", "stadsdeel", "gebied", "kenmerk", "feature")


@dataclass(frozen=True)
class Quotum:
    """Min and max number of panel members with one value of one feature."""

    kenmerk: str
    waarde: str
    min: int
    max: int


@dataclass(frozen=True)
class LotingInput:
    """A validated pool and its quotas. Build it with ``parse_input``."""

    id_kolom: str
    kenmerken: tuple[str, ...]  # in quotas-file order
    quota: tuple[Quotum, ...]  # in quotas-file order
    personen: Mapping[str, Mapping[str, str]]  # id -> {kenmerk: waarde}, in file order
    personen_sha256: str
    quota_sha256: str

    @property
    def aantal_personen(self) -> int:
        return len(self.personen)

    def aantal_met(self, kenmerk: str, waarde: str) -> int:
        """How many people in the pool have this value."""
        return sum(1 for p in self.personen.values() if p[kenmerk] == waarde)

    def telling(self) -> dict[tuple[str, str], int]:
        """Pool count per (kenmerk, waarde); values without people count 0."""
        tel: Counter[tuple[str, str]] = Counter()
        for persoon in self.personen.values():
            for kenmerk, waarde in persoon.items():
                tel[(kenmerk, waarde)] += 1
        return {(q.kenmerk, q.waarde): tel[(q.kenmerk, q.waarde)] for q in self.quota}


def _sleutel(naam: str) -> str:
    return re.sub(r"[^0-9a-z]", "", naam.lower())


def lijkt_persoonsgegeven(kolom: str) -> bool:
    """True if a column name looks like personal data (name, contact, birth date, ...)."""
    sleutel = _sleutel(kolom)
    if not sleutel:
        return False
    if sleutel in _PERSOONSGEGEVENS_PRECIES:
        return True
    if any(deel in sleutel for deel in _PERSOONSGEGEVENS_DEELTEKST):
        return True
    if sleutel.endswith(("naam", "name")) or sleutel.startswith(("naam", "name")):
        return not sleutel.startswith(_GEO_NAMEN)
    return False


# --- parse_input ---------------------------------------------------------------------------------


def _vakjes(waar: str, aantal: int, kop: int) -> str:
    return _(
        "%(waar)s: deze regel heeft %(n)s vakjes. De eerste regel heeft er %(kop)s.",
        waar=waar,
        n=aantal,
        kop=kop,
    )


def _lees_quota(tekst: str, fouten: _Fouten) -> tuple[list[tuple[int, Quotum]], set[str]]:
    """Quota lines that are fine, and the (lower-case) names of all features mentioned."""
    label = QUOTA
    bestand = _naam(label)
    kop, rijen = _lees_csv(tekst, label, MAX_QUOTAREGELS)
    for i, naam in enumerate(kop, start=1):
        if not naam:
            fouten.add(
                _(
                    "%(bestand)s: kolom %(i)s in de eerste regel heeft geen naam.",
                    bestand=bestand,
                    i=i,
                )
            )
    namen = [_QUOTA_ALIASSEN.get(n.lower(), n.lower()) for n in kop]
    dubbel = [naam for naam, aantal in Counter(namen).items() if naam and aantal > 1]
    for naam in dubbel:
        fouten.add(
            _("%(bestand)s heeft meer dan één kolom '%(naam)s'.", bestand=bestand, naam=naam)
        )
    for naam, origineel in zip(namen, kop, strict=True):
        if naam and naam not in _QUOTA_KOLOMMEN:
            fouten.add(
                _(
                    "%(bestand)s heeft een kolom '%(kolom)s' die we niet kennen. "
                    "Gebruik alleen kenmerk, waarde, min en max.",
                    bestand=bestand,
                    kolom=origineel,
                )
            )
    ontbrekend = [k for k in _QUOTA_KOLOMMEN if k not in namen]
    for kolom in ontbrekend:
        fouten.add(
            _(
                "%(bestand)s mist de kolom '%(kolom)s'. De eerste regel moet zijn: %(kop)s.",
                bestand=bestand,
                kolom=_QUOTA_NAAM[kolom],
                kop=QUOTA_KOP,
            )
        )
    if ontbrekend or dubbel:
        return [], set()
    plek = {naam: namen.index(naam) for naam in _QUOTA_KOLOMMEN}
    quota: list[tuple[int, Quotum]] = []
    genoemd: set[str] = set()
    gezien: dict[tuple[str, str], int] = {}
    kenmerk_spelling: dict[str, str] = {}
    persoonsfout_gemeld: set[str] = set()
    for regelnr, cellen in rijen:
        waar = _("%(bestand)s, regel %(regel)s", bestand=bestand, regel=regelnr)
        if len(cellen) != len(kop):
            fouten.add(_vakjes(waar, len(cellen), len(kop)))
            continue
        kenmerk, waarde = cellen[plek["feature"]], cellen[plek["value"]]
        if not kenmerk:
            fouten.add(_("%(waar)s: kenmerk is leeg. Vul de naam van het kenmerk in.", waar=waar))
        if not waarde:
            fouten.add(_("%(waar)s: waarde is leeg. Vul een waarde in.", waar=waar))
        minimum = _lees_geheel_getal(cellen[plek["min"]], "min", waar, fouten)
        maximum = _lees_geheel_getal(cellen[plek["max"]], "max", waar, fouten)
        if not kenmerk or not waarde:
            continue
        if lijkt_persoonsgegeven(kenmerk):
            if kenmerk.lower() not in persoonsfout_gemeld:
                persoonsfout_gemeld.add(kenmerk.lower())
                fouten.add(
                    _(
                        "%(waar)s: het kenmerk '%(kenmerk)s' lijkt een persoonsgegeven. "
                        "Bij de loting horen geen namen of contactgegevens. Kies een ander kenmerk.",
                        waar=waar,
                        kenmerk=kenmerk,
                    )
                )
            continue
        genoemd.add(kenmerk.lower())
        # one spelling per feature (features are matched case-insensitively)
        kenmerk = kenmerk_spelling.setdefault(kenmerk.lower(), kenmerk)
        sleutel = (kenmerk.lower(), waarde.lower())
        if sleutel in gezien:
            fouten.add(
                _(
                    "%(waar)s: '%(kenmerk)s' = '%(waarde)s' staat er al op regel %(regel)s.",
                    waar=waar,
                    kenmerk=kenmerk,
                    waarde=waarde,
                    regel=gezien[sleutel],
                )
            )
            continue
        gezien[sleutel] = regelnr
        if minimum is None or maximum is None:
            continue
        if minimum > maximum:
            fouten.add(
                _(
                    "%(waar)s: min (%(min)s) is groter dan max (%(max)s).",
                    waar=waar,
                    min=minimum,
                    max=maximum,
                )
            )
            continue
        quota.append((regelnr, Quotum(kenmerk, waarde, minimum, maximum)))
    if not rijen:
        fouten.add(
            _(
                "%(bestand)s heeft geen quota. "
                "Zet onder de eerste regel minstens één regel met kenmerk, waarde, min en max.",
                bestand=bestand,
            )
        )
    return quota, genoemd


def parse_quota(quotas_csv: str | bytes) -> tuple[Quotum, ...]:
    """Read and check the quotas file alone (for the registration form, whose questions are
    its features and whose answers are its values), or raise ``LotingInvoerFout``."""
    fouten = _Fouten()
    tekst, _sha = _decodeer(quotas_csv, QUOTA)
    quota, _genoemd = _lees_quota(tekst, fouten)
    if fouten:
        raise LotingInvoerFout(fouten.alle())
    return tuple(q for _, q in quota)


def parse_input(
    people_csv: str | bytes,
    quotas_csv: str | bytes,
    *,
    id_column: str = "id",
    panel_size: int | None = None,
    reserves: int = 0,
) -> LotingInput:
    """Read and strictly check the people file and the quotas file.

    Pass bytes (the uploaded file as is) so the SHA-256 is of the real file; a ``str`` is hashed
    as its UTF-8 encoding. With ``panel_size`` the quotas are also checked against the pool and
    the panel size (``controleer_haalbaarheid``). Raises ``LotingInvoerFout`` with all problems
    found; never another exception for bad file contents.
    """
    fouten = _Fouten()
    id_kolom = id_column.strip().lower()
    if not id_kolom:
        raise LotingInvoerFout([_("Geef een naam op voor de kolom met de id.")])
    if lijkt_persoonsgegeven(id_kolom):
        raise LotingInvoerFout(
            [
                _(
                    "De kolom '%(kolom)s' lijkt een persoonsgegeven. Gebruik een code als id.",
                    kolom=id_column,
                )
            ]
        )

    # Read both files first, so one report lists the problems of both.
    tekst_fout: list[str] = []
    quota_tekst = personen_tekst = ""
    quota_hash = personen_hash = ""
    try:
        quota_tekst, quota_hash = _decodeer(quotas_csv, QUOTA)
    except LotingInvoerFout as fout:
        tekst_fout += fout.errors
    try:
        personen_tekst, personen_hash = _decodeer(people_csv, PERSONEN)
    except LotingInvoerFout as fout:
        tekst_fout += fout.errors
    quota_regels: list[tuple[int, Quotum]] = []
    genoemd: set[str] = set()
    if quota_tekst:
        try:
            quota_regels, genoemd = _lees_quota(quota_tekst, fouten)
        except LotingInvoerFout as fout:
            tekst_fout += fout.errors
    personen_kop: list[str] | None = None
    personen_rijen: list[tuple[int, list[str]]] = []
    if personen_tekst:
        try:
            personen_kop, personen_rijen = _lees_csv(personen_tekst, PERSONEN, MAX_PERSONEN)
        except LotingInvoerFout as fout:
            tekst_fout += fout.errors
    if tekst_fout:
        raise LotingInvoerFout([*tekst_fout, *fouten.alle()])

    assert personen_kop is not None
    quota = [q for _, q in quota_regels]
    kenmerken: list[str] = list(dict.fromkeys(q.kenmerk for q in quota))
    if any(k.lower() == id_kolom for k in kenmerken):
        fouten.add(
            _(
                "%(bestand)s: '%(kolom)s' is de kolom met de id. Die kan geen kenmerk zijn.",
                bestand=_naam(QUOTA),
                kolom=id_kolom,
            )
        )
        kenmerken = [k for k in kenmerken if k.lower() != id_kolom]
    waarden: dict[str, dict[str, str]] = defaultdict(dict)  # kenmerk -> lower value -> spelling
    for q in quota:
        waarden[q.kenmerk][q.waarde.lower()] = q.waarde

    L = _naam(PERSONEN)
    namen = _controleer_kop(personen_kop, PERSONEN, fouten)
    kenmerk_lower = {k.lower(): k for k in kenmerken}
    for naam, origineel in zip(namen, personen_kop, strict=True):
        if not naam or naam == id_kolom or naam in kenmerk_lower or naam in genoemd:
            continue
        if lijkt_persoonsgegeven(naam):
            fouten.add(
                _(
                    "%(bestand)s heeft een kolom '%(kolom)s'. Dat lijken persoonsgegevens. "
                    "Bij de loting horen geen namen of contactgegevens. "
                    "Haal de kolom weg en probeer het opnieuw.",
                    bestand=L,
                    kolom=origineel,
                )
            )
        else:
            fouten.add(
                _(
                    "%(bestand)s heeft een kolom '%(kolom)s'. Die staat niet in het quotabestand. "
                    "Gebruik alleen de kolom '%(id)s' en de kenmerken uit het quotabestand.",
                    bestand=L,
                    kolom=origineel,
                    id=id_kolom,
                )
            )
    if id_kolom not in namen:
        fouten.add(
            _(
                "%(bestand)s heeft geen kolom '%(id)s'. "
                "Zet in de eerste regel een kolom '%(id)s' met voor elke persoon een eigen code.",
                bestand=L,
                id=id_kolom,
            )
        )
    for kenmerk in kenmerken:
        if kenmerk.lower() not in namen:
            fouten.add(
                _(
                    "%(bestand)s heeft geen kolom '%(kenmerk)s'. "
                    "Die kolom is nodig, want '%(kenmerk)s' staat in het quotabestand.",
                    bestand=L,
                    kenmerk=kenmerk,
                )
            )
    if fouten:
        raise LotingInvoerFout(fouten.alle())

    id_plek = namen.index(id_kolom)
    kenmerk_plek = {k: namen.index(k.lower()) for k in kenmerken}
    personen: dict[str, dict[str, str]] = {}
    eerste_regel: dict[str, int] = {}
    for regelnr, cellen in personen_rijen:
        waar = _("%(bestand)s, regel %(regel)s", bestand=L, regel=regelnr)
        if len(cellen) != len(namen):
            fouten.add(_vakjes(waar, len(cellen), len(namen)))
            continue
        pid = cellen[id_plek]
        if not pid:
            fouten.add(
                _("%(waar)s: de id is leeg. Elke persoon heeft een eigen code nodig.", waar=waar)
            )
            continue
        if len(pid) > MAX_ID_LENGTE:
            fouten.add(
                _(
                    "%(waar)s: de id is te lang. Gebruik hoogstens %(n)s tekens.",
                    waar=waar,
                    n=MAX_ID_LENGTE,
                )
            )
            continue
        if "@" in pid:
            fouten.add(
                _(
                    "%(waar)s: de id lijkt op een e-mailadres. "
                    "Gebruik een code zonder persoonsgegevens.",
                    waar=waar,
                )
            )
            continue
        if pid in eerste_regel:
            fouten.add(
                _(
                    "%(waar)s: de id '%(id)s' staat er al op regel %(regel)s. "
                    "Elke id mag maar één keer voorkomen.",
                    waar=waar,
                    id=pid,
                    regel=eerste_regel[pid],
                )
            )
            continue
        eerste_regel[pid] = regelnr
        persoon: dict[str, str] = {}
        for kenmerk in kenmerken:
            waarde = cellen[kenmerk_plek[kenmerk]]
            if not waarde:
                fouten.add(
                    _("%(waar)s: bij '%(kenmerk)s' staat niets.", waar=waar, kenmerk=kenmerk)
                )
            elif waarde.lower() not in waarden[kenmerk]:
                fouten.add(
                    _(
                        "%(waar)s: de waarde '%(waarde)s' bij '%(kenmerk)s' staat niet in het "
                        "quotabestand.",
                        waar=waar,
                        waarde=waarde[:40],
                        kenmerk=kenmerk,
                    )
                )
            else:
                persoon[kenmerk] = waarden[kenmerk][waarde.lower()]
        if len(persoon) == len(kenmerken):
            personen[pid] = persoon
    if not personen_rijen:
        fouten.add(
            _(
                "%(bestand)s heeft geen aanmeldingen. Zet onder de eerste regel één regel per "
                "persoon.",
                bestand=L,
            )
        )
    if fouten:
        raise LotingInvoerFout(fouten.alle())

    invoer = LotingInput(
        id_kolom=id_kolom,
        kenmerken=tuple(kenmerken),
        quota=tuple(quota),
        personen=personen,
        personen_sha256=personen_hash,
        quota_sha256=quota_hash,
    )
    if panel_size is not None:
        haalbaar = controleer_haalbaarheid(invoer, panel_size, reserves)
        if haalbaar:
            raise LotingInvoerFout(haalbaar)
    return invoer


def controleer_haalbaarheid(invoer: LotingInput, panelgrootte: int, reserves: int = 0) -> list[str]:
    """Checks that need no solver: panel size, reserves and quotas against the pool.

    Returns B1 Dutch messages; an empty list means no problem was found (the solver may still
    find that the quotas cannot be met together).
    """
    fouten: list[str] = []
    n = invoer.aantal_personen
    if not isinstance(panelgrootte, int) or isinstance(panelgrootte, bool) or panelgrootte < 1:
        return [_("De panelgrootte moet een heel getal van minstens 1 zijn.")]
    if not isinstance(reserves, int) or isinstance(reserves, bool) or reserves < 0:
        return [_("Het aantal reserves moet een heel getal van 0 of meer zijn.")]
    if panelgrootte > n:
        fouten.append(
            _(
                "Het panel heeft %(k)s plaatsen. Maar er zijn maar %(n)s aanmeldingen.",
                k=_getal(panelgrootte),
                n=_getal(n),
            )
        )
    elif panelgrootte + reserves > n:
        fouten.append(
            _(
                "Voor %(k)s panelleden en %(r)s reserves zijn %(nodig)s aanmeldingen nodig. "
                "Er zijn er %(n)s.",
                k=_getal(panelgrootte),
                r=_getal(reserves),
                nodig=_getal(panelgrootte + reserves),
                n=_getal(n),
            )
        )
    telling = invoer.telling()
    for kenmerk in invoer.kenmerken:
        rij = [q for q in invoer.quota if q.kenmerk == kenmerk]
        som_min = sum(q.min for q in rij)
        som_max = sum(q.max for q in rij)
        if som_min > panelgrootte:
            fouten.append(
                _(
                    "Bij '%(kenmerk)s' tellen de minimums op tot %(som)s. "
                    "Dat is meer dan de %(k)s plaatsen in het panel.",
                    kenmerk=kenmerk,
                    som=_getal(som_min),
                    k=_getal(panelgrootte),
                )
            )
        if som_max < panelgrootte:
            fouten.append(
                _(
                    "Bij '%(kenmerk)s' tellen de maximums op tot %(som)s. "
                    "Dat is minder dan de %(k)s plaatsen in het panel.",
                    kenmerk=kenmerk,
                    som=_getal(som_max),
                    k=_getal(panelgrootte),
                )
            )
        te_weinig = False
        for q in rij:
            aanwezig = telling[(q.kenmerk, q.waarde)]
            if aanwezig < q.min:
                te_weinig = True
                fouten.append(
                    _(
                        "Voor '%(kenmerk)s' = '%(waarde)s' is het minimum %(min)s. "
                        "Maar er hebben zich maar %(mensen)s met die waarde aangemeld.",
                        kenmerk=q.kenmerk,
                        waarde=q.waarde,
                        min=_getal(q.min),
                        mensen=_mensen(aanwezig),
                    )
                )
        bereikbaar = sum(min(q.max, telling[(q.kenmerk, q.waarde)]) for q in rij)
        if som_max >= panelgrootte and not te_weinig and bereikbaar < panelgrootte <= n:
            fouten.append(
                _(
                    "Bij '%(kenmerk)s' kunnen we hoogstens %(n)s mensen kiezen. "
                    "Dat komt door de maximums en het aantal aanmeldingen. "
                    "Het panel heeft %(k)s plaatsen.",
                    kenmerk=kenmerk,
                    n=_getal(bereikbaar),
                    k=_getal(panelgrootte),
                )
            )
    return fouten
