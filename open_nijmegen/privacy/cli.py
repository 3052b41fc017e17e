"""``flask privacy purge [--dry-run]``: the retention purge, safe to run daily."""

from __future__ import annotations

import click
from flask import Flask

from open_nijmegen.extensions import db


def register_cli(app: Flask) -> None:
    @app.cli.group("privacy", help="Privacy: gegevens opruimen na de bewaartermijn.")
    def privacy() -> None:
        pass

    @privacy.command("purge")
    @click.option("--dry-run", is_flag=True, help="Laat zien wat er zou gebeuren; verander niets.")
    def purge_command(dry_run: bool) -> None:
        """Ruim gegevens op die langer zijn bewaard dan de bewaartermijn."""
        from open_nijmegen.core.audit import record_audit
        from open_nijmegen.core.db import utcnow
        from open_nijmegen.privacy.purge import purge, report

        lines = purge(utcnow(), dry_run=dry_run)
        if dry_run:
            db.session.rollback()
        else:
            record_audit(
                None, "privacy.opgeruimd", None, **{line.name: line.count for line in lines}
            )
            db.session.commit()
        click.echo(report(lines, dry_run))
