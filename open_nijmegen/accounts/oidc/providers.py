"""OpenID Connect providers, configured by ``OPEN_NIJMEGEN_OIDC_PROVIDERS`` (a JSON list).

One entry per provider::

    {
      "name": "digid",                      # in URLs: /account/inloggen/digid
      "label": "DigiD",                     # button: "Inloggen met DigiD"
      "issuer": "https://login.nijmegen.nl/digid",   # discovery: <issuer>/.well-known/...
      "client_id": "open-nijmegen",
      "client_secret": "...",
      "scopes": ["openid"],                 # must contain "openid"
      "hint": "Met uw DigiD-app of sms.",   # optional text under the button
      "allowed_roles": ["inwoner"],         # accounts this provider may log in to
      "staff_only": false,                  # staff single sign-on
      "group_claim": "groups",              # staff only: the claim that lists groups
      "group_roles": {"participatie": "participatiemedewerker"},
      "acr_values": ["urn:etoegang:core:assurance-class:loa2plus"],  # asked at login
      "acr_levels": {"urn:example:hoog": "hoog"},   # extra acr values and their level
      "min_acr": {"login": "midden", "uitdaging_indienen": "substantieel"},
      "wijk_claim": "wijk",                 # optional: the claim that names the resident's
                                            # wijk (begroten uses it instead of a declaration)
      "postcode_claim": "address"           # optional: the claim with the postal code (the
                                            # standard "address" object, or a plain string);
                                            # its wijk comes from OPEN_NIJMEGEN_POSTCODE_WIJK_CSV
    }

Everything is checked at start; a mistake stops the app with a message that names the provider
and the field, so a typo never silently turns a check off.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from open_nijmegen.accounts.models import Role
from open_nijmegen.config import ConfigError

NAME_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,29}$")
KNOWN_KEYS = {
    "name",
    "label",
    "issuer",
    "client_id",
    "client_secret",
    "scopes",
    "hint",
    "allowed_roles",
    "staff_only",
    "group_claim",
    "group_roles",
    "acr_values",
    "acr_levels",
    "min_acr",
    "wijk_claim",
    "postcode_claim",
}
# Staff single sign-on grants this role; beheerder is only ever given on the site itself.
SSO_ROLES = frozenset({Role.PARTICIPATIEMEDEWERKER.value})


@dataclass(frozen=True)
class ProviderConfig:
    name: str
    label: str
    issuer: str
    client_id: str
    client_secret: str
    scopes: tuple[str, ...] = ("openid",)
    hint: str = ""
    allowed_roles: frozenset[str] = frozenset({Role.INWONER.value})
    staff_only: bool = False
    group_claim: str = ""
    group_roles: dict[str, str] = field(default_factory=dict)
    acr_values: tuple[str, ...] = ()
    acr_levels: dict[str, str] = field(default_factory=dict)
    min_acr: dict[str, str] = field(default_factory=dict)
    wijk_claim: str = ""
    postcode_claim: str = ""

    @property
    def metadata_url(self) -> str:
        return self.issuer.rstrip("/") + "/.well-known/openid-configuration"

    @property
    def origin(self) -> str:
        parts = urlsplit(self.issuer)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def client_name(self) -> str:
        """The name of this provider's client in the authlib registry."""
        return f"oidc_{self.name.replace('-', '_')}"

    def roles_from_groups(self, groups: Any) -> set[str]:
        if isinstance(groups, str):
            groups = [groups]
        if not isinstance(groups, list):
            return set()
        return {self.group_roles[g] for g in groups if isinstance(g, str) and g in self.group_roles}


def _problem(index: int, name: str, text: str) -> str:
    return f"provider {index + 1} ({name or 'zonder naam'}): {text}"


def _str_list(value: Any) -> list[str] | None:
    if isinstance(value, str):
        value = value.split()
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        return None
    return value


def _str_map(value: Any) -> dict[str, str] | None:
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and k and isinstance(v, str) and v for k, v in value.items()
    ):
        return None
    return dict(value)


def _check_issuer(issuer: str) -> str | None:
    parts = urlsplit(issuer)
    if parts.query or parts.fragment or not parts.hostname:
        return "issuer must be a URL without query or fragment"
    loopback = parts.hostname in {"127.0.0.1", "localhost", "::1"}
    if parts.scheme != "https" and not (parts.scheme == "http" and loopback):
        return "issuer must use https (http only on loopback, for tests)"
    return None


