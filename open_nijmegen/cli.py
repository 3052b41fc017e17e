"""Flask CLI commands: users, demo data, outbox, worker. Modules add their own groups."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

import click
import sqlalchemy as sa
from flask import Flask, current_app

from open_nijmegen.extensions import db

# Demo-data seeders that modules register: each is idempotent and gets the demo users.
DEMO_SEEDERS: list[tuple[int, Callable[[dict[str, object]], None]]] = []


def demo_seeder(
    order: int = 50,
) -> Callable[[Callable[[dict[str, object]], None]], Callable[[dict[str, object]], None]]:
    def decorator(func: Callable[[dict[str, object]], None]) -> Callable[[dict[str, object]], None]:
        if all(f is not func for _o, f in DEMO_SEEDERS):
            DEMO_SEEDERS.append((order, func))
            DEMO_SEEDERS.sort(key=lambda item: item[0])
        return func

    return decorator


def _read_password(prompt: bool) -> str:
    if sys.stdin.isatty() and prompt:
        return click.prompt("Wachtwoord", hide_input=True, confirmation_prompt=True)
    value = sys.stdin.readline().rstrip("\n")
    if not value:
        raise click.ClickException("Geen wachtwoord gekregen op standaardinvoer.")
    return value


def register_cli(app: Flask) -> None:
    from open_nijmegen.accounts.models import Role, User, WorkArea
    from open_nijmegen.taal.cli import register_cli as register_taal_cli

    register_taal_cli(app)

    @app.cli.group("users", help="Gebruikers beheren.")
    def users() -> None:
        pass

    @users.command("create")
    @click.option("--email", required=True)
    @click.option("--name", "display_name", required=True)
    @click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.INWONER.value)
    @click.option("--area", "areas", multiple=True, type=click.Choice([a.value for a in WorkArea]))
    def users_create(email: str, display_name: str, role: str, areas: tuple[str, ...]) -> None:
        """Maak een account (wachtwoord via een prompt of standaardinvoer); e-mail is bevestigd."""
        from open_nijmegen.accounts import services

        if services.find_by_email(email) is not None:
            raise click.ClickException(f"Er is al een account met {email}.")
        password = _read_password(prompt=True)
        if len(password) < 10:
            raise click.ClickException("Het wachtwoord moet minstens 10 tekens zijn.")
        user = services.create_user(display_name, email, password, Role(role), confirmed=True)
        if areas:
            services.set_role(None, user, Role(role), list(areas))
        db.session.commit()
        click.echo(f"Account {user.id} gemaakt: {user.display_name} ({user.role.value}).")

    @users.command("set-role")
    @click.option("--email", required=True)
    @click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
    @click.option("--area", "areas", multiple=True, type=click.Choice([a.value for a in WorkArea]))
    def users_set_role(email: str, role: str, areas: tuple[str, ...]) -> None:
        from open_nijmegen.accounts import services

        user = services.find_by_email(email)
        if user is None:
            raise click.ClickException(f"Geen account met {email}.")
        services.set_role(None, user, Role(role), list(areas))
        db.session.commit()
        click.echo(f"{user.display_name} is nu {role}.")

    @users.command("list")
    def users_list() -> None:
        for user in db.session.scalars(sa.select(User).order_by(User.id)):
            areas = ",".join(a.area.value for a in user.work_areas)
            click.echo(
                f"{user.id}\t{user.role.value}\t{user.display_name}\t{user.email or '-'}\t{areas}"
            )

    @app.cli.command("demo-data")
    def demo_data() -> None:
        """Laad voorbeeldinhoud (idempotent) met een demo-account per rol."""
        from open_nijmegen.demo import seed_demo

        if current_app.config["OPEN_NIJMEGEN_ENV"] == "production":
            # The demo accounts (a beheerder too) have a password that is in the source code.
            raise click.ClickException("Geen voorbeeldinhoud in productie.")
        accounts = seed_demo()
        db.session.commit()
        click.echo("Voorbeeldinhoud geladen.")
        if current_app.config["SHOW_DEMO_PASSWORDS"]:
            click.echo("Demo-accounts (alleen in ontwikkeling):")
            for role, (email, password) in accounts.items():
                click.echo(f"  {role:24} {email:40} {password}")

    @app.cli.command("demo-data-if-empty")
    def demo_data_if_empty() -> None:
        if current_app.config["OPEN_NIJMEGEN_ENV"] == "production":
            click.echo("Geen voorbeeldinhoud in productie.")
            return
        if db.session.scalar(sa.select(sa.func.count()).select_from(User)):
            click.echo("De database heeft al gegevens; geen voorbeeldinhoud geladen.")
            return
        demo_data.callback()  # type: ignore[misc]

    @app.cli.group("outbox", help="De uitgaande mail.")
    def outbox() -> None:
        pass

    @outbox.command("send")
    @click.option("--loop", is_flag=True, help="Blijf draaien en verstuur nieuwe mail.")
    @click.option("--interval", default=5.0, show_default=True)
    def outbox_send(loop: bool, interval: float) -> None:
        from open_nijmegen.notifications.sender import recover_stuck, send_outbox

        recover_stuck()
        while True:
            sent, failed = send_outbox()
            if sent or failed:
                click.echo(f"verstuurd: {sent}, mislukt: {failed}")
            if not loop:
                if sent == 0:
                    break
                continue
            if sent == 0:
                time.sleep(interval)

    @app.cli.command("fotomaten")
    def fotomaten() -> None:
        """Make the smaller copies (srcset) of photos stored before sizes were kept."""
        import sqlalchemy as sa

        from open_nijmegen.core.models import Upload
        from open_nijmegen.core.uploads import UploadError, add_sizes

        done = skipped = 0
        stmt = sa.select(Upload).where(Upload.width.is_(None), Upload.content_type.like("image/%"))
        for upload in db.session.scalars(stmt):
            try:
                ok = add_sizes(upload)
            except UploadError:
                ok = False
            done, skipped = (done + 1, skipped) if ok else (done, skipped + 1)
        db.session.commit()
        click.echo(f"{done} foto's hebben nu kleinere kopieën; {skipped} overgeslagen.")

    @app.cli.command("worker")
    @click.option("--once", is_flag=True, help="Stop als er geen werk meer is.")
    def worker(once: bool) -> None:
        """Voer achtergrondtaken uit (mail, loting, samenvattingen, opruimen)."""
        from open_nijmegen.core.jobs import work

        count = work(once=once)
        click.echo(f"{count} taken uitgevoerd.")
