"""Verifiable stratified lottery (loting) for the inwonersberaad.

Pure Python: no Flask, no database. The web layer and the background job call these functions.

Input
=====
Two CSV files, UTF-8 (a BOM is accepted), separated by ``,`` or ``;`` (Dutch Excel exports use
``;``) or a tab. The separator is sniffed from the first line: the candidate that occurs most often
in it wins, ties go to ``,``.

* **People file** (aanmeldingen): a header line with an id column (``id`` by default, see
  ``parse_input(id_column=...)``) and exactly one column per feature in the quotas file. Nothing
  else: columns that look like personal data (naam, e-mail, adres, telefoon, geboortedatum,
  postcode, bsn, ...) are refused, and so is any other column that is not a feature. The id is a
  pseudonymous code. Values are matched case-insensitively and stored in the spelling of the
  quotas file.
* **Quotas file** (quota): header ``kenmerk,waarde,min,max`` (what the officer is asked for and
  what the example files ``VOORBEELD_*`` use; ``feature`` and ``value`` are accepted as well), one line per value of a feature. ``min`` and ``max`` are whole numbers ``>= 0``
  with ``min <= max``: the panel holds at least ``min`` and at most ``max`` people with that value.
  Every value that occurs in the people file needs a line.

Panel size and number of reserves are parameters, not part of the files.

``parse_input`` checks all of this and raises ``LotingInvoerFout`` with a list of short B1 Dutch
messages (with line numbers) when anything is wrong; nothing is returned, so nothing can be stored.
``controleer_haalbaarheid`` pre-checks the quotas against the pool and panel size before the solver
runs (sum of mins, sum of maxes, too few people for a min, ...). If the quotas pass these checks but
are still jointly infeasible, the solver's own relaxation advice is turned into B1 messages.

Selection
=========
1. ``bereken_verdeling`` computes a *distribution*: a list of panels (committees) that each meet all
   quotas, with a probability per panel. It uses ``sortition_algorithms``' maximin algorithm with the
   HiGHS solver (``find_distribution_maximin``), which maximises the smallest selection chance of
   any volunteer (Flanigan et al., Nature 2021). ``nash`` is available too.
2. A seed is drawn (``new_seed``, a non-zero integer below 2**53 so it survives JSON in any
   language). ``run_loting`` draws it *after* the distribution is fixed when no seed is given, so
   nobody can tune the distribution to a known seed.
3. ``trek`` draws one panel from the distribution. The draw is fully specified (``DRAW_METHOD``):

   a. Canonical form: each panel is a sorted list of ids (Python string order); panels are sorted
      as lists; equal panels are merged by adding their probabilities; zero-probability panels
      are dropped.
   b. ``rng = random.Random(seed)`` (Mersenne Twister, stable across Python 3 versions for integer
      seeds).
   c. One draw: ``u = rng.random() * total`` where ``total`` is the sum of the probabilities in
      canonical order; the chosen panel is the first one whose running total is greater than ``u``
      (``bisect_right`` on the cumulative sums).

Reserves
========
Reserves come from the *same* distribution and the *same* random generator, right after the panel
draw: we keep drawing whole panels with step (c). Each extra draw is a panel that meets all quotas.
Its members who are not yet on the panel or the reserve list are sorted, shuffled with
``rng.shuffle`` and appended to the reserve list, until there are enough reserves. The list is
ordered: reserve 1 first. When a panel member drops out, take the first reserve on the list who
keeps all quotas met (``vervanger_voor``).

Why this way: (1) every reserve comes out of a quota-balanced panel drawn from the fair (maximin)
distribution, so the reserve list has roughly the make-up of a fair panel and every volunteer who
fits in some panel can become a reserve, with odds driven by the same distribution (not by a greedy
pick); (2) no second solver run is needed. A second maximin run over the remaining pool would be
computed *after* the seed is known, which opens a window to re-run the solver until it gives a
wanted reserve list, and verifiers would have to check two distributions. Limits: the reserve list
as a whole is not itself held to quotas (quotas are kept when a reserve replaces a dropout, by
``vervanger_voor``), and a volunteer's chance of being a reserve is not the published panel
probability. If the distribution has too few distinct people to fill the list (or after
``MAX_RESERVE_TREKKINGEN`` extra draws), the list is shorter and the result has a warning.

Verification
============
``LotingResult.to_public_dict()`` is the publishable record: algorithm, pinned library versions,
SHA-256 of both input files, quotas, panel size, seed, the distribution, the panel, the reserves and
the selection probabilities. ``verify`` checks a record against the two files without running the
solver (the solver is not deterministic: HiGHS and the library use random seeds of their own, so a
re-run may find a different but equally fair distribution). It checks the hashes, that every panel
in the distribution meets the quotas, that the probabilities add up to 1, and it repeats the seeded
draw to get the same panel and reserves.

API
===
* ``parse_input(people, quotas, id_column="id", panel_size=None, reserves=0) -> LotingInput``
* ``controleer_haalbaarheid(input, panel_size, reserves) -> list[str]`` (empty: fine)
* ``run_loting(input, panel_size, reserves, seed=None, algorithm="maximin", progress=None)
  -> LotingResult``; or in two steps for a job that wants to store the distribution first:
  ``bereken_verdeling(...) -> Verdeling``, then ``maak_resultaat(input, verdeling, panel_size,
  reserves, new_seed())``. Store the result (it holds the seed) before the panel is shown.
* ``LotingResult.to_public_dict()`` / ``public_json(record)``; ``verify(people, quotas, record)
  -> VerificationReport`` (``ok``, ``bevindingen``, ``fouten``).
* ``trek``, ``quota_fouten``, ``vervanger_voor``, ``new_seed``, ``voorbeeld_pool``.

The library's Python loggers are silenced during the solver run. HiGHS itself prints a one-line
banner from C the first time a solver is made in a process; Python cannot silence that.
"""

from __future__ import annotations

import bisect
import csv
import hashlib
import io
import itertools
import json
import logging
import math
import platform
import random
import re
import secrets
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any

# --- limits and constants ------------------------------------------------------------------------

MAX_PERSONEN = 10_000
MAX_QUOTAREGELS = 1_000
MAX_BESTAND_BYTES = 5 * 1024 * 1024
MAX_ID_LENGTE = 64
MAX_GETAL = 100_000
MAX_FOUTEN = 50
MAX_RESERVE_TREKKINGEN = 10_000
KANS_TOLERANTIE = 1e-6
SEED_BOVENGRENS = 2**53  # seeds are 1 .. 2**53 - 1: exact in JSON for every language

