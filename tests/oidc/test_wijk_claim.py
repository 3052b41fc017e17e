"""Begroten with a wijk from the login (issue 17 point 4): when the OpenID Connect provider
names the resident's wijk (``wijk_claim``), that wijk counts, not what the voter fills in;
with the setting begroten.wijk_uit_inlog_nodig a vote needs such a login. Against the real
provider process (tools/oidc-provider: a login "wijk-<Wijk>-..." carries the claim)."""

from __future__ import annotations

import sqlalchemy as sa
from begroten.factories import make_begroting, plan_ids, vote_data, wijk
from factories import make_user
from helpers import csrf_token, login_as
from oidc.flow import finish_first_login, provider_login

from open_nijmegen.accounts.oidc.registry import configure_providers
from open_nijmegen.begroten.models import Stembiljet
from open_nijmegen.begroten.phases import Fase
from open_nijmegen.core.settings import set_setting
from open_nijmegen.extensions import db


def _with_wijk_claim(app, provider) -> None:
    configure_providers(
        app,
        [
            provider.config("test", scopes=["openid", "email", "wijk"], wijk_claim="wijk"),
            provider.config("personeel"),
        ],
    )


def _vote(client, begroting, **extra):
    data = vote_data(begroting, plan_ids(begroting)[:1], **extra)
    data["csrf_token"] = csrf_token(client)
    return client.post(f"/begroten/{begroting.id}/stemmen", data=data)


def _ballots() -> int:
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.count()).select_from(Stembiljet))


def _login(client, provider, name: str) -> None:
    response = provider_login(client, provider.site, login=name)
    assert response.status_code == 302
    if response.headers["Location"] == "/account/eerste-keer":
        assert finish_first_login(client, name.replace("-", " ").title()).status_code == 302


def test_the_wijk_from_the_login_counts_not_the_answer(app, client, provider):
    _with_wijk_claim(app, provider)
    begroting = make_begroting(Fase.STEMMEN)  # for Lindenholt
    elsewhere = wijk("Hatert", "Nijmegen-Zuid")
    _login(client, provider, "wijk-Lindenholt-1")
    page = client.get(f"/begroten/{begroting.id}/stemmen").get_data(as_text=True)
    assert "Uw wijk: Lindenholt. Dit komt uit uw inlog." in page
    assert 'name="wijk_id"' not in page  # not asked
    # A different answer in the form changes nothing: the login's wijk is used.
    response = _vote(client, begroting, wijk_id=str(elsewhere.id))
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert _ballots() == 1


def test_a_login_from_another_wijk_cannot_vote_whatever_it_answers(app, client, provider):
    _with_wijk_claim(app, provider)
    begroting = make_begroting(Fase.STEMMEN)
    _login(client, provider, "wijk-Hatert-2")
    page = client.get(f"/begroten/{begroting.id}/stemmen").get_data(as_text=True)
    assert "Volgens uw inlog woont u in Hatert" in page
    response = _vote(client, begroting, wijk_id=str(wijk().id))  # says Lindenholt
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Die wijk hoort niet bij deze begroting" in html and "Er gaat iets mis" in html
    assert _ballots() == 0


def test_without_the_claim_the_answer_counts_unless_the_setting_asks_for_it(app, client, provider):
    _with_wijk_claim(app, provider)
    begroting = make_begroting(Fase.STEMMEN)
    _login(client, provider, "jan")  # this login names no wijk
    page = client.get(f"/begroten/{begroting.id}/stemmen").get_data(as_text=True)
    assert 'name="wijk_id"' in page
    set_setting(None, "begroten.wijk_uit_inlog_nodig", True)
    db.session.commit()
    refused = _vote(client, begroting)
    assert refused.status_code == 400
    assert "log opnieuw in met DigiD" in refused.get_data(as_text=True)
    assert _ballots() == 0
    # A password login has no wijk either.
    other = app.test_client()
    login_as(other, make_user())
    assert _vote(other, begroting).status_code == 400
    assert _ballots() == 0
    set_setting(None, "begroten.wijk_uit_inlog_nodig", False)
    db.session.commit()
    assert _vote(client, begroting).status_code == 302
    assert _ballots() == 1


def test_with_the_setting_a_login_with_the_wijk_still_votes(app, client, provider):
    _with_wijk_claim(app, provider)
    set_setting(None, "begroten.wijk_uit_inlog_nodig", True)
    db.session.commit()
    begroting = make_begroting(Fase.STEMMEN)
    _login(client, provider, "wijk-Lindenholt-3")
    assert _vote(client, begroting).status_code == 302
    assert _ballots() == 1
