"""Commands for stage 1 of the recruitment:

* ``flask loting verify-adressen RECORD.json ADDRESSES.csv``: redo the address draw from the
  file and the record; exit 0 when everything matches, 1 otherwise.
* ``flask inwonersberaad codes BERAAD_ID N``: N new one-time codes for the registration of that
  beraad, as a CSV on stdout for an outside mail merge. Only the keyed hash is stored
  (``core.codes``); the codes are printed once and never again. With ``--trekking ID``: one
  code per drawn address of that draw, with the address, for a print house.
"""

from __future__ import annotations

import sys

import click
from flask import Flask

CODE_OWNER = "inwonersberaad"


def register_werving_cli(app: Flask, loting: click.Group) -> None:
    @loting.command("verify-adressen")
    @click.argument("record", type=click.Path(exists=True, dir_okay=False))
    @click.argument("addresses", type=click.Path(exists=True, dir_okay=False))
    def verify_adressen(record: str, addresses: str) -> None:
        """Controleer een trekking van adressen met het verslag en het adressenbestand."""
        from open_nijmegen.inwonersberaad.werving import verify

        with open(record, "rb") as handle:
            record_bytes = handle.read()
        with open(addresses, "rb") as handle:
            csv_bytes = handle.read()
        report = verify(csv_bytes, record_bytes)
        for finding in report.bevindingen:
            click.echo(("OK   " if finding.ok else "FOUT ") + finding.tekst)
        if report.ok:
            click.echo("De trekking is gecontroleerd: alles klopt.")
        else:
            click.echo("De controle vond fouten: de trekking klopt niet met deze bestanden.")
            sys.exit(1)

    @app.cli.group("inwonersberaad", help="Het inwonersberaad: werving.")
    def inwonersberaad() -> None:
        pass

    @inwonersberaad.command("codes")
    @click.argument("beraad_id", type=int)
    @click.argument("aantal", type=int, required=False)
    @click.option("--trekking", "trekking_id", type=int, help="Eén code per getrokken adres.")
    def codes_command(beraad_id: int, aantal: int | None, trekking_id: int | None) -> None:
        """Maak nieuwe codes voor de brieven (CSV op het scherm, de codes maar één keer)."""
        from open_nijmegen.core.audit import record_audit
        from open_nijmegen.core.codes import MAX_PER_BATCH, codes_csv, make_codes
        from open_nijmegen.extensions import db
        from open_nijmegen.inwonersberaad.models import AdresTrekking, Beraad

        beraad = db.session.get(Beraad, beraad_id)
        if beraad is None:
            click.echo(f"FOUT: er is geen inwonersberaad met nummer {beraad_id}.", err=True)
            sys.exit(1)
        adressen = None
        if trekking_id is not None:
            trekking = db.session.get(AdresTrekking, trekking_id)
            if trekking is None or trekking.beraad_id != beraad.id:
                click.echo("FOUT: deze trekking hoort niet bij dit beraad.", err=True)
                sys.exit(1)
            if not trekking.adressen:
                click.echo("FOUT: de lijst met adressen van deze trekking is gewist.", err=True)
                sys.exit(1)
            adressen = trekking.adressen
            aantal = len(adressen)
        if aantal is None or not 1 <= aantal <= MAX_PER_BATCH:
            click.echo(f"FOUT: vul een aantal codes in van 1 tot {MAX_PER_BATCH}.", err=True)
            sys.exit(1)
        codes = make_codes(CODE_OWNER, beraad.id, aantal)
        record_audit(None, "werving.codes_gemaakt", beraad, count=aantal, trekking=trekking_id)
        db.session.commit()
        if adressen is None:
            click.echo(codes_csv(codes), nl=False)
            return
        from open_nijmegen.inwonersberaad.werving_views import adres_codes_csv

        click.echo(adres_codes_csv(adressen, codes), nl=False)
