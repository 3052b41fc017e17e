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
    _getal,
    _hoofdletter,
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
            return [*self.lijst, f"En nog {_getal(self.overig)} andere fouten."]
        return list(self.lijst)


def _decodeer(data: str | bytes, label: str, max_bytes: int = MAX_BESTAND_BYTES) -> tuple[str, str]:
    """Return (text without BOM, sha256 of the bytes). Raise LotingInvoerFout if unreadable.
    ``label`` names the file in the messages ("het quotabestand")."""
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
    if len(ruw) > max_bytes:
        mb = max_bytes // (1024 * 1024)
        raise LotingInvoerFout(
            [f"{_hoofdletter(label)} is te groot. Het mag hoogstens {mb} MB zijn."]
        )
    try:
        tekst = ruw.decode("utf-8")
    except UnicodeDecodeError as error:
        regel = ruw[: error.start].count(b"\n") + 1
        raise LotingInvoerFout(
            [
                f"{_hoofdletter(label)} is geen UTF-8-tekst. Het gaat mis op regel {regel}. "
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
