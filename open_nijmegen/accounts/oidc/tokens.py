"""ID-token validation: the one function the callback uses and the tests call directly.

Per OpenID Connect Core 3.1.3.7 and the NL GOV Assurance profile for OpenID Connect: the
signature with a key from the provider's JWKS, an algorithm the provider's metadata lists
(``id_token_signing_alg_values_supported``; never ``none``, never a shared-secret HMAC),
``iss`` equal to the discovered issuer, ``aud`` containing our client id (and ``azp`` equal to it
when there are more audiences), ``exp``/``iat``/``nbf`` against the clock with a small leeway,
the ``nonce`` we sent, and a ``sub``.
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from typing import Any

from joserfc import jws, jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

# Asymmetric algorithms only: HS* would make the client secret a signing key.
ASYMMETRIC_ALGS = frozenset(
    {
        "RS256",
        "RS384",
        "RS512",
        "PS256",
        "PS384",
        "PS512",
        "ES256",
        "ES384",
        "ES512",
        "EdDSA",
        "Ed25519",
    }
)
LEEWAY_SECONDS = 60
MAX_TOKEN_BYTES = 16 * 1024


class IdTokenError(ValueError):
    """The ID token is not acceptable; ``reason`` is a short code for the log."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def allowed_algorithms(provider_metadata: Mapping[str, Any]) -> list[str]:
    """The provider's advertised ID-token algorithms that we accept (RS256 when it lists none,
    the OpenID Connect default)."""
    listed = provider_metadata.get("id_token_signing_alg_values_supported") or ["RS256"]
    if not isinstance(listed, list):
        return []
    return [alg for alg in listed if isinstance(alg, str) and alg in ASYMMETRIC_ALGS]


def _number(claims: Mapping[str, Any], name: str, required: bool) -> float | None:
    value = claims.get(name)
    if value is None:
        if required:
            raise IdTokenError(f"missing {name}")
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise IdTokenError(f"{name} is not a number")
    return float(value)


def validate_id_token(
    claims_jwt: str,
    provider_metadata: Mapping[str, Any],
    jwks: Mapping[str, Any],
    client_id: str,
    nonce: str,
    now: float,
) -> dict[str, Any]:
    """The ID token's claims when every check passes; raises IdTokenError otherwise."""
    if not isinstance(claims_jwt, str) or not claims_jwt or len(claims_jwt) > MAX_TOKEN_BYTES:
        raise IdTokenError("missing or oversized id_token")
    algorithms = allowed_algorithms(provider_metadata)
    if not algorithms:
        raise IdTokenError("provider lists no acceptable signing algorithm")
    try:
        header = jws.extract_compact(claims_jwt.encode("ascii")).protected
    except (JoseError, ValueError, UnicodeEncodeError):
        raise IdTokenError("malformed id_token") from None
    alg = header.get("alg")
    if not isinstance(alg, str) or alg not in algorithms:
        raise IdTokenError(f"algorithm {alg!r} not allowed")
    if "crit" in header:
        raise IdTokenError("unsupported critical header")
    try:
        key_set = KeySet.import_key_set(dict(jwks))
    except (JoseError, ValueError, TypeError, KeyError):
        raise IdTokenError("provider keys cannot be read") from None
    try:
        token = jwt.decode(claims_jwt, key_set, algorithms=algorithms)
    except JoseError as error:
        raise IdTokenError(f"signature not valid ({error.error})") from None
    except (ValueError, TypeError):
        raise IdTokenError("signature not valid") from None
    claims = dict(token.claims)

    issuer = provider_metadata.get("issuer")
    if not isinstance(issuer, str) or claims.get("iss") != issuer:
        raise IdTokenError("wrong issuer")
    aud = claims.get("aud")
    audiences = [aud] if isinstance(aud, str) else aud
    if not isinstance(audiences, list) or client_id not in audiences:
        raise IdTokenError("wrong audience")
    if (len(audiences) > 1 or "azp" in claims) and claims.get("azp") != client_id:
        raise IdTokenError("wrong authorized party")
    exp = _number(claims, "exp", required=True)
    iat = _number(claims, "iat", required=True)
    nbf = _number(claims, "nbf", required=False)
    assert exp is not None and iat is not None
    if exp <= now - LEEWAY_SECONDS:
        raise IdTokenError("expired")
    if iat > now + LEEWAY_SECONDS or (nbf is not None and nbf > now + LEEWAY_SECONDS):
        raise IdTokenError("issued in the future")
    token_nonce = claims.get("nonce")
    if (
        not nonce
        or not isinstance(token_nonce, str)
        or not hmac.compare_digest(token_nonce.encode(), nonce.encode())
    ):
        raise IdTokenError("wrong nonce")
    sub = claims.get("sub")
    if not isinstance(sub, str) or not sub or len(sub) > 255:
        raise IdTokenError("missing subject")
    acr = claims.get("acr")
    if acr is not None and (not isinstance(acr, str) or len(acr) > 255):
        raise IdTokenError("acr is not a short text")
    return claims
