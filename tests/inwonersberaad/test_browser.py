"""In a real browser (headless Chromium): axe finds 0 violations on the lottery pages (while
the job runs, the result and the printable report), the public page and the dossier; the
progress page reloads itself (static JS polling) when the background job is done."""

from __future__ import annotations

import pytest
from browser_support import axe_violations, browser_login, describe
from factories import PASSWORD, make_staff, make_user
from inwonersberaad.ib_world import add_stuk, make_beraad

from open_nijmegen.core.jobs import claim_next, run_job
from open_nijmegen.extensions import db
from open_nijmegen.inwonersberaad import services
from open_nijmegen.inwonersberaad.loting import voorbeeld_pool
from open_nijmegen.inwonersberaad.models import Fase, Loting

pytestmark = pytest.mark.browser


def _no_violations(page, label: str) -> None:
    violations = axe_violations(page)
    assert not violations, f"{label}:\n{describe(violations)}"


def test_lottery_pages_in_the_browser(app, live_server, bpage):
    officer = make_staff(areas=["inwonersberaad"], email="loting.officer@example.org")
    beraad = make_beraad(officer, fase=Fase.LOTING)
    people, quotas = voorbeeld_pool(60, 5, 8)
    run = services.start_loting(officer, beraad, people.encode(), quotas.encode(), 8, 2)
    db.session.commit()
    browser_login(bpage, live_server, officer.email, PASSWORD)

    bpage.goto(f"{live_server}/beheer/inwonersberaad/{beraad.id}/loting")
    _no_violations(bpage, "upload form")
    url = f"{live_server}/beheer/inwonersberaad/{beraad.id}/loting/{run.id}"
    bpage.goto(url)
    assert bpage.locator("progress").count() == 1
    _no_violations(bpage, "progress page")

    job = claim_next("browser-test", ["inwonersberaad.loting"])
    run_job(job)
    # The static script polls the status and reloads the page when the job is done.
    bpage.wait_for_selector("text=Kleinste kans", timeout=20000)
    assert bpage.locator("progress").count() == 0
    _no_violations(bpage, "result page")
    bpage.goto(url + "/verslag")
    _no_violations(bpage, "printable report")
    bpage.emulate_media(media="print")
    assert not bpage.locator(".ib-geen-print").is_visible()
    bpage.emulate_media(media="screen")

    db.session.expire_all()
    services.publish_loting(officer, db.session.get(Loting, run.id))
    db.session.commit()
    bpage.goto(f"{live_server}/inwonersberaad/{beraad.id}/loting")
    _no_violations(bpage, "public lottery explanation")


def test_public_page_and_dossier_in_the_browser(app, live_server, bpage):
    officer = make_staff(areas=["inwonersberaad"], password="")
    beraad = make_beraad(officer, fase=Fase.ADVIES_VASTGESTELD)
    item = services.save_aanbeveling(officer, beraad, 1, "Meer bomen", "Plant meer bomen.", 88)
    services.move_fase(officer, beraad, Fase.AANGEBODEN)
    services.save_reactie(officer, item, services.AanbevelingStatus.OVERGENOMEN, "Goed.", "Stad")
    services.publish_reactie(officer, item)
    member = make_user(email="lid.browser@example.org")
    services.add_member_directly(beraad, member)
    stuk = add_stuk(beraad, openbaar=True)
    db.session.commit()

    bpage.goto(f"{live_server}/inwonersberaad/{beraad.id}-{beraad.slug}")
    _no_violations(bpage, "public page")
    browser_login(bpage, live_server, member.email, PASSWORD)
    for path in ("dossier", f"dossier/{stuk.id}", "dossier/vragen"):
        bpage.goto(f"{live_server}/inwonersberaad/{beraad.id}/{path}")
        _no_violations(bpage, path)
    # A note is saved and shown to its writer.
    bpage.goto(f"{live_server}/inwonersberaad/{beraad.id}/dossier/{stuk.id}")
    bpage.fill("#tekst", "Mijn notitie in de browser")
    bpage.click("text=Notitie opslaan")
    bpage.wait_for_load_state()
    assert bpage.locator("#tekst").input_value() == "Mijn notitie in de browser"
