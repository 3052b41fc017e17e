"""``flask loting verify PEOPLE.csv QUOTAS.csv RECORD.json``: check a published lottery record
against the input files. Prints the findings; exits 1 when a check fails."""

from __future__ import annotations

import json
import sys

import click
from flask import Flask


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
