"""Stage 1 of the recruitment (werving): the uniform draw of addresses to invite.

Pure Python: no Flask, no database. The officer page and ``flask loting verify-adressen`` call
these functions, so the site and an auditor compute the same draw.

Input
=====
The BRP address extract as CSV, UTF-8 (a BOM is accepted), separated by ``,`` or ``;`` or a tab
(the most frequent of these in the first line). A header line with exactly the columns
``adres_id``, ``postcode``, ``huisnummer``, ``wijk`` (any order, case and spaces do not matter).
No other column: an extract must hold no names, so an extra column is refused.

* ``adres_id``: 1-40 characters ``A-Z a-z 0-9 - _`` (the BRP address key), unique in the file.
* ``postcode``: a Dutch postcode ``1234 AB`` (stored as ``1234AB``).
* ``huisnummer``: a number with an optional addition (``12``, ``12A``, ``12-2``).
* ``wijk``: the name of the district, not empty.
* One address (postcode + huisnummer) may occur only once.

``parse_adressen`` raises ``AdresInvoerFout`` with short B1 messages with line numbers; then
nothing is drawn and nothing is stored.

The draw
========
Reproducible from (file, seed, method) alone, Python 3.11+:

1. The rows sorted by ``adres_id`` (Python string order; the ids are ASCII).
2. ``rng = random.Random(seed)`` (Mersenne Twister; stable for integer seeds). The seed is a
   whole number 0 <= seed < 2**53 (safe in JSON for every language).
3. Method ``uniform`` (alle adressen samen): ``rng.sample(ids, N)`` over the sorted ids.
   Every set of N addresses is equally likely.
4. Method ``per_wijk`` (per wijk naar verhouding): wijk w with c_w of the T addresses gets
   ``floor(N * c_w / T)`` places; the places left go one each to the wijken with the largest
   remainder ``N * c_w mod T`` (ties: wijk name in Python string order). Then, wijk by wijk in
   name order and with the same ``rng``: ``rng.sample(ids of the wijk, sorted, places)``.
5. The drawn ids are stored sorted. ``getrokken_sha256`` is the SHA-256 of the sorted ids
   joined with ``\\n`` (it stays when the list itself is deleted after the retention term).

The record
==========
A JSON object (``maak_verslag``) with the input SHA-256, the number of addresses, the seed, the
method, N, the places per wijk, the drawn ids and ``controle``: the SHA-256 of the canonical
JSON of all other fields. The file is written in canonical form (``verslag_json``: sorted keys,
no spaces, UTF-8), so ``verify`` can tell that any byte of it changed.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import random
import re
import secrets
from dataclasses import dataclass, field
from typing import Any

from open_nijmegen.core.i18n import N_
from open_nijmegen.inwonersberaad.loting.common import LotingInvoerFout
from open_nijmegen.inwonersberaad.loting.csvbestand import _decodeer as _decodeer_csv
from open_nijmegen.inwonersberaad.loting.csvbestand import _Fouten, _kies_scheidingsteken

MAX_BESTAND_BYTES = 20 * 1024 * 1024
MAX_ADRESSEN = 200_000
MAX_FOUTEN = 20
MAX_SEED = 2**53
SOORT = "open-nijmegen/werving-adressen"
VERSIE = 1

UNIFORM = "uniform"
PER_WIJK = "per_wijk"
METHODEN = (UNIFORM, PER_WIJK)
METHODE_LABELS = {UNIFORM: "Alle adressen samen", PER_WIJK: "Per wijk naar verhouding"}

KOLOMMEN = ("adres_id", "postcode", "huisnummer", "wijk")
_ID = re.compile(r"[A-Za-z0-9_-]{1,40}")
_POSTCODE = re.compile(r"([1-9][0-9]{3}) ?([A-Za-z]{2})")
_HUISNUMMER = re.compile(r"[1-9][0-9]{0,4}([ -]?[A-Za-z0-9]{1,6})?")

VOORBEELD = (
    list(KOLOMMEN),
    [
        ["A0001", "6511 AB", "12", "Centrum"],
        ["A0002", "6511 AB", "14A", "Centrum"],
        ["A0003", "6524 CD", "3", "Oost"],
    ],
)


class AdresInvoerFout(Exception):
    """The address file cannot be used; ``errors`` are B1 messages (with line numbers)."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class Adres:
    adres_id: str
    postcode: str
    huisnummer: str
    wijk: str
    regel: int = 0

    def als_dict(self) -> dict[str, str]:
        return {
            "adres_id": self.adres_id,
            "postcode": self.postcode,
            "huisnummer": self.huisnummer,
            "wijk": self.wijk,
        }