RECORD_FORMAT = "open-nijmegen-loting/1"
DRAW_METHOD = "python-random-mt19937-cumulative-v1"
DRAW_METHOD_DESCRIPTION = (
    "Panels: sorted id lists, sorted, duplicates merged, zero probabilities dropped. "
    "rng = random.Random(seed). Panel: u = rng.random() * sum(p); first panel whose running sum "
    "of p is greater than u. Reserves: repeat that draw; per drawn panel take the ids not yet "
    "chosen, sort them, rng.shuffle them, append until enough reserves (at most "
    f"{MAX_RESERVE_TREKKINGEN} extra draws)."
)
ALGORITMES = ("maximin", "nash")
SOLVER = "highspy"

PERSONEN = "het bestand met aanmeldingen"
QUOTA = "het quotabestand"

_QUOTA_KOLOMMEN = ("feature", "value", "min", "max")
_QUOTA_ALIASSEN = {"kenmerk": "feature", "waarde": "value", "minimum": "min", "maximum": "max"}
# What the officer reads: the Dutch column names (the English ones are accepted too).
_QUOTA_NAAM = {"feature": "kenmerk", "value": "waarde", "min": "min", "max": "max"}
QUOTA_KOP = "kenmerk, waarde, min, max"

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
_SCHEIDINGSTEKENS = (",", ";", "\t")
_BIBLIOTHEEK_LOGGERS = ("sortition_algorithms", "sortition_algorithms_user")

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


# --- errors and data classes ---------------------------------------------------------------------


class LotingInvoerFout(ValueError):
    """The input files or parameters are not usable. ``errors`` holds B1 Dutch messages."""

    def __init__(self, errors: Sequence[str]) -> None:
        self.errors: list[str] = list(errors) or ["De invoer is niet goed."]
        super().__init__("\n".join(self.errors))


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


@dataclass(frozen=True)
class Verdeling:
    """A distribution over panels, in canonical order (see module docstring, step a)."""

    algoritme: str
    panels: tuple[tuple[str, ...], ...]
    kansen: tuple[float, ...]

    @classmethod
    def maak(
        cls, algoritme: str, panels: Sequence[Sequence[str]], kansen: Sequence[float]
    ) -> Verdeling:
        """Build the canonical form: sorted ids, sorted panels, equal panels merged, no zeros."""
        if len(panels) != len(kansen):
            raise ValueError("panels and probabilities differ in length")
        samen: dict[tuple[str, ...], float] = defaultdict(float)
        for panel, kans in zip(panels, kansen, strict=True):
            if not isinstance(kans, int | float) or isinstance(kans, bool):
                raise TypeError("probability is not a number")
            if not all(isinstance(pid, str) for pid in panel):
                raise TypeError("panel ids must be strings")
            samen[tuple(sorted(panel))] += float(kans)
        paren = sorted((p, k) for p, k in samen.items() if k > 0)
        return cls(algoritme, tuple(p for p, _ in paren), tuple(k for _, k in paren))

    def kans_per_persoon(self, ids: Sequence[str] = ()) -> dict[str, float]:
        """Selection probability per person: the sum over the panels that contain them."""
        bijdragen: dict[str, list[float]] = {pid: [] for pid in ids}
        for panel, kans in zip(self.panels, self.kansen, strict=True):
            for pid in panel:
                bijdragen.setdefault(pid, []).append(kans)
        return {pid: math.fsum(k) for pid, k in bijdragen.items()}


@dataclass(frozen=True)
class Trekking:
    """The outcome of the seeded draw."""

    seed: int
    panel_index: int
    panel: tuple[str, ...]  # sorted
    reserves: tuple[str, ...]  # ordered: reserve 1 first


@dataclass(frozen=True)
class QuotumUitkomst:
    """How the drawn panel meets one quotum."""

    kenmerk: str
    waarde: str
    min: int
    max: int
    in_pool: int
    in_panel: int
    in_reserves: int

    @property
    def gehaald(self) -> bool:
        return self.min <= self.in_panel <= self.max


@dataclass(frozen=True)
class Kansen:
    """Selection probabilities: per person and summarised."""

    per_persoon: Mapping[str, float]
    minimum: float
    maximum: float

    @property
    def spreiding(self) -> float:
        return self.maximum - self.minimum


@dataclass(frozen=True)
class LotingResult:
    """Everything the result page and the public record need."""

    invoer: LotingInput
    panelgrootte: int
    reserves_gevraagd: int
    verdeling: Verdeling
    trekking: Trekking
    kansen: Kansen
    quota_uitkomst: tuple[QuotumUitkomst, ...]
    versies: Mapping[str, str]
    waarschuwingen: tuple[str, ...] = ()
    duur_seconden: float = 0.0

    @property
    def seed(self) -> int:
        return self.trekking.seed

    @property
    def panel(self) -> tuple[str, ...]:
        return self.trekking.panel

    @property
    def reserves(self) -> tuple[str, ...]:
        return self.trekking.reserves

    def to_public_dict(self) -> dict[str, Any]:
        """The publishable verification record: JSON-serialisable and deterministic.

        Lists are sorted, except ``reserves`` (its order is the reserve order) and
        ``distribution`` (canonical order, which is itself sorted by panel).
        """
        kansen = self.kansen
        return {
            "format": RECORD_FORMAT,
            "algorithm": {
                "name": self.verdeling.algoritme,
                "library": "sortition-algorithms",
                "solver": SOLVER,
            },
            "versions": dict(sorted(self.versies.items())),
            "input": {
                "id_column": self.invoer.id_kolom,
                "features": sorted(self.invoer.kenmerken),
                "people_count": self.invoer.aantal_personen,
                "people_sha256": self.invoer.personen_sha256,
                "quotas_sha256": self.invoer.quota_sha256,
            },
            "quotas": _quota_als_dicts(self.invoer.quota),
            "panel_size": self.panelgrootte,
            "reserves_requested": self.reserves_gevraagd,
            "seed": self.seed,
            "draw_method": {"id": DRAW_METHOD, "description": DRAW_METHOD_DESCRIPTION},
            "distribution": [
                {"panel": list(panel), "probability": kans}
                for panel, kans in zip(self.verdeling.panels, self.verdeling.kansen, strict=True)
            ],
            "panel": list(self.panel),
            "reserves": list(self.reserves),
            "probabilities": {
                "min": kansen.minimum,
                "max": kansen.maximum,
                "spread": kansen.spreiding,
                "per_person": dict(sorted(kansen.per_persoon.items())),
            },
            "quotas_met": [
                {
                    "feature": u.kenmerk,
                    "value": u.waarde,
                    "min": u.min,
                    "max": u.max,
                    "pool": u.in_pool,
                    "panel": u.in_panel,
                    "reserves": u.in_reserves,
                }
                for u in sorted(self.quota_uitkomst, key=lambda u: (u.kenmerk, u.waarde))
            ],
        }


