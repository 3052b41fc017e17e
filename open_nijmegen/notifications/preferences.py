"""Mail settings per kind: for each kind of mail a user chooses "uit", "direct" (one mail
each time) or "dagelijks" (a section of the daily digest). Stored in ``User.mail_voorkeuren``.

Mail about what a user follows keeps its own setting (``User.digest_mode``); a follow is
switched off per object ("Niet meer volgen"). Every mail of a kind here carries a one-click
link (and ``List-Unsubscribe``) that turns that kind off, without logging in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from open_nijmegen.accounts.passwords import make_token, read_token
from open_nijmegen.core.urls import external_url, mail_url

UIT, DIRECT, DAGELIJKS = "uit", "direct", "dagelijks"
MODES = (UIT, DIRECT, DAGELIJKS)
MODE_LABELS = {UIT: "Geen mail", DIRECT: "Meteen", DAGELIJKS: "Eén keer per dag"}
OFF_PURPOSE = "mail-uit"  # the signing purpose of the one-click link
TOKEN_MAX_AGE = 365 * 24 * 3600


@dataclass(frozen=True)
class MailKind:
    key: str
    label: str  # B1: the question on the settings page
    off_label: str  # B1: the one-click link ("Geen mail meer over reacties op uw idee")
    default: str = DIRECT


KINDS: dict[str, MailKind] = {}


def register_kind(kind: MailKind) -> MailKind:
    KINDS.setdefault(kind.key, kind)
    return KINDS[kind.key]


REACTIE = register_kind(
    MailKind(
        "reactie",
        "Mail als iemand reageert op uw idee",
        "Geen mail meer over reacties op uw idee",
    )
)
ANTWOORD = register_kind(
    MailKind(
        "antwoord",
        "Mail als iemand antwoordt op uw reactie",
        "Geen mail meer over antwoorden op uw reacties",
    )
)


def mode_for(user: Any, kind: str) -> str:
    chosen = (getattr(user, "mail_voorkeuren", None) or {}).get(kind)
    return chosen if chosen in MODES else KINDS[kind].default


def set_mode(user: Any, kind: str, mode: str) -> None:
    if kind not in KINDS or mode not in MODES:
        raise ValueError(f"unknown mail kind or mode: {kind!r} {mode!r}")
    # A new dict: SQLAlchemy sees the change of a JSON column only on assignment.
    user.mail_voorkeuren = {**(user.mail_voorkeuren or {}), kind: mode}


def describe(user: Any) -> str:
    """The settings in words, for Mijn gegevens and the download."""
    return "; ".join(f"{k.label}: {MODE_LABELS[mode_for(user, k.key)]}" for k in KINDS.values())


def off_token(user: Any, kind: str) -> str:
    return make_token(OFF_PURPOSE, {"u": user.id, "k": kind})


def off_link(user: Any, kind: str) -> str:
    return external_url("accounts.mail_uit", token=off_token(user, kind))


def read_off_token(token: str) -> tuple[int, str] | None:
    data = read_token(OFF_PURPOSE, token, max_age=TOKEN_MAX_AGE)
    if data is None or data.get("k") not in KINDS or not isinstance(data.get("u"), int):
        return None
    return data["u"], data["k"]


def queue_kind_mail(user: Any, kind: str, template: str, subject: Any, **context: Any) -> Any:
    """Queue a mail of ``kind`` for ``user`` as they chose: not at all, now, or in the digest.
    Returns the outbox message or None."""
    from open_nijmegen.notifications.digest import DIGEST_KEY
    from open_nijmegen.notifications.services import queue_mail

    mode = mode_for(user, kind)
    if mode == UIT:
        return None
    link = off_link(user, kind)
    token = off_token(user, kind)
    return queue_mail(
        user,
        template,
        subject,
        digest_key=DIGEST_KEY if mode == DAGELIJKS else None,
        headers={
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
        off_link=mail_url("accounts.mail_uit", token=token),
        off_label=KINDS[kind].off_label,
        **context,
    )