@dataclass
class Adressen:
    rijen: list[Adres]
    sha256: str

    def per_wijk(self) -> dict[str, int]:
        tel: dict[str, int] = {}
        for rij in self.rijen:
            tel[rij.wijk] = tel.get(rij.wijk, 0) + 1
        return dict(sorted(tel.items()))


def _kolomnaam(tekst: str) -> str:
    return re.sub(r"[\s_-]+", "_", tekst.strip().lower())


def _decodeer(data: bytes) -> str:
    """The file as text: the lottery's reader (size, UTF-8 with the line, BOM, binary, empty)
    with this file's limit; its messages become ``AdresInvoerFout``."""
    try:
        tekst, _sha = _decodeer_csv(data, N_("het bestand"), max_bytes=MAX_BESTAND_BYTES)
    except LotingInvoerFout as fout:
        raise AdresInvoerFout(fout.errors) from None
    return tekst


def _kop(kop: list[str]) -> dict[str, int]:
    namen = [_kolomnaam(k) for k in kop]
    fouten = []
    ontbreekt = [k for k in KOLOMMEN if k not in namen]
    extra = [kop[i] for i, n in enumerate(namen) if n not in KOLOMMEN]
    dubbel = sorted({n for n in namen if namen.count(n) > 1 and n in KOLOMMEN})
    if ontbreekt:
        fouten.append("Regel 1: deze kolommen ontbreken: " + ", ".join(ontbreekt) + ".")
    if extra:
        fouten.append(
            "Regel 1: deze kolommen horen er niet in: "
            + ", ".join(e[:40] or "(leeg)" for e in extra[:5])
            + ". Het bestand mag alleen adres_id, postcode, huisnummer en wijk hebben. "
            "Zet er geen namen in."
        )
    if dubbel:
        fouten.append("Regel 1: deze kolommen staan er twee keer in: " + ", ".join(dubbel) + ".")
    if fouten:
        raise AdresInvoerFout(fouten)
    return {n: namen.index(n) for n in KOLOMMEN}


def parse_adressen(data: bytes) -> Adressen:
    """Read and check the address file, or raise ``AdresInvoerFout``."""
    if not isinstance(data, bytes | bytearray):
        raise AdresInvoerFout(["Het bestand ontbreekt."])
    ruw = bytes(data)
    tekst = _decodeer(ruw)
    lezer = csv.reader(
        io.StringIO(tekst, newline=""), delimiter=_kies_scheidingsteken(tekst), strict=True
    )
    fouten = _Fouten(MAX_FOUTEN)
    kop: dict[str, int] | None = None
    rijen: list[Adres] = []
    ids: dict[str, int] = {}
    adressen: dict[tuple[str, str], int] = {}
    try:
        for cellen in lezer:
            cellen = [c.strip() for c in cellen]
            if not any(cellen):
                continue
            regel = lezer.line_num
            if kop is None:
                kop = _kop(cellen)
                aantal_kolommen = len(cellen)
                continue
            if len(rijen) >= MAX_ADRESSEN:
                raise AdresInvoerFout(
                    [f"Het bestand heeft meer dan {MAX_ADRESSEN} adressen. Dat is te veel."]
                )
            if len(cellen) != aantal_kolommen:
                fouten.add(
                    f"Regel {regel}: deze regel heeft {len(cellen)} vakjes, er horen er "
                    f"{aantal_kolommen} te zijn."
                )
                continue
            adres = _rij(cellen, kop, regel, fouten)
            if adres is None:
                continue
            if adres.adres_id in ids:
                fouten.add(
                    f"Regel {regel}: adres_id {adres.adres_id} staat ook op regel "
                    f"{ids[adres.adres_id]}. Elk adres mag maar één keer in het bestand."
                )
                continue
            sleutel = (adres.postcode, adres.huisnummer.upper())
            if sleutel in adressen:
                fouten.add(
                    f"Regel {regel}: dit adres ({adres.postcode} {adres.huisnummer}) staat ook "
                    f"op regel {adressen[sleutel]}."
                )
                continue
            ids[adres.adres_id] = regel
            adressen[sleutel] = regel
            rijen.append(adres)
    except csv.Error:
        raise AdresInvoerFout(
            [
                f"Regel {lezer.line_num}: deze regel kunnen we niet lezen. Kijk of de "
                'aanhalingstekens (") goed staan.'
            ]
        ) from None
    if kop is None:
        raise AdresInvoerFout(["Het bestand is leeg."])
    if fouten.lijst:
        raise AdresInvoerFout(fouten.alle())
    if not rijen:
        raise AdresInvoerFout(["Het bestand heeft geen adressen, alleen een kopregel."])
    return Adressen(rijen=rijen, sha256=hashlib.sha256(ruw).hexdigest())


