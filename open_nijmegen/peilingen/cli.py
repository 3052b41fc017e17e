"""``flask --app open_nijmegen peilingen codes PEILING_ID N [--out FILE]``: N new one-time codes
for the panel of a peiling, as a CSV (``volgnummer;code;link``) for a mail merge, on the
screen or in FILE. Only the keyed hash is stored (``core.codes``): the codes exist in plain
text only in this CSV."""

from __future__ import annotations

import os
import sys

import click
from flask import Flask


def register_cli(app: Flask) -> None:
    @app.cli.group("peilingen")
    def peilingen() -> None:
        """Peilingen en enquêtes."""

    @peilingen.command("codes")
    @click.argument("peiling_id", type=int)
    @click.argument("aantal", type=int)
    @click.option("--out", "out", type=click.Path(dir_okay=False), help="Schrijf de CSV hierin.")
    def codes_command(peiling_id: int, aantal: int, out: str | None) -> None:
        """Maak nieuwe codes voor het panel van een peiling (CSV, de codes maar één keer)."""
        from open_nijmegen.core.audit import record_audit
        from open_nijmegen.core.codes import MAX_PER_BATCH, codes_csv, make_codes
        from open_nijmegen.extensions import db
        from open_nijmegen.peilingen.models import Doelgroep, Peiling, Staat
        from open_nijmegen.peilingen.services import CODE_OWNER

        peiling = db.session.get(Peiling, peiling_id)
        if peiling is None:
            click.echo(f"FOUT: er is geen peiling met nummer {peiling_id}.", err=True)
            sys.exit(1)
        if peiling.doelgroep != Doelgroep.PANEL:
            click.echo("FOUT: deze peiling is voor accounts, niet voor een panel.", err=True)
            sys.exit(1)
        if peiling.staat() == Staat.GESLOTEN:
            click.echo("FOUT: deze peiling is gesloten.", err=True)
            sys.exit(1)
        if not 1 <= aantal <= MAX_PER_BATCH:
            click.echo(f"FOUT: vul een aantal codes in van 1 tot {MAX_PER_BATCH}.", err=True)
            sys.exit(1)
        if out and os.path.exists(out):
            click.echo("FOUT: dat bestand bestaat al. Kies een nieuwe naam.", err=True)
            sys.exit(1)
        base = app.config.get("BASE_URL", "").rstrip("/")
        link = f"{base}/peilingen/{peiling.id}/code"
        made = make_codes(CODE_OWNER, peiling.id, aantal)
        body = codes_csv(made, lambda _code: link)
        if out:
            with open(out, "x", encoding="utf-8", newline="") as handle:
                handle.write(body)
        record_audit(None, "peiling.codes_gemaakt", peiling, aantal=aantal)
        db.session.commit()
        if out:
            click.echo(f"{aantal} codes geschreven naar {out}.", err=True)
        else:
            click.echo(body, nl=False)
