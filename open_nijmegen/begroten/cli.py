"""``flask begroten verify FILE.pb``: recount a published file and print OK or FOUT per check."""

from __future__ import annotations

import sys
from typing import Any

import click
from flask.cli import AppGroup

group = AppGroup("begroten", help="Begroten: tellen en natellen.")


@group.command("verify")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--exact",
    is_flag=True,
    help="Laat pabutools elke ronde van add1 zelf tellen, met breuken (langzaam).",
)
def verify(path: str, exact: bool) -> None:
    """Recount FILE.pb with the published method (gelijke delen, add1) and greedy."""
    from open_nijmegen.begroten.counting import sha256_text, verify_text

    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    click.echo(f"SHA-256: {sha256_text(text)}")
    checks = verify_text(text, exact=exact)
    for passed, line in checks:
        click.echo(f"{'OK  ' if passed else 'FOUT'} {line}")
    if not all(passed for passed, _line in checks):
        sys.exit(1)


def register_cli(app: Any) -> None:
    if "begroten" not in app.cli.commands:
        app.cli.add_command(group)
