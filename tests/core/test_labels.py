"""Codes stored in the database get B1 words on pages: audit actions, object types, roles,
login methods and column values (the "my data" page)."""

from __future__ import annotations

import re
from pathlib import Path

import open_nijmegen
from open_nijmegen.accounts.models import Role, login_method_label, role_label
from open_nijmegen.core.audit import AUDIT_LABELS, UNKNOWN_ACTION, audit_label
from open_nijmegen.core.labels import file_size, value_label
from open_nijmegen.core.objects import object_type_label, object_types
from open_nijmegen.uitdaagrecht.workflow import Actie

SOURCE = Path(open_nijmegen.__file__).parent
CODE = re.compile(r'(?<![\w{])"([a-z_]+\.[a-z_]+(?:\.[a-z_]+)?)"')


def _recorded_actions() -> set[str]:
    """Every action code written as a literal in a ``record_audit(...)`` call or an
    ``AuditLog(action=...)`` constant in the application's source."""
    found: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"record_audit\(", text):
            call = text[match.end() : match.end() + 400].split(")\n", 1)[0]
            found.update(m for m in CODE.findall(call) if not m.endswith((".html", ".csv")))
        for match in re.finditer(r'^[A-Z_]*WARNED = "([^"]+)"', text, re.M):
            found.add(match.group(1))
    return found


def test_every_recorded_action_has_a_label(app):
    actions = _recorded_actions()
    assert {"setting.changed", "idee.export", "wijk.nieuw", "loting.klaar"} <= actions
    missing = sorted(a for a in actions if a not in AUDIT_LABELS)
    assert not missing, missing


def test_actions_built_from_steps_have_labels(app):
    for a in Actie:
        assert f"uitdaging.{a.value}" in AUDIT_LABELS
        assert f"uitdaging.bezwaar.{a.value}" in AUDIT_LABELS
    for besluit in ("verbergen", "laten_staan"):
        assert f"moderation.{besluit}" in AUDIT_LABELS


def test_labels_are_words_not_codes(app):
    with app.test_request_context():
        for code in AUDIT_LABELS:
            label = audit_label(code)
            assert "_" not in label and "." not in label.rstrip("."), (code, label)
    with app.test_request_context():
        assert audit_label("setting.changed") == "Instelling aangepast"
        assert audit_label("uitdaging.vraag_aanvulling") == "Uitdaagrecht: informatie gevraagd"
        assert audit_label("iets.onbekends") == UNKNOWN_ACTION
        for name in object_types():
            label = object_type_label(name)
            assert label and "_" not in label, name
        assert object_type_label("traject") == "Project"
        assert role_label(Role.PARTICIPATIEMEDEWERKER) == "Participatiemedewerker"
        assert login_method_label("wachtwoord + totp") == "met wachtwoord + met een extra code"
        assert login_method_label("oidc:onbekend") == "via een andere dienst"
        assert "_" not in login_method_label("iets_raars")


def test_column_values_get_words(app):
    with app.test_request_context():
        assert value_label("uitdaging", "status", "in_uitvoering") == "In uitvoering"
        assert value_label("upload", "content_type", "image/jpeg") == "Foto (JPG)"
        assert value_label("audit_log", "action", "setting.changed") == "Instelling aangepast"
        row = {"object_type": "plan", "to_status": "niet_haalbaar"}
        assert "_" not in value_label("status_change", "to_status", "niet_haalbaar", row)
        assert value_label("idee", "titel", "Meer bankjes") == "Meer bankjes"
    assert file_size(830) == "830 bytes"
    assert file_size(12_345) == "12 kB"
    assert file_size(3_400_000) == "3,4 MB"
