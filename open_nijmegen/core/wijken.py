"""Wijken (districts) of Nijmegen: shared by every module that has a place or an area
(ideas, begroten, and whoever comes next). Officers keep the list (ideeën beheer); a wijk
that is no longer used is made inactive, never deleted (rows refer to it)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from open_nijmegen.extensions import db


class Wijk(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "wijk"

    id: Mapped[int] = mapped_column(primary_key=True)
    naam: Mapped[str] = mapped_column(sa.String(80), nullable=False, unique=True)
    stadsdeel: Mapped[str] = mapped_column(sa.String(80), nullable=False)
    actief: Mapped[bool] = mapped_column(nullable=False, default=True)
