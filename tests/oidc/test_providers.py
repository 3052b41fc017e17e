"""Provider settings are checked at start, with a message that names the provider and field."""

from __future__ import annotations

import json

import pytest

from open_nijmegen.accounts.oidc.providers import parse_providers
from open_nijmegen.config import ConfigError

GOOD = {
    "name": "digid",
    "label": "DigiD",
    "issuer": "https://login.nijmegen.nl/digid",
    "client_id": "open-nijmegen",
    "client_secret": "geheim",
    "acr_values": ["urn:etoegang:core:assurance-class:loa2plus"],
    "min_acr": {"uitdaging_indienen": "substantieel"},
}
STAFF = {
    "name": "personeel",
    "label": "Gemeente-account",
    "issuer": "https://sso.nijmegen.nl",
    "client_id": "open-nijmegen",
    "client_secret": "geheim",
    "staff_only": True,
    "group_claim": "groups",
    "group_roles": {"participatie": "participatiemedewerker"},
}


def test_good_providers_parse_from_json():
    providers = parse_providers(json.dumps([GOOD, STAFF]))
    assert [p.name for p in providers] == ["digid", "personeel"]
    assert providers[0].allowed_roles == {"inwoner"}
    assert providers[1].allowed_roles == {"participatiemedewerker", "beheerder"}
    assert providers[0].metadata_url == (
        "https://login.nijmegen.nl/digid/.well-known/openid-configuration"
    )
    assert parse_providers("") == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"issuer": "http://login.nijmegen.nl"}, "issuer must use https"),
        ({"issuer": "https://login.nijmegen.nl/?x=1"}, "without query"),
        ({"client_secret": ""}, "client_secret is required"),
        ({"name": "DigiD!"}, "name must be"),
        ({"scopes": ["email"]}, 'contains "openid"'),
        ({"staf_only": True}, "unknown fields staf_only"),
        ({"allowed_roles": ["koning"]}, "allowed_roles"),
        ({"min_acr": {"uitdaging_indienen": "superhoog"}}, "unknown assurance level"),
        ({"group_claim": "groups"}, "only work with staff_only"),
        ({"staff_only": True}, "needs group_claim and group_roles"),
        (
            {
                "staff_only": True,
                "group_claim": "groups",
                "group_roles": {"ict": "beheerder"},
            },
            "may only grant participatiemedewerker",
        ),
        (
            {
                "staff_only": True,
                "group_claim": "g",
                "group_roles": {"p": "participatiemedewerker"},
                "allowed_roles": ["inwoner", "participatiemedewerker"],
            },
            "may not log in residents",
        ),
    ],
)
def test_mistakes_stop_the_start_with_a_clear_message(change, message):
    with pytest.raises(ConfigError) as caught:
        parse_providers([dict(GOOD, **change)])
    assert message in str(caught.value)
    assert "provider 1 (" in str(caught.value)


def test_not_json_or_not_a_list_is_refused():
    with pytest.raises(ConfigError, match="not valid JSON"):
        parse_providers("[{")
    with pytest.raises(ConfigError, match="JSON list"):
        parse_providers(json.dumps(GOOD))
    with pytest.raises(ConfigError, match="used twice"):
        parse_providers([GOOD, GOOD])