@dataclass(frozen=True)
class Bevinding:
    """One finding of ``verify``: ``ok`` False means a problem."""

    ok: bool
    tekst: str


@dataclass
class VerificationReport:
    """Result of ``verify``: ``ok`` is True only when every check passed."""

    bevindingen: list[Bevinding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.bevindingen) and all(b.ok for b in self.bevindingen)

    @property
    def fouten(self) -> list[str]:
        return [b.tekst for b in self.bevindingen if not b.ok]

    @property
    def findings(self) -> list[str]:
        return [b.tekst for b in self.bevindingen]


# --- small helpers -------------------------------------------------------------------------------


def new_seed() -> int:
    """A fresh non-zero seed from the OS's secure random source (1 .. 2**53 - 1)."""
    return secrets.randbelow(SEED_BOVENGRENS - 1) + 1


def _getal(n: int) -> str:
    """Dutch thousands separator: 10000 -> '10.000'."""
    return f"{n:,}".replace(",", ".")


def _mensen(n: int) -> str:
    """'1 persoon', '3 mensen'."""
    return "1 persoon" if n == 1 else f"{_getal(n)} mensen"


def procent(kans: float) -> str:
    """Dutch percentage with two decimals: 0.0914 -> '9,14%'."""
    return f"{kans * 100:.2f}%".replace(".", ",")


def _hoofdletter(tekst: str) -> str:
    return tekst[:1].upper() + tekst[1:]


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


def _quota_als_dicts(quota: Sequence[Quotum]) -> list[dict[str, Any]]:
    return [
        {"feature": q.kenmerk, "value": q.waarde, "min": q.min, "max": q.max}
        for q in sorted(quota, key=lambda q: (q.kenmerk, q.waarde))
    ]


def versies() -> dict[str, str]:
    """Versions of Python and the libraries that take part in the lottery."""
    uit: dict[str, str] = {"python": platform.python_version()}
    for pakket in ("sortition-algorithms", "highspy"):
        try:
            uit[pakket] = metadata.version(pakket)
        except metadata.PackageNotFoundError:
            uit[pakket] = "onbekend"
    return uit


def public_json(record: Mapping[str, Any]) -> str:
    """Canonical JSON text of a record (sorted keys, UTF-8 friendly)."""
    return json.dumps(record, sort_keys=True, ensure_ascii=False, indent=1)


# --- CSV reading ---------------------------------------------------------------------------------


class _Fouten:
    """Collects messages, up to MAX_FOUTEN."""

    def __init__(self) -> None:
        self.lijst: list[str] = []
        self.overig = 0

    def add(self, tekst: str) -> None:
        if len(self.lijst) < MAX_FOUTEN:
            self.lijst.append(tekst)
        else:
            self.overig += 1

    def __bool__(self) -> bool:
        return bool(self.lijst)

    def alle(self) -> list[str]:
        if self.overig:
            return [*self.lijst, f"En nog {_getal(self.overig)} andere fouten."]
        return list(self.lijst)


def _decodeer(data: str | bytes, label: str) -> tuple[str, str]:
    """Return (text without BOM, sha256 of the bytes). Raise LotingInvoerFout if unreadable."""
    if isinstance(data, str):
        try:
            ruw = data.encode("utf-8")
        except UnicodeEncodeError:
            raise LotingInvoerFout(
                [f"{_hoofdletter(label)} bevat tekens die we niet kunnen lezen."]
            ) from None
    elif isinstance(data, bytes | bytearray):
        ruw = bytes(data)
    else:
        raise LotingInvoerFout([f"{_hoofdletter(label)} ontbreekt."])
    if len(ruw) > MAX_BESTAND_BYTES:
        mb = MAX_BESTAND_BYTES // (1024 * 1024)
        raise LotingInvoerFout(
            [f"{_hoofdletter(label)} is te groot. Het mag hoogstens {mb} MB zijn."]
        )
    try:
        tekst = ruw.decode("utf-8")
    except UnicodeDecodeError:
        raise LotingInvoerFout(
            [
                f"{_hoofdletter(label)} is geen UTF-8-tekst. "
                "Sla het bestand in Excel op als 'CSV UTF-8' en probeer het opnieuw."
            ]
        ) from None
    tekst = tekst.removeprefix("\ufeff")
    if "\x00" in tekst:
        raise LotingInvoerFout(
            [
                f"{_hoofdletter(label)} is geen CSV-bestand. Sla het op als CSV en probeer het opnieuw."
            ]
        )
    if not tekst.strip():
        raise LotingInvoerFout([f"{_hoofdletter(label)} is leeg."])
    return tekst, hashlib.sha256(ruw).hexdigest()


def _kies_scheidingsteken(tekst: str) -> str:
    """Sniff the separator from the first non-empty line: the most frequent of , ; tab."""
    for regel in tekst.splitlines():
        if regel.strip():
            tellingen = [(regel.count(t), -i, t) for i, t in enumerate(_SCHEIDINGSTEKENS)]
            aantal, _, teken = max(tellingen)
            return teken if aantal else ","
    return ","


