"""The ``flask loting`` commands.

* ``flask loting verify PEOPLE.csv QUOTAS.csv RECORD.json``: check a published lottery record
  against the input files. Prints the findings; exits 1 when a check fails.
* ``flask loting trek PEOPLE.csv QUOTAS.csv --panel N [--reserves R] [--methode maximin|leximin]
  [--uniform M] [--seed S] --out RECORD.json``: the auditor's lottery. Same parsing, solver, draw and record as
  the site (``parse_input``, ``run_loting``, ``LotingResult.to_public_dict``, ``public_json``), so
  ``flask loting verify`` accepts the record. Bad input or quotas that cannot be met: B1 Dutch
  messages (with line numbers for the files) and exit 1; no record is written then.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
import tempfile

import click
from flask import Flask


def _fout(tekst: str) -> None:
    click.echo("FOUT " + tekst, err=True)


def _geheel_getal(waarde: str, laagste: int, hoogste: int | None = None) -> int | None:
    """The whole number in ``waarde`` if it lies in [laagste, hoogste], else None."""
    tekst = waarde.strip()
    if not re.fullmatch(r"[+-]?[0-9]{1,18}", tekst):
        return None
    getal = int(tekst)
    if getal < laagste or (hoogste is not None and getal > hoogste):
        return None
    return getal


def _lees(pad: str, label: str) -> bytes | None:
    try:
        with open(pad, "rb") as handle:
            return handle.read()
    except IsADirectoryError:
        _fout(f"'{pad}' is een map. Geef {label} op.")
    except OSError:
        _fout(f"We kunnen {label} niet openen: '{pad}'. Kijk of de naam goed is.")
    return None


def _zelfde_bestand(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


def _schrijf(pad: str, tekst: str) -> bool:
    """Write ``tekst`` to ``pad`` in one step (a temporary file next to it, then a rename)."""
    map_ = os.path.dirname(os.path.abspath(pad))
    try:
        fd, tijdelijk = tempfile.mkstemp(dir=map_, prefix=".loting-", suffix=".json")
    except OSError:
        return False
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(tekst)
        os.replace(tijdelijk, pad)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tijdelijk)
        return False
    return True


def register_cli(app: Flask) -> None:
    @app.cli.group("loting", help="De loting van het inwonersberaad.")
    def loting() -> None:
        pass

    @loting.command("verify")
    @click.argument("people", type=click.Path(exists=True, dir_okay=False))
    @click.argument("quotas", type=click.Path(exists=True, dir_okay=False))
    @click.argument("record", type=click.Path(exists=True, dir_okay=False))
    def verify_command(people: str, quotas: str, record: str) -> None:
        """Controleer een verslag van een loting met de bestanden van de loting."""
        from open_nijmegen.inwonersberaad.loting import verify

        with open(people, "rb") as handle:
            people_bytes = handle.read()
        with open(quotas, "rb") as handle:
            quotas_bytes = handle.read()
        try:
            with open(record, encoding="utf-8") as handle:
                data = json.load(handle)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            click.echo("FOUT: het verslag is geen leesbaar JSON-bestand.")
            sys.exit(1)
        if not isinstance(data, dict):
            click.echo("FOUT: het verslag heeft niet de goede vorm.")
            sys.exit(1)
        report = verify(people_bytes, quotas_bytes, data)
        for finding in report.bevindingen:
            click.echo(("OK   " if finding.ok else "FOUT ") + finding.tekst)
        if report.ok:
            click.echo("De loting is gecontroleerd: alles klopt.")
        else:
            click.echo("De controle vond fouten.")
            sys.exit(1)

    @loting.command("trek")
    @click.argument("people", required=False)
    @click.argument("quotas", required=False)
    @click.option("--panel", "panel", default=None, help="Het aantal plaatsen in het panel.")
    @click.option("--reserves", "reserves", default="0", help="Het aantal reserves (standaard 0).")
    @click.option(
        "--methode",
        "methode",
        default="maximin",
        help="De methode: maximin (standaard) of leximin.",
    )
    @click.option(
        "--uniform",
        "uniform",
        default=None,
        help="Maak eerst M panels met gelijke kans en kies daaruit met de seed.",
    )
    @click.option("--seed", "seed", default=None, help="De seed (standaard: een nieuwe).")
    @click.option("--out", "out", default=None, help="Het bestand voor het verslag (JSON).")
    def trek_command(
        people: str | None,
        quotas: str | None,
        panel: str | None,
        reserves: str,
        methode: str,
        uniform: str | None,
        seed: str | None,
        out: str | None,
    ) -> None:
        """Doe een loting met twee CSV-bestanden en schrijf het verslag, net als de site."""
        from open_nijmegen.inwonersberaad import loting as lot

        # 1. The command line, all problems at once.
        fouten: list[str] = []
        if not people or not quotas:
            fouten.append(
                "Geef twee bestanden op: eerst het bestand met aanmeldingen, dan het quotabestand."
            )
        panelgrootte = reservegetal = seedgetal = uniform_m = None
        if panel is None:
            fouten.append("Geef met --panel op hoeveel plaatsen het panel heeft.")
        elif (panelgrootte := _geheel_getal(panel, 1)) is None:
            fouten.append(f"Bij --panel staat '{panel[:40]}'. Vul een heel getal van 1 of meer in.")
        if (reservegetal := _geheel_getal(reserves, 0)) is None:
            fouten.append(
                f"Bij --reserves staat '{reserves[:40]}'. Vul een heel getal van 0 of meer in."
            )
        if methode not in lot.ALGORITMES:
            fouten.append(f"De methode '{methode[:40]}' kennen we niet. Kies maximin of leximin.")
        if (
            uniform is not None
            and (uniform_m := _geheel_getal(uniform, lot.uniform.MIN_M, lot.uniform.MAX_M)) is None
        ):
            hoogste = f"{lot.uniform.MAX_M:,}".replace(",", ".")
            fouten.append(
                f"Bij --uniform staat '{uniform[:40]}'. "
                f"Vul een heel getal van {lot.uniform.MIN_M} tot en met {hoogste} in."
            )
        if (
            seed is not None
            and (seedgetal := _geheel_getal(seed, 1, lot.SEED_BOVENGRENS - 1)) is None
        ):
            hoogste = f"{lot.SEED_BOVENGRENS - 1:,}".replace(",", ".")
            fouten.append(
                f"Bij --seed staat '{seed[:40]}'. Vul een heel getal van 1 tot en met {hoogste} in."
            )
        if not out:
            fouten.append("Geef met --out op in welk bestand het verslag moet komen.")
        elif any(pad and _zelfde_bestand(out, pad) for pad in (people, quotas)):
            fouten.append(
                "Bij --out staat een van de twee invoerbestanden. Kies een ander bestand, "
                "anders schrijven we eroverheen."
            )
        if fouten:
            for tekst in fouten:
                _fout(tekst)
            sys.exit(1)
        assert people and quotas and out and panelgrootte is not None and reservegetal is not None

        # 2. The files: read as bytes, so the SHA-256 is of the real files.
        people_bytes = _lees(people, "het bestand met aanmeldingen")
        quotas_bytes = _lees(quotas, "het quotabestand")
        if people_bytes is None or quotas_bytes is None:
            sys.exit(1)

        # 3. The lottery, with the site's own code.
        try:
            invoer = lot.parse_input(
                people_bytes, quotas_bytes, panel_size=panelgrootte, reserves=reservegetal
            )
            resultaat = lot.run_loting(
                invoer,
                panelgrootte,
                reservegetal,
                seed=seedgetal,
                algorithm=methode,
                uniform_m=uniform_m,
            )
        except lot.LotingInvoerFout as fout:
            for tekst in fout.errors:
                _fout(tekst)
            _fout("De loting is niet gedaan. Er is geen verslag gemaakt.")
            sys.exit(1)
        except Exception:
            _fout("Er ging iets mis bij het rekenen. Er is geen verslag gemaakt.")
            sys.exit(1)

        # 4. The record, in the format the site publishes.
        if not _schrijf(out, lot.public_json(resultaat.to_public_dict()) + "\n"):
            _fout(f"We kunnen het verslag niet opslaan in '{out}'. Kijk of de map bestaat.")
            sys.exit(1)
        kansen = resultaat.kansen
        click.echo("De loting is klaar.")
        click.echo(f"Seed: {resultaat.seed}")
        if resultaat.uniform is not None:
            m = resultaat.uniform.m
            click.echo(
                f"Uit {m} panels met gelijke kans is panel {resultaat.trekking.panel_index + 1} "
                f"gekozen (seed gedeeld door {m}, de rest plus 1)."
            )
            click.echo(
                "De kansen wijken hoogstens "
                f"{lot.procent(resultaat.uniform.max_afwijking)} af van de verdeling."
            )
            if not resultaat.uniform.binnen_een_m:
                click.echo(f"Let op: dat is meer dan 1 gedeeld door {m} ({lot.procent(1 / m)}).")
        click.echo(f"Panel ({len(resultaat.panel)} mensen): {', '.join(resultaat.panel)}")
        if resultaat.reserves:
            click.echo(
                f"Reserves op volgorde ({len(resultaat.reserves)}): {', '.join(resultaat.reserves)}"
            )
        click.echo(
            f"Kleinste kans: {lot.procent(kansen.minimum)}. "
            f"Grootste kans: {lot.procent(kansen.maximum)}."
        )
        for tekst in resultaat.waarschuwingen:
            click.echo("Let op: " + tekst)
        click.echo(f"Het verslag staat in {out}.")
        click.echo(
            f"Controleer het met: flask --app open_nijmegen loting verify {people} {quotas} {out}"
        )

    from open_nijmegen.inwonersberaad.werving_cli import register_werving_cli

    register_werving_cli(app, loting)
