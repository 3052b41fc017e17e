"""Assisted entry by an officer: a numbered paper form, entered once.

Some residents fill in a paper form (a ballot, a questionnaire) at a library, a
neighbourhood centre or at home. An officer types it in. Every printed form carries a
number, and each number may be entered once per owner (one begroting, one peiling...), so a
form cannot be counted twice, also when two officers type at the same moment: the unique
constraint on (kind, owner_id, number) decides, not a check before the insert.

A module uses it in three steps:

1. its row that came from paper gets ``PaperEntryMixin`` (a ``paper_form_id`` column; one
   paper form belongs to at most one row) and ``is_paper`` tells totals to show it apart;
2. its officer form gets the number field with ``paper_number_field()``;
3. the view calls ``register_paper_form(officer, kind, owner_id, number)`` in the same
   transaction as the module's own row and catches ``PaperNumberTaken`` (a B1 message for
   the form's error summary).

``kind`` is the owner's object type (``"begroting"``, ``"peiling"``); ``owner_id`` its id.
The register row holds no resident data: only the number, who typed it and when.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, declared_attr, mapped_column
from wtforms import validators

from open_nijmegen.core.audit import record_audit
from open_nijmegen.core.db import UTCDateTime, utcnow
from open_nijmegen.core.forms import WholeNumberField, required
from open_nijmegen.extensions import db

MAX_PAPER_NUMBER = 999_999_999


class PaperForm(db.Model):  # type: ignore[name-defined,misc]
    """One paper form that an officer entered: its number is used once per owner."""

    __tablename__ = "paper_form"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(40), nullable=False)
    owner_id: Mapped[int] = mapped_column(nullable=False)
    number: Mapped[int] = mapped_column(nullable=False)
    entered_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)

    __table_args__ = (
        sa.UniqueConstraint("kind", "owner_id", "number", name="kind_owner_number"),
        sa.CheckConstraint(f"number >= 1 AND number <= {MAX_PAPER_NUMBER}", name="number_range"),
    )


class PaperNumberTaken(ValueError):
    """This number was entered before for this owner; the message is B1 Dutch."""


class PaperEntryMixin:
    """For a module's row that may come from a paper form (entered by an officer)."""

    @declared_attr
    def paper_form_id(cls) -> Mapped[int | None]:  # noqa: N805 - SQLAlchemy's declared_attr
        return mapped_column(
            sa.ForeignKey("paper_form.id", ondelete="RESTRICT"), unique=True, nullable=True
        )

    @property
    def is_paper(self) -> bool:
        """Entered by an officer from paper (assisted); totals show these apart."""
        return self.paper_form_id is not None  # type: ignore[attr-defined]


def paper_number_field(label: Any = None) -> WholeNumberField:
    """The officer's field for the number printed on the form."""
    return WholeNumberField(
        label or _l("Nummer op het papieren formulier"),
        validators=[
            required(_l("Vul het nummer in dat op het formulier staat.")),
            validators.NumberRange(
                min=1,
                max=MAX_PAPER_NUMBER,
                message=_l("Vul een nummer in van 1 tot en met %(max)s.", max=MAX_PAPER_NUMBER),
            ),
        ],
    )


def register_paper_form(officer: Any, kind: str, owner_id: int, number: int) -> PaperForm:
    """Register paper form ``number`` of (``kind``, ``owner_id``) as entered by ``officer``.

    Raises ``PaperNumberTaken`` when the number was entered before; the caller's other work
    in this transaction is kept (the insert runs in a savepoint)."""
    if not 1 <= int(number) <= MAX_PAPER_NUMBER:
        raise PaperNumberTaken(str(_l("Dit nummer kan niet op een formulier staan.")))
    row = PaperForm(
        kind=kind, owner_id=owner_id, number=int(number), entered_by_id=getattr(officer, "id", None)
    )
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except sa.exc.IntegrityError:
        raise PaperNumberTaken(
            str(
                _l(
                    "Formulier nummer %(n)s is al ingevoerd. Kijk of u het goede nummer hebt.",
                    n=number,
                )
            )
        ) from None
    record_audit(officer, "papier.ingevoerd", None, soort=kind, van=owner_id, nummer=int(number))
    return row


def paper_numbers(kind: str, owner_id: int) -> list[int]:
    """The numbers entered so far, lowest first (officers check for gaps)."""
    return list(
        db.session.scalars(
            sa.select(PaperForm.number)
            .where(PaperForm.kind == kind, PaperForm.owner_id == owner_id)
            .order_by(PaperForm.number)
        )
    )


def paper_count(kind: str, owner_id: int) -> int:
    return int(
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(PaperForm)
            .where(PaperForm.kind == kind, PaperForm.owner_id == owner_id)
        )
        or 0
    )