def _rij(cellen: list[str], kop: dict[str, int], regel: int, fouten: _Fouten) -> Adres | None:
    adres_id = cellen[kop["adres_id"]]
    postcode = cellen[kop["postcode"]]
    huisnummer = cellen[kop["huisnummer"]]
    wijk = " ".join(cellen[kop["wijk"]].split())
    goed = True
    if not _ID.fullmatch(adres_id):
        fouten.add(
            f"Regel {regel}: de adres_id is leeg of heeft andere tekens dan letters, cijfers, "
            "- en _ (hoogstens 40)."
        )
        goed = False
    gevonden = _POSTCODE.fullmatch(postcode)
    if not gevonden:
        fouten.add(f"Regel {regel}: de postcode is niet goed. Schrijf hem zo: 1234 AB.")
        goed = False
    if not _HUISNUMMER.fullmatch(huisnummer):
        fouten.add(f"Regel {regel}: het huisnummer is niet goed. Schrijf het zo: 12 of 12A.")
        goed = False
    if not wijk or len(wijk) > 80 or not wijk.isprintable():
        fouten.add(f"Regel {regel}: de wijk is leeg of te lang (hoogstens 80 tekens).")
        goed = False
    if not goed or gevonden is None:
        return None
    return Adres(
        adres_id=adres_id,
        postcode=gevonden.group(1) + gevonden.group(2).upper(),
        huisnummer=huisnummer,
        wijk=wijk,
        regel=regel,
    )


def new_seed() -> int:
    return secrets.randbelow(MAX_SEED)