def _lees_csv(
    tekst: str, label: str, max_rijen: int
) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Read a CSV: (header cells stripped, [(line number, cells stripped)]). Skips empty rows."""
    lezer = csv.reader(
        io.StringIO(tekst, newline=""), delimiter=_kies_scheidingsteken(tekst), strict=True
    )
    kop: list[str] | None = None
    rijen: list[tuple[int, list[str]]] = []
    try:
        for rij in lezer:
            cellen = [c.strip() for c in rij]
            if not any(cellen):
                continue
            if kop is None:
                kop = cellen
                continue
            if len(rijen) >= max_rijen:
                raise LotingInvoerFout(
                    [
                        f"{_hoofdletter(label)} heeft meer dan {_getal(max_rijen)} regels. "
                        "Dat is te veel voor één loting."
                    ]
                )
            rijen.append((lezer.line_num, cellen))
    except csv.Error:
        raise LotingInvoerFout(
            [
                f"{_hoofdletter(label)}, regel {lezer.line_num}: deze regel kunnen we niet lezen. "
                'Kijk of de aanhalingstekens (") goed staan.'
            ]
        ) from None
    if kop is None:
        raise LotingInvoerFout([f"{_hoofdletter(label)} is leeg."])
    return kop, rijen


def _controleer_kop(kop: list[str], label: str, fouten: _Fouten) -> list[str]:
    """Lower-cased column names; reports empty and repeated names."""
    namen = [c.lower() for c in kop]
    for i, naam in enumerate(namen, start=1):
        if not naam:
            fouten.add(f"{_hoofdletter(label)}: kolom {i} in de eerste regel heeft geen naam.")
    for naam, aantal in Counter(namen).items():
        if naam and aantal > 1:
            fouten.add(f"{_hoofdletter(label)} heeft {aantal} kolommen met de naam '{naam}'.")
    return namen


def _lees_geheel_getal(cel: str, kolom: str, waar: str, fouten: _Fouten) -> int | None:
    if cel == "":
        fouten.add(f"{waar}: {kolom} is leeg. Vul een heel getal in.")
        return None
    if re.fullmatch(r"[+-]?\d+", cel):
        getal = int(cel)
        if getal < 0:
            fouten.add(f"{waar}: {kolom} mag niet negatief zijn (nu: {cel}).")
            return None
        if getal > MAX_GETAL:
            fouten.add(f"{waar}: {kolom} is te groot (nu: {cel}).")
            return None
        return getal
    if re.fullmatch(r"[+-]?\d*[.,]\d+|[+-]?\d+[.,]\d*", cel):
        fouten.add(f"{waar}: {kolom} moet een heel getal zijn (nu: {cel}).")
    else:
        fouten.add(f"{waar}: {kolom} is geen getal (nu: {cel[:40]}).")
    return None


# --- parse_input ---------------------------------------------------------------------------------


def _lees_quota(tekst: str, fouten: _Fouten) -> tuple[list[tuple[int, Quotum]], set[str]]:
    """Quota lines that are fine, and the (lower-case) names of all features mentioned."""
    label = QUOTA
    kop, rijen = _lees_csv(tekst, label, MAX_QUOTAREGELS)
    for i, naam in enumerate(kop, start=1):
        if not naam:
            fouten.add(f"{_hoofdletter(label)}: kolom {i} in de eerste regel heeft geen naam.")
    namen = [_QUOTA_ALIASSEN.get(n.lower(), n.lower()) for n in kop]
    dubbel = [naam for naam, aantal in Counter(namen).items() if naam and aantal > 1]
    for naam in dubbel:
        fouten.add(f"{_hoofdletter(label)} heeft meer dan één kolom '{naam}'.")
    for naam, origineel in zip(namen, kop, strict=True):
        if naam and naam not in _QUOTA_KOLOMMEN:
            fouten.add(
                f"{_hoofdletter(label)} heeft een kolom '{origineel}' die we niet kennen. "
                "Gebruik alleen kenmerk, waarde, min en max."
            )
    ontbrekend = [k for k in _QUOTA_KOLOMMEN if k not in namen]
    for kolom in ontbrekend:
        fouten.add(
            f"{_hoofdletter(label)} mist de kolom '{_QUOTA_NAAM[kolom]}'. "
            f"De eerste regel moet zijn: {QUOTA_KOP}."
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
        waar = f"{_hoofdletter(label)}, regel {regelnr}"
        if len(cellen) != len(kop):
            fouten.add(
                f"{waar}: deze regel heeft {len(cellen)} vakjes. De eerste regel heeft er {len(kop)}."
            )
            continue
        kenmerk, waarde = cellen[plek["feature"]], cellen[plek["value"]]
        if not kenmerk:
            fouten.add(f"{waar}: kenmerk is leeg. Vul de naam van het kenmerk in.")
        if not waarde:
            fouten.add(f"{waar}: waarde is leeg. Vul een waarde in.")
        minimum = _lees_geheel_getal(cellen[plek["min"]], "min", waar, fouten)
        maximum = _lees_geheel_getal(cellen[plek["max"]], "max", waar, fouten)
        if not kenmerk or not waarde:
            continue
        if lijkt_persoonsgegeven(kenmerk):
            if kenmerk.lower() not in persoonsfout_gemeld:
                persoonsfout_gemeld.add(kenmerk.lower())
                fouten.add(
                    f"{waar}: het kenmerk '{kenmerk}' lijkt een persoonsgegeven. "
                    "Bij de loting horen geen namen of contactgegevens. Kies een ander kenmerk."
                )
            continue
        genoemd.add(kenmerk.lower())
        # one spelling per feature (features are matched case-insensitively)
        kenmerk = kenmerk_spelling.setdefault(kenmerk.lower(), kenmerk)
        sleutel = (kenmerk.lower(), waarde.lower())
        if sleutel in gezien:
            fouten.add(f"{waar}: '{kenmerk}' = '{waarde}' staat er al op regel {gezien[sleutel]}.")
            continue
        gezien[sleutel] = regelnr
        if minimum is None or maximum is None:
            continue
        if minimum > maximum:
            fouten.add(f"{waar}: min ({minimum}) is groter dan max ({maximum}).")
            continue
        quota.append((regelnr, Quotum(kenmerk, waarde, minimum, maximum)))
    if not rijen:
        fouten.add(
            f"{_hoofdletter(label)} heeft geen quota. "
            "Zet onder de eerste regel minstens één regel met kenmerk, waarde, min en max."
        )
    return quota, genoemd


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
        raise LotingInvoerFout(["Geef een naam op voor de kolom met de id."])
    if lijkt_persoonsgegeven(id_kolom):
        raise LotingInvoerFout(
            [f"De kolom '{id_column}' lijkt een persoonsgegeven. Gebruik een code als id."]
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
            f"{_hoofdletter(QUOTA)}: '{id_kolom}' is de kolom met de id. Die kan geen kenmerk zijn."
        )
        kenmerken = [k for k in kenmerken if k.lower() != id_kolom]
    waarden: dict[str, dict[str, str]] = defaultdict(dict)  # kenmerk -> lower value -> spelling
    for q in quota:
        waarden[q.kenmerk][q.waarde.lower()] = q.waarde

    L = _hoofdletter(PERSONEN)
    namen = _controleer_kop(personen_kop, PERSONEN, fouten)
    kenmerk_lower = {k.lower(): k for k in kenmerken}
    for naam, origineel in zip(namen, personen_kop, strict=True):
        if not naam or naam == id_kolom or naam in kenmerk_lower or naam in genoemd:
            continue
        if lijkt_persoonsgegeven(naam):
            fouten.add(
                f"{L} heeft een kolom '{origineel}'. Dat lijken persoonsgegevens. "
                "Bij de loting horen geen namen of contactgegevens. "
                "Haal de kolom weg en probeer het opnieuw."
            )
        else:
            fouten.add(
                f"{L} heeft een kolom '{origineel}'. Die staat niet in het quotabestand. "
                f"Gebruik alleen de kolom '{id_kolom}' en de kenmerken uit het quotabestand."
            )
    if id_kolom not in namen:
        fouten.add(
            f"{L} heeft geen kolom '{id_kolom}'. "
            f"Zet in de eerste regel een kolom '{id_kolom}' met voor elke persoon een eigen code."
        )
    for kenmerk in kenmerken:
        if kenmerk.lower() not in namen:
            fouten.add(
                f"{L} heeft geen kolom '{kenmerk}'. "
                f"Die kolom is nodig, want '{kenmerk}' staat in het quotabestand."
            )
    if fouten:
        raise LotingInvoerFout(fouten.alle())

    id_plek = namen.index(id_kolom)
    kenmerk_plek = {k: namen.index(k.lower()) for k in kenmerken}
    personen: dict[str, dict[str, str]] = {}
    eerste_regel: dict[str, int] = {}
    for regelnr, cellen in personen_rijen:
        waar = f"{L}, regel {regelnr}"
        if len(cellen) != len(namen):
            fouten.add(
                f"{waar}: deze regel heeft {len(cellen)} vakjes. De eerste regel heeft er {len(namen)}."
            )
            continue
        pid = cellen[id_plek]
        if not pid:
            fouten.add(f"{waar}: de id is leeg. Elke persoon heeft een eigen code nodig.")
            continue
        if len(pid) > MAX_ID_LENGTE:
            fouten.add(f"{waar}: de id is te lang. Gebruik hoogstens {MAX_ID_LENGTE} tekens.")
            continue
        if "@" in pid:
            fouten.add(
                f"{waar}: de id lijkt op een e-mailadres. Gebruik een code zonder persoonsgegevens."
            )
            continue
        if pid in eerste_regel:
            fouten.add(
                f"{waar}: de id '{pid}' staat er al op regel {eerste_regel[pid]}. "
                "Elke id mag maar één keer voorkomen."
            )
            continue
        eerste_regel[pid] = regelnr
        persoon: dict[str, str] = {}
        for kenmerk in kenmerken:
            waarde = cellen[kenmerk_plek[kenmerk]]
            if not waarde:
                fouten.add(f"{waar}: bij '{kenmerk}' staat niets.")
            elif waarde.lower() not in waarden[kenmerk]:
                fouten.add(
                    f"{waar}: de waarde '{waarde[:40]}' bij '{kenmerk}' staat niet in het quotabestand."
                )
            else:
                persoon[kenmerk] = waarden[kenmerk][waarde.lower()]
        if len(persoon) == len(kenmerken):
            personen[pid] = persoon
    if not personen_rijen:
        fouten.add(f"{L} heeft geen aanmeldingen. Zet onder de eerste regel één regel per persoon.")
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
        return ["De panelgrootte moet een heel getal van minstens 1 zijn."]
    if not isinstance(reserves, int) or isinstance(reserves, bool) or reserves < 0:
        return ["Het aantal reserves moet een heel getal van 0 of meer zijn."]
    if panelgrootte > n:
        fouten.append(
            f"Het panel heeft {_getal(panelgrootte)} plaatsen. "
            f"Maar er zijn maar {_getal(n)} aanmeldingen."
        )
    elif panelgrootte + reserves > n:
        fouten.append(
            f"Voor {_getal(panelgrootte)} panelleden en {_getal(reserves)} reserves "
            f"zijn {_getal(panelgrootte + reserves)} aanmeldingen nodig. Er zijn er {_getal(n)}."
        )
    telling = invoer.telling()
    for kenmerk in invoer.kenmerken:
        rij = [q for q in invoer.quota if q.kenmerk == kenmerk]
        som_min = sum(q.min for q in rij)
        som_max = sum(q.max for q in rij)
        if som_min > panelgrootte:
            fouten.append(
                f"Bij '{kenmerk}' tellen de minimums op tot {_getal(som_min)}. "
                f"Dat is meer dan de {_getal(panelgrootte)} plaatsen in het panel."
            )
        if som_max < panelgrootte:
            fouten.append(
                f"Bij '{kenmerk}' tellen de maximums op tot {_getal(som_max)}. "
                f"Dat is minder dan de {_getal(panelgrootte)} plaatsen in het panel."
            )
        te_weinig = False
        for q in rij:
            aanwezig = telling[(q.kenmerk, q.waarde)]
            if aanwezig < q.min:
                te_weinig = True
                fouten.append(
                    f"Voor '{q.kenmerk}' = '{q.waarde}' is het minimum {_getal(q.min)}. "
                    f"Maar er hebben zich maar {_mensen(aanwezig)} met die waarde aangemeld."
                )
        bereikbaar = sum(min(q.max, telling[(q.kenmerk, q.waarde)]) for q in rij)
        if som_max >= panelgrootte and not te_weinig and bereikbaar < panelgrootte <= n:
            fouten.append(
                f"Bij '{kenmerk}' kunnen we hoogstens {_getal(bereikbaar)} mensen kiezen. "
                "Dat komt door de maximums en het aantal aanmeldingen. "
                f"Het panel heeft {_getal(panelgrootte)} plaatsen."
            )
    return fouten


# --- the lottery ---------------------------------------------------------------------------------

_log_slot = threading.Lock()
_log_diepte = 0
_log_niveaus: dict[str, int] = {}


@contextmanager
def _stille_bibliotheek() -> Iterator[None]:
    """Raise the library loggers' threshold to ERROR (they print to stdout), then restore.

    Nested and concurrent use is counted: the first entry silences, the last exit restores.
    HiGHS prints a one-line banner from C the first time a solver is made; that cannot be
    silenced from Python.
    """
    global _log_diepte
    with _log_slot:
        if _log_diepte == 0:
            for naam in _BIBLIOTHEEK_LOGGERS:
                logger = logging.getLogger(naam)
                _log_niveaus[naam] = logger.level
                logger.setLevel(logging.ERROR)
        _log_diepte += 1
    try:
        yield
    finally:
        with _log_slot:
            _log_diepte -= 1
            if _log_diepte == 0:
                for naam, niveau in _log_niveaus.items():
                    logging.getLogger(naam).setLevel(niveau)


Voortgang = Callable[[str, float], None]

_FASEN = {
    "multiplicative_weights": ("We zoeken panels die de quota halen.", 0.05, 0.40),
    "maximin_optimization": ("We maken de kansen zo eerlijk mogelijk.", 0.40, 0.95),
}


class _VoortgangAdapter:
    """Turns the library's progress events into ``progress(message, fraction)`` calls."""

    def __init__(self, progress: Voortgang) -> None:
        self._progress = progress
        self._fase: str | None = None
        self._totaal: int | None = None
        self._laatste = 0.0

    def melding(self, tekst: str, fractie: float) -> None:
        self._laatste = max(self._laatste, min(1.0, fractie))
        self._progress(tekst, self._laatste)

    def start_phase(
        self, name: str, total: int | None = None, *, message: str | None = None
    ) -> None:
        self._fase, self._totaal = name, total
        tekst, begin, _ = _FASEN.get(name, ("We rekenen.", self._laatste, self._laatste))
        self.melding(tekst, begin)

    def update(self, current: int, *, message: str | None = None) -> None:
        tekst, begin, eind = _FASEN.get(
            self._fase or "", ("We rekenen.", self._laatste, self._laatste)
        )
        # A loop without a known end (total None) approaches the end of its range slowly.
        deel = current / self._totaal if self._totaal else 1 - 1 / (1 + current / 20)
        self.melding(tekst, begin + (eind - begin) * max(0.0, min(1.0, deel)))

    def end_phase(self) -> None:
        pass


