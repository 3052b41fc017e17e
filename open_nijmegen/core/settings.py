"""Typed domain settings that officers change, stored in the database with an audit trail.

Modules declare their settings with ``declare``; ``get_setting`` returns the stored value or the
default. A case that starts keeps a copy of the terms that applied (see each module), so
editing a setting never moves a running deadline.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app, g, has_app_context, has_request_context

from open_nijmegen.core.audit import record_audit
from open_nijmegen.core.db import utcnow
from open_nijmegen.extensions import db


@dataclass(frozen=True)
class SettingSpec:
    key: str
    kind: type  # int, bool or str
    default: Any
    label: str
    help: str = ""
    area: str = "algemeen"
    minimum: int | None = None
    maximum: int | None = None
    choices: tuple[str, ...] | None = None
    multiline: bool = False
    # A different default per OPEN_NIJMEGEN_ENV, e.g. (("development", False), ("test", False)):
    # the settings page and the code read the same value through ``default_value``.
    env_defaults: tuple[tuple[str, Any], ...] = ()

    def default_value(self) -> Any:
        """The value in force while nobody has stored one."""
        if self.env_defaults and has_app_context():
            env = current_app.config.get("OPEN_NIJMEGEN_ENV")
            for name, value in self.env_defaults:
                if name == env:
                    return value
        return self.default

    def parse(self, raw: Any) -> Any:
        """Parse a submitted value; raise ValueError with a B1 message when it is wrong."""
        if self.kind is bool:
            if isinstance(raw, bool):
                return raw
            return str(raw).lower() in {"1", "true", "ja", "on", "y"}
        if self.kind is int:
            try:
                value = int(str(raw).strip())
            except ValueError:
                raise ValueError("Vul een heel getal in.") from None
            if self.minimum is not None and value < self.minimum:
                raise ValueError(f"Vul een getal in van {self.minimum} of meer.")
            if self.maximum is not None and value > self.maximum:
                raise ValueError(f"Vul een getal in van {self.maximum} of minder.")
            return value
        value = str(raw).strip()
        if self.choices is not None and value not in self.choices:
            raise ValueError("Kies een van de mogelijkheden.")
        if len(value) > 20000:
            raise ValueError("Deze tekst is te lang.")
        return value


_SPECS: dict[str, SettingSpec] = {}


def declare(spec: SettingSpec) -> SettingSpec:
    existing = _SPECS.get(spec.key)
    if existing is not None and existing != spec:
        raise RuntimeError(f"setting {spec.key!r} declared twice with different specs")
    _SPECS[spec.key] = spec
    return spec


def specs() -> dict[str, SettingSpec]:
    return dict(_SPECS)


def _cache() -> dict[str, Any]:
    if has_request_context():
        if "_settings_cache" not in g:
            g._settings_cache = {}
        return g._settings_cache  # type: ignore[no-any-return]
    return {}


def get_setting(key: str) -> Any:
    from open_nijmegen.core.models import Setting

    spec = _SPECS[key]
    cache = _cache()
    if key not in cache:
        row = db.session.get(Setting, key)
        cache[key] = None if row is None else row.value  # None: nobody stored a value
    stored = cache[key]
    return spec.default_value() if stored is None else stored


def set_setting(actor: Any, key: str, raw: Any) -> Any:
    """Store a new value (parsed and checked) and record who changed it."""
    from open_nijmegen.core.models import Setting

    spec = _SPECS[key]
    value = spec.parse(raw)
    row = db.session.get(Setting, key)
    old = spec.default_value() if row is None or row.value is None else row.value
    if row is None:
        row = Setting(key=key)
        db.session.add(row)
    row.value = value
    row.updated_at = utcnow()
    row.updated_by_id = getattr(actor, "id", None)
    if old != value:
        record_audit(actor, "setting.changed", None, key=key, old=old, new=value)
    _cache().pop(key, None)
    return value


# Settings of the platform itself (modules declare their own next to their code).
declare(
    SettingSpec(
        key="site.moderatie_vooraf",
        kind=bool,
        default=False,
        label="Bijdragen eerst controleren",
        help="Aan: nieuwe ideeën zijn pas zichtbaar na controle door een medewerker.",
        area="ideeen",
    )
)
declare(
    SettingSpec(
        key="reacties.bewerken_minuten",
        kind=int,
        default=15,
        minimum=0,
        maximum=1440,
        label="Minuten waarin iemand een eigen reactie mag aanpassen of verwijderen",
        area="algemeen",
    )
)