def plaatsen_per_wijk(tellingen: dict[str, int], aantal: int) -> dict[str, int]:
    """Largest-remainder rounding of ``aantal`` over the wijken, in proportion to their size.
    Ties in the remainder go to the wijk whose name comes first."""
    totaal = sum(tellingen.values())
    if totaal <= 0:
        return {}
    namen = sorted(tellingen)
    plaatsen = {w: aantal * tellingen[w] // totaal for w in namen}
    over = aantal - sum(plaatsen.values())
    volgorde = sorted(namen, key=lambda w: (-(aantal * tellingen[w] % totaal), w))
    for wijk in volgorde[:over]:
        plaatsen[wijk] += 1
    return plaatsen


def check_aantal(adressen: Adressen, aantal: int) -> None:
    if aantal < 1:
        raise AdresInvoerFout(["Vul een aantal adressen groter dan 0 in."])
    if aantal > len(adressen.rijen):
        raise AdresInvoerFout(
            [
                f"U wilt {aantal} adressen trekken, maar het bestand heeft er maar "
                f"{len(adressen.rijen)}."
            ]
        )


def trek(adressen: Adressen, aantal: int, seed: int, methode: str) -> list[str]:
    """The drawn ``adres_id`` values, sorted. See the module docstring for the exact steps."""
    if methode not in METHODEN:
        raise AdresInvoerFout(["Deze manier van trekken kennen we niet."])
    if not 0 <= seed < MAX_SEED:
        raise AdresInvoerFout(["Het startgetal moet een heel getal zijn, kleiner dan 2^53."])
    check_aantal(adressen, aantal)
    rng = random.Random(seed)
    if methode == UNIFORM:
        ids = sorted(a.adres_id for a in adressen.rijen)
        return sorted(rng.sample(ids, aantal))
    plaatsen = plaatsen_per_wijk(adressen.per_wijk(), aantal)
    getrokken: list[str] = []
    for wijk in sorted(plaatsen):
        ids = sorted(a.adres_id for a in adressen.rijen if a.wijk == wijk)
        getrokken.extend(rng.sample(ids, plaatsen[wijk]))
    return sorted(getrokken)


def lijst_sha256(ids: list[str]) -> str:
    return hashlib.sha256("\n".join(sorted(ids)).encode("utf-8")).hexdigest()


def _canoniek(data: dict[str, Any]) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _controle(data: dict[str, Any]) -> str:
    rest = {k: v for k, v in data.items() if k != "controle"}
    return hashlib.sha256(_canoniek(rest).encode("utf-8")).hexdigest()


def maak_verslag(
    adressen: Adressen, aantal: int, seed: int, methode: str, getrokken: list[str], gemaakt_op: str
) -> dict[str, Any]:
    tellingen = adressen.per_wijk()
    getrokken_set = set(getrokken)
    per_wijk_getrokken = dict.fromkeys(tellingen, 0)
    for rij in adressen.rijen:
        if rij.adres_id in getrokken_set:
            per_wijk_getrokken[rij.wijk] += 1
    data: dict[str, Any] = {
        "soort": SOORT,
        "versie": VERSIE,
        "methode": methode,
        "uitleg": (
            "Adressen gesorteerd op adres_id; random.Random(seed) van Python; "
            + (
                "sample(ids, aantal)."
                if methode == UNIFORM
                else "plaatsen per wijk met de grootste-restmethode, dan per wijk op "
                "naam sample(ids van de wijk, plaatsen)."
            )
        ),
        "invoer_sha256": adressen.sha256,
        "aantal_adressen": len(adressen.rijen),
        "aantal": aantal,
        "seed": seed,
        "wijken": {
            w: {"adressen": tellingen[w], "getrokken": per_wijk_getrokken[w]} for w in tellingen
        },
        "getrokken": sorted(getrokken),
        "getrokken_sha256": lijst_sha256(getrokken),
        "gemaakt_op": gemaakt_op,
    }
    data["controle"] = _controle(data)
    return data


def zonder_lijst(data: dict[str, Any]) -> dict[str, Any]:
    """The record after the retention term: the drawn ids removed, their hash kept."""
    kopie = {k: v for k, v in data.items() if k != "controle"}
    kopie["getrokken"] = None
    kopie["controle"] = _controle(kopie)
    return kopie


def verslag_json(data: dict[str, Any]) -> str:
    return _canoniek(data)


@dataclass
class Bevinding:
    ok: bool
    tekst: str


@dataclass
class Controle:
    bevindingen: list[Bevinding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.bevindingen) and all(b.ok for b in self.bevindingen)

    def add(self, ok: bool, tekst: str) -> bool:
        self.bevindingen.append(Bevinding(ok, tekst))
        return ok


def verify(csv_bytes: bytes, verslag_bytes: bytes) -> Controle:
    """Recompute the draw from the file and the record; every finding in B1 Dutch."""
    uit = Controle()
    try:
        data = json.loads(verslag_bytes.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        uit.add(False, "Het verslag is geen leesbaar JSON-bestand.")
        return uit
    velden = {"soort", "methode", "invoer_sha256", "aantal", "seed", "getrokken_sha256"}
    if not isinstance(data, dict) or data.get("soort") != SOORT or not velden <= set(data):
        uit.add(False, "Dit is geen verslag van een trekking van adressen.")
        return uit
    uit.add(
        data.get("controle") == _controle(data)
        and verslag_bytes.decode("utf-8") == verslag_json(data),
        "Het verslag is niet veranderd sinds de site het maakte."
        if data.get("controle") == _controle(data)
        and verslag_bytes.decode("utf-8") == verslag_json(data)
        else "Het verslag is veranderd: het is niet meer precies zoals de site het maakte.",
    )
    sha = hashlib.sha256(csv_bytes).hexdigest()
    if not uit.add(
        sha == data["invoer_sha256"],
        "Het adressenbestand is hetzelfde bestand als bij de trekking."
        if sha == data["invoer_sha256"]
        else "Het adressenbestand is niet hetzelfde bestand als bij de trekking.",
    ):
        return uit
    try:
        adressen = parse_adressen(csv_bytes)
        aantal, seed, methode = data["aantal"], data["seed"], data["methode"]
        if not (isinstance(aantal, int) and isinstance(seed, int) and methode in METHODEN):
            raise AdresInvoerFout(
                ["Het verslag heeft een aantal, startgetal of manier die niet klopt."]
            )
        opnieuw = trek(adressen, aantal, seed, methode)
    except AdresInvoerFout as fout:
        uit.add(False, "De trekking kan niet opnieuw: " + " ".join(fout.errors))
        return uit
    lijst = data.get("getrokken")
    if isinstance(lijst, list):
        gelijk = sorted(opnieuw) == lijst and lijst_sha256(lijst) == data["getrokken_sha256"]
    else:
        gelijk = lijst_sha256(opnieuw) == data["getrokken_sha256"]
    uit.add(
        gelijk,
        f"Opnieuw getrokken: dezelfde {len(opnieuw)} adressen."
        if gelijk
        else "Opnieuw getrokken: er komen andere adressen uit dan in het verslag.",
    )
    return uit
