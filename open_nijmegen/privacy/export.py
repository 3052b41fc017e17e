"""Everything the site holds about one person, from the registry, as sections.

Used by the page "Mijn gegevens" and by its two downloads:

- JSON: ``{"gemaakt_op": ..., "secties": [{"sleutel", "titel", "velden", "rijen"}]}``;
- CSV: one file (UTF-8 with BOM, ``;`` between values, as Dutch spreadsheets expect) in
  "long" form with the columns ``sectie;rij;veld;waarde``: every value on its own line, so
  sections with different fields fit in one file. Values that a spreadsheet would run as a
  formula get a leading apostrophe.

Both are made on request and never stored.
"""

from __future__ import annotations

import csv
import enum
import io
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from open_nijmegen.accounts.models import User
from open_nijmegen.core.csvsafe import safe_cell
from open_nijmegen.core.db import utcnow
from open_nijmegen.core.i18n import N_
from open_nijmegen.core.labels import label_row
from open_nijmegen.extensions import db
from open_nijmegen.privacy.models import PURPOSES
from open_nijmegen.privacy.registry import USER_EXPORT, active_declarations

ACTION_LABELS = {"inzien": "Bekeken", "wissen": "Gewist", "downloaden": "Gedownload"}


@dataclass
class Section:
    key: str
    title: str
    fields: list[tuple[str, str]]
    rows: list[dict[str, Any]] = field(default_factory=list)
    staff: bool = False


def _account_section(user: User) -> Section:
    present = set(User.__table__.c.keys())
    fields = [(col, label) for col, label in USER_EXPORT if col in present]
    row = {col: getattr(user, col) for col, _label in fields}
    row["digest_mode"] = "Meteen" if user.digest_mode == "direct" else "Eén keer per dag"
    if "mail_voorkeuren" in row:
        from open_nijmegen.notifications.preferences import describe

        row["mail_voorkeuren"] = describe(user)
    if "locale" in row:
        from open_nijmegen.core.i18n import LANGUAGES

        row["locale"] = LANGUAGES.get(user.locale or "", "Nog niet gekozen (Nederlands)")
    fields.insert(3, ("heeft_wachtwoord", N_("Wachtwoord ingesteld")))
    row["heeft_wachtwoord"] = bool(user.password_hash)
    return Section("account", N_("Uw account"), fields, [row])


def _processing_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Show the officer's name and the purpose in words, not ids and codes."""
    ids = {r["actor_id"] for r in rows if r.get("actor_id") is not None}
    names = (
        dict(
            db.session.execute(sa.select(User.id, User.display_name).where(User.id.in_(ids))).all()
        )
        if ids
        else {}
    )
    shown = []
    for row in rows:
        shown.append(
            {
                **row,
                "actor_id": names.get(row.get("actor_id"), "een medewerker"),
                "purpose": PURPOSES.get(row["purpose"], row["purpose"]),
                "action": ACTION_LABELS.get(row["action"], row["action"]),
            }
        )
    return shown


def collect(user: User) -> list[Section]:
    """Every section with this person's data, the account first. Empty staff-only sections
    are left out; the others are always present (possibly empty), so the person sees what
    kinds of data the site can hold."""
    sections = [_account_section(user)]
    for decl, table in active_declarations(db.metadata):
        columns = [table.c[col] for col, _label in decl.export]
        stmt = sa.select(*columns).where(table.c[decl.user_fk] == user.id)
        order = table.c[decl.order_by] if decl.order_by else next(iter(table.primary_key.columns))
        stmt = stmt.order_by(order.desc())
        rows = [dict(r._mapping) for r in db.session.execute(stmt)]
        if decl.key == "verwerking.subject_user_id":
            rows = _processing_rows(rows)
        rows = [label_row(decl.table, row) for row in rows]  # words, not codes
        if decl.staff and not rows:
            continue
        sections.append(Section(decl.key, decl.label, list(decl.export), rows, decl.staff))
    return sections


def plain(value: Any) -> Any:
    """A JSON-safe value."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, bytes):
        return value.hex()
    return value


def to_json(user: User, sections: list[Section]) -> str:
    data = {
        "gemaakt_op": utcnow().isoformat(),
        "uitleg": "Alle gegevens die Open Nijmegen over u heeft, op het moment van downloaden.",
        "secties": [
            {
                "sleutel": s.key,
                "titel": s.title,
                "velden": dict(s.fields),
                "rijen": [{k: plain(v) for k, v in row.items()} for row in s.rows],
            }
            for s in sections
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def _cell(value: Any) -> str:
    return safe_cell(plain(value))


def to_csv(user: User, sections: list[Section]) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["sectie", "rij", "veld", "waarde"])
    for section in sections:
        for number, row in enumerate(section.rows, start=1):
            for column, label in section.fields:
                writer.writerow([section.title, number, label, _cell(row.get(column))])
    return out.getvalue()
