"""Reading the uploaded CSV files: decoding (UTF-8, BOM, size), sniffing the separator, rows with
their line numbers, and the collector of B1 messages."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections import Counter

from open_nijmegen.inwonersberaad.loting.common import (
    MAX_BESTAND_BYTES,
    MAX_FOUTEN,
    MAX_GETAL,
    LotingInvoerFout,
    _,
    _getal,
    _naam,
)

_SCHEIDINGSTEKENS = (",", ";", "\t")


# --- CSV reading ---------------------------------------------------------------------------------


class _Fouten:
    """Collects messages, up to ``maximum`` (the rest is counted and summed up in one line).
    Also used for the address file of the recruitment (``werving.py``)."""

    def __init__(self, maximum: int = MAX_FOUTEN) -> None:
        self.lijst: list[str] = []
        self.overig = 0
        self.maximum = maximum

    def add(self, tekst: str) -> None:
        if len(self.lijst) < self.maximum:
            self.lijst.append(tekst)
        else:
            self.overig += 1

    def __bool__(self) -> bool:
        return bool(self.lijst)

    def alle(self) -> list[str]:
        if self.overig:
            return [*self.lijst, _("En nog %(n)s andere fouten.", n=_getal(self.overig))]
        return list(self.lijst)


def _decodeer(data: str | bytes, label: str, max_bytes: int = MAX_BESTAND_BYTES) -> tuple[str, str]:
    """Return (text without BOM, sha256 of the bytes). Raise LotingInvoerFout if unreadable.
    ``label`` names the file in the messages ("het quotabestand"): a msgid marked with ``N_``,
    translated here."""
    bestand = _naam(label)
    if isinstance(data, str):
        try:
            ruw = data.encode("utf-8")
        except UnicodeEncodeError:
            raise LotingInvoerFout(
                [_("%(bestand)s bevat tekens die we niet kunnen lezen.", bestand=bestand)]
            ) from None
    elif isinstance(data, bytes | bytearray):
        ruw = bytes(data)
    else:
        raise LotingInvoerFout([_("%(bestand)s ontbreekt.", bestand=bestand)])
    if len(ruw) > max_bytes:
        mb = max_bytes // (1024 * 1024)
        raise LotingInvoerFout(
            [
                _(
                    "%(bestand)s is te groot. Het mag hoogstens %(mb)s MB zijn.",
                    bestand=bestand,
                    mb=mb,
                )
            ]
        )
    try:
        tekst = ruw.decode("utf-8")
    except UnicodeDecodeError as error:
        regel = ruw[: error.start].count(b"\n") + 1
        raise LotingInvoerFout(
            [
                _(
                    "%(bestand)s is geen UTF-8-tekst. Het gaat mis op regel %(regel)s. "
                    "Sla het bestand in Excel op als 'CSV UTF-8' en probeer het opnieuw.",
                    bestand=bestand,
                    regel=regel,
                )
            ]
        ) from None
    tekst = tekst.removeprefix("\ufeff")
    if "\x00" in tekst:
        raise LotingInvoerFout(
            [
                _(
                    "%(bestand)s is geen CSV-bestand. Sla het op als CSV en probeer het opnieuw.",
                    bestand=bestand,
                )
            ]
        )
    if not tekst.strip():
        raise LotingInvoerFout([_("%(bestand)s is leeg.", bestand=bestand)])
    return tekst, hashlib.sha256(ruw).hexdigest()


def _kies_scheidingsteken(tekst: str) -> str:
    """Sniff the separator from the first non-empty line: the most frequent of , ; tab."""
    for regel in tekst.splitlines():
        if regel.strip():
            tellingen = [(regel.count(t), -i, t) for i, t in enumerate(_SCHEIDINGSTEKENS)]
            aantal, _plek, teken = max(tellingen)
            return teken if aantal else ","
    return ","


def _lees_csv(
    tekst: str, label: str, max_rijen: int
) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Read a CSV: (header cells stripped, [(line number, cells stripped)]). Skips empty rows."""
    bestand = _naam(label)
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
                        _(
                            "%(bestand)s heeft meer dan %(n)s regels. "
                            "Dat is te veel voor één loting.",
                            bestand=bestand,
                            n=_getal(max_rijen),
                        )
                    ]
                )
            rijen.append((lezer.line_num, cellen))
    except csv.Error:
        raise LotingInvoerFout(
            [
                _(
                    "%(bestand)s, regel %(regel)s: deze regel kunnen we niet lezen. "
                    'Kijk of de aanhalingstekens (") goed staan.',
                    bestand=bestand,
                    regel=lezer.line_num,
                )
            ]
        ) from None
    if kop is None:
        raise LotingInvoerFout([_("%(bestand)s is leeg.", bestand=bestand)])
    return kop, rijen


def _controleer_kop(kop: list[str], label: str, fouten: _Fouten) -> list[str]:
    """Lower-cased column names; reports empty and repeated names."""
    bestand = _naam(label)
    namen = [c.lower() for c in kop]
    for i, naam in enumerate(namen, start=1):
        if not naam:
            fouten.add(
                _(
                    "%(bestand)s: kolom %(i)s in de eerste regel heeft geen naam.",
                    bestand=bestand,
                    i=i,
                )
            )
    for naam, aantal in Counter(namen).items():
        if naam and aantal > 1:
            fouten.add(
                _(
                    "%(bestand)s heeft %(n)s kolommen met de naam '%(naam)s'.",
                    bestand=bestand,
                    n=aantal,
                    naam=naam,
                )
            )
    return namen


def _lees_geheel_getal(cel: str, kolom: str, waar: str, fouten: _Fouten) -> int | None:
    if cel == "":
        fouten.add(_("%(waar)s: %(kolom)s is leeg. Vul een heel getal in.", waar=waar, kolom=kolom))
        return None
    if re.fullmatch(r"[+-]?\d+", cel):
        getal = int(cel)
        if getal < 0:
            fouten.add(
                _(
                    "%(waar)s: %(kolom)s mag niet negatief zijn (nu: %(cel)s).",
                    waar=waar,
                    kolom=kolom,
                    cel=cel,
                )
            )
            return None
        if getal > MAX_GETAL:
            fouten.add(
                _("%(waar)s: %(kolom)s is te groot (nu: %(cel)s).", waar=waar, kolom=kolom, cel=cel)
            )
            return None
        return getal
    if re.fullmatch(r"[+-]?\d*[.,]\d+|[+-]?\d+[.,]\d*", cel):
        fouten.add(
            _(
                "%(waar)s: %(kolom)s moet een heel getal zijn (nu: %(cel)s).",
                waar=waar,
                kolom=kolom,
                cel=cel,
            )
        )
    else:
        fouten.add(
            _(
                "%(waar)s: %(kolom)s is geen getal (nu: %(cel)s).",
                waar=waar,
                kolom=kolom,
                cel=cel[:40],
            )
        )
    return None