def _solver_fout_naar_b1(fout: Exception, invoer: LotingInput) -> LotingInvoerFout:
    from sortition_algorithms.errors import InfeasibleQuotasError

    algemeen = (
        "De quota zijn samen niet haalbaar met deze aanmeldingen. "
        "Elk kenmerk apart klopt wel, maar alle kenmerken samen niet."
    )
    if isinstance(fout, InfeasibleQuotasError):
        voorstel: list[str] = []
        for q in invoer.quota:
            try:
                nieuw = fout.features[q.kenmerk][q.waarde]
            except (KeyError, TypeError):
                continue
            if nieuw.min < q.min:
                voorstel.append(
                    f"Verlaag het minimum van '{q.kenmerk}' = '{q.waarde}' van {q.min} naar {nieuw.min}."
                )
            if nieuw.max > q.max:
                voorstel.append(
                    f"Verhoog het maximum van '{q.kenmerk}' = '{q.waarde}' van {q.max} naar {nieuw.max}."
                )
        if voorstel:
            return LotingInvoerFout([algemeen, "Met deze aanpassing lukt het wel:", *voorstel])
    return LotingInvoerFout([algemeen, "Maak minimums lager of maximums hoger."])


def bereken_verdeling(
    invoer: LotingInput,
    panelgrootte: int,
    algoritme: str = "maximin",
    progress: Voortgang | None = None,
) -> Verdeling:
    """Compute the fair distribution over panels with ``sortition_algorithms``.

    Raises ``LotingInvoerFout`` when the quotas cannot be met (pre-check or solver).
    This is the slow step (seconds for 200 people, minutes for 1,000).
    """
    if algoritme not in ALGORITMES:
        raise ValueError(f"unknown algorithm {algoritme!r}; choose one of {ALGORITMES}")
    fouten = controleer_haalbaarheid(invoer, panelgrootte, 0)
    if fouten:
        raise LotingInvoerFout(fouten)

    from sortition_algorithms import Settings, SortitionBaseError, read_in_features, read_in_people
    from sortition_algorithms.committee_generation import (
        find_distribution_maximin,
        find_distribution_nash,
        standardize_distribution,
    )

    adapter = _VoortgangAdapter(progress) if progress else None
    with _stille_bibliotheek():
        try:
            features, _, _ = read_in_features(
                list(_QUOTA_KOLOMMEN),
                [
                    {"feature": q.kenmerk, "value": q.waarde, "min": str(q.min), "max": str(q.max)}
                    for q in invoer.quota
                ],
                number_to_select=panelgrootte,
            )
            settings = Settings(
                id_column=invoer.id_kolom, columns_to_keep=[], solver_backend=SOLVER
            )
            people, _ = read_in_people(
                [invoer.id_kolom, *invoer.kenmerken],
                [{invoer.id_kolom: pid, **waarden} for pid, waarden in invoer.personen.items()],
                features,
                settings,
            )
            zoek = find_distribution_maximin if algoritme == "maximin" else find_distribution_nash
            panels, kansen, _ = zoek(
                features, people, panelgrootte, [], SOLVER, progress_reporter=adapter
            )
        except SortitionBaseError as fout:
            raise _solver_fout_naar_b1(fout, invoer) from fout
        panels, kansen = standardize_distribution(panels, kansen)
    return Verdeling.maak(algoritme, [list(p) for p in panels], kansen)


