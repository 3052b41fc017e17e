"""Population figures uploaded by an officer for one peiling (issue 18 point 5), replacing the
approximate default of ``bevolking.BEVOLKING`` for the weighting of that peiling.

The file is a CSV with a row per wijk and a column per age group::

    wijk;16-24;25-44;45-64;65+
    Nijmegen-Centrum;3512;4188;2003;1497
    ...

Separator ``;``, ``,`` or a tab; UTF-8 (with or without BOM). Every wijk of ``bevolking.WIJKEN``
once, every age group once, whole numbers of 0 or more. Problems come back as B1 sentences
with the line number (``MargesFout``), at most ``MAX_FOUTEN`` of them.
"""

from __future__ import annotations

import csv
import io

from flask_babel import gettext as _

from open_nijmegen.peilingen import bevolking

MAX_BYTES = 64 * 1024
MAX_FOUTEN = 10
MAX_AANTAL = 10_000_000
_SEPARATORS = (";", ",", "\t")


class MargesFout(ValueError):
    def __init__(self, fouten: list[str]) -> None:
        super().__init__(" ".join(fouten))
        self.fouten = fouten


def _decode(data: bytes) -> str:
    if not data.strip():
        raise MargesFout([_("Het bestand is leeg.")])
    if len(data) > MAX_BYTES:
        raise MargesFout([_("Het bestand is te groot. Het mag hoogstens 64 kB zijn.")])
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        regel = data[: error.start].count(b"\n") + 1
        raise MargesFout(
            [
                _(
                    "Regel %(n)s: het bestand is geen UTF-8-tekst. Sla het in Excel op als "
                    "'CSV UTF-8' en probeer het opnieuw.",
                    n=regel,
                )
            ]
        ) from None


def _separator(first_line: str) -> str:
    return max(_SEPARATORS, key=first_line.count)


def lees(data: bytes) -> dict[str, dict[str, int]]:
    """The figures in the file as wijk -> age group -> residents, or ``MargesFout``."""
    text = _decode(data)
    lines = text.splitlines()
    rows = list(csv.reader(io.StringIO(text), delimiter=_separator(lines[0] if lines else "")))
    fouten: list[str] = []

    def fout(message: str) -> None:
        if len(fouten) < MAX_FOUTEN:
            fouten.append(message)

    header = [cell.strip() for cell in rows[0]] if rows else []
    if not header or header[0].casefold() != "wijk":
        raise MargesFout(
            [_("Regel 1: de eerste kolom moet 'wijk' heten. Kijk naar het voorbeeld hieronder.")]
        )
    kolommen: dict[str, int] = {}
    for i, name in enumerate(header[1:], start=1):
        if name not in bevolking.LEEFTIJDEN:
            fout(
                _(
                    "Regel 1: de kolom '%(k)s' kennen wij niet. Gebruik deze kolommen: %(lijst)s.",
                    k=name[:40],
                    lijst=", ".join(bevolking.LEEFTIJDEN),
                )
            )
        elif name in kolommen:
            fout(_("Regel 1: de kolom '%(k)s' staat er twee keer in.", k=name))
        else:
            kolommen[name] = i
    for name in bevolking.LEEFTIJDEN:
        if name not in kolommen and name not in header:
            fout(_("Regel 1: de kolom '%(k)s' ontbreekt.", k=name))
    found: dict[str, dict[str, int]] = {}
    first_line: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        wijk = row[0].strip()
        if wijk not in bevolking.WIJKEN:
            fout(
                _(
                    "Regel %(n)s: '%(w)s' is geen wijk die wij kennen. Schrijf de naam zoals "
                    "in het voorbeeld.",
                    n=number,
                    w=wijk[:60],
                )
            )
            continue
        if wijk in first_line:
            fout(
                _(
                    "Regel %(n)s: de wijk %(w)s staat er al in (op regel %(eerder)s).",
                    n=number,
                    w=wijk,
                    eerder=first_line[wijk],
                )
            )
            continue
        first_line[wijk] = number
        cells: dict[str, int] = {}
        for name, index in kolommen.items():
            raw = row[index].strip().replace(".", "").replace(" ", "") if index < len(row) else ""
            if not raw:
                fout(_("Regel %(n)s: bij %(k)s staat geen getal.", n=number, k=name))
            elif not (raw.isascii() and raw.isdigit()) or int(raw) > MAX_AANTAL:
                fout(
                    _(
                        "Regel %(n)s: bij %(k)s staat '%(v)s'. Vul een heel getal in, zoals 3500.",
                        n=number,
                        k=name,
                        v=row[index].strip()[:20],
                    )
                )
            else:
                cells[name] = int(raw)
        found[wijk] = cells
    for wijk in bevolking.WIJKEN:
        if wijk not in first_line:
            fout(_("De wijk %(w)s ontbreekt. Zet er een regel voor in het bestand.", w=wijk))
    if not fouten:
        for name in bevolking.LEEFTIJDEN:
            if sum(found[w][name] for w in bevolking.WIJKEN) <= 0:
                fout(_("In de kolom %(k)s staan alleen nullen. Dan kan wegen niet.", k=name))
        if any(sum(found[w].values()) <= 0 for w in bevolking.WIJKEN):
            empty = next(w for w in bevolking.WIJKEN if sum(found[w].values()) <= 0)
            fout(
                _(
                    "Regel %(n)s: bij %(w)s staan alleen nullen. Dan kan wegen niet.",
                    n=first_line[empty],
                    w=empty,
                )
            )
    if fouten:
        raise MargesFout(fouten)
    return {w: {a: found[w][a] for a in bevolking.LEEFTIJDEN} for w in bevolking.WIJKEN}


def voorbeeld() -> str:
    """The default figures in the file format: an example to start from."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(["wijk", *bevolking.LEEFTIJDEN])
    for wijk in bevolking.WIJKEN:
        writer.writerow([wijk, *(bevolking.BEVOLKING[wijk][a] for a in bevolking.LEEFTIJDEN)])
    return out.getvalue()
