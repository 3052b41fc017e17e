"""One-time codes: a letter or a mail merge gives a person a code that works once, without an
account (a panel for a peiling, later the inwonersberaad recruitment letter).

- Codes belong to an owner ``(owner_type, owner_id)``, e.g. ``("peiling", 7)``.
- Only an HMAC-SHA256 of the code (keyed with the app's secret key, bound to the owner) is
  stored, so a copy of the database gives no working codes, and a code of one owner never
  works for another. Lookup is by that digest; the final comparison is constant-time.
- A code is ASCII only, 12 characters from an alphabet without look-alikes (no 0/O, 1/I/L),
  shown in groups of four: ``ABCD-EFGH-JKMN``. Typing is forgiving: case, spaces and dashes
  do not matter.
- ``consume`` marks a code used with one conditional UPDATE, so under any concurrency a code
  is used exactly once (both databases). Only the day of use is kept, never the time.
- Wrong attempts are counted per client address (``limits`` storage of the app's limiter);
  past ``WRONG_LIMIT`` every attempt gets ``TOO_MANY``, also a right code. Every wrong,
  used or foreign code gets the one generic message ``WRONG``: nothing tells which.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import secrets
from collections.abc import Callable, Iterable
from datetime import date

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from limits import parse
from sqlalchemy.orm import Mapped, mapped_column

from open_nijmegen.core.csvsafe import safe_cell
from open_nijmegen.core.dates import today_local
from open_nijmegen.extensions import db, limiter

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 12
GROUP = 4
MAX_PER_BATCH = 10_000
WRONG_LIMIT = "10 per hour;30 per day"


def wrong_message() -> str:
    return _("Deze code werkt niet. Kijk of u de code goed heeft overgetypt.")


def too_many_message() -> str:
    return _("U heeft te vaak een code ingevuld die niet werkt. Probeer het morgen opnieuw.")


class CodeError(Exception):
    """A code was refused; ``message`` is the B1 text to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class OneTimeCode(db.Model):  # type: ignore[name-defined,misc]
    """One code of an owner; never the code itself, only its keyed digest."""

    __tablename__ = "one_time_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_type: Mapped[str] = mapped_column(sa.String(40), nullable=False)
    owner_id: Mapped[int] = mapped_column(nullable=False)
    digest: Mapped[str] = mapped_column(sa.String(64), nullable=False, unique=True)
    created_on: Mapped[date] = mapped_column(sa.Date, nullable=False)
    used_on: Mapped[date | None] = mapped_column(sa.Date)

    __table_args__ = (sa.Index("ix_one_time_code_owner", "owner_type", "owner_id", "used_on"),)


def normalise(text: str | None) -> str | None:
    """The code as stored (12 capitals/digits), or None when it cannot be a code at all."""
    if not text or len(text) > 64 or not text.isascii():
        return None
    bare = "".join(text.split()).replace("-", "").upper()
    if len(bare) != LENGTH or any(ch not in ALPHABET for ch in bare):
        return None
    return bare


def shown(code: str) -> str:
    """``ABCDEFGHJKMN`` -> ``ABCD-EFGH-JKMN``."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def _digest(owner_type: str, owner_id: int, code: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(
        key, f"{owner_type}:{owner_id}:{code}".encode("ascii"), hashlib.sha256
    ).hexdigest()


def make_codes(owner_type: str, owner_id: int, count: int) -> list[str]:
    """Add ``count`` new codes for the owner (the caller commits) and return them as shown.
    This is the only moment the codes exist in plain text: write them out at once."""
    if not 1 <= count <= MAX_PER_BATCH:
        raise ValueError(f"count must be 1..{MAX_PER_BATCH}")
    today = today_local()
    codes: set[str] = set()
    while len(codes) < count:
        codes.add("".join(secrets.choice(ALPHABET) for _ in range(LENGTH)))
    db.session.execute(
        sa.insert(OneTimeCode),
        [
            {
                "owner_type": owner_type,
                "owner_id": owner_id,
                "digest": _digest(owner_type, owner_id, code),
                "created_on": today,
            }
            for code in sorted(codes)
        ],
    )
    return [shown(code) for code in sorted(codes, key=lambda _c: secrets.randbelow(1 << 30))]


def _limits():  # type: ignore[no-untyped-def]
    return [parse(part) for part in WRONG_LIMIT.split(";")]


def _too_many(client: str) -> bool:
    if not limiter.enabled:
        return False
    return any(not limiter.limiter.test(item, "code", client) for item in _limits())


def _count_wrong(client: str) -> None:
    if limiter.enabled:
        for item in _limits():
            limiter.limiter.hit(item, "code", client)


def find(owner_type: str, owner_id: int, text: str | None, client: str) -> OneTimeCode:
    """The unused code of this owner that ``text`` is, or ``CodeError`` (and one more wrong
    attempt counted for ``client``). Does not use the code: see ``consume``."""
    if _too_many(client):
        raise CodeError(too_many_message())
    code = normalise(text)
    row = None
    if code is not None:
        wanted = _digest(owner_type, owner_id, code)
        row = db.session.scalar(sa.select(OneTimeCode).where(OneTimeCode.digest == wanted))
        if row is not None and not (
            hmac.compare_digest(row.digest, wanted)
            and row.owner_type == owner_type
            and row.owner_id == owner_id
            and row.used_on is None
        ):
            row = None
    if row is None:
        _count_wrong(client)
        raise CodeError(wrong_message())
    return row


def consume(code_id: int) -> bool:
    """Mark the code used, in the caller's transaction. True for exactly one caller, however
    many try at once; False when it was used already (the caller rolls back)."""
    result = db.session.execute(
        sa.update(OneTimeCode)
        .where(OneTimeCode.id == code_id, OneTimeCode.used_on.is_(None))
        .values(used_on=today_local())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def redeem(owner_type: str, owner_id: int, text: str | None, client: str) -> None:
    """Find and use a code in one go (the caller commits), or ``CodeError``."""
    row = find(owner_type, owner_id, text, client)
    if not consume(row.id):
        raise CodeError(wrong_message())


def counts(owner_type: str, owner_id: int) -> tuple[int, int]:
    """(codes made, codes used) for the owner."""
    made, used = db.session.execute(
        sa.select(sa.func.count(), sa.func.count(OneTimeCode.used_on)).where(
            OneTimeCode.owner_type == owner_type, OneTimeCode.owner_id == owner_id
        )
    ).one()
    return int(made), int(used)


def codes_csv(codes: Iterable[str], link: Callable[[str], str] | None = None) -> str:
    """A CSV for a mail merge: ``volgnummer;code`` (and ``link`` when given), ``;``-separated
    as Dutch spreadsheets expect, every cell safe to open in a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["volgnummer", "code"] + (["link"] if link else []))
    for number, code in enumerate(codes, start=1):
        writer.writerow([number, safe_cell(code)] + ([safe_cell(link(code))] if link else []))
    return out.getvalue()