def trek(verdeling: Verdeling, seed: int, aantal_reserves: int = 0) -> Trekking:
    """The seeded draw of one panel and an ordered reserve list (see the module docstring)."""
    if not isinstance(seed, int) or isinstance(seed, bool) or seed <= 0:
        raise ValueError("the seed must be a positive whole number")
    if not verdeling.panels:
        raise ValueError("the distribution is empty")
    rng = random.Random(seed)
    cumulatief = list(itertools.accumulate(verdeling.kansen))
    totaal = cumulatief[-1]

    def kies() -> int:
        u = rng.random() * totaal
        return min(bisect.bisect_right(cumulatief, u), len(cumulatief) - 1)

    index = kies()
    panel = verdeling.panels[index]
    gekozen = set(panel)
    # People who appear in some panel but are not chosen yet: when none are left, stop.
    over = set(itertools.chain.from_iterable(verdeling.panels)) - gekozen
    reserves: list[str] = []
    trekkingen = 0
    while len(reserves) < aantal_reserves and over and trekkingen < MAX_RESERVE_TREKKINGEN:
        trekkingen += 1
        nieuw = sorted(set(verdeling.panels[kies()]) - gekozen)
        rng.shuffle(nieuw)
        for pid in nieuw[: aantal_reserves - len(reserves)]:
            reserves.append(pid)
            gekozen.add(pid)
            over.discard(pid)
    return Trekking(seed=seed, panel_index=index, panel=panel, reserves=tuple(reserves))


def quota_fouten(panel: Sequence[str], invoer: LotingInput) -> list[str]:
    """B1 messages for every quotum that this group of ids does not meet (empty: all met)."""
    tel = Counter((k, w) for pid in panel for k, w in invoer.personen[pid].items())
    return [
        f"'{q.kenmerk}' = '{q.waarde}' heeft {_mensen(tel[(q.kenmerk, q.waarde)])}. "
        f"Dat moet tussen {q.min} en {q.max} liggen."
        for q in invoer.quota
        if not q.min <= tel[(q.kenmerk, q.waarde)] <= q.max
    ]


