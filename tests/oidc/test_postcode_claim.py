"""Begroten with a wijk from the login's address (issue 17 point 4): a provider that sends the
standard OpenID Connect ``address`` claim (``postcode_claim``) gives the wijk of its postal
code, from the configurable postcode;wijk table (OPEN_NIJMEGEN_POSTCODE_WIJK_CSV; the shipped
file is example data). Only the wijk's name is kept, never the postcode or the address.
Against the real provider process (tools/oidc-provider: a login "postcode-<code>-..." carries
the address claim)."""

from __future__ import annotations

import pytest
from begroten.factories import make_begroting, plan_ids, vote_data, wijk
from helpers import csrf_token
from oidc.flow import finish_first_login, provider_login

from open_nijmegen.accounts.oidc import postcodes
from open_nijmegen.accounts.oidc.providers import parse_providers
from open_nijmegen.accounts.oidc.registry import configure_providers
from open_nijmegen.begroten.phases import Fase
from open_nijmegen.config import ConfigError


def _with_postcode_claim(app, provider) -> None:
    configure_providers(
        app,
        [
            provider.config(
                "test", scopes=["openid", "email", "address"], postcode_claim="address"
            ),
            provider.config("personeel"),
        ],
    )


def _login(client, provider, name: str) -> None:
    response = provider_login(client, provider.site, login=name)
    assert response.status_code == 302
    if response.headers["Location"] == "/account/eerste-keer":
        assert finish_first_login(client, name.replace("-", " ").title()).status_code == 302


def _session_text(client) -> str:
    with client.session_transaction() as session:
        return repr(dict(session))


def test_the_wijk_of_the_postcode_counts_and_the_postcode_is_not_kept(app, client, provider):
    _with_postcode_claim(app, provider)
    begroting = make_begroting(Fase.STEMMEN)  # for Lindenholt; 6543 is Lindenholt in the example
    _login(client, provider, "postcode-6543AB-1")
    page = client.get(f"/begroten/{begroting.id}/stemmen").get_data(as_text=True)
    assert "Uw wijk: Lindenholt. Dit komt uit uw inlog." in page
    assert 'name="wijk_id"' not in page
    kept = _session_text(client)
    assert "Lindenholt" in kept
    for part in ("6543", "Voorbeeldstraat", "postal_code", "address"):
        assert part not in kept
    data = vote_data(begroting, plan_ids(begroting)[:1], wijk_id=str(wijk("Hatert").id))
    data["csrf_token"] = csrf_token(client)
    assert client.post(f"/begroten/{begroting.id}/stemmen", data=data).status_code == 302


def test_a_postcode_outside_the_table_names_no_wijk(app, client, provider):
    _with_postcode_claim(app, provider)
    begroting = make_begroting(Fase.STEMMEN)
    _login(client, provider, "postcode-9999ZZ-2")
    page = client.get(f"/begroten/{begroting.id}/stemmen").get_data(as_text=True)
    assert 'name="wijk_id"' in page  # the voter is asked, as without the claim
    assert "9999" not in _session_text(client)


def test_the_table_is_configurable(app, client, provider, tmp_path):
    own = tmp_path / "postcodes.csv"
    own.write_text("# officieel: ja\npostcode;wijk\n6543;Hatert\n", encoding="utf-8")
    app.config["POSTCODE_WIJK_CSV"] = str(own)
    try:
        _with_postcode_claim(app, provider)
        begroting = make_begroting(Fase.STEMMEN)  # for Lindenholt
        _login(client, provider, "postcode-6543AB-3")
        page = client.get(f"/begroten/{begroting.id}/stemmen").get_data(as_text=True)
        assert "Volgens uw inlog woont u in Hatert" in page
        assert postcodes.table().official is True
    finally:
        app.config.pop("POSTCODE_WIJK_CSV")


def test_the_shipped_table_says_it_is_example_data(app):
    table = postcodes.read_table(str(postcodes.VOORBEELD_CSV))
    assert table.official is False
    assert "VOORBEELD" in postcodes.VOORBEELD_CSV.read_text(encoding="utf-8")
    assert table.wijk("6535 AB") == "Hatert"
    assert table.wijk("6535XX") == "Grootstal"  # six characters win over four digits
    assert table.wijk("6535") == "Hatert"


@pytest.mark.parametrize(
    ("claim", "wijk"),
    [
        ({"postal_code": "6543 ab", "locality": "Nijmegen"}, "Lindenholt"),
        ({"postal_code": " 6543AB "}, "Lindenholt"),
        ("6543", "Lindenholt"),
        ({"locality": "Nijmegen"}, None),
        ({"postal_code": 6543}, None),
        ({"postal_code": "0543 AB"}, None),
        ({"postal_code": "6543 A"}, None),
        ("<script>6543</script>", None),
        ("6" * 5000, None),
        (["6543"], None),
        (None, None),
    ],
)
def test_only_a_dutch_postcode_gives_a_wijk(app, claim, wijk):
    with app.app_context():
        assert postcodes.wijk_of_claim(claim) == wijk


def test_postcode_claim_must_name_a_claim():
    good = {
        "name": "digid",
        "label": "DigiD",
        "issuer": "https://login.example",
        "client_id": "c",
        "client_secret": "s",
    }
    assert parse_providers([dict(good, postcode_claim="address")])[0].postcode_claim == "address"
    with pytest.raises(ConfigError, match="postcode_claim must be the name of a claim"):
        parse_providers([dict(good, postcode_claim=["address"])])