def parse_providers(raw: Any) -> list[ProviderConfig]:
    """Parse and check the providers setting (a JSON text or an already parsed list)."""
    from open_nijmegen.accounts.oidc.assurance import level_rank

    if raw in (None, "", []):
        return []
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError as error:
            raise ConfigError(f"OPEN_NIJMEGEN_OIDC_PROVIDERS is not valid JSON: {error}") from None
    if not isinstance(raw, list):
        raise ConfigError("OPEN_NIJMEGEN_OIDC_PROVIDERS must be a JSON list of providers")
    problems: list[str] = []
    found: list[ProviderConfig] = []
    names: set[str] = set()
    for i, entry in enumerate(raw):
        if not isinstance(entry, dict):
            problems.append(_problem(i, "", "must be a JSON object"))
            continue
        name = entry.get("name") if isinstance(entry.get("name"), str) else ""
        before = len(problems)

        def bad(text: str, name: str = name, index: int = i) -> None:
            problems.append(_problem(index, name, text))

        unknown = sorted(set(entry) - KNOWN_KEYS)
        if unknown:
            bad(f"unknown fields {', '.join(unknown)}")
        if not NAME_RE.match(name):
            bad("name must be 1-30 lowercase letters, digits or dashes")
        elif name in names:
            bad("name is used twice")
        names.add(name)
        for key in ("label", "issuer", "client_id", "client_secret"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                bad(f"{key} is required")
        if isinstance(entry.get("issuer"), str) and entry["issuer"]:
            issue = _check_issuer(entry["issuer"])
            if issue:
                bad(issue)
        scopes = _str_list(entry.get("scopes", ["openid"]))
        if scopes is None or "openid" not in scopes:
            bad('scopes must be a list that contains "openid"')
        staff_only = entry.get("staff_only", False)
        if not isinstance(staff_only, bool):
            bad("staff_only must be true or false")
        default_roles = sorted(SSO_ROLES | {Role.BEHEERDER.value}) if staff_only else ["inwoner"]
        allowed = _str_list(entry.get("allowed_roles", default_roles))
        valid_roles = {r.value for r in Role}
        if allowed is None or not set(allowed) <= valid_roles:
            bad(f"allowed_roles must be a list of {', '.join(sorted(valid_roles))}")
            allowed = []
        group_claim = entry.get("group_claim", "")
        group_roles = _str_map(entry.get("group_roles", {}))
        if group_roles is None:
            bad("group_roles must map group names to a role")
            group_roles = {}
        if not set(group_roles.values()) <= SSO_ROLES:
            bad("group_roles may only grant participatiemedewerker")
        if staff_only and (not isinstance(group_claim, str) or not group_claim or not group_roles):
            bad("a staff_only provider needs group_claim and group_roles")
        if not staff_only and (group_claim or group_roles):
            bad("group_claim and group_roles only work with staff_only")
        if staff_only and Role.INWONER.value in allowed:
            bad("a staff_only provider may not log in residents")
        acr_values = _str_list(entry.get("acr_values", []))
        if acr_values is None:
            bad("acr_values must be a list of strings")
        acr_levels = _str_map(entry.get("acr_levels", {}))
        if acr_levels is None:
            bad("acr_levels must map acr values to a level")
            acr_levels = {}
        min_acr = _str_map(entry.get("min_acr", {}))
        if min_acr is None:
            bad("min_acr must map actions to a level")
            min_acr = {}
        for level in (*acr_levels.values(), *min_acr.values()):
            try:
                level_rank(level, acr_levels)
            except ValueError:
                bad(f"unknown assurance level {level!r}")
        wijk_claim = entry.get("wijk_claim", "")
        if not isinstance(wijk_claim, str) or len(wijk_claim) > 64:
            bad("wijk_claim must be the name of a claim")
            wijk_claim = ""
        postcode_claim = entry.get("postcode_claim", "")
        if not isinstance(postcode_claim, str) or len(postcode_claim) > 64:
            bad("postcode_claim must be the name of a claim")
            postcode_claim = ""
        if len(problems) > before:
            continue
        found.append(
            ProviderConfig(
                name=name,
                label=entry["label"].strip(),
                issuer=entry["issuer"].strip(),
                client_id=entry["client_id"],
                client_secret=entry["client_secret"],
                scopes=tuple(scopes or ()),
                hint=str(entry.get("hint", "")),
                allowed_roles=frozenset(allowed),
                staff_only=staff_only,
                group_claim=group_claim,
                group_roles=group_roles,
                acr_values=tuple(acr_values or ()),
                acr_levels=acr_levels,
                min_acr=min_acr,
                wijk_claim=wijk_claim.strip(),
                postcode_claim=postcode_claim.strip(),
            )
        )
    if problems:
        raise ConfigError("OPEN_NIJMEGEN_OIDC_PROVIDERS: " + "; ".join(problems))
    return found