def vervanger_voor(
    invoer: LotingInput, panel: Sequence[str], uitvaller: str, reserves: Sequence[str]
) -> str | None:
    """The first reserve who can replace ``uitvaller`` while all quotas stay met (or None)."""
    rest = [pid for pid in panel if pid != uitvaller]
    for kandidaat in reserves:
        if kandidaat not in rest and not quota_fouten([*rest, kandidaat], invoer):
            return kandidaat
    return None


def _quota_uitkomst(invoer: LotingInput, trekking: Trekking) -> tuple[QuotumUitkomst, ...]:
    pool = invoer.telling()
    panel = Counter((k, w) for pid in trekking.panel for k, w in invoer.personen[pid].items())
    res = Counter((k, w) for pid in trekking.reserves for k, w in invoer.personen[pid].items())
    return tuple(
        QuotumUitkomst(
            kenmerk=q.kenmerk,
            waarde=q.waarde,
            min=q.min,
            max=q.max,
            in_pool=pool[(q.kenmerk, q.waarde)],
            in_panel=panel[(q.kenmerk, q.waarde)],
            in_reserves=res[(q.kenmerk, q.waarde)],
        )
        for q in invoer.quota
    )


def maak_resultaat(
    invoer: LotingInput,
    verdeling: Verdeling,
    panelgrootte: int,
    reserves: int,
    seed: int,
    duur_seconden: float = 0.0,
) -> LotingResult:
    """Draw from a computed distribution and gather probabilities and quota results."""
    trekking = trek(verdeling, seed, reserves)
    fouten = quota_fouten(trekking.panel, invoer)
    if fouten or len(trekking.panel) != panelgrootte:  # cannot happen with a sound distribution
        raise RuntimeError("the drawn panel does not meet the quotas: " + " ".join(fouten))
    per_persoon = verdeling.kans_per_persoon(list(invoer.personen))
    kansen = Kansen(
        per_persoon=per_persoon,
        minimum=min(per_persoon.values()),
        maximum=max(per_persoon.values()),
    )
    waarschuwingen: list[str] = []
    nul = sum(1 for k in per_persoon.values() if k <= 0)
    if nul:
        waarschuwingen.append(
            f"Aantal mensen met kans 0: {_getal(nul)}. Door de quota passen zij in geen enkel panel."
        )
    if len(trekking.reserves) < reserves:
        waarschuwingen.append(
            f"Aantal reserves: {_getal(len(trekking.reserves))} in plaats van {_getal(reserves)}. "
            "Er zijn niet genoeg mensen die in een passend panel kunnen komen."
        )
    return LotingResult(
        invoer=invoer,
        panelgrootte=panelgrootte,
        reserves_gevraagd=reserves,
        verdeling=verdeling,
        trekking=trekking,
        kansen=kansen,
        quota_uitkomst=_quota_uitkomst(invoer, trekking),
        versies=versies(),
        waarschuwingen=tuple(waarschuwingen),
        duur_seconden=duur_seconden,
    )


def run_loting(
    input: LotingInput,
    panel_size: int,
    reserves: int = 0,
    seed: int | None = None,
    algorithm: str = "maximin",
    progress: Voortgang | None = None,
) -> LotingResult:
    """Run the whole lottery: distribution, seed, draw.

    With ``seed=None`` (recommended for real lotteries) the seed is drawn with ``new_seed`` only
    after the distribution is fixed. Store the result (it holds the seed) before showing the
    panel. ``progress(message, fraction)`` gets B1 Dutch messages and a fraction from 0 to 1;
    exceptions it raises during the solver phases are swallowed by the library.
    """
    begin = time.monotonic()
    fouten = controleer_haalbaarheid(input, panel_size, reserves)
    if fouten:
        raise LotingInvoerFout(fouten)
    if seed is not None and (not isinstance(seed, int) or isinstance(seed, bool) or seed <= 0):
        raise LotingInvoerFout(["De seed moet een heel getal groter dan 0 zijn."])
    if progress:
        progress("We controleren de invoer.", 0.0)
    verdeling = bereken_verdeling(input, panel_size, algorithm, progress)
    if progress:
        progress("We trekken het panel.", 0.95)
    resultaat = maak_resultaat(
        input,
        verdeling,
        panel_size,
        reserves,
        new_seed() if seed is None else seed,
        duur_seconden=time.monotonic() - begin,
    )
    if progress:
        progress("De loting is klaar.", 1.0)
    return resultaat


# --- verification --------------------------------------------------------------------------------


def verify(
    people_csv: str | bytes, quotas_csv: str | bytes, record: Mapping[str, Any]
) -> VerificationReport:
    """Check a published record against the two input files.

    Does NOT re-run the solver: the solver is not deterministic, so a re-run may give another
    (equally fair) distribution. Instead it checks that the recorded distribution is sound
    (every panel meets the quotas, probabilities add up to 1) and repeats the seeded draw from it.
    Returns B1 Dutch findings; ``ok`` is True only when all checks pass.
    """
    rapport = VerificationReport()

    def goed(tekst: str) -> None:
        rapport.bevindingen.append(Bevinding(True, tekst))

    def fout(tekst: str) -> None:
        rapport.bevindingen.append(Bevinding(False, tekst))

    try:
        _verifieer(people_csv, quotas_csv, record, goed, fout)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError):
        fout(
            "Het verslag is niet compleet of niet goed leesbaar. Er ontbreekt iets of er staat iets verkeerds in."
        )
    return rapport


