"""ID tokens a real provider will not issue, made here with our own keys (joserfc) and fed to
the same ``validate_id_token`` the callback uses."""

from __future__ import annotations

import base64
import json
import time

import pytest
from joserfc import jwt
from joserfc.jwk import ECKey, OctKey, RSAKey

from open_nijmegen.accounts.oidc.tokens import IdTokenError, validate_id_token

ISSUER = "https://login.example.nl"
CLIENT = "open-nijmegen"
NONCE = "n-0S6_WzA2Mj"
NOW = time.time()

KEY = RSAKey.generate_key(2048, parameters={"kid": "sleutel-1", "use": "sig"})
OTHER_KEY = RSAKey.generate_key(2048, parameters={"kid": "sleutel-1", "use": "sig"})
STRANGER = RSAKey.generate_key(2048, parameters={"kid": "onbekend", "use": "sig"})
EC_KEY = ECKey.generate_key("P-256", parameters={"kid": "ec-1"})
JWKS = {"keys": [KEY.as_dict(private=False)]}
METADATA = {"issuer": ISSUER, "id_token_signing_alg_values_supported": ["RS256"]}


def claims(**changes):
    base = {
        "iss": ISSUER,
        "sub": "persoon-123",
        "aud": CLIENT,
        "exp": int(NOW) + 300,
        "iat": int(NOW) - 5,
        "nonce": NONCE,
        "acr": "urn:etoegang:core:assurance-class:loa2plus",
    }
    base.update(changes)
    return {k: v for k, v in base.items() if v is not None}


def sign(payload, key=KEY, alg="RS256", kid="sleutel-1"):
    header = {"alg": alg}
    if kid:
        header["kid"] = kid
    return jwt.encode(header, payload, key, algorithms=[alg])


def b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def validate(token, metadata=METADATA, jwks=JWKS, nonce=NONCE, now=NOW):
    return validate_id_token(token, metadata, jwks, CLIENT, nonce, now)


def test_a_good_token_passes():
    result = validate(sign(claims()))
    assert result["sub"] == "persoon-123"
    assert result["acr"] == "urn:etoegang:core:assurance-class:loa2plus"


def test_an_audience_list_with_azp_passes():
    assert validate(sign(claims(aud=[CLIENT, "ander"], azp=CLIENT)))["sub"] == "persoon-123"


@pytest.mark.parametrize(
    ("token", "reason"),
    [
        (lambda: sign(claims(nonce="een-andere-nonce")), "wrong nonce"),
        (lambda: sign(claims(nonce=None)), "wrong nonce"),
        (lambda: sign(claims(aud="een-andere-client")), "wrong audience"),
        (lambda: sign(claims(aud=["een-andere-client"])), "wrong audience"),
        (lambda: sign(claims(aud=[CLIENT, "ander"])), "wrong authorized party"),
        (lambda: sign(claims(aud=[CLIENT, "ander"], azp="ander")), "wrong authorized party"),
        (lambda: sign(claims(exp=int(NOW) - 3600)), "expired"),
        (lambda: sign(claims(exp=None)), "missing exp"),
        (lambda: sign(claims(iat=int(NOW) + 3600)), "issued in the future"),
        (lambda: sign(claims(nbf=int(NOW) + 3600)), "issued in the future"),
        (lambda: sign(claims(iss="https://nep.example")), "wrong issuer"),
        (lambda: sign(claims(iss=None)), "wrong issuer"),
        (lambda: sign(claims(sub=None)), "missing subject"),
        (lambda: sign(claims(sub="")), "missing subject"),
        (lambda: sign(claims(), key=OTHER_KEY), "signature not valid"),
        (lambda: sign(claims(), key=STRANGER, kid="onbekend"), "signature not valid"),
        (lambda: sign(claims(), key=EC_KEY, alg="ES256", kid="ec-1"), "not allowed"),
        (
            lambda: sign(claims(), key=OctKey.import_key("x" * 32), alg="HS256", kid=None),
            "not allowed",
        ),
        (lambda: f"{b64({'alg': 'none'})}.{b64(claims())}.", "not allowed"),
        (lambda: f"{b64({'alg': 'None'})}.{b64(claims())}.", "not allowed"),
        (lambda: "geen.token", "malformed"),
        (lambda: "", "missing or oversized"),
    ],
    ids=[
        "wrong-nonce",
        "no-nonce",
        "other-audience",
        "other-audience-list",
        "more-audiences-without-azp",
        "azp-of-another-client",
        "expired",
        "no-exp",
        "iat-in-future",
        "nbf-in-future",
        "wrong-issuer",
        "no-issuer",
        "no-subject",
        "empty-subject",
        "same-kid-other-key",
        "unknown-key",
        "alg-not-offered",
        "hmac-with-a-shared-secret",
        "alg-none",
        "alg-None",
        "malformed",
        "empty",
    ],
)
def test_bad_tokens_are_refused(token, reason):
    with pytest.raises(IdTokenError) as caught:
        validate(token())
    assert reason in caught.value.reason


def test_the_algorithm_is_pinned_to_the_provider_metadata():
    token = sign(claims(), key=EC_KEY, alg="ES256", kid="ec-1")
    jwks = {"keys": [EC_KEY.as_dict(private=False)]}
    with pytest.raises(IdTokenError):
        validate(token, jwks=jwks)  # metadata offers RS256 only
    offers_es = dict(METADATA, id_token_signing_alg_values_supported=["ES256"])
    assert validate(token, metadata=offers_es, jwks=jwks)["sub"] == "persoon-123"


def test_none_is_never_accepted_even_when_the_metadata_lists_it():
    token = f"{b64({'alg': 'none'})}.{b64(claims())}."
    listed = dict(METADATA, id_token_signing_alg_values_supported=["none", "RS256"])
    with pytest.raises(IdTokenError):
        validate(token, metadata=listed)


def test_metadata_without_acceptable_algorithms_refuses_everything():
    only_hmac = dict(METADATA, id_token_signing_alg_values_supported=["HS256"])
    with pytest.raises(IdTokenError, match="no acceptable"):
        validate(sign(claims()), metadata=only_hmac)


def test_an_empty_expected_nonce_never_matches():
    with pytest.raises(IdTokenError, match="nonce"):
        validate(sign(claims(nonce="")), nonce="")


def test_a_small_clock_difference_is_allowed():
    assert validate(sign(claims(exp=int(NOW) - 30)))["sub"]
    assert validate(sign(claims(iat=int(NOW) + 30)))["sub"]
