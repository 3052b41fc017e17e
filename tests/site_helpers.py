from __future__ import annotations

import pytest

from open_nijmegen.accounts.models import User
from open_nijmegen.demo import DEMO_ACCOUNTS, seed_demo
from open_nijmegen.extensions import db

ROLES = ["anoniem", "inwoner", "participatiemedewerker", "beheerder"]
START = {
    "anoniem": [
        "/",
        "/account/registreren",
        "/account/inloggen",
        "/account/wachtwoord-vergeten",
        "/taal-kiezen",  # the header links to the choice in the other language
    ],
    "inwoner": ["/", "/account"],
    "participatiemedewerker": ["/", "/beheer/"],
    "beheerder": ["/", "/beheer/"],
}

# The English pages (issue 20): the same start pages under /en.
START_EN = {role: ["/en" + url for url in urls] for role, urls in START.items()}


@pytest.fixture()
def demo_site(app):  # type: ignore[no-untyped-def]
    """The demo content (realistic, plain Dutch), as a new installation has it."""
    seed_demo()
    db.session.commit()
    users = {
        key: db.session.query(User).filter_by(email=email).one()
        for key, (email, _n, _r) in DEMO_ACCOUNTS.items()
    }
    return users


def client_for(app, demo_site, role: str):  # type: ignore[no-untyped-def]
    from helpers import login_as

    client = app.test_client()
    if role != "anoniem":
        login_as(client, demo_site[role])
    else:
        with_registration_code(client)
    return client


def new_registration_code() -> tuple[int, str, int] | None:
    """A new code from an inwonersberaad letter for the beraad open for registration:
    (beraad id, the code, its id), or None when no beraad takes registrations."""
    from open_nijmegen.core import codes
    from open_nijmegen.inwonersberaad import aanmelding as A

    beraden = [b for b in A.open_beraden() if b.openbaar and A.opzet_voor(b) is not None]
    if not beraden:
        return None
    beraad = beraden[0]
    code = codes.make_codes(A.CODE_OWNER, beraad.id, 1)[0]
    code_id = A.check_code(beraad, code, "crawler")
    db.session.commit()
    return beraad.id, code, code_id


def with_registration_code(client) -> None:  # type: ignore[no-untyped-def]
    """The visitor has typed the code from their inwonersberaad letter (step 1 of the
    registration), so the crawl reaches step 2 (the code page links there)."""
    from open_nijmegen.inwonersberaad.aanmelding_views import SESSIE

    made = new_registration_code()
    if made is not None:
        with client.session_transaction() as session:
            session[SESSIE] = {"b": made[0], "c": made[2]}


def browser_with_registration_code(page, base: str) -> None:  # type: ignore[no-untyped-def]
    """The same in the browser: type a new code on the code page (the visitor's crawl reaches
    step 2; the browser must have a code too, or step 2 sends it back to step 1)."""
    made = new_registration_code()
    if made is None:
        return
    page.goto(f"{base}/inwonersberaad/{made[0]}/aanmelden")
    page.fill("#code", made[1])
    with page.expect_navigation():
        page.press("#code", "Enter")
    page.wait_for_load_state()
    assert page.url.endswith("/aanmelden/gegevens"), page.url


def record_check(key: str, part: str, pages: int, problems: int, tool: str) -> None:
    """Write a site-wide check's result for the Toegankelijkheid page (``make test`` sets
    AUTOMATIC_CHECKS_REPORT to the instance folder); without the variable nothing is written."""
    import os
    from pathlib import Path

    from open_nijmegen.core.controles import write_result
    from open_nijmegen.core.db import utcnow

    target = os.environ.get("AUTOMATIC_CHECKS_REPORT")
    if target:
        write_result(Path(target), key, part, pages, problems, tool, utcnow())