def _verifieer(
    people_csv: str | bytes,
    quotas_csv: str | bytes,
    record: Mapping[str, Any],
    goed: Callable[[str], None],
    fout: Callable[[str], None],
) -> None:
    if record.get("format") != RECORD_FORMAT:
        fout(f"Dit verslag heeft een onbekende vorm. We verwachten '{RECORD_FORMAT}'.")
        return
    if record["draw_method"]["id"] != DRAW_METHOD:
        fout("Het verslag gebruikt een andere manier van trekken. Die kunnen we niet herhalen.")
        return
    try:
        invoer = parse_input(people_csv, quotas_csv, id_column=str(record["input"]["id_column"]))
    except LotingInvoerFout as e:
        fout("De bestanden zijn niet goed: " + " ".join(e.errors))
        return

    if invoer.personen_sha256 == record["input"]["people_sha256"]:
        goed("De SHA-256 van het bestand met aanmeldingen klopt.")
    else:
        fout("De SHA-256 van het bestand met aanmeldingen klopt niet. Dit is een ander bestand.")
    if invoer.quota_sha256 == record["input"]["quotas_sha256"]:
        goed("De SHA-256 van het quotabestand klopt.")
    else:
        fout("De SHA-256 van het quotabestand klopt niet. Dit is een ander bestand.")
    if _quota_als_dicts(invoer.quota) == record["quotas"]:
        goed("De quota in het verslag zijn gelijk aan het quotabestand.")
    else:
        fout("De quota in het verslag zijn anders dan in het quotabestand.")

    panelgrootte = record["panel_size"]
    if not isinstance(panelgrootte, int) or panelgrootte < 1:
        fout("De panelgrootte in het verslag is geen goed getal.")
        return
    verdeling = Verdeling.maak(
        str(record["algorithm"]["name"]),
        [list(d["panel"]) for d in record["distribution"]],
        [d["probability"] for d in record["distribution"]],
    )
    if not verdeling.panels:
        fout("Het verslag heeft geen verdeling met panels.")
        return

    # Numbered in the record's own order, so a reader can find the panel.
    vastgelegde_panels = [list(d["panel"]) for d in record["distribution"]]
    slecht = 0
    for nummer, panel in enumerate(vastgelegde_panels, start=1):
        onbekend = [pid for pid in panel if pid not in invoer.personen]
        problemen: list[str] = []
        if onbekend:
            problemen.append(f"de id '{onbekend[0]}' staat niet in het bestand met aanmeldingen.")
        elif len(set(panel)) != len(panel):
            problemen.append("er staat iemand twee keer in.")
        elif len(panel) != panelgrootte:
            problemen.append(f"het heeft {len(panel)} leden in plaats van {panelgrootte}.")
        else:
            problemen += quota_fouten(panel, invoer)
        if problemen:
            slecht += 1
            if slecht <= 5:
                fout(f"Panel {nummer} in de verdeling is niet goed: {problemen[0]}")
    if slecht:
        fout(f"{slecht} van de {len(vastgelegde_panels)} panels in de verdeling zijn niet goed.")
    else:
        goed(f"Alle {len(vastgelegde_panels)} panels in de verdeling halen de quota.")

    kansen = [d["probability"] for d in record["distribution"]]
    som = math.fsum(verdeling.kansen)
    if any(k < 0 or k > 1 + KANS_TOLERANTIE for k in kansen):
        fout("Er staat een kans in de verdeling die kleiner is dan 0 of groter dan 1.")
    elif abs(som - 1) > KANS_TOLERANTIE:
        fout(
            f"De kansen in de verdeling tellen op tot {som:.6f}. Dat moet 1 zijn.".replace(
                ".", ",", 1
            )
        )
    else:
        goed("De kansen in de verdeling tellen op tot 1.")

    seed = record["seed"]
    if not isinstance(seed, int) or isinstance(seed, bool) or seed <= 0:
        fout("De seed in het verslag is geen heel getal groter dan 0.")
        return
    reserves_gevraagd = record["reserves_requested"]
    if not isinstance(reserves_gevraagd, int) or reserves_gevraagd < 0:
        fout("Het aantal reserves in het verslag is geen goed getal.")
        return
    trekking = trek(verdeling, seed, reserves_gevraagd)
    if list(trekking.panel) == sorted(record["panel"]):
        goed(f"De trekking met seed {seed} geeft hetzelfde panel als in het verslag.")
    else:
        fout(f"De trekking met seed {seed} geeft een ander panel dan in het verslag staat.")
    if list(trekking.reserves) == list(record["reserves"]):
        goed(f"De trekking met seed {seed} geeft dezelfde reserves in dezelfde volgorde.")
    else:
        fout(f"De trekking met seed {seed} geeft andere reserves dan in het verslag staan.")

    per_persoon = verdeling.kans_per_persoon(list(invoer.personen))
    vastgelegd = record["probabilities"]
    if (
        abs(min(per_persoon.values()) - vastgelegd["min"]) <= KANS_TOLERANTIE
        and abs(max(per_persoon.values()) - vastgelegd["max"]) <= KANS_TOLERANTIE
    ):
        goed(
            f"De kleinste kans ({procent(min(per_persoon.values()))}) en de grootste kans "
            f"({procent(max(per_persoon.values()))}) kloppen met de verdeling."
        )
    else:
        fout("De kleinste of grootste kans in het verslag klopt niet met de verdeling.")

    eigen = versies()["python"]
    vastgelegde_python = record.get("versions", {}).get("python", "onbekend")
    if eigen != vastgelegde_python:
        goed(
            f"Let op: de loting draaide op Python {vastgelegde_python}, deze controle op {eigen}. "
            "Dat maakt voor de trekking niet uit."
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


def voorbeeld_pool(n: int, seed: int, panel_size: int | None = None) -> tuple[str, str]:
    """A synthetic pool of ``n`` volunteers and matching quotas: ``(people_csv, quotas_csv)``.

    Four features (leeftijdsgroep, gender, wijk = the stadsdelen of Nijmegen, opleiding).
    Quotas follow the population shares for a panel of ``panel_size`` (default n/10) with a
    margin of 10% (at least 1) and are clipped to what the pool can give. Same ``seed``, same
    files.
    """
    if n < 1:
        raise ValueError("n must be at least 1")
    k = panel_size if panel_size is not None else max(1, round(n / 10))
    rng = random.Random(seed)
    kenmerken = list(VOORBEELD_KENMERKEN)
    mensen: list[dict[str, str]] = []
    for i in range(1, n + 1):
        persoon = {"id": f"p{i:05d}"}
        for kenmerk, waarden in VOORBEELD_KENMERKEN.items():
            namen = [w for w, _, _ in waarden]
            gewichten = [pool for _, _, pool in waarden]
            persoon[kenmerk] = rng.choices(namen, gewichten)[0]
        mensen.append(persoon)
    personen = io.StringIO()
    schrijver = csv.writer(personen, lineterminator="\n")
    schrijver.writerow(["id", *kenmerken])
    for persoon in mensen:
        schrijver.writerow([persoon["id"], *(persoon[k] for k in kenmerken)])

    quota = io.StringIO()
    schrijver = csv.writer(quota, lineterminator="\n")
    schrijver.writerow(_QUOTA_KOLOMMEN)
    for kenmerk, waarden in VOORBEELD_KENMERKEN.items():
        for waarde, bevolking, _ in waarden:
            aanwezig = sum(1 for p in mensen if p[kenmerk] == waarde)
            doel = bevolking * k
            marge = max(1.0, 0.1 * doel)
            minimum = min(max(0, math.floor(doel - marge)), aanwezig)
            maximum = max(minimum, math.ceil(doel + marge))
            schrijver.writerow([kenmerk, waarde, minimum, maximum])
    return personen.getvalue(), quota.getvalue()
